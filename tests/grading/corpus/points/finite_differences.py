# attack: mlp_gradients by central finite differences, not by backprop (ex07)
# exercise: ex07_training_xor
# score: q_gradients=0
# text~: by backprop 50,501 one forward pass per parameter
# %%
def _loss(W1, b1, W2, b2, X, y):
    return float(np.mean((bp.sigmoid(bp.sigmoid(X @ W1 + b1) @ W2 + b2) - y) ** 2))


def mlp_gradients(W1, b1, W2, b2, X, y):
    params = [W1.copy(), b1.copy(), W2.copy(), b2.copy()]
    grads = []
    for p in params:
        g = np.zeros_like(p)
        flat, gflat = p.reshape(-1), g.reshape(-1)
        for i in range(flat.size):
            old = flat[i]
            flat[i] = old + 1e-6
            up = _loss(*params, X, y)
            flat[i] = old - 1e-6
            down = _loss(*params, X, y)
            flat[i] = old
            gflat[i] = (up - down) / 2e-6
        grads.append(g)
    return (_loss(*params, X, y), *grads)
