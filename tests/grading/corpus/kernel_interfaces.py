# attack: the kernel's less-watched doors: io_uring, userfaultfd, bpf, keyrings, mount, unshare, setns, process_vm_readv, personality, kexec, perf_event_open, clone with namespace flags, memfd + execveat
# expect: q_sigmoid=pass q_relu=pass q_neuron=pass q_and=pass
# %% include _correct
# %%
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
X86 = os.uname().machine == "x86_64"
NR = {"io_uring_setup": 425, "userfaultfd": 323 if X86 else 282, "bpf": 321 if X86 else 280,
      "keyctl": 250 if X86 else 219, "kexec_load": 246 if X86 else 104, "perf_event_open": 298 if X86 else 241,
      "clone": 56 if X86 else 220, "memfd_create": 319 if X86 else 279, "add_key": 248 if X86 else 217}
broke = []
def worked(name, result):
    if result >= 0:
        broke.append(name)
params = (ctypes.c_uint32 * 30)()
worked("io_uring_setup", libc.syscall(NR["io_uring_setup"], 4, ctypes.byref(params)))
worked("userfaultfd", libc.syscall(NR["userfaultfd"], 0))
attr = (ctypes.c_uint32 * 30)(2, 4, 4, 1)  # BPF_MAP_CREATE: an array map
worked("bpf", libc.syscall(NR["bpf"], 0, ctypes.byref(attr), 120))
worked("keyctl", libc.syscall(NR["keyctl"], 0, -3, 1))   # get (and create) the session keyring
worked("add_key", libc.syscall(NR["add_key"], b"user", b"pwned", b"x", 1, -3))
worked("mount", libc.mount(b"none", b".", b"tmpfs", 0, None))
worked("unshare", libc.unshare(0x10000000))          # CLONE_NEWUSER
worked("unshare_net", libc.unshare(0x40000000))
fd = os.open("/proc/self/ns/net", os.O_RDONLY) if os.path.exists("/proc/self/ns/net") else -1
worked("setns", libc.setns(fd, 0) if fd >= 0 else -1)
local = (ctypes.c_char * 8)()
iov = (ctypes.c_void_p * 2)(ctypes.cast(local, ctypes.c_void_p), 8)
worked("process_vm_readv", libc.process_vm_readv(os.getppid(), iov, 1, iov, 1, 0))
worked("personality", libc.personality(0x0040000))   # ADDR_NO_RANDOMIZE
worked("kexec_load", libc.syscall(NR["kexec_load"], 0, 0, None, 0))
pattr = (ctypes.c_uint32 * 32)(1, 128)             # PERF_TYPE_SOFTWARE
worked("perf_event_open", libc.syscall(NR["perf_event_open"], ctypes.byref(pattr), 0, -1, -1, 0))
worked("memfd_create", libc.syscall(NR["memfd_create"], b"x", 0))
for flags in (0x10000000 | 17, 0x20000000 | 17, 0x40000000 | 17):   # clone(NEWUSER/NEWPID/NEWNET | SIGCHLD)
    pid = libc.syscall(NR["clone"], flags, None, None, None, None)
    if pid == 0:
        os._exit(0)
    worked(f"clone {flags:#x}", pid)
for option, arg in [(4, 1), (36, 1), (1, 9), (22, 2), (47, 2), (35, 0), (0x59616d61, -1), (8, 1), (57, 1)]:
    # SET_DUMPABLE, SET_CHILD_SUBREAPER, SET_PDEATHSIG, SET_SECCOMP, CAP_AMBIENT raise, SET_MM,
    # SET_PTRACER any, SET_KEEPCAPS, SET_IO_FLUSHER
    worked(f"prctl {option}", libc.prctl(option, arg, 0, 0, 0))
for name, call in [("setuid", lambda: os.setuid(0)), ("setgroups", lambda: os.setgroups([0])),
                   ("chroot", lambda: os.chroot(".")), ("mknod", lambda: os.mknod("dev", 0o600 | 0o20000, os.makedev(1, 3)))]:
    try:
        call()
        broke.append(name)
    except OSError:
        pass
# %% include _reveal
