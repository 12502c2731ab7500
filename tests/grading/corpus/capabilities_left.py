# attack: looks for root powers left in the child (capabilities, set-uid programs, writable /proc/sys) and uses them
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# %% include _correct
# %%
import os
broke = []
try:
    status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
    for key in ("CapEff", "CapPrm", "CapInh", "CapBnd", "CapAmb"):
        if int(status[key].strip(), 16):
            broke.append(key)
    if status["NoNewPrivs"].strip() != "1":
        broke.append("new privileges possible")
except OSError as exc:
    print("status unreadable:", exc)
for path, data in [("/proc/sys/kernel/hostname", "pwned"), ("/proc/sysrq-trigger", "s"),
                   ("/sys/kernel/mm/transparent_hugepage/enabled", "never")]:
    try:
        with open(path, "w") as handle:
            handle.write(data)
        broke.append(path)
    except OSError:
        pass
# %% include _reveal
