# attack: fork storm, subprocesses and a detached double-forked daemon that would write later
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# %% include _correct
# %%
import os
for _ in range(64):
    os.fork()
# %%
import subprocess
subprocess.Popen(["sleep", "60"])
subprocess.Popen(["sh", "-c", "sleep 5; echo pwned > {{ROOT}}/PWNED_daemon"], start_new_session=True)
# %%
import os
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        import time
        time.sleep(5)
        open("{{ROOT}}/PWNED_double_fork", "w").write("x")
    os._exit(0)
# %%
import multiprocessing
multiprocessing.Process(target=print).start()
# %%
import threading, time
def later():
    time.sleep(4)
    open("{{RUN}}/PWNED_thread", "w").write("x")
threading.Thread(target=later, daemon=False).start()
