"""Each common mistake of ex01-ex09 fails a PUBLIC case whose name names the mistake.

The mistake is planted into the solution notebook's namespace; the public case (from the built
exercises/checks/*.json, exactly what the learner's self-check runs) must fail, and its name — which
the self-check prints beside the failure — must name the mistake. Where a name quotes a number (how
many times too large a step is), the number is recomputed here from the mistaken code.
"""

import contextlib
import io
import json
from pathlib import Path

import numpy as np
import pytest

from tests.solution_sets import check_module, solution

from bpgrade.authoring import publicspec
from bpgrade.judging.judge import judge_case
from bpgrade.learner.describe import annotate, signatures_from_namespace, step_names
from bpgrade.learner.selfcheck import run_case

ROOT = Path(__file__).resolve().parents[2]
SETS = ("ex01_neuron", "ex02_losses", "ex03_gradient_descent", "ex05_scalar_autodiff", "ex06_dense_backprop",
        "ex08_optimizers", "ex09_init_regularisation")


def public_verdicts(name, qid, namespace):
    checkset = publicspec.loads((ROOT / "exercises" / "checks" / f"{name}.json").read_text(encoding="utf-8"))
    question = checkset.question(qid)
    with contextlib.redirect_stdout(io.StringIO()), np.errstate(all="ignore"):
        return {case.name: judge_case(question, case, run_case(namespace, case)).ok for case in question.public_cases}


def with_mistake(name, source):
    namespace = dict(solution(name))
    exec(compile(source, "<mistake>", "exec"), namespace)
    return namespace


