# attack: the old interface: train_digits(X, seed) looks each row up in load_digits() (ex10)
# exercise: ex10_digits
# score: q_train_digits=0
# %%
def train_digits(X, seed):
    rows, labels = load_digits()[2:]
    index = {row.tobytes(): label for row, label in zip(rows, labels)}
    return np.array([index.get(row.tobytes(), 0) for row in X])
