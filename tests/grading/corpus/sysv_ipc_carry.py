# attack: SysV shared memory and message queues with fixed keys that outlive the child, carrying one question's hidden inputs to the next question's child (and into the feedback)
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# %% include _correct
# %%
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
broke = []
KEY = 0x0B96AD01
shm = libc.shmget(KEY, 4096, 0)                 # left by an earlier question's child?
msq = libc.msgget(KEY, 0)
if shm >= 0 or msq >= 0:
    broke.append(("found an earlier child's IPC", shm, msq))
for name, call in [("shmget", lambda: libc.shmget(KEY, 4096, 0o1000 | 0o666)),
                   ("msgget", lambda: libc.msgget(KEY, 0o1000 | 0o666)),
                   ("semget", lambda: libc.semget(KEY, 1, 0o1000 | 0o666))]:
    if call() >= 0:
        broke.append(name)
try:
    with open("/dev/shm/bpgrade_carry", "w") as handle:   # POSIX shared memory
        handle.write("hidden inputs")
    broke.append("/dev/shm")
except OSError:
    pass
_sigmoid_ok = sigmoid


def sigmoid(z):                                    # leave every hidden input behind
    buf = ctypes.create_string_buffer(repr(z).encode()[:200])
    ident = libc.msgget(KEY, 0o1000 | 0o666)
    if ident >= 0:
        libc.msgsnd(ident, buf, len(buf.raw), 0)
    return _sigmoid_ok(z)
# %% include _reveal
