"""The seccomp filter: an allowlist of the system calls that learner code may make.

Installed by the child (``child.py``) before it reads its first request, i.e. before any learner
code runs, and inherited by every thread. Everything that is not in ``POLICY`` is refused with
``EPERM``: sockets of every family, SysV IPC, priority and scheduler changes, metadata changes
(chmod, chown, utime, xattrs), new processes and ``execve``, ptrace and ``process_vm_*``,
namespaces (``unshare``, ``setns``, ``clone`` with namespace flags), mounts, keyrings, ``bpf``,
``io_uring``, ``userfaultfd``, ``perf_event_open``, ``personality``, ``kexec`` and whatever the
kernel adds later. The list was found by tracing the children while they graded every exercise
set's solution plus a workload of threads, Matplotlib (Agg), SymPy and file handling in the working
directory; ``tests/grading/test_grading_seccomp.py`` runs those workloads under the filter.

The BPF program is generated from ``POLICY`` by a small assembler with symbolic labels: no jump
offset is ever counted by hand. It checks the architecture first (x86-64 and aarch64; x32
system-call numbers are refused), so a number means what the table says it means.

Imports only the standard library (the child must not depend on anything learner code can reach
before the filter is in place).
"""

import ctypes
import errno
import platform

from .syscalls import NUMBERS

ALLOW = "allow"
AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
_X32_SYSCALL_BIT = 0x40000000

CLONE_THREAD = 0x00010000
# prctl options a child may use: names and read-only queries (used by the probes too).
_PR_GET_DUMPABLE, _PR_SET_NAME, _PR_GET_NAME, _PR_GET_SECCOMP = 3, 15, 16, 21
_PR_CAPBSET_READ, _PR_GET_SECUREBITS, _PR_GET_NO_NEW_PRIVS, _PR_CAP_AMBIENT = 23, 27, 39, 47
_PR_SET_VMA = 0x53564D41
# ioctl requests a child may make on its own descriptors (terminal queries fail with ENOTTY).
_TCGETS, _TIOCGWINSZ, _FIONREAD, _FIONBIO, _FIOCLEX, _FIONCLEX = (0x5401, 0x5413, 0x541B, 0x5421,
                                                                 0x5451, 0x5450)


def arg_in(index, values):
    """Allow the call only when argument ``index`` (its low 32 bits) is one of ``values``."""
    return ("in", index, tuple(values))


def arg_has(index, bits):
    """Allow the call only when argument ``index`` has all of ``bits`` set."""
    return ("has", index, bits)


def refuse(err):
    """Refuse with a specific errno (e.g. ENOSYS, so that libc falls back to an older call)."""
    return ("errno", err)


# name -> rule. ALLOW: any arguments. Argument rules compare the low 32 bits, which is all the
# kernel reads of an int argument (prctl option, ioctl request, pid, clone flags).
POLICY = {
    # files: open, read, write, list; Landlock decides which paths
    **dict.fromkeys("""read write readv writev pread64 pwrite64 preadv pwritev preadv2 pwritev2
        lseek close close_range dup dup2 dup3 fcntl flock fsync fdatasync ftruncate truncate
        sendfile copy_file_range open openat creat stat fstat lstat newfstatat statx statfs
        fstatfs access faccessat faccessat2 readlink readlinkat getdents getdents64 getcwd chdir
        fchdir mkdir mkdirat rmdir unlink unlinkat rename renameat renameat2 link linkat symlink
        symlinkat umask fadvise64 readahead""".split(), ALLOW),
    # memory
    **dict.fromkeys("""brk mmap munmap mremap mprotect madvise msync mincore mbind get_mempolicy
        membarrier""".split(), ALLOW),
    # facts about itself
    **dict.fromkeys("""getpid gettid getppid getuid geteuid getgid getegid getgroups getresuid
        getresgid getpgrp getpgid getsid uname sysinfo getrlimit getrusage times capget getcpu
        sched_getaffinity sched_getparam sched_getscheduler sched_get_priority_max
        sched_get_priority_min clock_gettime clock_getres clock_nanosleep nanosleep gettimeofday
        time""".split(), ALLOW),
    # signals (to other processes: the PID namespace and Landlock's signal scope stop them)
    **dict.fromkeys("""rt_sigaction rt_sigprocmask rt_sigreturn sigaltstack rt_sigsuspend
        rt_sigpending rt_sigtimedwait tgkill tkill""".split(), ALLOW),
    "kill": arg_in(0, [0]),                     # only its own process group
    # threads (NumPy, threading, concurrent.futures), never processes
    **dict.fromkeys("""futex futex_waitv set_robust_list get_robust_list set_tid_address rseq
        sched_yield exit exit_group wait4 waitid arch_prctl""".split(), ALLOW),
    "clone": arg_has(0, CLONE_THREAD),          # a thread; fork-like clones are refused
    "clone3": refuse(errno.ENOSYS),             # glibc then falls back to clone
    # waiting and plumbing inside the process
    **dict.fromkeys("""poll ppoll select pselect6 epoll_create epoll_create1 epoll_ctl epoll_wait
        epoll_pwait epoll_pwait2 eventfd eventfd2 pipe pipe2 getrandom timerfd_create
        timerfd_settime timerfd_gettime""".split(), ALLOW),
    "prlimit64": arg_in(0, [0]),                # its own limits only (lowering is harmless)
    "setrlimit": ALLOW,                         # raising needs a capability the child lacks
    "ioctl": arg_in(1, [_TCGETS, _TIOCGWINSZ, _FIONREAD, _FIONBIO, _FIOCLEX, _FIONCLEX]),
    "prctl": arg_in(0, [_PR_GET_DUMPABLE, _PR_SET_NAME, _PR_GET_NAME, _PR_GET_SECCOMP,
                        _PR_CAPBSET_READ, _PR_GET_SECUREBITS, _PR_GET_NO_NEW_PRIVS,
                        _PR_CAP_AMBIENT, _PR_SET_VMA]),
}

