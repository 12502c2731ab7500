# attack: none: a correct answer that prints to stderr and whose relu_forward emits DeprecationWarning and RuntimeWarning (no effect on the score: q_relu does not ask for code free of warnings; q_sigmoid does, see unstable_sigmoid)
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# %% include _correct
# %%
import sys, warnings

_stable_sigmoid, _relu_forward = sigmoid, relu_forward


def sigmoid(z):
    print("debug output", file=sys.stderr)
    return _stable_sigmoid(z)


def relu_forward(x):
    warnings.warn("old API", DeprecationWarning)
    np.log(np.zeros(1))  # RuntimeWarning: divide by zero encountered in log
    return _relu_forward(x)
