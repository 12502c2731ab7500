"""Turn raw case outcomes into verdicts and a question score (trusted side only).

For each case: a run that did not finish keeps its status (missing, error, timeout, crash,
protocol); a finished run's inputs are checked first for in-place modification (step by step,
so that a modified input is reported as such, not as the wrong value it causes downstream), then
its outputs are judged against the expected values (``compare.py``), a property
(``properties.py``) or a formula's values at the case's points (``symbolic.py``). The question's
status is ``pass`` when every case passes; otherwise the most telling failure (missing > crash >
timeout > error > fail). Points are proportional to the cases passed (or all-or-nothing), clamped
to the question's maximum.
"""

import numpy as np

from bpgrade.judging import properties
from bpgrade.judging import symbolic
from bpgrade.judging.compare import OK, Verdict, compare_arrays, compare_values, unchanged
from bpgrade.confined.protocol import Ref

_STATUS_OF = {"missing": "missing", "crash": "crash", "timeout": "timeout", "error": "error",
              "protocol": "error", "skipped": "error"}
_PRIORITY = ["missing", "crash", "timeout", "error", "fail"]


def expected_from_reference(question, case, run):
    """Reference outputs from the solution's run of ``case`` (formulas become their values)."""
    if run.status != "ok":
        raise RuntimeError(f"the solution failed {question.id} {case.name}: {run.status} {run.message}")
    if question.expression is None:
        return list(run.outputs)
    symbols = question.expression.symbols
    return [symbolic.values_at(text, symbols, case.points) for text in run.outputs]


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
    return _judge_values(question, case, list(run.outputs))


def _judge_values(question, case, got):
    labels = [o.get("label") or "result" for o in case.outputs]
    if question.property is not None:
        if len(got) == 1 and isinstance(got[0], tuple):
            got = list(got[0])  # a function returning (w, b): the property sees w and b
        return properties.check(question.property.name, got, question.property.params_for(case))
    for label, expected, value in zip(labels, case.expected, got):
        if question.expression is not None:
            try:
                value = symbolic.values_at(value, question.expression.symbols, case.points)
            except symbolic.FormulaError as exc:
                return Verdict(False, "type", f"{label}: could not read the formula ({exc})")
            keep = np.isfinite(expected)
            verdict = compare_arrays(expected[keep], value[keep], question.rtol, question.atol,
                                     label=f"{label} at the check points")
            if not verdict.ok:
                at = ", ".join(f"{s}={case.points[s][keep][0]:.4g}" for s in question.expression.symbols)
                verdict.message += f" (first check point: {at})"
        else:
            verdict = compare_values(expected, value, question.rtol, question.atol,
                                     question.exact_dtype, label)
        if not verdict.ok:
            return verdict
    return OK


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
    """(score, status, message) for a question from its cases' verdicts."""
    passed = sum(v.ok for v in verdicts)
    total = len(verdicts)
    if total and passed == total:
        return float(question.points), "pass", f"{total}/{total} cases passed"
    fraction = 0.0 if question.all_or_nothing or not total else passed / total
    score = min(max(round(question.points * fraction, 4), 0.0), float(question.points))
    failing = [(c, v) for c, v in zip(cases, verdicts) if not v.ok]
    statuses = [_STATUS_OF.get(v.category, "fail") for _, v in failing]
    status = min(statuses, key=_PRIORITY.index) if statuses else "fail"
    case, verdict = next((c, v) for c, v in failing if _STATUS_OF.get(v.category, "fail") == status)
    return score, status, f"{passed}/{total} cases passed; {public_message(case, verdict)}"


def public_message(case, verdict):
    """What a learner may see about a case: everything for public ones, a category for hidden."""
    if case.hidden:
        return f"{case.name}: failed ({verdict.category})"
    return f"{case.name}: {verdict.message}"
