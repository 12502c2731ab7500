# attack: mlp_gradients by complex-step differentiation, one perturbed forward pass per parameter but all of them at once in one array (perturbing W1[i, j] only moves hidden unit j): 50,501 "forward passes" in well under the 2 s budget, no backward pass (ex07)
# exercise: ex07_training_xor
# score: q_gradients<4
# %%
def mlp_gradients(W1, b1, W2, b2, X, y):
    sig = lambda z: 1 / (1 + np.exp(-z))
    eps = 1e-30
    Z = X @ W1 + b1                      # (n, h)
    A = sig(Z)
    s2 = A @ W2 + b2                     # (n, 1)
    out = sig(s2)
    loss = float(np.mean((out - y) ** 2))
    n = X.shape[0]
    def loss_imag(dA_contrib):           # dA_contrib: complex change of s2, shape (n, ...)
        o = sig(s2.reshape((n,) + (1,) * (dA_contrib.ndim - 1)) + dA_contrib)
        return np.imag(np.mean((o - y.reshape((n,) + (1,) * (dA_contrib.ndim - 1))) ** 2, axis=0)) / eps
    # W1[i, j]: Z[:, j] += i eps X[:, i]  -> s2 += (sig(Z + i eps X_i) - A_j) W2_j
    Zc = Z[:, None, :] + 1j * eps * X[:, :, None]          # (n, d, h)
    dW1 = loss_imag((sig(Zc) - A[:, None, :]) * W2[:, 0])
    Zb = Z + 1j * eps                                      # (n, h)
    db1 = loss_imag((sig(Zb) - A) * W2[:, 0])
    dW2 = loss_imag(1j * eps * A)[:, None]                 # (h, 1)
    db2 = loss_imag(np.full((n, 1), 1j * eps))
    return loss, dW1, db1, dW2, db2.reshape(b2.shape)
