# attack: layer_gradient_norms by centred finite differences of sum(dout * H_L) in each weight, no backward pass (ex09)
# exercise: ex09_init_regularisation
# score: q_depth<3
# %%
def layer_gradient_norms(X, Ws, dout, activation="tanh"):
    f = np.tanh if activation == "tanh" else (lambda z: 1 / (1 + np.exp(-z)))
    Ws = np.array(Ws, dtype=float)
    def phi(W):
        h = X
        for Wl in W:
            h = f(h @ Wl)
        return float(np.sum(dout * h))
    g = np.zeros_like(Ws); flat = Ws.reshape(-1); gf = g.reshape(-1)
    for i in range(flat.size):
        o = flat[i]; flat[i] = o + 1e-5; up = phi(Ws); flat[i] = o - 1e-5; dn = phi(Ws); flat[i] = o
        gf[i] = (up - dn) / 2e-5
    return np.array([np.linalg.norm(gl) for gl in g])
