# attack: none: correct but slow (0.2 s per call) must still pass
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# %% include _correct
# %%
import time
_fast = sigmoid


def sigmoid(z):
    time.sleep(0.2)
    return _fast(z)
