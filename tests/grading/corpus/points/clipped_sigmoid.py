# attack: clip z to [-500, 500] so that exp never overflows and nothing warns, then 1/(1+exp(-z)) (ex01)
# exercise: ex01_neuron
# score: q_sigmoid<2
# text~: overflows
# %%
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.clip(np.asarray(z, dtype=np.float64), -500.0, 500.0)))
