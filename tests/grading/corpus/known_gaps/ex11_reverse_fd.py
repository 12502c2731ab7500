# attack: reverse_mode by centred finite differences of the logaddexp loss in float64 (cast back to the input dtype), no backprop (ex11)
# exercise: ex11_cost_of_backprop
# score: q_reverse_mode<3
# %%
def _loss11(X, Y, W1, b1, W2, b2):
    A = 1 / (1 + np.exp(-(X @ W1 + b1)))
    Z2 = A @ W2 + b2
    return float(np.mean(np.logaddexp(0.0, Z2) - Y * Z2))

def reverse_mode(X, Y, W1, b1, W2, b2):
    ps = [np.array(p, dtype=np.float64) for p in (W1, b1, W2, b2)]
    X64, Y64 = np.asarray(X, np.float64), np.asarray(Y, np.float64)
    gs = []
    for p, orig in zip(ps, (W1, b1, W2, b2)):
        g = np.zeros_like(p); f = p.reshape(-1); gf = g.reshape(-1)
        for i in range(f.size):
            o = f[i]; f[i] = o + 1e-5; up = _loss11(X64, Y64, *ps); f[i] = o - 1e-5; dn = _loss11(X64, Y64, *ps); f[i] = o
            gf[i] = (up - dn) / 2e-5
        gs.append(g.astype(orig.dtype))
    return (_loss11(X, Y, W1, b1, W2, b2), *gs)
