# attack: hard-codes the answers of the public cases (the hidden cases then fail)
# expect: q_sigmoid=fail
# score: q_sigmoid=0.6667
# %% include _correct
# %%
PUBLIC = {
    (-2.0, 0.0, 3.0): [0.11920292202211755, 0.5, 0.9525741268224334],
    (-800.0, 0.5, 40.0, 800.0): [0.0, 0.6224593312018546, 1.0, 1.0],
    (-710.5, -715.0, -720.0): [2.71500483752131e-309, 3.016097934134e-311, 2.0322308024e-313],
}


def sigmoid(z):
    key = tuple(np.asarray(z).ravel().tolist())
    if key in PUBLIC:
        return np.array(PUBLIC[key]).reshape(np.shape(z))
    return np.zeros(np.shape(z))
