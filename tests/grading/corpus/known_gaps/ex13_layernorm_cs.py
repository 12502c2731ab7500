# attack: layernorm_backward by complex-step differentiation of the forward pass kept in the cache: no derivation (ex13)
# exercise: ex13_batch_norm
# score: q_layernorm<4
# %%
_ln_fwd = layernorm_forward

def _ln_c(x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=1, keepdims=True); var = ((x - mu) ** 2).mean(axis=1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta

def layernorm_forward(x, gamma, beta, eps=1e-5):
    return _ln_fwd(x, gamma, beta, eps)[0], (x, gamma, beta, eps)

def layernorm_backward(dout, cache):
    x, gamma, beta, eps = cache
    args = [np.asarray(x, np.float64), np.asarray(gamma, np.float64), np.asarray(beta, np.float64), eps]
    res = []
    for i in (0, 1, 2):
        a = args[i]; g = np.zeros(a.shape)
        for k in range(a.size):
            z = a.astype(complex); z.flat[k] += 1e-30j
            new = list(args); new[i] = z
            g.flat[k] = np.sum(dout * np.imag(_ln_c(*new))) / 1e-30
        res.append(g)
    return tuple(res)
