"""The public checks file shipped with each exercise: ``exercises/checks/<exercise>.json``.

It holds, for every question, the public cases (arguments, steps and outputs) with their expected
values computed from the solution, the tolerances and the property/formula settings — and
nothing hidden: no hidden generators, no solution text. The in-notebook self-check and
``bpgrade check`` read it and judge with the grader's code. Values are stored exactly (float64 via
``repr``) with their dtype and shape; the file is written deterministically.
"""

import json

import numpy as np

from bpgrade.authoring import spec as spec_mod
from bpgrade.confined.protocol import Other, Ref, RngSeed

FORMAT = 1


def to_json(value):
    """A value (arrays, numbers, strings, tuples, refs) as JSON-able data, exactly."""
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        arr = np.asarray(value)
        return {"t": "array", "dtype": arr.dtype.str, "shape": list(arr.shape),
                "data": [x.item() for x in arr.ravel()], "scalar": isinstance(value, np.generic)}
    if isinstance(value, Ref):
        return {"t": "ref", "step": value.step, "item": value.item}
    if isinstance(value, RngSeed):
        return {"t": "rng", "seed": value.seed}
    if isinstance(value, (tuple, list)):
        return {"t": "seq", "items": [to_json(v) for v in value], "list": isinstance(value, list)}
    if isinstance(value, Other):
        return {"t": "other", "type": value.type_name}
    if value is None or type(value) in (bool, int, float, str):
        return {"t": "py", "v": value}
    raise TypeError(f"cannot store a {type(value).__name__} in a public checks file")


def from_json(data):
    kind = data["t"]
    if kind == "array":
        arr = np.array(data["data"], dtype=np.dtype(data["dtype"])).reshape(data["shape"])
        return arr[()] if data.get("scalar") else arr
    if kind == "ref":
        return Ref(data["step"], data["item"])
    if kind == "rng":
        return RngSeed(data["seed"])
    if kind == "seq":
        items = [from_json(v) for v in data["items"]]
        return items if data.get("list") else tuple(items)
    if kind == "other":
        return Other(data["type"])
    return data["v"]


def _step_json(step):
    out = {k: v for k, v in step.items() if k not in ("args", "kwargs", "on")}
    out["args"] = [to_json(a) for a in step.get("args", [])]
    out["kwargs"] = {k: to_json(v) for k, v in sorted(step.get("kwargs", {}).items())}
    if "on" in step:
        out["on"] = to_json(step["on"])
    return out


def _step_from(data):
    step = dict(data, args=[from_json(a) for a in data["args"]],
                kwargs={k: from_json(v) for k, v in data["kwargs"].items()})
    if "on" in data:
        step["on"] = from_json(data["on"])
    return step


def dumps(checkset, expected):
    """JSON text of the public checks; ``expected[qid]`` lists each public case's outputs."""
    questions = []
    for q in checkset.questions:
        cases = []
        from_args = sorted(set(q.property.from_args().values())) if q.property else []
        for case, exp in zip(q.public_cases, expected.get(q.id, [None] * len(q.public_cases))):
            entry = {"name": case.name, "steps": [_step_json(s) for s in case.steps],
                     "outputs": case.outputs,
                     "points": None if case.points is None else {k: to_json(v) for k, v in case.points.items()},
                     "expected": None if exp is None else [to_json(v) for v in exp]}
            if from_args:  # only the public case's arguments its property reads
                entry["property_args"] = {str(i): to_json(case.args[i]) for i in from_args}
            cases.append(entry)
        questions.append({
            "id": q.id, "title": q.title, "points": q.points, "rtol": q.rtol, "atol": q.atol,
            "no_mutation": q.no_mutation, "no_warnings": q.no_warnings,
            "warning_hint": q.warning_hint, "exact_dtype": q.exact_dtype, "timeout": q.timeout,
            "all_or_nothing": q.all_or_nothing, "scoring": _scoring_json(q.scoring), "names": list(q.required_names()),
            "property": None if q.property is None else {"name": q.property.name, "params": q.property.params},
            "expression": None if q.expression is None else {"symbols": list(q.expression.symbols)},
            "hidden_cases": q.n_hidden(), "public_cases": cases})
    doc = {"format": FORMAT, "exercise": checkset.exercise, "title": checkset.title,
           "check_file_sha256": checkset.source_hash, "questions": questions}
    return json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _scoring_json(scoring):
    if isinstance(scoring, spec_mod.Threshold):
        return {"threshold": scoring.k, "below": scoring.below}
    return scoring


