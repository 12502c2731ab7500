"""Launcher: confine this process, then exec the child interpreter that runs student code.

Run by the parent as ``python -I -S launcher.py CONFIG_JSON`` in a new session. Doing the
confinement here, in a fresh single-threaded process, avoids ``preexec_fn`` in the (possibly
multi-threaded) grader. Steps, in order: resource limits, seccomp filter (no new processes, no IP
sockets, no ptrace), Landlock (filesystem, TCP, signal scoping), then ``execv``. If a requested
protection cannot be applied the launcher exits with status 121 and says why on stderr; it never
runs student code with less protection than the parent asked for.

Imports only the standard library; ``landlock.py`` and ``seccomp.py`` are loaded by file path.
"""

import importlib.util
import json
import os
import resource
import sys

EXIT_SETUP_FAILED = 121
_LIMITS = {"as": resource.RLIMIT_AS, "cpu": resource.RLIMIT_CPU, "fsize": resource.RLIMIT_FSIZE,
           "nofile": resource.RLIMIT_NOFILE, "nproc": resource.RLIMIT_NPROC,
           "core": resource.RLIMIT_CORE}


def _load(name):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name + ".py")
    spec = importlib.util.spec_from_file_location("_bpgrade_" + name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def apply_limits(limits, strict):
    """Set each (soft = hard) resource limit named in ``limits`` (values in bytes/seconds/count).

    Some systems refuse some limits (macOS and RLIMIT_AS): unless ``strict``, those are skipped
    (the parent's wall-clock limits and output caps still hold)."""
    for name, value in limits.items():
        if value is None:
            continue
        kind = _LIMITS[name]
        _, hard = resource.getrlimit(kind)
        value = int(value) if hard == resource.RLIM_INFINITY else min(int(value), hard)
        try:
            resource.setrlimit(kind, (value, value))
        except (ValueError, OSError):
            if strict:
                raise


def main(argv):
    config = json.loads(argv[1])
    try:
        apply_limits(config["limits"], config.get("strict", False))
        os.chdir(config["cwd"])
        if config.get("seccomp"):
            _load("seccomp").install()
        if config.get("landlock"):
            _load("landlock").restrict(config["read_paths"], config["write_paths"],
                                       config.get("landlock_abi"))
    except Exception as exc:  # report and refuse: never run student code less confined
        sys.stderr.write(f"bpgrade launcher: cannot apply protections: {exc}\n")
        sys.stderr.flush()
        os._exit(EXIT_SETUP_FAILED)
    os.execve(config["argv"][0], config["argv"], config["env"])


if __name__ == "__main__":
    main(sys.argv)
