# attack: two_layer_grads by centred finite differences of the loss, no backward pass (ex06)
# exercise: ex06_dense_backprop
# score: q_two_layer<3
# %%
def _l(X, y, W1, b1, W2, b2):
    a = 1 / (1 + np.exp(-(X @ W1 + b1)))
    return float(np.mean((a @ W2 + b2 - y) ** 2))

def two_layer_grads(X, y, W1, b1, W2, b2):
    ps = [W1.copy(), b1.copy(), W2.copy(), b2.copy()]
    gs = []
    for p in ps:
        g = np.zeros_like(p); f = p.reshape(-1); gf = g.reshape(-1)
        for i in range(f.size):
            o = f[i]; f[i] = o + 1e-5; up = _l(X, y, *ps); f[i] = o - 1e-5; dn = _l(X, y, *ps); f[i] = o
            gf[i] = (up - dn) / 2e-5
        gs.append(g)
    return (_l(X, y, *ps), *gs)
