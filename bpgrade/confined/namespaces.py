"""Fresh Linux namespaces for a child: its own IPC, network, UTS, PID and mount views.

Used by the launcher (``launcher.py``). What each one takes away:

- IPC: SysV shared memory, message queues and semaphores of other processes are invisible, and
  whatever the child creates disappears with it (nothing survives into the next question);
- network: no interface but a loopback that is down, and abstract Unix sockets of the host are
  out of reach;
- UTS: its own host name; PID: it sees (and can signal) only its own processes;
- mount: mount events stay private, and ``/proc`` shows the child's PID namespace only.

As root the kernel grants these directly; otherwise ``enter_user_namespace`` first makes a user
namespace (where the kernel allows unprivileged ones) that maps the grader's uid to itself. A new
PID namespace applies to children only, so ``fork_into_pid_namespace`` forks an init and the
child (before seccomp, which forbids new processes): the parents wait and pass on the exit status,
the child goes on confining itself. Each function returns what it achieved, for the launcher's report.

Imports only the standard library.
"""

import ctypes
import os
import signal

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
FLAGS = {"ipc": CLONE_NEWIPC, "net": CLONE_NEWNET, "uts": CLONE_NEWUTS, "pid": CLONE_NEWPID,
         "mnt": CLONE_NEWNS}
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE = 2, 4, 8, 1 << 14, 1 << 18


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _unshare(flags):
    if _libc().unshare(ctypes.c_int(flags)) != 0:
        raise OSError(ctypes.get_errno(), "unshare failed")


def enter_user_namespace():
    """For an unprivileged grader: a user namespace in which the other namespaces may be made.

    Returns True when one was entered, False when none is needed (running as root) or the kernel
    refuses (then the other namespaces will be refused too, and the report says so)."""
    if os.geteuid() == 0:
        return False
    uid, gid = os.geteuid(), os.getegid()
    try:
        _unshare(CLONE_NEWUSER)
    except OSError:
        return False
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"),
                       ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w", encoding="ascii") as handle:
            handle.write(text)
    return True


def unshare_each(names=tuple(FLAGS)):
    """Unshare each namespace in ``names`` on its own; return the ones the kernel granted."""
    granted = []
    for name in names:
        try:
            _unshare(FLAGS[name])
        except OSError:
            continue
        granted.append(name)
    return granted


def fork_into_pid_namespace():
    """Fork twice, so that a small init (process 1 of the new PID namespace) waits for the child
    (process 2) that goes on to run learner code; only that child returns.

    Process 1 is special (signals it has no handler for do not reach it from inside, and its
    death ends the namespace), so learner code never runs as process 1. Each waiting process
    closes every inherited descriptor (so the grader sees end-of-file when the child dies),
    waits, and exits the way its child did."""
    _wait_and_pass_on(os.fork())   # the grader's launcher process stays outside, waiting
    _wait_and_pass_on(os.fork())   # process 1 of the namespace: the init


def _wait_and_pass_on(pid):
    if pid == 0:
        return
    os.closerange(3, 1 << 16)
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except InterruptedError:
            continue
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
        os._exit(128 + sig)  # process 1 ignores its own signal: exit the way a shell reports it
    os._exit(os.waitstatus_to_exitcode(status))


def private_mounts(new_pid_namespace):
    """Make every mount private to this namespace and, in a new PID namespace, show a /proc of
    that namespace. Returns what was done (a list of words); mounting may be refused."""
    libc = _libc()
    done = []
    if libc.mount(None, b"/", None, ctypes.c_ulong(MS_REC | MS_PRIVATE), None) == 0:
        done.append("private")
    if new_pid_namespace and libc.mount(b"proc", b"/proc", b"proc",
                                        ctypes.c_ulong(MS_NOSUID | MS_NODEV | MS_NOEXEC), None) == 0:
        done.append("proc")
    return done


def identities():
    """{'ipc': 'ipc:[4026531839]', ...}: the namespaces this process is in (for the probes)."""
    out = {}
    for name in ("ipc", "net", "uts", "pid", "mnt", "user"):
        try:
            out[name] = os.readlink(f"/proc/self/ns/{name}")
        except OSError:
            out[name] = None
    return out
