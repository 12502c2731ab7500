"""Turn raw case outcomes into verdicts and a question score (trusted side only).

For each case: a run that did not finish keeps its status (missing, error, timeout, crash,
protocol); a finished run's inputs are checked first for in-place modification (step by step,
so that a modified input is reported as such, not as the wrong value it causes downstream), then,
for a question with ``no_warnings``, the warnings its calls raised (category ``warning``), then
its outputs are judged against the expected values (``compare.py``), a property
(``properties.py``) or a formula's values at the case's points (``symbolic.py``). The question's
status is ``pass`` when every case passes; otherwise the most telling failure (missing > crash >
timeout > error > fail). Points follow the question's scoring policy (proportional, threshold or
all-or-nothing; a failed gate case scores 0), clamped to the question's maximum.
"""

import re

import numpy as np

from bpgrade.judging import properties
from bpgrade.judging import symbolic
from bpgrade.judging.compare import OK, Verdict, compare_values, unchanged
from bpgrade.confined.protocol import Ref


class AuthorError(ValueError):
    """A mistake in a check file or solution notebook, reported in one line (no traceback)."""

_STATUS_OF = {"missing": "missing", "crash": "crash", "timeout": "timeout", "error": "error",
              "protocol": "error", "skipped": "error"}
_PRIORITY = ["missing", "crash", "timeout", "error", "fail"]


def expected_from_reference(question, case, run):
    """Reference outputs from the solution's run of ``case`` (formulas become their values)."""
    if run.status != "ok":
        made_by = f", made by hidden generator {case.generator}" if case.generator else ""
        shapes = ", ".join(getattr(a, "shape", None) and str(a.shape) or type(a).__name__ for a in case.args)
        raise AuthorError(" ".join(f"the solution failed {question.id} {case.name}{made_by} (arguments: "
                                   f"{shapes or 'none'}): {run.status}: {run.message}".split()))
    if getattr(question, "no_warnings", False) and run.warnings:
        step, category, message = run.warnings[0]
        raise AuthorError(f"the solution warned in {question.id} {case.name} ({question.id} has "
                          f"no_warnings=True): {category}: {message}")
    if question.expression is None:
        return list(run.outputs)
    symbols = question.expression.symbols
    try:
        return [symbolic.precise_values(text, symbols, case.points) for text in run.outputs]
    except symbolic.FormulaError as exc:
        raise AuthorError(f"the solution's formula for {question.id} {case.name} is not readable: {exc}")


def judge_case(question, case, run):
    """Verdict for one case."""
    if run.status != "ok":
        category = "protocol" if run.status == "protocol" else run.status
        return Verdict(False, category, run.message or run.status)
    if len(run.outputs) != len(case.outputs):
        return Verdict(False, "protocol", "wrong number of outputs")
    if question.no_mutation:  # first: a modified input can make later outputs look wrong
        verdict = _judge_mutation(case, run)
        if not verdict.ok:
            return verdict
    if getattr(question, "no_warnings", False) and run.warnings:
        return _warning_verdict(question, case, run.warnings)
    return _judge_values(question, case, list(run.outputs))


DEFAULT_WARNING_HINT = "this question asks for a computation that raises no warnings"


def _warning_verdict(question, case, warned):
    """``sigmoid(z) warned: RuntimeWarning: overflow encountered in exp — <hint>``."""
    step, category, message = warned[0]
    if not 0 <= step < len(case.steps):
        return Verdict(False, "protocol", "warning from an unknown step")
    target = case.steps[step]
    params = (target.get("params") or [])[:len(target.get("args", []))]
    call_text = f"{_step_name(target)}({', '.join(params)})" if params else _step_name(target)
    where = call_text if len(case.steps) == 1 else f"step {step + 1} ({call_text})"
    more = f" (and {len(warned) - 1} more)" if len(warned) > 1 else ""
    hint = getattr(question, "warning_hint", "") or DEFAULT_WARNING_HINT
    return Verdict(False, "warning", f"{where} warned: {category}: {message}{more} — {hint}")


def _judge_values(question, case, got):
    labels = [o.get("label") or "result" for o in case.outputs]
    if question.property is not None:
        if len(got) == 1 and isinstance(got[0], tuple):
            got = list(got[0])  # a function returning (w, b): the property sees w and b
        return properties.check(question.property.name, got, question.property.params_for(case))
    for label, expected, value in zip(labels, case.expected, got):
        if question.expression is not None:
            verdict = _judge_formula(question, case, label, expected, value)
        else:
            verdict = compare_values(expected, value, question.rtol, question.atol,
                                     question.exact_dtype, label)
        if not verdict.ok:
            return verdict
    return OK


def _judge_formula(question, case, label, expected, value):
    """A formula compared exactly (to ``symbolic.EXACT_DIGITS`` digits at the case's points)."""
    symbols = question.expression.symbols
    try:
        got = symbolic.precise_values(value, symbols, case.points)
    except symbolic.FormulaTooLarge as exc:
        return Verdict(False, "too_large", f"{label}: {exc}")
    except symbolic.FormulaError as exc:
        return Verdict(False, "type", f"{label}: could not read the formula ({exc})")
    diff = symbolic.compare_precise(expected, got)
    if diff is None:
        return OK
    i, want, have = diff
    at = ", ".join(f"{s}={float(case.points[s][i]):.6g}" for s in symbols)
    message = (f"{label}: at {at} the formula gives {'an undefined value' if have is None else have[:20]}, "
               f"expected {want[:20]} (formulas are compared exactly, to {symbolic.EXACT_DIGITS} digits)")
    decimals = re.findall(r"\d*\.\d{4,}", value) if isinstance(value, str) else []
    if decimals:
        message += (f"; your formula contains the decimal {decimals[0]}: an approximation (finite "
                    "differences, a rounded constant) is not the derivative — use exact numbers "
                    "(integers, sp.Rational, sp.E, sp.pi) and sp.diff")
    return Verdict(False, "value", message)


