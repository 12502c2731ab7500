"""The seccomp allowlist: its tables, the generated BPF program (run here in a small BPF
interpreter, for both architectures), and real workloads under the installed filter."""

import errno
import re
import shutil
import struct
import subprocess

import pytest

from bpgrade.confined import seccomp
from bpgrade.confined.syscalls import NUMBERS
from bpgrade.isolation.limits import Limits
from bpgrade.isolation.sandbox import Sandbox

ALLOW, EPERM = 0x7FFF0000, 0x00050000 | errno.EPERM
COLUMN = {"x86_64": 0, "aarch64": 1}


def run_bpf(program, nr, arch, args=(0,) * 6):
    """Evaluate a classic-BPF seccomp program on one system call (what the kernel does)."""
    data = struct.pack("<iI", nr, arch) + struct.pack("<Q", 0) + struct.pack("<6Q", *args)
    acc, pc = 0, 0
    while True:
        code, jt, jf, k = program[pc]
        if code == 0x20:                       # ld [k]
            acc = struct.unpack_from("<I", data, k)[0]
        elif code == 0x06:                     # ret k
            return k
        elif code in (0x15, 0x35, 0x45):       # jeq, jge, jset
            hit = {0x15: acc == k, 0x35: acc >= k, 0x45: bool(acc & k)}[code]
            pc += jt if hit else jf
        else:
            raise AssertionError(f"unexpected opcode {code:#x}")
        pc += 1


@pytest.fixture(params=["x86_64", "aarch64"])
def machine(request):
    return request.param


def nr(name, machine):
    return NUMBERS[name][COLUMN[machine]]


def test_every_allowed_call_is_allowed_and_nothing_else(machine):
    program = seccomp.program(machine)
    arch = seccomp.AUDIT_ARCH[machine]
    numbers = {nr(name, machine): name for name in seccomp.POLICY if nr(name, machine) is not None}
    for number in range(0, 460):
        got = run_bpf(program, number, arch)
        rule = seccomp.POLICY.get(numbers.get(number))
        if rule == seccomp.ALLOW:
            assert got == ALLOW, numbers[number]
        elif rule is None:
            assert got == EPERM, number


@pytest.mark.parametrize("name", ["socket", "socketpair", "shmget", "msgget", "semget", "setpriority",
                                  "sched_setscheduler", "sched_setattr", "chmod", "fchmodat", "chown",
                                  "fchownat", "utimensat", "setxattr", "io_uring_setup", "userfaultfd",
                                  "bpf", "keyctl", "add_key", "mount", "unshare", "setns", "ptrace",
                                  "process_vm_readv", "personality", "kexec_load", "perf_event_open",
                                  "fork", "execve", "seccomp"])
def test_dangerous_calls_are_refused(name, machine):
    number = nr(name, machine)
    if number is None:
        pytest.skip(f"{machine} has no {name}")
    assert run_bpf(seccomp.program(machine), number, seccomp.AUDIT_ARCH[machine]) == EPERM


def test_argument_rules(machine):
    program, arch = seccomp.program(machine), seccomp.AUDIT_ARCH[machine]
    call = lambda name, *args: run_bpf(program, nr(name, machine), arch, tuple(args) + (0,) * (6 - len(args)))
    assert call("clone", 0x003D0F00) == ALLOW                 # pthread_create's flags
    assert call("clone", 0x01200011) == EPERM                 # fork's flags
    assert call("clone", 0x10000000 | 0x11) == EPERM          # CLONE_NEWUSER
    assert call("clone3") == 0x00050000 | errno.ENOSYS
    assert call("ioctl", 1, 0x5401) == ALLOW                  # TCGETS
    assert call("ioctl", 0, 0x5412) == EPERM                  # TIOCSTI: type into a terminal
    assert call("prctl", 15) == ALLOW                         # PR_SET_NAME
    assert call("prctl", 22) == EPERM                         # PR_SET_SECCOMP
    assert call("prctl", 36) == EPERM                         # PR_SET_CHILD_SUBREAPER
    assert call("kill", 0, 9) == ALLOW and call("kill", 1234, 9) == EPERM
    assert call("prlimit64", 0) == ALLOW and call("prlimit64", 1234) == EPERM


