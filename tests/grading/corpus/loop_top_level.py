# attack: infinite loop at the top level of the cell that defines sigmoid
# expect: q_sigmoid=timeout
# %% include _imports
# %% include _relu
# %% include _neuron
# %% include _and
# %%
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))

while True:
    pass
