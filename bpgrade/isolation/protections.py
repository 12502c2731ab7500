"""Which protections sandboxed children get, probed once per run in a real confined child.

The result is a plain dict recorded in every result file, e.g.::

    {"seccomp": true, "landlock_abi": 7, "filesystem": true, "namespaces": ["ipc", "mnt", "net",
     "pid", "uts"], "no_capabilities": true, "sockets_blocked": true, "sysv_ipc_blocked": true,
     "metadata_outside_blocked": true, ..., "probed": {"socket_unix": "refused (EPERM)", ...}}

The kernel's offer (Landlock ABI, a seccomp table for this architecture) decides what is asked
for; ``probe_child`` then records what a confined child could actually do. ``--sandbox strict``
refuses to grade unless every probed protection holds (``STRICT``); ``standard`` uses what is
available and says so; ``off`` is for debugging."""

import json
import os
import platform
import sys
import sysconfig
import tempfile

from bpgrade.confined import landlock, namespaces
from bpgrade.confined import seccomp

_SYSTEM_READ = ["/usr", "/lib", "/lib64", "/bin", "/etc/ld.so.cache", "/etc/localtime",
                "/etc/fonts", "/dev/urandom", "/sys/devices/system/cpu", "/proc/cpuinfo",
                "/proc/meminfo"]


def read_paths():
    """Everything a child may read: the interpreter, its packages, bplib, system libraries."""
    import bplib

    confined = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "confined")

    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.realpath(sys.executable)),
             sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"],
             os.path.dirname(os.path.abspath(bplib.__file__)), confined}
    paths.update(p for p in _SYSTEM_READ if os.path.exists(p))
    return sorted(paths)


def probe(mode="standard"):
    """Return the protections dict for ``mode`` (strict, standard or off).

    Beyond what the kernel offers, a fresh confined child is asked to try what it must not be
    able to do (``probe_child``): the dict records what was in force there, not what was asked."""
    if mode not in ("strict", "standard", "off"):
        raise ValueError(f"--sandbox must be strict, standard or off; got {mode!r}")
    abi = landlock.probe() if mode != "off" else 0
    use_seccomp = seccomp.available() and mode != "off"
    root = os.geteuid() == 0
    result = {
        "mode": mode,
        "process_isolation": True,
        "resource_limits": True,
        "new_session_and_sweep": True,
        "scrubbed_environment": True,
        "seccomp": use_seccomp,
        "seccomp_architecture": platform.machine() if use_seccomp else
                                f"none for {platform.machine()}" if mode != "off" else "off",
        **landlock.describe(abi),
        "uid_separation": False,
        "running_as_root": root,
        "nproc_limit_effective": not root,
        "read_paths": read_paths(),
    }
    if mode != "off":
        result.update(probe_child(result))
    if mode == "strict":
        missing = [key for key in STRICT if not result.get(key)]
        if missing:
            raise RuntimeError("--sandbox strict needs " + ", ".join(missing) + "; on this machine "
                               f"Landlock ABI is {abi} and the probes found: " +
                               ", ".join(f"{k}={result.get(k)}" for k in missing))
    return result


STRICT = ("filesystem", "seccomp", "seccomp_in_force", "no_capabilities", "no_new_privs",
          "sockets_blocked", "sysv_ipc_blocked", "priority_blocked", "metadata_outside_blocked",
          "new_processes_blocked", "kernel_interfaces_blocked")
_PROBE_GROUPS = {
    "sockets_blocked": ("socket_unix", "socket_inet", "socket_inet6", "socket_netlink",
                        "socket_packet", "socketpair"),
    "sysv_ipc_blocked": ("shmget", "msgget", "semget"),
    "priority_blocked": ("setpriority", "sched_setscheduler"),
    "metadata_outside_blocked": ("chmod_outside", "chown_outside", "utime_outside",
                                 "setxattr_outside"),
    "new_processes_blocked": ("fork", "execve"),
    "kernel_interfaces_blocked": ("unshare", "ptrace", "io_uring_setup", "keyctl", "personality"),
}
_CAPS = ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")


def probe_child(protections):
    """Start one confined child (no learner code), let it try every forbidden thing, and return
    what was in force: ``probed`` (each attempt's outcome) and the conclusions drawn from it."""
    from bpgrade.isolation.limits import Limits
    from bpgrade.isolation.sandbox import ChildFailure, Sandbox

    handle, outside = tempfile.mkstemp(prefix="bpgrade-probe-")
    os.close(handle)
    try:
        with Sandbox(Limits(), protections) as box:
            reply, _ = box.request({"op": "probe", "outside": outside}, timeout=60)
        probes = reply["probes"]
    except (ChildFailure, KeyError, TypeError) as exc:
        return {"probe_failed": str(exc)[:300]}
    finally:
        os.unlink(outside)
    return interpret(probes, namespaces.identities())


def interpret(probes, parent_namespaces):
    """The protections a child's probe answers show (see ``probe_child``)."""
    status = probes.get("status") or {}
    theirs = probes.get("namespaces") or {}
    outcomes = {k: v for k, v in probes.items() if isinstance(v, str) and k != "confinement"}
    out = {key: all(str(outcomes.get(name, "")).startswith("refused") for name in names)
           for key, names in _PROBE_GROUPS.items()}
    out.update({
        "seccomp_in_force": status.get("Seccomp") == 2,
        "no_capabilities": bool(status) and all(status.get(k) == 0 for k in _CAPS),
        "capabilities": {k: f"{status[k]:x}" for k in _CAPS if k in status},
        "no_new_privs": status.get("NoNewPrivs") == 1,
        "root_locked": status.get("securebits", 0) & ROOT_LOCKED == ROOT_LOCKED,
        "namespaces": sorted(n for n in ("ipc", "net", "uts", "pid", "mnt")
                             if theirs.get(n) and theirs.get(n) != parent_namespaces.get(n)),
        "no_new_processes": out["new_processes_blocked"],
        "ip_network": "blocked (no sockets of any family)" if out["sockets_blocked"] else
                      "not blocked",
        "probed": outcomes,
        "launcher_steps": _launcher_report(probes.get("confinement")),
    })
    return out


def _launcher_report(text):
    try:
        return json.loads(str(text)[:2000])
    except ValueError:
        return str(text)[:200]


ROOT_LOCKED = 0b1111  # SECBIT_NOROOT, its lock, SECBIT_NO_SETUID_FIXUP, its lock


def summary(protections):
    """The protections dict without the long path list (what results record)."""
    return {k: v for k, v in protections.items() if k != "read_paths"}


def exposed(protections, secret_paths):
    """Secret folders (solutions, results, caches) that the sandbox could read anyway because
    they lie inside an allowed read path (e.g. a course kept under /usr); [] when none."""
    out = []
    for secret in secret_paths:
        secret = os.path.realpath(secret)
        for allowed in protections.get("read_paths", []):
            allowed = os.path.realpath(allowed)
            if secret == allowed or secret.startswith(allowed.rstrip("/") + "/"):
                out.append(secret)
    return sorted(set(out))
