# Part of the correct answer to ex01_neuron (included by corpus cases).
# %%
def and_gate():
    return np.array([1.0, 1.0]), -1.5
