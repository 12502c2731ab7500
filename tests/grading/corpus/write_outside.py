# attack: writes forged results, a gradebook and files into the course repository and $HOME
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# %% include _correct
# %%
import json, os
forged = json.dumps({"student": "write_outside", "score": 999, "max_score": 8, "questions": []})
for path in ["{{RUN}}/RESULTS/write_outside.json", "{{RUN}}/RESULTS/PWNED.json", "{{RUN}}/gradebook.csv",
             "{{ROOT}}/PWNED_write", "{{ROOT}}/solutions/checks/PWNED.py", "/tmp/PWNED_bpgrade_selftest",
             "{{RUN}}/PWNED_run", "{{CANARY}}/gradebook.csv", "{{CANARY}}/PWNED_canary"]:
    try:
        with open(path, "w") as f:
            f.write(forged)
    except OSError:
        pass
for path in ["{{CANARY}}/gradebook.csv", "{{ROOT}}/solutions/ex01_neuron.ipynb"]:
    try:
        os.remove(path)
    except OSError:
        pass
try:
    os.symlink("{{RUN}}/RESULTS", "results_link")
    open("results_link/PWNED_link.json", "w").write(forged)
except OSError:
    pass
