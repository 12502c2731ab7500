# attack: signals its parent and its process group, ptraces and reads the grader's memory
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# %% include _correct
# %%
import os, signal
for target in [os.getppid(), 1]:
    for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGSTOP):
        try:
            os.kill(target, sig)
        except OSError as exc:
            print("kill refused:", exc)
# %%
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
print("ptrace:", libc.ptrace(16, os.getppid(), 0, 0))  # PTRACE_ATTACH
try:
    open(f"/proc/{os.getppid()}/mem", "rb").read(16)
except OSError as exc:
    print("mem refused:", exc)
