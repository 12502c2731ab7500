"""Probes: try, from inside a confined child, what the confinement should forbid.

The parent asks a fresh child (before any learner code runs) to ``run_all``; each probe makes the
real call and reports what happened: ``"refused (EPERM)"`` or ``"allowed"``. Calls that would
change something are chosen so that success changes nothing (chmod to the current mode, utime to
the current times, a fork whose child exits at once). The parent turns the answers into the
``protections`` recorded in every result, so a result says what was in force, not what was asked.

Imports only the standard library.
"""

import ctypes
import errno
import os
import platform
import socket

from . import capabilities, namespaces
from .syscalls import NUMBERS

_IPC_PRIVATE, _IPC_CREAT, _IPC_RMID = 0, 0o1000, 0
_KEYCTL_GET_KEYRING_ID, _KEY_SPEC_SESSION_KEYRING = 0, -3
_PTRACE_PEEKDATA = 2


def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc


def _outcome(call):
    """'allowed' when ``call()`` succeeds, else 'refused (ERRNO)'."""
    try:
        call()
    except OSError as exc:
        return f"refused ({errno.errorcode.get(exc.errno, exc.errno)})"
    return "allowed"


def _c_call(function, *args, cleanup=None):
    """Raise OSError when a libc call returns -1; run ``cleanup(result)`` when it succeeded."""
    result = function(*args)
    if result == -1:
        raise OSError(ctypes.get_errno(), "failed")
    if cleanup is not None:
        cleanup(result)
    return result


def _syscall(name, *args):
    nr = NUMBERS[name][0 if platform.machine() == "x86_64" else 1]
    if nr is None:
        raise OSError(errno.ENOSYS, "no such call here")
    return _c_call(_libc().syscall, ctypes.c_long(nr), *args)


def _socket(family, kind):
    socket.socket(family, kind).close()


def _fork():
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)


def _sysv(libc):
    remove = lambda ident: libc.shmctl(ident, _IPC_RMID, None)
    return {
        "shmget": lambda: _c_call(libc.shmget, _IPC_PRIVATE, 4096, _IPC_CREAT | 0o600, cleanup=remove),
        "msgget": lambda: _c_call(libc.msgget, _IPC_PRIVATE, _IPC_CREAT | 0o600,
                                  cleanup=lambda i: libc.msgctl(i, _IPC_RMID, None)),
        "semget": lambda: _c_call(libc.semget, _IPC_PRIVATE, 1, _IPC_CREAT | 0o600,
                                  cleanup=lambda i: libc.semctl(i, 0, _IPC_RMID)),
    }


def _metadata(outside):
    st = os.stat(outside)
    return {
        "chmod_outside": lambda: os.chmod(outside, st.st_mode & 0o7777),
        "chown_outside": lambda: os.chown(outside, st.st_uid, st.st_gid),
        "utime_outside": lambda: os.utime(outside, ns=(st.st_atime_ns, st.st_mtime_ns)),
        "setxattr_outside": lambda: os.setxattr(outside, "user.bpgrade_probe", b"1"),
    }


def run_all(outside, confinement="{}"):
    """{probe name: outcome} for every probe; ``outside`` is a file outside the working folder,
    ``confinement`` the launcher's report of its optional steps (recorded as it is)."""
    libc = _libc()
    probes = {
        "socket_unix": lambda: _socket(socket.AF_UNIX, socket.SOCK_STREAM),
        "socket_inet": lambda: _socket(socket.AF_INET, socket.SOCK_DGRAM),
        "socket_inet6": lambda: _socket(socket.AF_INET6, socket.SOCK_STREAM),
        "socket_netlink": lambda: _socket(socket.AF_NETLINK, socket.SOCK_RAW),
        "socket_packet": lambda: _socket(socket.AF_PACKET, socket.SOCK_RAW),
        "socketpair": lambda: [s.close() for s in socket.socketpair()],
        **_sysv(libc),
        "setpriority": lambda: os.setpriority(os.PRIO_PROCESS, 0, -20),
        "sched_setscheduler": lambda: os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(1)),
        **_metadata(outside),
        "fork": _fork,
        "execve": lambda: os.execv("/nonexistent/bpgrade-probe", ["x"]),
        "unshare": lambda: _syscall("unshare", ctypes.c_long(0)),
        "ptrace": lambda: _syscall("ptrace", ctypes.c_long(_PTRACE_PEEKDATA), ctypes.c_long(os.getppid()),
                                   None, None),
        "io_uring_setup": lambda: _syscall("io_uring_setup", ctypes.c_long(1),
                                           ctypes.byref((ctypes.c_uint32 * 30)())),
        "keyctl": lambda: _syscall("keyctl", ctypes.c_long(_KEYCTL_GET_KEYRING_ID),
                                   ctypes.c_long(_KEY_SPEC_SESSION_KEYRING), ctypes.c_long(0)),
        "personality": lambda: _syscall("personality", ctypes.c_long(0xFFFFFFFF)),
    }
    out = {}
    for name, call in probes.items():
        out[name] = _outcome(call)
    out["status"] = capabilities.read_status()
    out["namespaces"] = namespaces.identities()
    out["confinement"] = confinement
    return out
