# attack: none: a correct answer that emits DeprecationWarning and RuntimeWarning (no effect on the score)
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# %% include _correct
# %%
import sys, warnings


def sigmoid(z):
    warnings.warn("old API", DeprecationWarning)
    print("debug output", file=sys.stderr)
    with np.errstate(over="warn"):
        return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64)))
