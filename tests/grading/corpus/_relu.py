# Part of the correct answer to ex01_neuron (included by corpus cases).
# %%
def relu_forward(x):
    return np.maximum(x, 0.0), x


def relu_backward(dout, cache):
    return dout * (cache > 0)
