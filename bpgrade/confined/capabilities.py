"""Give up every privilege for good: securebits, bounding set, ambient set, capabilities, no-new-privs.

Used by the launcher (``launcher.py``) so that a child runs without any capability even when the
grader runs as root (CI does): no ``CAP_DAC_OVERRIDE`` (permissions apply), no ``CAP_CHOWN`` or
``CAP_FOWNER``, no ``CAP_SYS_NICE``, no ``CAP_NET_RAW``/``CAP_NET_ADMIN``, no
``CAP_SYS_RESOURCE`` (limits stay), no ``CAP_SYS_ADMIN``. The order matters: dropping from the
bounding set and setting securebits need ``CAP_SETPCAP``, so ``capset`` to empty comes last.
Locked securebits make it final: uid 0 gets no capabilities back at ``execve`` (``NOROOT``), a
change of uid does not touch them (``NO_SETUID_FIXUP``) and ``KEEP_CAPS`` cannot be turned on.

Imports only the standard library.
"""

import ctypes
import errno
import os

PR_CAPBSET_READ, PR_CAPBSET_DROP = 23, 24
PR_GET_SECUREBITS, PR_SET_SECUREBITS = 27, 28
PR_SET_NO_NEW_PRIVS, PR_GET_NO_NEW_PRIVS = 38, 39
PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 47, 4
SECBIT_NOROOT, SECBIT_NOROOT_LOCKED = 1 << 0, 1 << 1
SECBIT_NO_SETUID_FIXUP, SECBIT_NO_SETUID_FIXUP_LOCKED = 1 << 2, 1 << 3
SECBIT_KEEP_CAPS_LOCKED = 1 << 5
SECBIT_NO_CAP_AMBIENT_RAISE, SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED = 1 << 6, 1 << 7
SECUREBITS = (SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP
              | SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS_LOCKED
              | SECBIT_NO_CAP_AMBIENT_RAISE | SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED)
_LINUX_CAPABILITY_VERSION_3 = 0x20080522


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _prctl(option, arg2=0, what=None):
    result = _libc().prctl(option, ctypes.c_ulong(arg2), 0, 0, 0)
    if result < 0:
        raise OSError(ctypes.get_errno(), f"prctl({what or option}) failed")
    return result


def lock_securebits():
    """Root loses its special treatment for good (needs CAP_SETPCAP: call before capset)."""
    _prctl(PR_SET_SECUREBITS, SECUREBITS, "PR_SET_SECUREBITS")


def drop_bounding_set():
    """No capability can ever be gained again, not even by executing a set-uid file.

    Capabilities are numbered from 0; the kernel answers EINVAL past the last one it knows."""
    for cap in range(64):
        if _libc().prctl(PR_CAPBSET_DROP, ctypes.c_ulong(cap), 0, 0, 0) != 0:
            if ctypes.get_errno() == errno.EINVAL and cap > 0:
                return
            raise OSError(ctypes.get_errno(), f"prctl(PR_CAPBSET_DROP {cap}) failed")


def clear_ambient():
    _prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, "PR_CAP_AMBIENT_CLEAR_ALL")


def clear_capabilities():
    """Effective, permitted and inheritable sets become empty (capset)."""
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    if _libc().capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset to empty failed")


def no_new_privs():
    """execve can never grant privileges (set-uid bits and file capabilities are ignored)."""
    _prctl(PR_SET_NO_NEW_PRIVS, 1, "PR_SET_NO_NEW_PRIVS")


def drop_all():
    """Every step above, in the order the kernel requires."""
    lock_securebits()
    drop_bounding_set()
    clear_ambient()
    clear_capabilities()
    no_new_privs()


def read_status(path="/proc/self/status"):
    """{'CapEff': int, ..., 'NoNewPrivs': 1, 'Seccomp': 2} from /proc (probes); {} if unreadable."""
    fields = {}
    try:
        with open(path, encoding="ascii", errors="replace") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                if key in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"):
                    fields[key] = int(value.strip(), 16)
                elif key in ("NoNewPrivs", "Seccomp", "Seccomp_filters"):
                    fields[key] = int(value.split()[0])
    except (OSError, ValueError):
        return {}
    fields["securebits"] = _libc().prctl(PR_GET_SECUREBITS, 0, 0, 0, 0)
    fields["uid"] = os.getuid()
    return fields
