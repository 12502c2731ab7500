# attack: the overflowing 1/(1+exp(-z)) with every warning filtered out and NumPy's error handling set to ignore (ex01)
# exercise: ex01_neuron
# score: q_sigmoid<2
# text~: overflows
# %%
import warnings

np.seterr(all="ignore")


def sigmoid(z):
    warnings.resetwarnings()
    warnings.simplefilter("ignore")
    np.seterr(all="ignore")
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64)))
