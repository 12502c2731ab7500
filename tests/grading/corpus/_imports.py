# Part of the correct answer to ex01_neuron (included by corpus cases).
# %%
import numpy as np
