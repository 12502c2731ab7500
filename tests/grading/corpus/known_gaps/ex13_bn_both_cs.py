# attack: batchnorm_backward_graph and batchnorm_backward (the same function twice) by complex-step differentiation of the forward pass kept in the cache: no derivation (ex13)
# exercise: ex13_batch_norm
# score: q_bn_backward_graph<4 q_bn_backward_closed<5
# %%
_bn_fwd = batchnorm_forward

def _bn_c(x, gamma, beta, mode, rm, rv, eps=1e-5):
    if mode == "train":
        mu = x.mean(axis=0); var = ((x - mu) ** 2).mean(axis=0)
    else:
        mu, var = rm, rv
    return gamma * (x - mu) / np.sqrt(var + eps) + beta

def batchnorm_forward(x, gamma, beta, running_mean, running_var, mode="train", momentum=0.9, eps=1e-5):
    out, m, v, _ = _bn_fwd(x, gamma, beta, running_mean, running_var, mode=mode, momentum=momentum, eps=eps)
    return out, m, v, (x, gamma, beta, mode, running_mean, running_var, eps)

def _cs_vjp(f, args, dout, wrt):
    args = list(args); res = []
    for i in wrt:
        a = np.asarray(args[i], np.float64); g = np.zeros(a.shape)
        for k in range(a.size):
            z = a.astype(complex); z.flat[k] += 1e-30j
            new = list(args); new[i] = z
            g.flat[k] = np.sum(dout * np.imag(f(*new))) / 1e-30
        res.append(g)
    return res

def batchnorm_backward(dout, cache):
    x, gamma, beta, mode, rm, rv, eps = cache
    args = [np.asarray(x, np.float64), np.asarray(gamma, np.float64), np.asarray(beta, np.float64), mode,
            np.asarray(rm, np.float64), np.asarray(rv, np.float64), eps]
    dx, dg, db = _cs_vjp(_bn_c, args, np.asarray(dout, np.float64), (0, 1, 2))
    t = np.result_type(x, dout)
    return dx.astype(t), dg.astype(t), db.astype(t)
batchnorm_backward_graph = batchnorm_backward
