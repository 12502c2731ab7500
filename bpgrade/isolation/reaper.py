"""Process and disk hygiene around sandboxed children.

``kill_group`` kills a child's whole session and then sweeps: any process still in that session,
and any process re-parented to this grader (which is a child subreaper, so daemons that
double-fork or ``setsid`` land here rather than at init) is killed too, until none is left.
``disk_usage_exceeded`` bounds what a child may write into its working directory.
"""

import ctypes
import glob
import os
import select
import signal
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def become_subreaper():
    """Make orphaned descendants of this process re-parent to it (Linux); True on success."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _processes():
    """Yield (pid, ppid, sid, state) of every visible process (nothing where there is no /proc)."""
    if not os.path.isdir("/proc"):
        return
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read().decode("ascii", "replace")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        yield int(entry.name), int(fields[1]), int(fields[3]), fields[0]


def leftovers(session):
    """Processes in ``session`` or orphans re-parented to us from another session.

    A zombie that another process must reap is not a leftover: it can do nothing any more (the
    init of a child's PID namespace is one, re-parented to the system's init, when the grader is
    not a subreaper)."""
    me, my_sid = os.getpid(), os.getsid(0)
    return [pid for pid, ppid, sid, state in _processes()
            if pid != me and (sid == session or (ppid == me and sid not in (my_sid, 0)))
            and not (state == "Z" and ppid != me)]


def kill_group(proc, rounds=20):
    """SIGKILL the session led by ``proc`` and everything that escaped from it; reap zombies."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
    killed = set()
    for _ in range(rounds):
        pids = leftovers(proc.pid)
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                killed.add(pid)
            except ProcessLookupError:
                pass
        _await_exit(pids)
        _reap(killed)
    _reap(killed)


def _await_exit(pids, timeout=1.0):
    """Wait (at most ``timeout`` seconds) until the killed ``pids`` have exited, so the next
    sweep of /proc finds them gone instead of finding them still dying."""
    fds = []
    for pid in pids:
        try:
            fds.append(os.pidfd_open(pid))
        except (AttributeError, OSError):  # no pidfd on this system, or already gone
            continue
    try:
        deadline = time.monotonic() + timeout
        waiting = list(fds)
        while waiting and (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select(waiting, [], [], left)
            waiting = [fd for fd in waiting if fd not in ready]
    finally:
        for fd in fds:
            os.close(fd)


def _reap(pids):
    """Collect the exit status of killed orphans that were re-parented to us."""
    for pid in list(pids):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            pids.discard(pid)


def disk_usage_exceeded(root, limits):
    """True when ``root`` holds more than ``limits.disk_bytes`` or ``limits.disk_files``."""
    total, files, stack = 0, 0, [root]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            files += 1
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    total += entry.stat(follow_symlinks=False).st_size
            except OSError:
                continue
            if files > limits.disk_files or total > limits.disk_bytes:
                return True
    return False


_FONT_CACHE = []


def matplotlib_font_cache():
    """Path of matplotlib's font list cache, copied into each child so plotting starts fast.

    Built once (in a plain subprocess: trusted code only) when this machine has none yet, so
    that children never spend seconds scanning fonts in their fresh config directories."""
    if _FONT_CACHE:
        return _FONT_CACHE[0]
    base = os.environ.get("MPLCONFIGDIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "matplotlib")
    found = sorted(glob.glob(os.path.join(base, "fontlist-v*.json")))
    if not found:
        try:
            subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], timeout=120,
                           capture_output=True, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError):
            pass
        found = sorted(glob.glob(os.path.join(base, "fontlist-v*.json")))
    _FONT_CACHE.append(found[-1] if found else None)
    return _FONT_CACHE[0]
