"""Launcher: confine this process, step by step, then exec the child interpreter.

Run by the parent as ``python -s -S launcher.py CONFIG_JSON`` in a new session, with the
child's scrubbed environment. Doing the confinement here, in a fresh single-threaded process,
avoids ``preexec_fn`` in the (possibly multi-threaded) grader. ``STEPS`` is the whole
confinement, in order; each step is a small function that either does its job or raises. Then
the same interpreter becomes the child (``start_child``): it adds the site packages, as a
``python -s`` start would, and runs ``child.py``, which installs the last layer, the seccomp
allowlist, before it reads its first request (the filter forbids new processes, so it can only
come after the PID namespace's fork). Not exec'ing a second interpreter saves a start-up per
question; no learner code runs before every step is done.

If a required step fails the launcher exits with status 121 and says why on stderr; it never
runs student code with less protection than the parent asked for. Optional steps (namespaces,
which need kernel support) record what they achieved; the report goes to the child as its last
command-line argument, and the probes pass it on.

Imports only the standard library; its sibling modules are loaded by file path.
"""

import sys

if __name__ == "__main__":  # run as a script: its own folder must not shadow any module it imports
    del sys.path[0]

import importlib.util  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402

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


# Each step: (name, function(config, report)). ``report`` collects what optional steps achieved.
def step_limits(config, report):
    apply_limits(config["limits"], config.get("strict", False))


def step_user_namespace(config, report):
    if config.get("namespaces"):
        report["user_namespace"] = _load("namespaces").enter_user_namespace()


def step_namespaces(config, report):
    if config.get("namespaces"):
        report["namespaces"] = _load("namespaces").unshare_each()


def step_pid_init(config, report):
    if "pid" in report.get("namespaces", ()):
        _load("namespaces").fork_into_pid_namespace()


def step_mounts(config, report):
    if "mnt" in report.get("namespaces", ()):
        report["mounts"] = _load("namespaces").private_mounts("pid" in report["namespaces"])


def step_workdir(config, report):
    os.chdir(config["cwd"])


def step_landlock(config, report):
    if config.get("landlock"):
        own = os.path.realpath("/proc/self")  # this process as the mounted /proc shows it
        own = [own] if os.path.isdir(own) and own != "/proc/self" else []
        _load("landlock").restrict(config["read_paths"] + own, config["write_paths"],
                                   config.get("landlock_abi"))


def step_capabilities(config, report):
    if config.get("drop_privileges", True):
        _load("capabilities").drop_all()


STEPS = [
    ("resource limits", step_limits),
    ("user namespace (unprivileged graders only)", step_user_namespace),
    ("IPC, network, UTS, PID and mount namespaces", step_namespaces),
    ("init of the PID namespace (fork)", step_pid_init),
    ("private mounts and /proc", step_mounts),
    ("working directory", step_workdir),
    ("Landlock (filesystem, TCP, signals, abstract sockets)", step_landlock),
    ("capabilities, securebits, no-new-privs", step_capabilities),
    # then: start_child, and the child installs the seccomp allowlist (child.py)
]


def confine(config):
    """Run every step in order; return the report of what the optional steps achieved."""
    report = {}
    for name, step in STEPS:
        try:
            step(config, report)
        except Exception as exc:
            raise OSError(f"{name}: {exc}") from exc
    return report


def start_child(config, report):
    """Become the child: the interpreter state of ``python -s -c BOOT ARGS...``, then run BOOT.

    ``config["boot"]`` is the code and ``config["args"]`` its arguments (see ``child.py``)."""
    import site

    site.main()  # site packages and their .pth files, as a start without -S adds them
    sys.path.insert(0, "")
    sys.argv[:] = ["-c"] + config["args"] + [json.dumps(report, sort_keys=True)]
    code = compile(config["boot"], "<string>", "exec")
    exec(code, {"__name__": "__main__", "__builtins__": __builtins__})


def main(argv):
    config = json.loads(argv[1])
    try:
        report = confine(config)
    except Exception as exc:  # report and refuse: never run student code less confined
        sys.stderr.write(f"bpgrade launcher: cannot apply protections: {exc}\n")
        sys.stderr.flush()
        os._exit(EXIT_SETUP_FAILED)
    start_child(config, report)


if __name__ == "__main__":
    main(sys.argv)
