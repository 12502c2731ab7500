# attack: none: unseeded randomness in the learner's own code (the grader seeds; properties tolerate it)
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# %% include _correct
# %%
import random
noise = np.random.rand()


def and_gate():
    return np.array([1.0, 1.0]) + 0.1 * np.random.rand(2), -1.5 - 0.1 * random.random()
