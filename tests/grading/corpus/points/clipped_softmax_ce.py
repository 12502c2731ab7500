# attack: softmax cross-entropy without the max shift, z clipped to [-700, 700] so that exp never overflows and nothing warns (ex02)
# exercise: ex02_losses
# score: q_softmax_ce<3
# %%
def softmax_cross_entropy(z, y):
    zc = np.clip(z, -700.0, 700.0)
    rows = np.arange(zc.shape[0])
    log_sum = np.log(np.exp(zc).sum(axis=1))
    loss = float(np.mean(log_sum - zc[rows, y]))
    p = np.exp(zc - log_sum[:, None])
    p[rows, y] -= 1.0
    return loss, p / zc.shape[0]
