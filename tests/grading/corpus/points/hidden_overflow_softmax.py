# attack: softmax without the max shift, its overflow and NaN warnings hidden by np.errstate (ex06)
# exercise: ex06_dense_backprop
# score: q_softmax_layer<4
# %%
def softmax_forward(z):
    with np.errstate(all="ignore"):
        e = np.exp(z)
        p = e / e.sum(axis=1, keepdims=True)
    return p, p
