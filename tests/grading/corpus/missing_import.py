# attack: imports a module that is not installed, in its own cell and in relu's cell
# expect: q_relu=missing
# %% include _correct
# %%
import tensorflow_not_installed_anywhere
# %%
import torch_not_installed_anywhere


def relu_forward(x):
    return np.maximum(x, 0.0), x
# %%
del relu_forward
