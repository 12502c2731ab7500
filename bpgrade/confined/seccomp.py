"""A tiny seccomp filter: no new processes, no IP sockets, no ptrace (x86-64 only).

Installed by the launcher just before it execs a child that runs student code. Threads are still
allowed (``clone`` with ``CLONE_THREAD``), so NumPy and ``threading`` work; ``fork``, ``vfork``,
process-creating ``clone``/``clone3``, ``socket(AF_INET/AF_INET6)``, ``ptrace`` and
``process_vm_readv/writev`` fail with an error. This stops fork storms, detached daemons, shell
escapes (``!pip``, ``os.system``) and all IP networking, UDP included, even when the grader runs
as root (root ignores ``RLIMIT_NPROC``).

Like ``landlock.py`` this module imports only the standard library (the launcher loads it by path).
"""

import ctypes
import errno
import platform

_AUDIT_ARCH_X86_64 = 0xC000003E
_NR = {"clone": 56, "fork": 57, "vfork": 58, "socket": 41, "ptrace": 101,
       "process_vm_readv": 310, "process_vm_writev": 311, "clone3": 435}
_CLONE_THREAD = 0x00010000
_AF_INET, _AF_INET6 = 2, 10
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_LD_W_ABS, _JEQ_K, _JSET_K, _RET_K = 0x20, 0x15, 0x45, 0x06
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2


class _Filter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8),
                ("k", ctypes.c_uint32)]


class _Prog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(_Filter))]


def available():
    """True when this module knows the machine's system-call numbers."""
    return platform.machine() == "x86_64"


def _program():
    deny, nosys, allow = _RET_ERRNO | errno.EPERM, _RET_ERRNO | errno.ENOSYS, _RET_ALLOW
    # (code, jump-if-true, jump-if-false, k); jumps count instructions after the current one.
    return [
        (_LD_W_ABS, 0, 0, 4),                      # 0  load arch
        (_JEQ_K, 1, 0, _AUDIT_ARCH_X86_64),        # 1
        (_RET_K, 0, 0, deny),                      # 2  unknown arch: refuse
        (_LD_W_ABS, 0, 0, 0),                      # 3  load syscall number
        (_JEQ_K, 15, 0, _NR["fork"]),              # 4  -> 20 deny
        (_JEQ_K, 14, 0, _NR["vfork"]),             # 5  -> 20
        (_JEQ_K, 13, 0, _NR["ptrace"]),            # 6  -> 20
        (_JEQ_K, 12, 0, _NR["process_vm_readv"]),  # 7  -> 20
        (_JEQ_K, 11, 0, _NR["process_vm_writev"]), # 8  -> 20
        (_JEQ_K, 9, 0, _NR["clone3"]),             # 9  -> 19 ENOSYS (libc falls back to clone)
        (_JEQ_K, 2, 0, _NR["clone"]),              # 10 -> 13
        (_JEQ_K, 3, 0, _NR["socket"]),             # 11 -> 15
        (_RET_K, 0, 0, allow),                     # 12
        (_LD_W_ABS, 0, 0, 16),                     # 13 clone flags (low word of args[0])
        (_JSET_K, 3, 5, _CLONE_THREAD),            # 14 thread -> 18 allow, else -> 20 deny
        (_LD_W_ABS, 0, 0, 16),                     # 15 socket domain
        (_JEQ_K, 3, 0, _AF_INET),                  # 16 -> 20
        (_JEQ_K, 2, 0, _AF_INET6),                 # 17 -> 20
        (_RET_K, 0, 0, allow),                     # 18
        (_RET_K, 0, 0, nosys),                     # 19
        (_RET_K, 0, 0, deny),                      # 20
    ]


def install():
    """Install the filter in the calling process for good (raises OSError when refused)."""
    if not available():
        raise OSError("seccomp filter is only defined for x86_64")
    ins = _program()
    arr = (_Filter * len(ins))(*[_Filter(*i) for i in ins])
    prog = _Prog(len(ins), arr)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")
