# attack: train_xor returns the labels it was given instead of training (ex07)
# exercise: ex07_training_xor
# score: q_train_xor=0
# text~: parameters pairs
# %%
def train_xor(X, y, seed):
    return np.asarray(y)
