# Part of the correct answer to ex01_neuron (included by corpus cases).
# %%
def neuron_forward(X, w, b, activation="sigmoid"):
    z = X @ w + b
    if activation == "sigmoid":
        return 0.5 * (1.0 + np.tanh(0.5 * z))
    if activation == "tanh":
        return np.tanh(z)
    return np.maximum(z, 0.0)
