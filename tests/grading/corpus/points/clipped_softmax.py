# attack: softmax without the max shift, z clipped to [-700, 700] so that exp never overflows and nothing warns (ex06)
# exercise: ex06_dense_backprop
# score: q_softmax_layer<4
# %%
def softmax_forward(z):
    e = np.exp(np.clip(z, -700.0, 700.0))
    p = e / e.sum(axis=1, keepdims=True)
    return p, p