def _judge_mutation(case, run):
    """Each step's array arguments right after it ran: those the grader sent must be unchanged,
    and so must earlier results passed on to it (compared with the child's copy from before the
    step; a child that withholds it only loses this diagnosis: the values are still compared).
    Then, after all steps, the grader's arrays once more (a later step may change an earlier
    step's input through a cache)."""
    for i, step in enumerate(case.steps):
        name = _step_name(step) if len(case.steps) == 1 else f"step {i + 1} ({_step_name(step)})"
        after, before = _item(run.args_step, i) or [], _item(run.args_before, i) or []
        for j, sent in enumerate(step.get("args", [])):
            label = _arg_label(step, j, name)
            if isinstance(sent, np.ndarray):
                verdict = unchanged(sent, _item(after, j), label)
            elif isinstance(sent, Ref) and isinstance(_item(before, j), np.ndarray):
                verdict = unchanged(_item(before, j), _item(after, j),
                                    f"{label} (what {_step_name(case.steps[sent.step])} returned)")
            else:
                continue
            if not verdict.ok:
                return verdict
    for i, step in enumerate(case.steps):
        for j, sent in enumerate(step.get("args", [])):
            if isinstance(sent, np.ndarray):
                verdict = unchanged(sent, _item(_item(run.args_after, i) or [], j),
                                    _arg_label(step, j, _step_name(step)))
                if not verdict.ok:
                    verdict.message = verdict.message.replace(" in place", " in place by a later step", 1)
                    return verdict
    return OK


def _arg_label(step, j, name):
    """``x passed to relu_forward`` when the parameter's name is known (``step["params"]``,
    added by bpgrade.learner.describe), else ``argument 1 of relu_forward``."""
    params = step.get("params") or []
    return f"{params[j]} passed to {_step_name(step)}" if j < len(params) else f"argument {j + 1} of {name}"


def _item(seq, index):
    return seq[index] if isinstance(seq, (list, tuple)) and index < len(seq) else None


def _step_name(step):
    return step.get("call") or step.get("method") or step.get("attr") or "the call"


def score_question(question, cases, verdicts):
    """(score, status, message) for a question from its cases' verdicts.

    The scoring policy (``question.scoring``) turns the number of passed cases into points:
    ``proportional`` (points x passed / total), ``all_or_nothing`` (full points only when every
    case passes) or ``Threshold(k, below)`` (full points when at least k pass; below that 0, or
    proportional with ``below="proportional"``). A failed *gate* case (``Hidden(gate=True)``)
    scores the question 0 whatever the policy."""
    passed = sum(v.ok for v in verdicts)
    total = len(verdicts)
    if total and passed == total:
        return float(question.points), "pass", f"{total}/{total} cases passed"
    fraction = policy_fraction(getattr(question, "scoring", "proportional"), passed, total)
    failing = [(c, v) for c, v in zip(cases, verdicts) if not v.ok]
    gates = [(c, v) for c, v in failing if getattr(c, "gate", False)]
    if gates:
        fraction = 0.0
    score = min(max(round(question.points * fraction, 4), 0.0), float(question.points))
    statuses = [_STATUS_OF.get(v.category, "fail") for _, v in failing]
    status = min(statuses, key=_PRIORITY.index) if statuses else "fail"
    case, verdict = next((c, v) for c, v in failing if _STATUS_OF.get(v.category, "fail") == status)
    if gates:
        case, verdict = gates[0]
    message = f"{passed}/{total} cases passed; {public_message(case, verdict, question)}"
    if gates:
        message += " (a required case: the question scores 0 when it fails)"
    elif fraction == 0.0 and passed:
        message += f" ({_policy_text(question.scoring)})"
    return score, status, message


def policy_fraction(scoring, passed, total):
    """Fraction of the points earned under a scoring policy (see ``score_question``)."""
    if not total:
        return 0.0
    if passed == total:
        return 1.0
    if scoring == "all_or_nothing":
        return 0.0
    if hasattr(scoring, "k"):
        if passed >= min(scoring.k, total):
            return 1.0
        return passed / total if scoring.below == "proportional" else 0.0
    return passed / total


def _policy_text(scoring):
    if scoring == "all_or_nothing":
        return "this question gives points only when every case passes"
    return f"this question gives points only when at least {scoring.k} cases pass"


def public_message(case, verdict, question=None):
    """What a learner may see about a case: everything for public ones, a category for hidden
    (with the question's ``timeout_message`` when a case ran out of time: why the budget exists)."""
    why = ""
    hint = getattr(question, "timeout_message", None)
    if verdict.category == "timeout" and hint is not None:
        why = ": " + hint(case.args, question.timeout)
    if case.hidden:
        return f"{case.name}: failed ({verdict.category}){why}"
    return f"{case.name}: {verdict.message}{why}"
