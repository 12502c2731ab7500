# attack: log-softmax without the max shift, z clipped to [-700, 700] so that exp never overflows and nothing warns (ex02)
# exercise: ex02_losses
# score: q_log_softmax<3
# %%
def log_softmax(z):
    zc = np.clip(z, -700.0, 700.0)
    return zc - np.log(np.exp(zc).sum(axis=1, keepdims=True))
