"""Run one question of one notebook in a fresh sandbox: cells first, then the check cases.

Semantics (the same for grading, ``bpgrade check`` and reference runs):

- every code cell of the notebook runs in order, seeded, each under ``cell_timeout``; an error in
  a cell is recorded and the next cell runs (as in Jupyter with "run all, ignore errors");
- a cell that times out or kills the child is recorded (``timeout``/``crash``), the child is
  killed, and a fresh one replays the good cells, skipping the bad one — no reliance on SIGINT;
- each case runs under its own time limit; a case that hangs or crashes costs that case only:
  the child is replaced (replaying the cells) before the next case;
- at most ``max_restarts`` case failures and ``max_bad_cells`` skipped cells per question, and
  ``question_timeout`` seconds in all; cases left over after that are recorded as such.

Only numbers come back (see ``protocol.py``); judging is left to ``judge.py``.
"""

import dataclasses
import time

from bpgrade.confined import protocol
from bpgrade.confined.steps import MAX_WARNING_TEXT, MAX_WARNINGS
from bpgrade.judging.outcome import CaseRun
from bpgrade.isolation.sandbox import ChildFailure, Sandbox


@dataclasses.dataclass
class QuestionRun:
    cells: list            # [{"cell": i, "status": ..., "error": ...}]
    cases: list            # [CaseRun]
    output: str = ""


class _Session:
    def __init__(self, cells, limits, protections, deadline, known_bad, withheld=()):
        self.cells, self.limits, self.protections = cells, limits, protections
        self.withheld = withheld
        self.deadline, self.bad, self.log = deadline, known_bad, {}
        self.box, self.restarts, self.output = None, -1, []
        self.last_failure = None
        self.case_failures = 0

    def _budget(self, limit):
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise ChildFailure("timeout", "the question's total time budget is used up")
        return min(limit, remaining)

    def open(self):
        """(Re)start the child and run all cells not known to be bad."""
        while True:
            self.close()
            self.restarts += 1
            if self.case_failures > self.limits.max_restarts:
                status = self.last_failure or "crash"
                raise ChildFailure(status, f"not run: earlier cases of this question ended in {status}")
            self.box = Sandbox(self.limits, self.protections, self.withheld)
            self.box.start()
            try:
                for index, source in self.cells:
                    if index in self.bad:
                        self.log.setdefault(index, {"cell": index, "status": self.bad[index],
                                                    "error": "skipped: it failed this way before"})
                        continue
                    reply, _ = self.box.request({"op": "exec", "cell": index, "source": source},
                                                timeout=self._budget(self.limits.cell_timeout))
                    entry = {"cell": index, "status": "ok" if reply.get("status") == "ok" else "error"}
                    if reply.get("error"):
                        entry["error"] = _error_text(reply["error"])
                    self.log.setdefault(index, entry)
                return
            except ChildFailure as failure:
                if failure.status == "timeout" and time.monotonic() >= self.deadline:
                    raise
                if len(self.bad) >= self.limits.max_bad_cells:
                    raise
                self.bad[index] = failure.status
                self.log[index] = {"cell": index, "status": failure.status, "error": failure.message}

    def close(self):
        if self.box is not None:
            self.output.append(self.box.output_text())
            self.box.close()
            self.box = None


def _error_text(error):
    if not isinstance(error, dict):
        return "error"
    name, detail = str(error.get("type", "Error"))[:80], str(error.get("message", ""))[:500]
    text = f"{name}: {detail}" if detail else name
    return text + (f" (line {error['line']})" if isinstance(error.get("line"), int) else "")


def encode_case(case):
    """The request for one case: steps with their argument blobs."""
    blobs = []
    steps = []
    for step in case.steps:
        wire = {k: v for k, v in step.items() if k not in ("args", "kwargs", "on")}
        wire["args"] = [protocol.encode_arg(a, blobs) for a in step.get("args", [])]
        wire["kwargs"] = {k: protocol.encode_arg(v, blobs) for k, v in step.get("kwargs", {}).items()}
        if "on" in step:
            wire["on"] = protocol.encode_value(step["on"], blobs)
        steps.append(wire)
    return {"op": "case", "steps": steps, "outputs": case.outputs}, blobs


def _decode_reply(reply, blobs, limits):
    """The child's reply as a CaseRun; anything malformed becomes a ProtocolError."""
    try:
        return _decode_reply_unchecked(reply, blobs, limits)
    except protocol.ProtocolError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, RecursionError) as exc:
        raise protocol.ProtocolError(f"malformed reply ({exc.__class__.__name__})") from None


def _decode_reply_unchecked(reply, blobs, limits):
    status = reply.get("status")
    if status != "ok":
        if status not in ("missing", "error") or not isinstance(status, str):
            raise ChildFailure("protocol", f"unexpected reply status {status!r}")
        return CaseRun(status, message=_error_text(reply.get("error")))
    cap = limits.result_elements
    outputs = tuple(protocol.decode_value(d, blobs, cap) for d in reply.get("outputs", []))
    def per_step(key):
        return [[protocol.decode_value(d, blobs, cap) for d in step] for step in reply.get(key, [])]

    return CaseRun("ok", outputs, per_step("args_after"), args_before=per_step("args_before"),
                   args_step=per_step("args_step"), warnings=_warnings(reply.get("warnings", [])))


def _warnings(raw):
    """The child's ``[[step, category, message], ...]`` as tuples, capped like the child caps them."""
    if not isinstance(raw, list):
        raise protocol.ProtocolError("malformed warnings")
    out = []
    for item in raw[:MAX_WARNINGS]:
        if not (isinstance(item, list) and len(item) == 3 and type(item[0]) is int
                and isinstance(item[1], str) and isinstance(item[2], str)):
            raise protocol.ProtocolError("malformed warning")
        out.append((item[0], item[1][:80], item[2][:MAX_WARNING_TEXT]))
    return out


def run_question(cells, cases, limits, protections, call_timeout=None, known_bad=None,
                 withheld=()):
    """Run ``cells`` ([(index, source)]) then each case; return a QuestionRun.

    ``withheld`` names bplib functions the child must not offer (the check file's ``WITHHELD``:
    see ``bpgrade/confined/withhold.py``). ``known_bad`` ({cell index: status}) is shared by the questions of one notebook: a cell that
    timed out or crashed for one question is skipped, not re-run, for the next ones (the same
    cells run in the same seeded way each time)."""
    deadline = time.monotonic() + limits.question_timeout
    session = _Session(cells, limits, protections, deadline, {} if known_bad is None else known_bad,
                       withheld)
    runs = []
    call_timeout = call_timeout or limits.call_timeout
    try:
        for case in cases:
            start = time.monotonic()
            try:
                if session.box is None:
                    session.open()
                header, blobs = encode_case(case)
                reply, reply_blobs = session.box.request(header, blobs, session._budget(call_timeout))
                run = _decode_reply(reply, reply_blobs, limits)
            except protocol.ProtocolError as exc:
                run = CaseRun("protocol", message=str(exc))
                session.last_failure = "protocol"
                session.case_failures += 1
                session.close()
            except ChildFailure as failure:
                run = CaseRun(failure.status, message=failure.message)
                session.last_failure = failure.status
                session.case_failures += 1
                session.close()
            run.seconds = round(time.monotonic() - start, 3)
            runs.append(run)
    finally:
        session.close()
    cells_log = [session.log[i] for i in sorted(session.log)]
    return QuestionRun(cells_log, runs, "".join(session.output)[-limits.output_bytes:])
