# attack: train_digits looks the test images up in load_digits() and returns their labels (ex10)
# exercise: ex10_digits
# score: q_train_digits=0
# text~: mean scale layers
# %%
def train_digits(seed, *rest):
    X_test_rows, y_test_rows = load_digits()[2:]
    return y_test_rows
