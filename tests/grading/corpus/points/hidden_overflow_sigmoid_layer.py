# attack: a sigmoid layer whose forward pass is the overflowing 1/(1+exp(-x)) under np.errstate (ex06)
# exercise: ex06_dense_backprop
# score: q_sigmoid_layer<2
# text~: overflows
# %%
def sigmoid_forward(x):
    with np.errstate(all="ignore"):
        out = 1.0 / (1.0 + np.exp(-x))
    return out, out
