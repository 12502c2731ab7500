"""A deliberately naive notebook checker, the negative control of the adversarial corpus.

It does what graders without isolation do: runs the submission's cells in its own process,
then calls the learner's functions there and judges with ``np.allclose`` / ``==`` on the public
cases, trusting whatever that process computes. The self-test shows that the corpus's cheating
submissions fool this checker — and not ``bpgrade``. Never use it for grading.

Run as ``python naive_checker.py NOTEBOOK PUBLIC_CHECKS_JSON``; prints ``RESULT {json}``.
"""

import json
import subprocess
import sys
from pathlib import Path

CHEATS = {  # corpus case -> questions it should wrongly pass here
    "monkeypatch_comparisons": ["q_sigmoid"],
    "always_equal": ["q_relu"],
    "hardcoded_public": ["q_sigmoid"],
    "wrong_shape": ["q_sigmoid"],
    "mutates_inputs": ["q_relu"],
    "read_secrets": ["q_sigmoid"],
    "unstable_sigmoid": ["q_sigmoid"],  # right values; only its overflow warning is wrong
}


def _checks(ns, public):
    import numpy as np

    from bpgrade.authoring import publicspec

    checkset = publicspec.loads(public)
    passed = {}
    for q in checkset.questions:
        ok = True
        for case in q.public_cases:
            try:
                step_args = [s["args"] for s in case.steps]
                if q.id == "q_sigmoid":
                    ok &= bool(np.allclose(ns["sigmoid"](*step_args[0]), case.expected[0]))
                elif q.id == "q_relu":
                    x, dout = step_args[0][0], step_args[1][0]
                    out, cache = ns["relu_forward"](x)
                    dx = ns["relu_backward"](dout, cache)
                    ok &= bool((out == case.expected[0]).all()) and bool((dx == case.expected[1]).all())
                elif q.id == "q_neuron":
                    ok &= bool(np.allclose(ns["neuron_forward"](*step_args[0], **case.steps[0]["kwargs"]),
                                           case.expected[0]))
                elif q.id == "q_and":
                    w, b = ns["and_gate"]()
                    X, y = np.array(q.property.params["X"]), np.array(q.property.params["y"])
                    ok &= bool(((X @ w + b > 0) == y).all())
            except Exception:
                ok = False
        passed[q.id] = ok
    return passed


def main(notebook_path, public_path):
    nb = json.loads(Path(notebook_path).read_text(encoding="utf-8"))
    ns = {"__name__": "__main__"}
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
        try:
            exec(source, ns)
        except Exception:
            pass
    print("RESULT " + json.dumps(_checks(ns, Path(public_path).read_text(encoding="utf-8"))))


def run_naive(notebook_path, public_path, timeout=60):
    """Run the naive checker on one notebook in a plain subprocess; {question: passed}."""
    proc = subprocess.run([sys.executable, __file__, str(notebook_path), str(public_path)],
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    lines = [l for l in proc.stdout.splitlines() if l.startswith("RESULT ")]
    return json.loads(lines[-1][7:]) if lines else {}


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
