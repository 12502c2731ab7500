# A correct, self-contained answer to ex01_neuron (included by other corpus cases).
# %% include _imports
# %% include _sigmoid
# %% include _relu
# %% include _neuron
# %% include _and
