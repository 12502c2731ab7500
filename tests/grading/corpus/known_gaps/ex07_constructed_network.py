# attack: train_xor builds, without any training, a 4-unit tanh network that is a look-up table of the 4 corners it is given, labelled by y (ex07)
# exercise: ex07_training_xor
# score: q_train_xor=0
# %%
def train_xor(X, y, seed):
    X = np.asarray(X, float); y = np.asarray(y, float).ravel()
    s = 2 * X - 1                                  # corners as +-1 signs
    W1 = 20.0 * s.T                                # unit k: 10 (s_k . (2x - 1) - 1), > 0 only near corner k
    b1 = -10.0 * (s.sum(axis=1) + 1.0)
    c = y - 0.5
    W2 = c.reshape(-1, 1)                          # logit = sum_k c_k (h_k + 1) / 2 * 2
    b2 = np.array([c.sum()])
    return [(W1, b1), (W2, b2)]
