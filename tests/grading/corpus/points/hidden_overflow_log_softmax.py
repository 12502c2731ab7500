# attack: log-softmax without the max shift, its overflow warnings hidden by np.errstate (ex02)
# exercise: ex02_losses
# score: q_log_softmax<3
# %%
def log_softmax(z):
    with np.errstate(all="ignore"):
        return z - np.log(np.exp(z).sum(axis=1, keepdims=True))
