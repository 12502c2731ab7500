"""Every grading seed holds cases that only a numerically stable formula gets right.

The stable questions (ex01's sigmoid, ex02's log-softmax and softmax cross-entropy, ex06's sigmoid
and softmax layers) cannot rely on warnings, which the learner's code controls. So for each of
them, in a public case and in the hidden cases of every seed, the usual unstable formulas — the
textbook formula with its warnings hidden, the same with its input clipped into exp's range, the
log of a shifted softmax — must give a clearly different answer from the stable one. The free-points
corpus (`corpus/points/`) checks the grader's verdict on such attacks for one seed; this file
checks, for many seeds, that the cases behind that verdict are always drawn.
"""

import re

import numpy as np
import pytest

import bplib
from bpgrade.authoring import stable_inputs
from tests.solution_sets import check_module

SEEDS = range(30)


# the references: bplib's stable sigmoid and log-softmax (their extremes are tested in
# tests/test_functional.py and tests/test_losses.py)
stable_sigmoid, stable_log_softmax = bplib.sigmoid, bplib.log_softmax


def unshifted_log_softmax(z):
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def unshifted_softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def clip(z):
    return np.clip(z, -700.0, 700.0)


def cross_entropies(log_softmax):
    """Per-row losses -log p[n, y_n] from a log-softmax function."""
    return lambda z, y: -log_softmax(z)[np.arange(len(y)), y]


SIGMOIDS = {
    "1/(1+exp(-z))": lambda z: 1.0 / (1.0 + np.exp(-z)),
    "clipped to [-700, 700]": lambda z: 1.0 / (1.0 + np.exp(-clip(z))),
    "0.5 (1 + tanh(z/2))": lambda z: 0.5 * (1.0 + np.tanh(0.5 * z)),
}
LOG_SOFTMAXES = {
    "unshifted": unshifted_log_softmax,
    "unshifted, clipped to [-700, 700]": lambda z: unshifted_log_softmax(clip(z)),
    "log of a shifted softmax": lambda z: np.log(np.exp(stable_log_softmax(z))),
}
SOFTMAXES = {
    "unshifted": unshifted_softmax,
    "unshifted, clipped to [-700, 700]": lambda z: unshifted_softmax(clip(z)),
}


def relatively_wrong(bad, good):
    # compared relatively, as the sigmoid questions are: a tiny nonzero value returned as 0 is wrong
    return not np.allclose(bad, good, rtol=1e-3, atol=0.0)


def wrong(bad, good):
    return not np.allclose(bad, good, rtol=1e-6, atol=1e-9)     # NaN or ±inf is never close


def first(f):
    return lambda *args: f(args[0])


# (set, question, its answer from the case's arguments, the unstable variants, what counts as wrong)
QUESTIONS = [
    ("ex01_neuron", "q_sigmoid", first(stable_sigmoid), {k: first(f) for k, f in SIGMOIDS.items()}, relatively_wrong),
    ("ex06_dense_backprop", "q_sigmoid_layer", first(stable_sigmoid), {k: first(f) for k, f in SIGMOIDS.items()},
     relatively_wrong),
    ("ex02_losses", "q_log_softmax", first(stable_log_softmax), {k: first(f) for k, f in LOG_SOFTMAXES.items()},
     wrong),
    ("ex02_losses", "q_softmax_ce", cross_entropies(stable_log_softmax),
     {k: cross_entropies(f) for k, f in LOG_SOFTMAXES.items()}, wrong),
    ("ex06_dense_backprop", "q_softmax_layer", first(bplib.softmax),
     {k: first(f) for k, f in SOFTMAXES.items()}, wrong),
]


def question(name, qid):
    return next(q for q in check_module(name).QUESTIONS if q.id == qid)


def caught(args, stable, bad, is_wrong):
    args = [np.asarray(a) for a in args[:2]]
    with np.errstate(all="ignore"):
        return is_wrong(bad(*args), stable(*args))


@pytest.mark.parametrize("name, qid, stable, variants, is_wrong", QUESTIONS, ids=[q[1] for q in QUESTIONS])
def test_every_seed_has_cases_only_a_stable_formula_gets_right(name, qid, stable, variants, is_wrong):
    q = question(name, qid)
    public = [c for c in q.cases(0) if not c.hidden]
    for label, bad in variants.items():
        assert any(caught(c.args, stable, bad, is_wrong) for c in public), \
            f"{qid}: no public case tells the stable formula from {label}"
        for seed in SEEDS:
            hidden = [c for c in q.cases(seed) if c.hidden]
            assert any(caught(c.args, stable, bad, is_wrong) for c in hidden), \
                f"{qid}, seed {seed}: no hidden case tells the stable formula from {label}"


def test_the_variants_are_right_where_exp_stays_in_range():
    # Negative control: on ordinary inputs the unstable variants agree with the stable formulas,
    # so the test above fails them only on the inputs made for it.
    z = np.random.default_rng(0).normal(scale=3.0, size=(4, 5))
    y = np.array([0, 1, 2, 4])
    for name, qid, stable, variants, is_wrong in QUESTIONS:
        for label, bad in variants.items():
            assert not caught((z, y), stable, bad, is_wrong), (qid, label)


@pytest.mark.parametrize("seed", SEEDS)
def test_extreme_rows(seed):
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(5, 4))
    before = z.copy()
    out, (wide, low) = stable_inputs.with_extreme_rows(rng, z)
    assert np.array_equal(z, before), "the input was changed"
    beyond = np.log(np.finfo(np.float64).max)                     # about 709.8: exp overflows above it
    high = [row for row in out if row.min() > beyond]
    low_rows = [row for row in out if row.max() < -beyond]
    assert len(high) == len(low_rows) == 1
    assert all(np.ptp(row) < 40.0 for row in high + low_rows)    # close together: not one huge spread
    assert out[wide, low] < -beyond and out[wide].max() > beyond
    assert np.exp(out[wide, low] - out[wide].max()) == 0.0        # that probability underflows
    assert np.sum(np.all(out == before, axis=1)) == 2


@pytest.mark.parametrize("seed", SEEDS)
def test_subnormal_sigmoid(seed):
    z = np.zeros((2, 3))
    out, i = stable_inputs.with_subnormal_sigmoid(np.random.default_rng(seed), z)
    assert np.array_equal(z, np.zeros((2, 3))), "the input was changed"
    sigma = stable_sigmoid(out.flat[i])
    assert 0.0 < sigma < np.finfo(np.float64).tiny                 # subnormal: tiny, not 0
    assert np.count_nonzero(out) == 1


def test_bad_logits_shape_is_refused():
    for shape in [(2, 3), (3, 1), (6,)]:
        with pytest.raises(ValueError, match=rf"with_extreme_rows: z must have shape \(N, C\) with N >= 3 "
                                             rf"and C >= 2; got {re.escape(str(shape))}"):
            stable_inputs.with_extreme_rows(np.random.default_rng(0), np.zeros(shape))
