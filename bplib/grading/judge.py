"""Turn raw case outcomes into verdicts and a question score (trusted side only).

For each case: a run that did not finish keeps its status (missing, error, timeout, crash,
protocol); a finished run is judged against the expected values (``compare.py``), a property
(``properties.py``) or a formula's values at the case's points (``symbolic.py``), then the inputs
are checked for in-place modification. The question's status is ``pass`` when every case
passes; otherwise the most telling failure (missing > crash > timeout > error > fail). Points are
proportional to the cases passed (or all-or-nothing), clamped to the question's maximum.
"""

import numpy as np

from . import properties, symbolic
from .compare import OK, Verdict, compare_arrays, compare_values, unchanged

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
    verdict = _judge_values(question, case, list(run.outputs))
    if verdict.ok and question.no_mutation:
        verdict = _judge_mutation(case, run.args_after)
    return verdict


def _judge_values(question, case, got):
    labels = [o.get("label") or "result" for o in case.outputs]
    if len(got) != len(case.outputs):
        return Verdict(False, "protocol", "wrong number of outputs")
    if question.property is not None:
        if len(got) == 1 and isinstance(got[0], tuple):
            got = list(got[0])  # a function returning (w, b): the property sees w and b
        return properties.check(question.property.name, got, question.property.params)
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


def _judge_mutation(case, args_after):
    for i, step in enumerate(case.steps):
        sent = step.get("args", [])
        after = args_after[i] if i < len(args_after) else []
        for j, value in enumerate(sent):
            if isinstance(value, np.ndarray):
                returned = after[j] if j < len(after) else None
                verdict = unchanged(value, returned, f"argument {j + 1} of {_step_name(step)}")
                if not verdict.ok:
                    return verdict
    return OK


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
