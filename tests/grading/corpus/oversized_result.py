# attack: returns a 3-million-element array (far over the result size cap)
# expect: q_sigmoid=error
# %% include _correct
# %%
def sigmoid(z):
    return np.zeros(3_000_000)
