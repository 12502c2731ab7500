"""Each confinement step, probed: the step on its own in a fresh process, and the whole list in a
real child (what learner code sees). See ``bpgrade/confined/launcher.py`` for the order."""

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from bpgrade.confined import launcher, namespaces
from bpgrade.isolation import protections as prot
from bpgrade.isolation.limits import Limits
from bpgrade.isolation.sandbox import Sandbox

CONFINED = Path(launcher.__file__).parent
ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="this step's own probe needs root")


def in_fresh_process(code):
    """Run ``code`` with the confined modules importable as ``c``; return its JSON output."""
    boot = ("import sys, types, json\np = types.ModuleType('c'); p.__path__ = [%r]\n"
            "sys.modules['c'] = p\n" % str(CONFINED))
    proc = subprocess.run([sys.executable, "-I", "-c", boot + code], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def child(protections, source, limits=Limits()):
    """Run ``source`` (which must set ``result``) in a real confined child; return ``result``."""
    with Sandbox(limits, protections) as box:
        reply, _ = box.request({"op": "exec", "cell": 0, "source": source + "\nprint(json.dumps(result))"},
                               timeout=20)
        assert reply["status"] == "ok", reply
        return json.loads(box.output_text().strip().splitlines()[-1])


def test_steps_are_one_ordered_list():
    names = [name for name, _ in launcher.STEPS]
    order = lambda word: next(i for i, n in enumerate(names) if word in n)
    assert order("resource limits") == 0
    assert order("user namespace") < order("IPC, network") < order("init of the PID") < order("mounts")
    assert order("mounts") < order("Landlock") < order("capabilities")
    assert all("seccomp" not in n for n in names)  # the child installs it: it forbids execve


@ROOT_ONLY
def test_step_capabilities_empties_every_set():
    status = in_fresh_process("from c import capabilities as k\nk.drop_all()\n"
                              "print(json.dumps(k.read_status()))")
    assert [status[k] for k in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")] == [0] * 5
    assert status["NoNewPrivs"] == 1
    assert status["securebits"] & 0b1111 == 0b1111  # NOROOT, NO_SETUID_FIXUP and their locks
    assert status["uid"] == 0  # still root, and powerless


@ROOT_ONLY
def test_step_capabilities_stops_root_from_chmod_of_a_file_it_does_not_own(tmp_path):
    target = tmp_path / "other"
    target.write_text("x")
    os.chown(target, 12345, 12345)
    out = in_fresh_process(f"import os\nfrom c import capabilities as k\nk.drop_all()\n"
                           f"try:\n    os.chmod({str(target)!r}, 0o777); r = 'allowed'\n"
                           f"except PermissionError:\n    r = 'refused'\nprint(json.dumps(r))")
    assert out == "refused"
    assert target.stat().st_mode & 0o777 != 0o777


def test_step_namespaces_gives_fresh_ones():
    mine = namespaces.identities()
    out = in_fresh_process("from c import namespaces as n\nn.enter_user_namespace()\n"
                           "got = n.unshare_each(('ipc', 'net', 'uts', 'mnt'))\n"
                           "print(json.dumps([got, n.identities()]))")
    granted, theirs = out
    if not granted:
        pytest.skip("this kernel grants no new namespaces to this user")
    for name in granted:
        assert theirs[name] != mine[name], name


def test_step_limits_sets_soft_and_hard():
    out = in_fresh_process("import resource\nfrom c import launcher\n"
                           "launcher.apply_limits({'nofile': 33, 'core': 0}, True)\n"
                           "print(json.dumps(resource.getrlimit(resource.RLIMIT_NOFILE)))")
    assert out == [33, 33]


def test_child_has_no_capabilities_and_no_new_privs(protections):
    if protections["mode"] == "off":
        pytest.skip("no confinement in this mode")
    status = child(protections, "import json\nfrom bpgrade_sandbox import capabilities as k\n"
                                "result = k.read_status()")
    assert [status[k] for k in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")] == [0] * 5
    assert status["NoNewPrivs"] == 1
    if protections["seccomp"]:
        assert status["Seccomp"] == 2


def test_child_lives_in_fresh_namespaces_and_is_not_process_1(protections):
    if not protections.get("namespaces"):
        pytest.skip("no namespaces on this machine")
    got = child(protections, "import json, os\nfrom bpgrade_sandbox import namespaces as n\n"
                             "result = [n.identities(), os.getpid()]")
    theirs, pid = got
    mine = namespaces.identities()
    for name in protections["namespaces"]:
        assert theirs[name] != mine[name], name
    if "pid" in protections["namespaces"]:
        assert pid == 2  # process 1 is the namespace's init, which runs no learner code


def test_child_limits_are_the_ones_asked_for(protections):
    got = child(protections, "import json, resource\n"
                             "result = [resource.getrlimit(resource.RLIMIT_AS), resource.getrlimit(resource.RLIMIT_NOFILE)]",
                Limits(memory=1 << 30, open_files=48))
    assert got == [[1 << 30, 1 << 30], [48, 48]]


def test_protections_record_probed_outcomes(protections):
    if protections["mode"] == "off" or not protections["seccomp"]:
        pytest.skip("needs the seccomp filter")
    for key in ("sockets_blocked", "sysv_ipc_blocked", "priority_blocked", "metadata_outside_blocked",
                "new_processes_blocked", "kernel_interfaces_blocked", "no_capabilities", "no_new_privs",
                "seccomp_in_force"):
        assert protections[key] is True, (key, protections.get("probed"))
    assert all(v.startswith("refused") for v in protections["probed"].values())


def test_interpret_reports_what_a_probe_found_allowed():
    probes = {"socket_unix": "allowed", "socket_inet": "refused (EPERM)", "shmget": "refused (EPERM)",
              "status": {"CapEff": 1, "NoNewPrivs": 0, "Seccomp": 0}, "namespaces": {"ipc": "ipc:[1]"}}
    got = prot.interpret(probes, {"ipc": "ipc:[1]"})
    assert got["sockets_blocked"] is False and got["no_capabilities"] is False
    assert got["no_new_privs"] is False and got["seccomp_in_force"] is False
    assert got["namespaces"] == [] and got["probed"]["socket_unix"] == "allowed"


def test_strict_refuses_when_a_probe_shows_a_gap(monkeypatch):
    monkeypatch.setattr(prot, "probe_child", lambda p: {"sockets_blocked": False})
    with pytest.raises(RuntimeError, match="sockets_blocked"):
        prot.probe("strict")


def test_the_pid_namespace_init_passes_on_exit_status(protections):
    from bpgrade.isolation.sandbox import ChildFailure

    for source, text in (("import os\nos._exit(7)", "status 7"),
                         ("import os\nos.abort()", "SIGABRT|134")):
        with Sandbox(Limits(), protections) as box:
            with pytest.raises(ChildFailure, match=text) as failure:
                box.request({"op": "exec", "cell": 0, "source": source}, timeout=10)
        assert failure.value.status == "crash"


def test_rlimit_names_cover_the_limits():
    assert set(Limits().rlimits()) <= set(launcher._LIMITS)
    assert launcher._LIMITS["nofile"] == resource.RLIMIT_NOFILE


def test_child_interpreter_is_set_up_as_a_plain_python_s_c_start(protections):
    """The launcher becomes the child without a second interpreter: what learner code sees must
    still be a ``python -s -c`` start — site packages (and bplib) importable, no user site, the
    confined folder not importable as top-level modules, only R and W left in ``sys.argv``."""
    seen = child(protections, "import json, site, sys, sysconfig\nimport bplib\n"
                              "result = {'argv': sys.argv, 'user_site': site.ENABLE_USER_SITE,\n"
                              "          'purelib': sysconfig.get_paths()['purelib'] in sys.path,\n"
                              "          'hashseed': sys.flags.hash_randomization,\n"
                              "          'main': __name__}\n"
                              "try:\n    import launcher\n    result['launcher'] = 'importable'\n"
                              "except ImportError:\n    result['launcher'] = 'not importable'")
    assert seen["argv"][0] == "-c" and len(seen["argv"]) == 3
    assert all(arg.isdigit() for arg in seen["argv"][1:])
    assert seen["user_site"] is False and seen["purelib"] is True
    assert seen["hashseed"] == 0  # PYTHONHASHSEED=0 from the scrubbed environment took effect
    assert seen["main"] == "__main__" and seen["launcher"] == "not importable"
