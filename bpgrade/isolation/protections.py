"""Which protections this machine can give sandboxed children, probed once per run.

The result is a plain dict recorded in every result file, e.g.::

    {"process_isolation": true, "resource_limits": true, "seccomp": true, "landlock_abi": 7,
     "filesystem": true, "tcp": true, "signals": true, "ip_network": "blocked (seccomp)",
     "uid_separation": false, ...}

``--sandbox strict`` refuses to grade unless Landlock's filesystem rules and the seccomp filter
are both in force; ``standard`` uses what is available and says so; ``off`` is for debugging.
"""

import os
import sys
import sysconfig

from bpgrade.confined import landlock
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
    """Return the protections dict for ``mode`` (strict, standard or off)."""
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
        "no_new_processes": use_seccomp,
        "ip_network": "blocked (seccomp: no IPv4/IPv6 sockets)" if use_seccomp else
                      ("TCP blocked (Landlock); UDP not blocked" if abi >= 4 else "not blocked"),
        **landlock.describe(abi),
        "uid_separation": False,
        "running_as_root": root,
        "nproc_limit_effective": not root,
        "read_paths": read_paths(),
    }
    if root:
        result["notes"] = ("running as root: children keep uid 0 (no separate grading uid is "
                           "configured), so file permissions and RLIMIT_NPROC do not apply; "
                           "Landlock confines the filesystem and signals, seccomp forbids new "
                           "processes, IP sockets and ptrace")
    if mode == "strict" and not (abi >= 1 and use_seccomp):
        raise RuntimeError("--sandbox strict needs Landlock and the seccomp filter; "
                           f"this machine offers Landlock ABI {abi}, seccomp {use_seccomp}")
    return result


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
