# attack: softmax_backward forms each row's C x C Jacobian diag(p) - p p^T, one row at a time, and multiplies: the hidden cases' size (meant to exclude Jacobians) only excludes building all N at once (ex06)
# exercise: ex06_dense_backprop
# score: q_softmax_layer<4
# %%
def softmax_backward(dout, cache):
    p = cache
    dz = np.empty_like(dout)
    for n in range(p.shape[0]):
        J = np.diag(p[n]) - np.outer(p[n], p[n])
        dz[n] = dout[n] @ J
    return dz
