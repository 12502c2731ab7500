# attack: right values in the wrong shape: (N, 1) instead of (N,); an extra leading axis that broadcasting hides
# expect: q_neuron=fail q_sigmoid=fail
# %% include _correct
# %%
_neuron = neuron_forward
_sigmoid = sigmoid


def neuron_forward(X, w, b, activation="sigmoid"):
    return _neuron(X, w, b, activation).reshape(-1, 1)


def sigmoid(z):
    return _sigmoid(z)[np.newaxis]