def _scoring_from(data):
    if isinstance(data, dict):
        return spec_mod.Threshold(data["threshold"], data["below"])
    return data


class PublicQuestion(spec_mod.Question):
    """A question rebuilt from the public file: public cases only, expected values attached."""

    def __init__(self, data):
        self.__dict__.update(id=data["id"], title=data["title"], points=data["points"],
                             rtol=data["rtol"], atol=data["atol"], no_mutation=data["no_mutation"],
                             exact_dtype=data["exact_dtype"], timeout=data["timeout"],
                             all_or_nothing=data["all_or_nothing"], names=tuple(data["names"]),
                             function=None, steps=None, outputs=None, public=[], hidden=None,
                             timeout_message=None, no_warnings=data.get("no_warnings", False),
                             warning_hint=data.get("warning_hint", ""),
                             scoring=_scoring_from(data.get("scoring", "all_or_nothing" if
                                                            data["all_or_nothing"] else "proportional")))
        prop = data["property"]
        self.property = spec_mod.Property(prop["name"], **prop["params"]) if prop else None
        expr = data["expression"]
        self.expression = spec_mod.Expression(tuple(expr["symbols"])) if expr else None
        self.hidden_count = data["hidden_cases"]
        self.public_cases = []
        for c in data["public_cases"]:
            points = None if c["points"] is None else {k: from_json(v) for k, v in c["points"].items()}
            expected = None if c["expected"] is None else [from_json(v) for v in c["expected"]]
            args = {int(i): from_json(v) for i, v in c.get("property_args", {}).items()}
            self.public_cases.append(spec_mod.Case(c["name"], False, [_step_from(s) for s in c["steps"]],
                                                   c["outputs"], points, expected, args))


def loads(text):
    """A CheckSet of PublicQuestions from the JSON text."""
    doc = json.loads(text)
    if doc.get("format") != FORMAT:
        raise ValueError(f"unsupported public checks format {doc.get('format')!r}")
    return spec_mod.CheckSet(doc["exercise"], [PublicQuestion(q) for q in doc["questions"]],
                             title=doc.get("title", ""))


def staleness(public_path, exercise, layout=None):
    """A one-line note when ``public_path`` was built from another version of the course's check
    file (``solutions/checks/<exercise>.py``, when there is one), else None."""
    import hashlib

    from bpgrade.layout import Layout

    layout = layout or Layout.find()
    check_file = layout.check_file(exercise)
    if not check_file.exists():
        return None
    try:
        recorded = json.loads(open(public_path, encoding="utf-8").read()).get("check_file_sha256")
    except (OSError, ValueError):
        return None
    current = hashlib.sha256(check_file.read_bytes()).hexdigest()
    if recorded == current:
        return None
    return (f"note: {public_path} is stale: it was built from another version of {check_file}; "
            f"run `bpgrade build {exercise}` (these verdicts use the public cases it holds)")


def equivalent(text_a, text_b, rtol=1e-12):
    """True when two public checks files differ at most in the last bits of their floats (what
    another CPU's BLAS may produce): rebuilding on another machine must not count as a change."""
    try:
        return _same(json.loads(text_a), json.loads(text_b), rtol)
    except ValueError:
        return False


def _same(a, b, rtol):
    if isinstance(a, float) or isinstance(b, float):
        if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
            return False
        return a == b or bool(np.isclose(a, b, rtol=rtol, atol=0.0)) or (a != a and b != b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k], rtol) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y, rtol) for x, y in zip(a, b))
    return a == b
