# attack: jvp as one centred finite difference of the loss along the tangent, (L(theta + h v) - L(theta - h v)) / 2h: no forward-mode rules (ex11)
# exercise: ex11_cost_of_backprop
# score: q_jvp<4
# %%
def _loss11(X, Y, W1, b1, W2, b2):
    A = 1 / (1 + np.exp(-(X @ W1 + b1)))
    Z2 = A @ W2 + b2
    return float(np.mean(np.logaddexp(0.0, Z2) - Y * Z2))

def jvp(X, Y, W1, b1, W2, b2, V1, c1, V2, c2):
    h = 1e-5
    up = _loss11(X, Y, W1 + h * V1, b1 + h * c1, W2 + h * V2, b2 + h * c2)
    dn = _loss11(X, Y, W1 - h * V1, b1 - h * c1, W2 - h * V2, b2 - h * c2)
    return _loss11(X, Y, W1, b1, W2, b2), (up - dn) / (2 * h)
