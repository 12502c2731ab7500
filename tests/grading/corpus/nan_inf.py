# attack: returns NaN and inf
# expect: q_sigmoid=fail q_neuron=fail
# %% include _correct
# %%
def sigmoid(z):
    return np.full(np.shape(z), np.nan)


def neuron_forward(X, w, b, activation="sigmoid"):
    return np.full(X.shape[0], np.inf)
