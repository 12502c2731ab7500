# attack: train_xor returns a hand-made XOR network whatever it is given: right on the public case only, and the question is all or nothing (ex07)
# exercise: ex07_training_xor
# score: q_train_xor=0
# text~: only when every case passes
# %%
def train_xor(X, y, seed):
    # a logit of +1 on the two XOR-true corners, -1 elsewhere: right for XOR, wrong for every other function
    W1 = np.array([[10.0, 10.0], [10.0, 10.0]])
    b1 = np.array([-5.0, -15.0])
    W2 = np.array([[10.0], [-10.0]])
    return [(W1, b1), (W2, np.array([-5.0]))]
