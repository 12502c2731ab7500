# attack: the overflowing 1/(1+exp(-z)) with its overflow warning hidden by np.errstate (ex01)
# exercise: ex01_neuron
# score: q_sigmoid<2
# text~: overflows
# %%
def sigmoid(z):
    with np.errstate(all="ignore"):
        return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64)))
