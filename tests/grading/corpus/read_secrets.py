# attack: reads the solution notebook, the check files, other students' submissions, results and caches
# expect: q_sigmoid=fail
# %% include _correct
# %%
import glob, json, os
stolen = []
targets = ["{{ROOT}}/solutions/ex01_neuron.ipynb", "{{ROOT}}/solutions/checks/ex01_neuron.py",
           "{{RUN}}/SUBMISSIONS/correct/ex01_neuron.ipynb", "/proc/1/environ", "/etc/shadow",
           os.path.expanduser("~/.bash_history")]
targets += glob.glob("{{RUN}}/RESULTS/*.json") + glob.glob("{{RUN}}/RESULTS/.references/*")
for path in targets:
    try:
        with open(path) as f:
            stolen.append(f.read())
    except OSError:
        pass
try:
    stolen.append(open(f"/proc/{os.getppid()}/environ").read())
except OSError:
    pass
try:
    stolen.append(str(os.listdir("{{ROOT}}")))
except OSError:
    pass
# %%
def sigmoid(z):
    if stolen:
        return 1.0 / (1.0 + np.exp(-np.asarray(z, float)))   # "cheating worked"
    return np.zeros(np.shape(z))
