"""The self-check a learner runs inside an exercise notebook.

Usage in a notebook (the exercises' first code cell does this)::

    from bpgrade.learner import Checker
    check = Checker("ex01_neuron")
    ...
    check("q_sigmoid")        # after writing sigmoid()

It runs the question's public cases on the functions defined in the notebook and prints what is
wrong — value and index, shape, dtype, modified inputs, NaN, missing function — using the
grader's own case runner, value encoding and comparison code, so the verdicts are the grader's
(``bpgrade check`` gives the same ones from the command line, in a sandbox). It prints rather than
raises, so "Run All" goes on to the next question.
"""

import copy
import inspect
import random
import sys

import numpy as np

from bpgrade.confined import protocol
from bpgrade.authoring import publicspec
from bpgrade.judging.judge import judge_case, score_question
from bpgrade.layout import public_checks_for
from bpgrade.judging.outcome import CaseRun
from bpgrade.confined.steps import MissingName, StepError, pick, run_steps
from bpgrade.learner.describe import annotate, call_text, signatures_from_namespace, step_names


def _roundtrip(value):
    """Exactly what the grader would receive for ``value`` (numbers only)."""
    blobs = []
    desc = protocol.encode_value(value, blobs)
    return protocol.decode_value(desc, blobs, 1 << 40)


def run_case(namespace, case):
    """Run one public case in this process and return a CaseRun like the sandbox's."""
    random.seed(0)
    np.random.seed(0)
    steps = copy.deepcopy(case.steps)  # the learner gets copies; the originals show any change
    snapshots, warned = [], []
    try:
        results, passed = run_steps(namespace, steps, snapshots, warned)
    except MissingName as exc:
        return CaseRun("missing", message=missing_text(str(exc)))
    except StepError as err:
        return CaseRun("error", message=f"{type(err.exc).__name__}: {err.exc}")
    outputs = []
    for out in case.outputs:
        value = pick(results, out)
        if out.get("as") == "expr" and type(value) is not str:
            value = str(value)
        outputs.append(_roundtrip(value))
    def arrays(values):
        return [_roundtrip(a) if type(a) is np.ndarray else None for a in values or ()]

    return CaseRun("ok", tuple(outputs), [arrays(args) for args in passed],
                   args_before=[arrays(before) for before, _ in snapshots],
                   args_step=[arrays(after) for _, after in snapshots],
                   warnings=[tuple(w) for w in warned])


def missing_text(message):
    """'sigmoid is not defined (...)': the same words in the notebook and from ``bpgrade check``."""
    if message.startswith("NameError: "):
        message = message[len("NameError: "):]
    return message + " (is its answer cell there, and has it run without an error?)"


class Checker:
    """Self-checks for one exercise set; call it with a question id."""

    def __init__(self, exercise, path=None):
        self.exercise = exercise
        self.last_status = None
        path = path or public_checks_for(f"{exercise}.ipynb", exercise)
        if path is None:
            self.checkset = None
        else:
            with open(path, encoding="utf-8") as handle:
                self.checkset = publicspec.loads(handle.read())

    def __call__(self, qid, namespace=None):
        if self.checkset is None:
            print(f"No public checks found for {self.exercise} (exercises/checks/{self.exercise}.json).")
            self.last_status = None
            return
        if namespace is None:
            namespace = inspect.currentframe().f_back.f_globals
        question = self.checkset.question(qid)
        cases = annotate(question.public_cases, signatures_from_namespace(
            namespace, step_names(question.public_cases)))
        verdicts = [judge_case(question, case, run_case(namespace, case)) for case in cases]
        score, status, message = score_question(question, cases, verdicts)
        print(report(question, cases, verdicts, status))
        self.last_status = status  # returns None so the notebook shows only the report

    check = __call__


def report(question, cases, verdicts, status):
    """The text a learner sees for one question: each failing case with its call, as code."""
    passed = sum(v.ok for v in verdicts)
    title = f" ({question.title})" if question.title else ""
    mark = "PASS" if status == "pass" else status.upper()
    lines = [f"{question.id}{title}: {mark} - {passed}/{len(cases)} public cases passed"]
    for case, verdict in zip(cases, verdicts):
        lines.append(f"  {'ok  ' if verdict.ok else 'FAIL'} {case.name}" +
                     ("" if verdict.ok else f": {verdict.message}"))
        if not verdict.ok and verdict.category != "missing":
            lines.append(f"       call: {call_text(case)}")
    if question.hidden_count:
        lines.append(f"  The grader also runs {question.hidden_count} hidden cases like these.")
    return "\n".join(lines)


def check(exercise, qid):
    """One-line form: ``check("ex01_neuron", "q_sigmoid")``."""
    checker = Checker(exercise)
    checker(qid, sys._getframe(1).f_globals)
    return checker.last_status