def test_other_architectures_and_x32_are_refused(machine):
    program = seccomp.program(machine)
    read = nr("read", machine)
    assert run_bpf(program, read, seccomp.AUDIT_ARCH[machine]) == ALLOW
    assert run_bpf(program, read, 0x40000003) == EPERM        # i386 (int 0x80)
    if machine == "x86_64":
        assert run_bpf(program, read | 0x40000000, seccomp.AUDIT_ARCH[machine]) == EPERM


def test_unknown_machines_have_no_filter():
    assert not seccomp.available("riscv64")
    with pytest.raises(OSError, match="riscv64"):
        seccomp.program("riscv64")


def _header_numbers(source, defines=()):
    out = subprocess.run(["gcc", "-E", "-dM", *defines, "-"], input=source, capture_output=True,
                         text=True, check=True).stdout
    macros = dict(re.findall(r"#define (__NR\w+) (.+)", out))

    def value(text):
        text = text.strip().strip("()")
        if text.isdigit():
            return int(text)
        match = re.fullmatch(r"(__NR\w+)\s*\+\s*(\d+)", text)
        if match:
            return value(macros[match.group(1)]) + int(match.group(2))
        return value(macros[text]) if text in macros else None

    return {k[5:]: value(v) for k, v in macros.items() if k.startswith("__NR_")}


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc and the Linux UAPI headers")
def test_tables_match_the_kernel_headers():
    try:
        x86 = _header_numbers("#include <asm/unistd_64.h>\n")
        arm = _header_numbers("#include <asm-generic/unistd.h>\n",
                              ["-D__BITS_PER_LONG=64", "-D__ARCH_WANT_RENAMEAT", "-D__ARCH_WANT_NEW_STAT",
                               "-D__ARCH_WANT_SET_GET_RLIMIT", "-D__ARCH_WANT_SYS_CLONE3"])
    except subprocess.CalledProcessError:
        pytest.skip("the Linux UAPI headers are not installed")
    for name, (a, b) in NUMBERS.items():
        assert x86.get(name) == a, name
        assert arm.get(name) == b, name


WORKLOAD = """
import json, os, tempfile, threading, concurrent.futures, time
import numpy as np
a = np.random.default_rng(0).normal(size=(200, 200)); np.linalg.svd(a); np.linalg.inv(a + 200 * np.eye(200))
import matplotlib; matplotlib.use("Agg"); import matplotlib.pyplot as plt
fig, ax = plt.subplots(); ax.plot([1, 2]); ax.set_title("t"); fig.savefig("f.png"); fig.savefig("f.svg"); plt.close(fig)
import sympy as sp
x = sp.symbols("x"); d = sp.diff(sp.sin(x) * sp.exp(x), x); f = sp.lambdify(x, d)
t = threading.Thread(target=time.sleep, args=(0.01,)); t.start(); t.join()
with concurrent.futures.ThreadPoolExecutor(2) as ex:
    squares = list(ex.map(lambda v: v * v, range(5)))
with tempfile.NamedTemporaryFile("w", dir=".", delete=False) as h:
    h.write("x")
os.rename(h.name, "g"); os.makedirs("d/e"); os.rmdir("d/e"); os.rmdir("d"); os.remove("g")
result = [float(f(0.0)), squares[-1], os.path.getsize("f.png") > 0, os.cpu_count() >= 1]
"""


def test_workload_of_threads_plots_sympy_and_files_runs_under_the_filter(protections):
    if not protections["seccomp"]:
        pytest.skip("no seccomp filter here")
    with Sandbox(Limits(), protections) as box:
        reply, _ = box.request({"op": "exec", "cell": 0, "source": WORKLOAD + "\nprint(result)"}, timeout=60)
        assert reply["status"] == "ok", reply
        assert box.output_text().strip().splitlines()[-1] == "[1.0, 16, True, True]"