# BPF opcodes and seccomp return values (linux/filter.h, linux/seccomp.h).
_LD_W_ABS, _JEQ_K, _JSET_K, _RET_K = 0x20, 0x15, 0x45, 0x06
_JGE_K = 0x35
_RET_ALLOW, _RET_ERRNO = 0x7FFF0000, 0x00050000
_OFFSET_NR, _OFFSET_ARCH = 0, 4
PR_SET_NO_NEW_PRIVS, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC = 38, 1, 1


def _arg_offset(index):
    return 16 + 8 * index  # low 32 bits of args[index] (both architectures are little-endian)


def available(machine=None):
    """True when the filter knows this machine's architecture."""
    return (machine or platform.machine()) in AUDIT_ARCH


class _Assembler:
    """Collects instructions whose jump targets are labels; ``code()`` resolves them."""

    def __init__(self):
        self.ins, self.labels = [], {}

    def label(self, name):
        self.labels[name] = len(self.ins)

    def emit(self, code, k, jt=None, jf=None):
        self.ins.append((code, jt, jf, k))

    def code(self):
        out = []
        for pos, (code, jt, jf, k) in enumerate(self.ins):
            rel = [self._offset(pos, target) for target in (jt, jf)]
            out.append((code, rel[0], rel[1], k))
        return out

    def _offset(self, pos, target):
        if target is None:
            return 0
        offset = self.labels[target] - pos - 1
        if not 0 <= offset <= 255:
            raise ValueError(f"BPF jump from {pos} to {target} out of range ({offset})")
        return offset


def program(machine=None, policy=None):
    """The filter for ``machine`` as a list of (code, jt, jf, k) BPF instructions."""
    machine = machine or platform.machine()
    if not available(machine):
        raise OSError(f"the seccomp allowlist has no system-call table for {machine}")
    column = 0 if machine == "x86_64" else 1
    policy = POLICY if policy is None else policy
    deny = _RET_ERRNO | errno.EPERM
    asm = _Assembler()
    asm.emit(_LD_W_ABS, _OFFSET_ARCH)
    asm.emit(_JEQ_K, AUDIT_ARCH[machine], "arch ok", None)
    asm.emit(_RET_K, deny)                      # another ABI (e.g. 32-bit int 0x80): refuse
    asm.label("arch ok")
    asm.emit(_LD_W_ABS, _OFFSET_NR)
    if machine == "x86_64":
        asm.emit(_JGE_K, _X32_SYSCALL_BIT, None, "number ok")
        asm.emit(_RET_K, deny)                  # x32 numbers: refuse
        asm.label("number ok")
    for n, (name, rule) in enumerate(policy.items()):
        nr = NUMBERS[name][column]
        if nr is None:
            continue  # this architecture has no such call (e.g. open, fork on aarch64)
        asm.emit(_JEQ_K, nr, None, f"not {name}")
        if rule == ALLOW:
            asm.emit(_RET_K, _RET_ALLOW)
        elif rule[0] == "errno":
            asm.emit(_RET_K, _RET_ERRNO | rule[1])
        elif rule[0] == "in":
            asm.emit(_LD_W_ABS, _arg_offset(rule[1]))
            for value in rule[2]:
                asm.emit(_JEQ_K, value, f"allow {name}", None)
            asm.emit(_RET_K, deny)
            asm.label(f"allow {name}")
            asm.emit(_RET_K, _RET_ALLOW)
        elif rule[0] == "has":
            asm.emit(_LD_W_ABS, _arg_offset(rule[1]))
            asm.emit(_JSET_K, rule[2], None, f"refuse {name}")
            asm.emit(_RET_K, _RET_ALLOW)
            asm.label(f"refuse {name}")
            asm.emit(_RET_K, deny)
        else:
            raise ValueError(f"unknown seccomp rule for {name}: {rule!r}")
        asm.label(f"not {name}")
    asm.emit(_RET_K, deny)                      # everything else
    return asm.code()


class _Filter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8),
                ("k", ctypes.c_uint32)]


class _Prog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(_Filter))]


def install():
    """Install the filter in the calling process for good, synchronised to all its threads
    (raises OSError when the kernel refuses)."""
    ins = program()
    arr = (_Filter * len(ins))(*[_Filter(*i) for i in ins])
    prog = _Prog(len(ins), arr)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    nr = NUMBERS["seccomp"][0 if platform.machine() == "x86_64" else 1]
    if libc.syscall(ctypes.c_long(nr), ctypes.c_uint(SECCOMP_SET_MODE_FILTER),
                    ctypes.c_uint(SECCOMP_FILTER_FLAG_TSYNC), ctypes.byref(prog)) != 0:
        raise OSError(ctypes.get_errno(), "seccomp(SECCOMP_SET_MODE_FILTER) failed")
