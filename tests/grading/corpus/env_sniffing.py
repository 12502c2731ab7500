# attack: behaves differently when it detects a grader (environment variables, paths, argv)
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# %% include _correct
# %%
import os, sys
graded = any(k.startswith(("NBGRADER", "BPGRADE", "OTTER")) for k in os.environ) or "bpgrade" in " ".join(sys.argv)
print("environment keys:", sorted(os.environ))
if graded:
    def sigmoid(z):
        return np.zeros(np.shape(z))
