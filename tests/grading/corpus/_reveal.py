# Shared ending of corpus cases whose attacks have no visible effect of their own: each attack
# appends to ``broke`` when it worked, and then every answer becomes wrong, so a case that
# expects all questions to pass asserts that no attack worked in any question's child.
# %%
if broke:
    print("attacks that worked:", broke)

    def sigmoid(z):
        return np.zeros(np.shape(z))

    def relu_forward(x):
        return np.zeros(np.shape(x)), x

    def neuron_forward(*args, **kwargs):
        return None

    def and_gate(*args, **kwargs):
        return None
