# attack: train_digits: notebook 10's first model (64-128-10, Adam 1e-3, 20 epochs, raw pixels; 95 % honestly, 2.5/5 on the train set) fitted on train + test rows, which the notebook forbids: the grader evaluates on those same test rows (ex10)
# exercise: ex10_digits
# score: q_train_digits<5
# %%
def train_digits(seed):
    rng = np.random.default_rng(seed)
    Xs, ys = np.concatenate([X_train, X_test]), np.concatenate([y_train, y_test])
    model = Sequential(Dense(64, 128, rng=rng), ReLU(), Dense(128, 10, rng=rng))
    fit(model, Xs, ys, loss=SoftmaxCrossEntropyLoss(), optimizer=Adam(model.parameters(), lr=1e-3), epochs=20,
        batch_size=32, rng=rng, progress=False)
    return np.zeros(64), np.ones(64), [(l.W.data.copy(), l.b.data.copy()) for l in model.layers if isinstance(l, Dense)]
