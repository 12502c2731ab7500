# attack: train_value_mlp predicts X_test by 1-nearest-neighbour on (X, y): no network, no Values (ex05)
# exercise: ex05_scalar_autodiff
# score: q_value_mlp<3
# %%
def train_value_mlp(X, y, X_test, seed, hidden=4, steps=100, lr=0.5):
    X, X_test, y = np.asarray(X, float), np.asarray(X_test, float), np.asarray(y)
    d = ((X_test[:, None, :] - X[None, :, :]) ** 2).sum(-1)
    return y[np.argmin(d, axis=1)].astype(int)
