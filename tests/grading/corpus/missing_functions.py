# attack: deletes the answer cell of sigmoid and renames relu_forward
# expect: q_sigmoid=missing q_relu=missing
# %% include _imports
# %%
def relu_fwd(x):
    return np.maximum(x, 0.0), x


def relu_backward(dout, cache):
    return dout * (cache > 0)
# %% include _neuron
# %% include _and
