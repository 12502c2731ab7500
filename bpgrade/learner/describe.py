"""Describe a check case as the learner would write it: ``sigmoid(z)`` with ``z`` a float32 array
of shape (3,), arguments and earlier results named by the function's own parameter names.

Parameter names come from trusted code only: the built exercise notebook's ``def`` lines (parsed,
never run) or, inside the learner's own kernel, the learner's functions' signatures. Used by the
in-notebook self-check, ``bpgrade check`` and the grader's feedback, so all three word a case the
same way; ``annotate`` also lets the judge name a modified input by its parameter name.
"""

import ast
import dataclasses
import inspect
import json

import numpy as np

from bpgrade.confined.protocol import Other, Ref, RngSeed

SMALL = 6  # arrays with at most this many entries are shown with their values


def signatures_from_sources(sources):
    """{function or method name: [parameter names]} from Python sources (``self`` dropped)."""
    found = {}
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names = [a.arg for a in node.args.posonlyargs + node.args.args]
                if names and names[0] in ("self", "cls"):
                    names = names[1:]
                found.setdefault(node.name, names)
    return found


def signatures_from_notebook(path):
    """Signatures of the functions defined in a (trusted) notebook's code cells; {} if unreadable."""
    try:
        cells = json.loads(open(path, encoding="utf-8").read())["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return signatures_from_sources("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                                   for c in cells if c.get("cell_type") == "code")


def signatures_from_namespace(namespace, names):
    """Signatures of the named functions in a live namespace (the learner's own kernel)."""
    found = {}
    for name in names:
        try:
            params = inspect.signature(namespace[name]).parameters.values()
        except (KeyError, TypeError, ValueError):
            continue
        found[name] = [p.name for p in params
                       if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return found


def step_names(cases):
    return {s.get("call") or s.get("method") for c in cases for s in c.steps} - {None}


def annotate(cases, signatures):
    """Copies of ``cases`` whose steps carry their parameter names (``step["params"]``) where
    they are known. The cases themselves are left as they are: they may belong to a check set
    that is also written out as public checks."""
    annotated = []
    for case in cases:
        steps = []
        for step in case.steps:
            params = signatures.get(step.get("call") or step.get("method"))
            steps.append(dict(step, params=list(params)) if params is not None and "params" not in step
                         else step)
        annotated.append(dataclasses.replace(case, steps=steps))
    return annotated


def value_text(value):
    """``float32 array of shape (3,) = [-2, 0, 3]``, ``0.1``, ``'relu'``..."""
    if isinstance(value, np.ndarray):
        text = f"{value.dtype} array of shape {value.shape}"
        if value.size <= SMALL:
            shown = np.array2string(value, separator=", ",
                                    formatter={"float_kind": lambda v: f"{v:.4g}"})
            text += " = " + " ".join(shown.split())
        return text
    if isinstance(value, np.generic):
        return f"{value.dtype} {value.item()!r}"
    if isinstance(value, RngSeed):
        return f"np.random.default_rng({value.seed})"
    if isinstance(value, Other):
        return f"a {value.type_name} object"
    if isinstance(value, (list, tuple)) and len(value) > SMALL:
        return f"a {type(value).__name__} of {len(value)} items"
    return repr(value)


def _step_call(step):
    return step.get("call") or step.get("method") or step.get("attr") or "?"


def _result_text(steps, ref):
    name = _step_call(steps[ref.step])
    return f"what {name} returned" if ref.item is None else f"item {ref.item} of what {name} returned"


def call_text(case, limit=600):
    """One line: the calls of ``case`` as code, then what each argument is."""
    steps, calls, details = case.steps, [], []
    for step in steps:
        params = step.get("params") or []
        args = []
        for j, arg in enumerate(step.get("args", [])):
            name = params[j] if j < len(params) else None
            if isinstance(arg, Ref):
                label = name or _step_call(steps[arg.step]) + "_result"
                args.append(label)
                details.append(f"{label} = {_result_text(steps, arg)}")
            elif isinstance(arg, np.ndarray) or isinstance(arg, RngSeed):
                label = name or f"arg{j + 1}"
                args.append(label)
                details.append(f"{label}: {value_text(arg)}")
            elif name:
                args.append(name)
                details.append(f"{name} = {value_text(arg)}")
            else:
                args.append(value_text(arg))
        for key, value in step.get("kwargs", {}).items():
            if isinstance(value, (np.ndarray, Ref, RngSeed)):
                args.append(f"{key}={key}")
                details.append(f"{key}: " + (_result_text(steps, value) if isinstance(value, Ref)
                                             else value_text(value)))
            else:
                args.append(f"{key}={value_text(value)}")
        if "call" in step:
            calls.append(f"{step['call']}({', '.join(args)})")
        else:
            owner = _result_text(steps, step["on"]) if isinstance(step.get("on"), Ref) else "the object"
            member = f"{step.get('method')}({', '.join(args)})" if "method" in step else step.get("attr")
            calls.append(f"({owner}).{member}")
    text = "; then ".join(calls) + (" with " + ", ".join(details) if details else "")
    return text if len(text) <= limit else text[: limit - 3] + "..."
