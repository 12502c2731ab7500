# attack: raises its own priority (nice -20, SCHED_FIFO, SCHED_RR, ioprio) to starve the grader and the other students
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# %% include _correct
# %%
import ctypes, os
broke = []
for name, call in [("nice", lambda: os.nice(-20)),
                   ("setpriority", lambda: os.setpriority(os.PRIO_PROCESS, 0, -20)),
                   ("setpriority_group", lambda: os.setpriority(os.PRIO_PGRP, 0, -20)),
                   ("fifo", lambda: os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(50))),
                   ("rr", lambda: os.sched_setscheduler(0, os.SCHED_RR, os.sched_param(50))),
                   ("param", lambda: os.sched_setparam(0, os.sched_param(0))),
                   ("affinity", lambda: os.sched_setaffinity(0, {0}))]:
    try:
        call()
        broke.append(name)
    except OSError:
        pass
if os.getpriority(os.PRIO_PROCESS, 0) < 0 or os.sched_getscheduler(0) != os.SCHED_OTHER:
    broke.append("priority raised")
libc = ctypes.CDLL(None, use_errno=True)
if libc.syscall(251 if os.uname().machine == "x86_64" else 30, 1, 0, (1 << 13) | 0) == 0:  # ioprio_set RT
    broke.append("ioprio")
# %% include _reveal
