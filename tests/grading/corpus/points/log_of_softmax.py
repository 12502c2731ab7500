# attack: log-softmax as the log of a max-shifted softmax, whose underflow to 0 gives -inf; the divide warning hidden by np.errstate (ex02)
# exercise: ex02_losses
# score: q_log_softmax<3
# %%
def log_softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    with np.errstate(all="ignore"):
        return np.log(e / e.sum(axis=1, keepdims=True))
