# attack: deletes the answer cell of sigmoid and renames relu_forward
# expect: q_sigmoid=missing q_relu=missing
# %%
import numpy as np
# %%
def relu_fwd(x):
    return np.maximum(x, 0.0), x


def relu_backward(dout, cache):
    return dout * (cache > 0)
# %%
def neuron_forward(X, w, b, activation="sigmoid"):
    z = X @ w + b
    if activation == "sigmoid":
        return 0.5 * (1.0 + np.tanh(0.5 * z))
    if activation == "tanh":
        return np.tanh(z)
    return np.maximum(z, 0.0)
# %%
def and_gate():
    return np.array([1.0, 1.0]), -1.5
