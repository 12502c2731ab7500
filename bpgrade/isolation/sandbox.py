"""Parent side of one sandboxed child: start it, talk to it with deadlines, kill and clean up.

``Sandbox.start()`` creates a fresh temporary working directory, pipes for requests, replies and
output, and starts ``launcher.py`` in a new session with a scrubbed environment and stdin
``/dev/null``; the launcher confines itself (``launcher.STEPS``) and then runs ``child.py`` in
the same interpreter, which installs the seccomp filter before its first request. ``request()`` sends one message
and waits for the matching reply while draining (and capping) the child's stdout/stderr and
watching its disk use; every failure becomes a ``ChildFailure`` with a status the grader records
(``timeout``, ``crash``, ``protocol``). ``close()`` kills the whole process group, sweeps any
escaped descendants and deletes the working directory.
"""

import json
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

from bpgrade.confined import protocol
from bpgrade.isolation import reaper

_CONFINED = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "confined")
_BOOT = ("import sys,types;p=types.ModuleType('bpgrade_sandbox');p.__path__=[{!r}];"
         "sys.modules['bpgrade_sandbox']=p;import bpgrade_sandbox.child as c;c.main(sys.argv)")


class ChildFailure(Exception):
    """The child did not answer properly; ``status`` is timeout, crash or protocol."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


class Sandbox:
    """One child process. Use as a context manager; never reused across questions."""

    def __init__(self, limits, protections, withheld=()):
        self.limits, self.protections = limits, protections
        self.withheld = tuple(withheld)
        self.proc = self.tmp = None
        self.output = bytearray()
        self.output_dropped = 0
        self._next_id = 0
        self._next_disk_check = 0.0

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.close()

    def start(self):
        self.tmp = tempfile.mkdtemp(prefix="bpgrade-")
        req_r, self._req_w = os.pipe()
        self._rep_r, rep_w = os.pipe()
        self._out_r, out_w = os.pipe()
        for fd in (self._req_w, self._rep_r, self._out_r):
            os.set_blocking(fd, False)
        env = self._env()
        args = [str(req_r), str(rep_w), "seccomp" if self.protections.get("seccomp") else "-",
                ",".join(self.withheld) or "-"]
        config = {"limits": self.limits.rlimits(), "cwd": self.tmp, "boot": _BOOT.format(_CONFINED),
                  "args": args,
                  "strict": self.protections.get("mode") == "strict",
                  "namespaces": self.protections.get("mode", "off") != "off",
                  "drop_privileges": self.protections.get("mode", "off") != "off",
                  "landlock": self.protections.get("landlock_abi", 0) > 0,
                  "landlock_abi": self.protections.get("landlock_abi", 0),
                  "read_paths": self.protections.get("read_paths", []),
                  "write_paths": [self.tmp, "/dev/null"]}
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-s", "-S", os.path.join(_CONFINED, "launcher.py"), json.dumps(config)],
                stdin=subprocess.DEVNULL, stdout=out_w, stderr=out_w, pass_fds=(req_r, rep_w),
                cwd=self.tmp, env=env, start_new_session=True, close_fds=True)
        finally:
            for fd in (req_r, rep_w, out_w):
                os.close(fd)

    def _env(self):
        mpl = os.path.join(self.tmp, ".matplotlib")
        os.makedirs(mpl)
        cache = reaper.matplotlib_font_cache()
        if cache:
            shutil.copy(cache, mpl)
        threads = "1"
        return {"PATH": "/usr/bin:/bin", "HOME": self.tmp, "TMPDIR": self.tmp,
                "LANG": "C.UTF-8", "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1",
                "PYTHONNOUSERSITE": "1", "MPLBACKEND": "Agg", "MPLCONFIGDIR": mpl,
                "OMP_NUM_THREADS": threads, "OPENBLAS_NUM_THREADS": threads,
                "MKL_NUM_THREADS": threads, "TQDM_DISABLE": "1"}

    def request(self, header, blobs=(), timeout=5.0):
        """Send a request and return (reply_header, reply_blobs), or raise ChildFailure."""
        self._next_id += 1
        rid = self._next_id
        data = protocol.pack(dict(header, id=rid), blobs)
        deadline = time.monotonic() + timeout
        self._write_all(data, deadline)
        reply, reply_blobs = self._read_message(deadline)
        if reply.get("id") != rid:
            raise ChildFailure("protocol", "reply does not match the request (forged or out of order)")
        return reply, reply_blobs

    def _write_all(self, data, deadline):
        view = memoryview(data)
        while view:
            self._wait([self._out_r], [self._req_w], deadline)
            try:
                view = view[os.write(self._req_w, view):]
            except BlockingIOError:
                continue
            except BrokenPipeError:
                raise self._died() from None

    def _read_message(self, deadline):
        buf = bytearray()
        need, header, sizes = 4, None, None
        while True:
            while len(buf) < need:
                self._wait([self._out_r, self._rep_r], [], deadline)
                try:
                    chunk = os.read(self._rep_r, 1 << 20)
                except BlockingIOError:
                    continue
                if not chunk:
                    raise self._died()
                buf += chunk
            if header is None:
                (size,) = struct.unpack(">I", buf[:4])
                if size > protocol.MAX_HEADER:
                    raise ChildFailure("protocol", "oversized message header")
                need = 4 + size
                header = False
            elif header is False:
                header = protocol.parse_header(bytes(buf[4:need]), self.limits.result_bytes)
                sizes = header["blobs"]
                start, need = need, need + sum(sizes)
            else:
                blobs, pos = [], start
                for n in sizes:
                    blobs.append(bytes(buf[pos:pos + n]))
                    pos += n
                if len(buf) > need:
                    raise ChildFailure("protocol", "unexpected extra data on the result channel")
                return header, blobs

    def _wait(self, readers, writers, deadline):
        """Wait until a pipe is ready, draining output meanwhile; enforce deadline and disk."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ChildFailure("timeout", "time limit exceeded")
            ready_r, ready_w, _ = select.select(readers, writers, [], min(remaining, 0.25))
            if self._out_r in ready_r:
                self._drain()
                ready_r = [fd for fd in ready_r if fd != self._out_r]
            if ready_r or ready_w:
                return
            now = time.monotonic()
            if now >= self._next_disk_check:
                self._next_disk_check = now + 0.25
                if reaper.disk_usage_exceeded(self.tmp, self.limits):
                    raise ChildFailure("crash", "disk quota exceeded in the working directory")

    def _drain(self):
        try:
            chunk = os.read(self._out_r, 1 << 16)
        except BlockingIOError:
            return
        room = self.limits.output_bytes - len(self.output)
        self.output += chunk[:max(room, 0)]
        self.output_dropped += max(len(chunk) - max(room, 0), 0)

    def _died(self):
        try:
            code = self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return ChildFailure("protocol", "the child closed its result channel")
        if code == 121:
            return ChildFailure("crash", "sandbox setup failed: " + self.output_text()[-300:])
        if code < 0:
            name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
            return ChildFailure("crash", f"the process was killed by {name}")
        return ChildFailure("crash", f"the process exited with status {code}")

    def output_text(self):
        text = self.output.decode("utf-8", "replace")
        if self.output_dropped:
            text += f"\n[... {self.output_dropped} more bytes of output not kept]"
        return text

    def close(self):
        """Kill the child's process group and any escaped descendants; delete the work dir."""
        if self.proc is not None:
            reaper.kill_group(self.proc)
            for fd in (self._req_w, self._rep_r, self._out_r):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self.proc = None
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None
