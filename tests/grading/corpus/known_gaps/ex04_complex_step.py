# attack: seed_network_gradient by complex-step differentiation of the network written out (13 forward passes, no chain rule) (ex04)
# exercise: ex04_chain_rule
# score: q_seed_gradient<5
# %%
def seed_network_gradient(theta, x1, x2, y):
    theta = np.asarray(theta, dtype=float)
    s = lambda v: 1 / (1 + np.exp(-v))
    out = np.empty(13)
    for i in range(13):
        t = theta.astype(complex); t[i] += 1e-30j
        w31, w32, b3, w41, w42, b4, w51, w52, b5, w61, w62, w63, b6 = t
        z3 = s(w31 * x1 + w32 * x2 + b3)
        z4 = s(w41 * z3 + w42 * x2 + b4)
        z5 = s(w51 * z3 + w52 * z4 + b5)
        yp = s(w61 * z3 + w62 * z4 + w63 * z5 + b6)
        out[i] = ((y - yp) ** 2).imag / 1e-30
    return out