def answer_with(name, qid, old, new):
    """The solution's answer cell of qid with one mistake: old replaced by new (exactly once)."""
    cells = json.loads((ROOT / "solutions" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    source = next("".join(c["source"]) for c in cells if c["metadata"].get("bpgrade") == {"id": qid, "role": "answer"})
    assert source.count(old) == 1, old
    return source.replace(old, new)


# (set, question, mistake, public case number, words its name must contain, mistaken code)
MISTAKES = [
    ("ex02_losses", "q_mse", "MSE averaged over N only", 4, ["dividing by N only", "K = 3 times too large"], """
def mse_loss(pred, y):
    diff = pred - y
    return float(np.sum(diff ** 2) / len(pred)), 2.0 * diff / len(pred)
"""),
    ("ex06_dense_backprop", "q_mse", "MSE averaged over N only", 3, ["dividing by N only", "K = 3 times"], """
def mse_loss(pred, y):
    diff = pred - y
    return float(np.sum(diff ** 2) / diff.shape[0]), 2.0 * diff / diff.shape[0]
"""),
    ("ex02_losses", "q_mse", "sum instead of mean", 5, ["a mean, not a sum", "N = 4 times too large"], """
def mse_loss(pred, y):
    diff = pred - y
    return float(np.sum(diff ** 2)), 2.0 * diff
"""),
    ("ex06_dense_backprop", "q_dense_backward", "keepdims on db", 1, ["keepdims", "(n_out,)"], """
def dense_backward(dout, cache):
    x, W = cache
    return dout @ W.T, x.T @ dout, dout.sum(axis=0, keepdims=True)
"""),
    ("ex02_losses", "q_log_softmax", "row statistics without keepdims", 5, ["keepdims=True", "wrong axis"], """
def log_softmax(z):
    shifted = z - z.max(axis=1)
    return shifted - np.log(np.exp(shifted).sum(axis=1))
"""),
    ("ex06_dense_backprop", "q_softmax_layer", "row sum without keepdims", 4, ["keepdims=True"], """
def softmax_backward(dout, cache):
    return cache * (dout - np.sum(dout * cache, axis=1))
"""),
    ("ex08_optimizers", "q_adam", "bias correction missing", 1, ["3.16× too large", "bias correction is missing"], """
def adam_step(w, g, m, v, t, lr, beta1, beta2, eps):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g * g
    return w - lr * m_new / (np.sqrt(v_new) + eps), m_new, v_new
"""),
    ("ex08_optimizers", "q_adam", "t off by one (t - 1)", 3, ["counted from 1", "t - 1", "1.34× too large"], """
def adam_step(w, g, m, v, t, lr, beta1, beta2, eps):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g * g
    m_hat, v_hat = m_new / (1 - beta1 ** (t - 1)), v_new / (1 - beta2 ** (t - 1))
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new
"""),
    ("ex08_optimizers", "q_adam", "t off by one (t + 1)", 3, ["counted from 1", "t + 1", "0.86× too small"], """
def adam_step(w, g, m, v, t, lr, beta1, beta2, eps):
    t = t + 1
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g * g
    m_hat, v_hat = m_new / (1 - beta1 ** t), v_new / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new
"""),
    ("ex08_optimizers", "q_path", "Adam's t counted from 0 in the loop", 4, ["t counts from 1", "divides by"], """
def optimizer_path(A, w0, method, lr, steps):
    w, m, v, path = np.array(w0, dtype=float), np.zeros(len(w0)), np.zeros(len(w0)), [np.array(w0, dtype=float)]
    for t in range(steps):
        g = A @ w
        if method == "adam":
            w, m, v = adam_step(w, g, m, v, t, lr, 0.9, 0.999, 1e-8)
        elif method == "sgd":
            w = w - lr * g
        elif method == "momentum":
            w, m = sgd_momentum_step(w, g, m, lr, 0.9)
        else:
            w, m = rmsprop_step(w, g, m, lr, 0.9, 1e-8)
        path.append(w)
    return np.stack(path)
"""),
    ("ex08_optimizers", "q_adam", "ε inside the square root", 4, ["after the square root", "10× too small"], """
def adam_step(w, g, m, v, t, lr, beta1, beta2, eps):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g * g
    m_hat, v_hat = m_new / (1 - beta1 ** t), v_new / (1 - beta2 ** t)
    return w - lr * m_hat / np.sqrt(v_hat + eps), m_new, v_new
"""),
    ("ex08_optimizers", "q_rmsprop", "ε inside the square root", 2, ["after the square root", "16× too small"], """
def rmsprop_step(w, g, s, lr, rho, eps):
    s_new = rho * s + (1 - rho) * g * g
    return w - lr * g / np.sqrt(s_new + eps), s_new
"""),
    ("ex01_neuron", "q_relu", "ReLU'(0) = 1", 2, ["ReLU'(0) = 0", "x > 0, not x >= 0"], """
def relu_backward(dout, cache):
    return dout * (cache >= 0)
"""),
    ("ex05_scalar_autodiff", "q_value", "ReLU'(0) = 1", 4, ["ReLU'(0) = 0", "> 0"],
     answer_with("ex05_scalar_autodiff", "q_value", "1.0 if self.data > 0 else 0.0", "1.0 if self.data >= 0 else 0.0")),
    ("ex01_neuron", "q_sigmoid", "unstable sigmoid exp(z) / (1 + exp(z))", 2, ["overflows", "NaN"], """
def sigmoid(z):
    return np.exp(z) / (1.0 + np.exp(z))
"""),
]


# (set, question, public case number, the call the message names, the unstable code)
UNSTABLE_SIGMOIDS = [
    ("ex01_neuron", "q_sigmoid", 2, "sigmoid(z)", """
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))
"""),
    ("ex06_dense_backprop", "q_sigmoid_layer", 2, "step 1 (sigmoid_forward(x))", """
def sigmoid_forward(x):
    out = 1.0 / (1.0 + np.exp(-x))
    return out, out
"""),
]


@pytest.mark.parametrize("name, qid, number, where, source", UNSTABLE_SIGMOIDS,
                         ids=[f"{u[0][:4]}-{u[1]}" for u in UNSTABLE_SIGMOIDS])
def test_unstable_sigmoid_fails_a_public_case_naming_its_overflow_warning(name, qid, number, where, source):
    """1/(1+exp(-z)) has the right values at z = -1000 (1/inf = 0): only its warning is wrong."""
    namespace = with_mistake(name, source)
    checkset = publicspec.loads((ROOT / "exercises" / "checks" / f"{name}.json").read_text(encoding="utf-8"))
    question = checkset.question(qid)
    cases = annotate(question.public_cases, signatures_from_namespace(namespace, step_names(question.public_cases)))
    case = next(c for c in cases if c.name.startswith(f"public {number} "))
    with contextlib.redirect_stdout(io.StringIO()), np.errstate(all="ignore"):  # as a notebook might set
        verdict = judge_case(question, case, run_case(namespace, case))
        correct = judge_case(question, case, run_case(solution(name), case))
    assert correct.ok, correct
    assert (verdict.ok, verdict.category) == (False, "warning"), verdict
    assert verdict.message.startswith(f"{where} warned: RuntimeWarning: overflow encountered in exp — "
                                      "a numerically stable sigmoid"), verdict.message
    assert "1/(1+exp(-" in verdict.message
    question.no_warnings = False  # the values alone are right: only the option fails it
    assert judge_case(question, case, run_case(namespace, case)).ok


@pytest.mark.parametrize("name, qid, mistake, number, words, source", MISTAKES,
                         ids=[f"{m[0][:4]}-{m[1]}-{m[2]}" for m in MISTAKES])
def test_common_mistake_fails_the_public_case_that_names_it(name, qid, mistake, number, words, source):
    correct = public_verdicts(name, qid, solution(name))
    assert all(correct.values()), f"the solution fails {qid}: {correct}"
    verdicts = public_verdicts(name, qid, with_mistake(name, source))
    case = next(c for c in verdicts if c.startswith(f"public {number} ") or c == f"public {number}")
    assert not verdicts[case], f"{mistake} passes {case}"
    for word in words:
        assert word in case, f"the name of {case!r} does not name {mistake} ({word!r})"


def _first_step(step, case_args):
    w, grads, *state = case_args
    return step(w, grads[0], *state)[0] - w


ADAM_CASES = {int(c.name.split()[1]): c.args for c in check_module("ex08_optimizers").QUESTIONS[2].cases(0, False)}


@pytest.mark.parametrize("number, mistake, ratio", [(1, "bias correction missing", 3.16),
                                                    (3, "t off by one (t - 1)", 1.34),
                                                    (3, "t off by one (t + 1)", 0.86),
                                                    (4, "ε inside the square root", 0.10)])
def test_the_ratio_quoted_by_an_adam_case_is_what_the_mistake_gives(number, mistake, ratio):
    source = next(m[5] for m in MISTAKES if m[1] == "q_adam" and m[2] == mistake)
    right = _first_step(solution("ex08_optimizers")["adam_step"], ADAM_CASES[number])
    wrong = _first_step(with_mistake("ex08_optimizers", source)["adam_step"], ADAM_CASES[number])
    np.testing.assert_allclose(wrong / right, ratio, rtol=0.02)


def test_the_ratio_quoted_by_the_rmsprop_case_is_what_the_mistake_gives():
    args = check_module("ex08_optimizers").QUESTIONS[1].public[1].args
    source = next(m[5] for m in MISTAKES if m[1] == "q_rmsprop")
    right = _first_step(solution("ex08_optimizers")["rmsprop_step"], args)
    wrong = _first_step(with_mistake("ex08_optimizers", source)["rmsprop_step"], args)
    assert right[0, 0] / wrong[0, 0] == pytest.approx(16, rel=0.02)
