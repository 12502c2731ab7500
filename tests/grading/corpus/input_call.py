# attack: calls input() before defining sigmoid (stdin is /dev/null: EOFError in that cell)
# expect: q_sigmoid=missing
# %%
import numpy as np
# %%
name = input("Your name? ")


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))
# %% include _relu
# %% include _neuron
# %% include _and
