"""The sandbox itself: what a child can and cannot do, and that it fails closed."""

import os

import pytest

from bpgrade.isolation.limits import Limits
from bpgrade.isolation.sandbox import ChildFailure, Sandbox


def run(protections, source, limits=Limits(), timeout=10):
    with Sandbox(limits, protections) as box:
        reply, _ = box.request({"op": "exec", "cell": 0, "source": source}, timeout=timeout)
        return reply, box.output_text()


def test_numpy_works_and_output_is_captured(protections):
    reply, out = run(protections, "import numpy as np\nprint(np.arange(3).sum())")
    assert reply["status"] == "ok" and out.strip() == "3"


def test_reading_the_course_is_denied(protections, layout):
    if not protections["filesystem"]:
        pytest.skip("Landlock is not available here")
    reply, _ = run(protections, f"open({str(layout.check_file('ex01_neuron'))!r}).read()")
    assert reply["error"]["type"] == "PermissionError"


def test_no_processes_and_no_network(protections):
    if not protections["seccomp"]:
        pytest.skip("the seccomp filter is not available here")
    for source in ("import os\nos.fork()", "import subprocess\nsubprocess.run(['true'])",
                   "import socket\nsocket.socket(socket.AF_INET, socket.SOCK_DGRAM)"):
        reply, _ = run(protections, source)
        assert reply["error"]["type"] == "PermissionError", source


def test_the_grader_cannot_be_signalled(protections):
    if not protections["signals"]:
        pytest.skip("Landlock signal scoping is not available here")
    reply, _ = run(protections, "import os, signal\nos.kill(os.getppid(), signal.SIGTERM)")
    assert reply["error"]["type"] == "PermissionError"


def test_output_is_capped(protections):
    reply, out = run(protections, "print('x' * 5_000_000)", Limits(output_bytes=1000))
    assert reply["status"] == "ok" and len(out) < 1200 and "more bytes of output not kept" in out


def test_hang_is_a_timeout_and_the_child_is_gone(protections):
    with Sandbox(Limits(), protections) as box:
        with pytest.raises(ChildFailure) as failure:
            box.request({"op": "exec", "cell": 0, "source": "while True: pass"}, timeout=1)
        pid = box.proc.pid
    assert failure.value.status == "timeout"
    assert not os.path.exists(f"/proc/{pid}") or open(f"/proc/{pid}/stat").read().split()[2] == "Z"


def test_launcher_fails_closed(protections):
    """A protection that cannot be applied stops the child before any learner code runs."""
    strict = dict(protections, mode="strict")
    with pytest.raises(ChildFailure) as failure:
        run(strict, "print('learner code ran')", Limits(open_files=-5))
    assert failure.value.status == "crash" and "sandbox setup failed" in failure.value.message
    assert "learner code ran" not in failure.value.message
