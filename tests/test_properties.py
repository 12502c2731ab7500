"""Property-based tests of bplib's functional API, losses, optimizers and fit (Hypothesis).

Random shapes and values (float64 and float32, up to ±1e3, tiny magnitudes too) for every
forward/backward pair and loss: no input mutated, dtype kept, finite and warning-free at the
extremes, gradients equal to centred differences entry by entry (float64, moderate values);
optimizers against steps computed by hand from their documented formulas; fit deterministic for
a seed. Derandomised with bounded example counts, so every run tests the same cases.
"""

import warnings

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import bplib as bp
from bplib import rnn
from bplib.datasets import moons

settings.register_profile("bplib", derandomize=True, database=None, deadline=None, max_examples=60,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("bplib")

DTYPES = st.sampled_from([np.float64, np.float32])
DIMS = st.integers(1, 4)


def values(dtype, limit=1e3):
    """Floats in [−limit, limit], with tiny magnitudes and exact zeros well represented."""
    dtype = np.dtype(dtype)
    width = 8 * dtype.itemsize
    limit, small = (float(dtype.type(v)) for v in (limit, 1e-30))  # bounds representable in dtype
    big = st.floats(-limit, limit, width=width)
    tiny = st.floats(-small, small, width=width)
    return st.one_of(big, tiny, st.just(0.0))


@st.composite
def batch(draw, dtype=None, limit=1e3, shape=None):
    dtype = draw(DTYPES) if dtype is None else dtype
    shape = shape or (draw(DIMS), draw(DIMS))
    return draw(arrays(dtype, shape, elements=values(dtype, limit)))


def no_warnings(fn, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return fn(*args)


def assert_matches_centred_differences(analytic, f, x):
    """Every entry of the analytic gradient equals the centred difference to 1e-6 (plus noise)."""
    numeric = bp.numerical_gradient(f, x)
    tolerance = 1e-6 * (np.abs(analytic) + np.abs(numeric)) + 1e-8
    assert np.all(np.abs(analytic - numeric) <= tolerance), (analytic, numeric)


ACTIVATIONS = [(bp.sigmoid_forward, bp.sigmoid_backward), (bp.tanh_forward, bp.tanh_backward),
               (bp.relu_forward, bp.relu_backward)]


@given(x=batch(), pair=st.sampled_from(ACTIVATIONS), data=st.data())
def test_activation_pairs_keep_dtype_mutate_nothing_and_stay_finite(x, pair, data):
    forward, backward = pair
    dout = data.draw(batch(x.dtype, shape=x.shape))
    x0, dout0 = x.copy(), dout.copy()
    out, cache = no_warnings(forward, x)
    dx = no_warnings(backward, dout, cache)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(dout, dout0)
    assert out.dtype == dx.dtype == x.dtype and out.shape == dx.shape == x.shape
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(dx))


@given(x=batch(np.float64, limit=5.0), pair=st.sampled_from(ACTIVATIONS), data=st.data())
def test_activation_gradients_equal_centred_differences(x, pair, data):
    forward, backward = pair
    if forward is bp.relu_forward:
        x = np.where(np.abs(x) < 1e-3, 0.5, x)  # centred differences across the kink are meaningless
    dout = data.draw(batch(np.float64, limit=5.0, shape=x.shape))
    dx = backward(dout, forward(x)[1])
    assert_matches_centred_differences(dx, lambda z: np.sum(forward(z)[0] * dout), x)


@given(dtype=DTYPES, n=DIMS, n_in=DIMS, n_out=DIMS, data=st.data())
def test_dense_pair_keeps_dtype_mutates_nothing_and_matches_centred_differences(dtype, n, n_in, n_out, data):
    x = data.draw(batch(dtype, shape=(n, n_in)))
    W = data.draw(batch(dtype, shape=(n_in, n_out)))
    b = data.draw(batch(dtype, shape=(n_out,)))
    dout = data.draw(batch(dtype, shape=(n, n_out)))
    before = [a.copy() for a in (x, W, b, dout)]
    out, cache = no_warnings(bp.dense_forward, x, W, b)
    grads = no_warnings(bp.dense_backward, dout, cache)
    for a, a0 in zip((x, W, b, dout), before):
        np.testing.assert_array_equal(a, a0)
    assert out.dtype == dtype and all(g.dtype == dtype for g in grads)
    if dtype == np.float64:
        x, W, b, dout = (np.clip(a, -5, 5) for a in (x, W, b, dout))
        dx, dW, db = bp.dense_backward(dout, bp.dense_forward(x, W, b)[1])
        assert_matches_centred_differences(dx, lambda z: np.sum(bp.dense_forward(z, W, b)[0] * dout), x)
        assert_matches_centred_differences(dW, lambda z: np.sum(bp.dense_forward(x, z, b)[0] * dout), W)
        assert_matches_centred_differences(db, lambda z: np.sum(bp.dense_forward(x, W, z)[0] * dout), b)


@given(x=batch(), p=st.floats(0.0, 0.9), seed=st.integers(0, 2**16), data=st.data())
def test_dropout_pair_keeps_dtype_and_backward_uses_the_forward_mask(x, p, seed, data):
    dout = data.draw(batch(x.dtype, shape=x.shape))
    x0 = x.copy()
    out, cache = no_warnings(lambda: bp.dropout_forward(x, p, rng=seed))
    dx = no_warnings(bp.dropout_backward, dout, cache)
    np.testing.assert_array_equal(x, x0)
    assert out.dtype == dx.dtype == x.dtype
    mask = np.ones_like(x) if cache is None else cache
    np.testing.assert_array_equal(dx, dout * mask)
    np.testing.assert_array_equal(out, x * mask)


@settings(max_examples=20)
@given(dtype=DTYPES, n=DIMS, t=st.integers(1, 3), d=DIMS, h=DIMS, data=st.data())
def test_rnn_pair_keeps_dtype_mutates_nothing_and_matches_centred_differences(dtype, n, t, d, h, data):
    shapes = [(n, t, d), (n, h), (d, h), (h, h), (h,)]
    args = [data.draw(batch(dtype, shape=s)) for s in shapes]
    dh = data.draw(batch(dtype, shape=(n, t, h)))
    before = [a.copy() for a in args + [dh]]
    out, cache = no_warnings(rnn.rnn_forward, *args)
    grads = no_warnings(rnn.rnn_backward, dh, cache)
    for a, a0 in zip(args + [dh], before):
        np.testing.assert_array_equal(a, a0)
    assert out.dtype == dtype and all(g.dtype == dtype for g in grads)
    assert np.all(np.isfinite(out)) and all(np.all(np.isfinite(g)) for g in grads)
    if dtype == np.float64:
        args, dh = [np.clip(a, -2, 2) for a in args], np.clip(dh, -2, 2)
        grads = rnn.rnn_backward(dh, rnn.rnn_forward(*args)[1])
        for i, grad in enumerate(grads):
            def f(z, i=i):
                return np.sum(rnn.rnn_forward(*args[:i], z, *args[i + 1:])[0] * dh)
            assert_matches_centred_differences(grad, f, args[i])


def _binary_targets(dtype, shape):
    return arrays(dtype, shape, elements=st.sampled_from([0.0, 1.0, 0.25]))


@st.composite
def loss_case(draw, dtype=None, limit=1e3):
    dtype = draw(DTYPES) if dtype is None else dtype
    name = draw(st.sampled_from(["mse", "bce", "bce_logits", "softmax_ce"]))
    shape = (draw(DIMS), draw(st.integers(1, 4)))
    pred = draw(batch(dtype, limit=limit, shape=shape))
    if name == "mse":
        return name, bp.mse_loss, pred, draw(batch(dtype, limit=limit, shape=shape))
    if name == "bce":
        return name, bp.binary_cross_entropy, bp.sigmoid(pred), draw(_binary_targets(dtype, shape))
    if name == "bce_logits":
        return name, bp.sigmoid_binary_cross_entropy, pred, draw(_binary_targets(dtype, shape))
    return name, bp.softmax_cross_entropy, pred, draw(arrays(np.int64, shape[:1], elements=st.integers(0, shape[1] - 1)))


@given(case=loss_case())
def test_losses_are_finite_warning_free_dtype_keeping_and_mutate_nothing(case):
    _, fn, pred, y = case
    pred0, y0 = pred.copy(), y.copy()
    loss, grad = no_warnings(fn, pred, y)
    np.testing.assert_array_equal(pred, pred0)
    np.testing.assert_array_equal(y, y0)
    assert np.isfinite(loss) and loss >= 0
    assert grad.dtype == pred.dtype and grad.shape == pred.shape and np.all(np.isfinite(grad))


@given(case=loss_case(np.float64, limit=4.0))
def test_loss_gradients_equal_centred_differences(case):
    name, fn, pred, y = case
    if name == "bce":  # probabilities away from the clipping at 0 and 1
        pred = np.clip(pred, 0.05, 0.95)
    _, grad = fn(pred, y)
    assert_matches_centred_differences(grad, lambda z: fn(z, y)[0], pred)


@given(z=batch())
def test_softmax_rows_are_distributions_and_log_softmax_agrees(z):
    s, ls = no_warnings(bp.softmax, z), no_warnings(bp.log_softmax, z)
    assert s.dtype == ls.dtype == z.dtype
    assert np.all(s >= 0) and np.all(np.isfinite(ls))
    np.testing.assert_allclose(s.sum(axis=1), 1.0, rtol=1e-5 if z.dtype == np.float32 else 1e-12)
    np.testing.assert_allclose(np.exp(ls), s, rtol=1e-4 if z.dtype == np.float32 else 1e-10, atol=1e-30)


# --- optimizers against hand-computed steps --------------------------------------------------

HYPER = st.fixed_dictionaries({
    "lr": st.floats(1e-4, 1.0), "weight_decay": st.sampled_from([0.0, 1e-2]),
    "momentum": st.floats(0.0, 0.99), "rho": st.floats(0.0, 0.99), "beta1": st.floats(0.0, 0.99),
    "beta2": st.floats(0.0, 0.999), "eps": st.sampled_from([1e-8, 1e-3]),
})


def _hand_steps(kind, w, grads, h):
    """The documented update rules (module docstring of bplib.optim), one line per formula."""
    w = w.copy()
    v = np.zeros_like(w)
    m = np.zeros_like(w)
    for t, g in enumerate(grads, start=1):
        g = g + h["weight_decay"] * w
        if kind == "SGD":
            v = h["momentum"] * v + g
            w = w - h["lr"] * v
        elif kind == "RMSProp":
            v = h["rho"] * v + (1 - h["rho"]) * g * g
            w = w - h["lr"] * g / (np.sqrt(v) + h["eps"])
        else:
            m = h["beta1"] * m + (1 - h["beta1"]) * g
            v = h["beta2"] * v + (1 - h["beta2"]) * g * g
            m_hat, v_hat = m / (1 - h["beta1"] ** t), v / (1 - h["beta2"] ** t)
            w = w - h["lr"] * m_hat / (np.sqrt(v_hat) + h["eps"])
    return w


def _make(kind, params, h):
    if kind == "SGD":
        return bp.SGD(params, lr=h["lr"], momentum=h["momentum"], weight_decay=h["weight_decay"])
    if kind == "RMSProp":
        return bp.RMSProp(params, lr=h["lr"], rho=h["rho"], eps=h["eps"], weight_decay=h["weight_decay"])
    return bp.Adam(params, lr=h["lr"], beta1=h["beta1"], beta2=h["beta2"], eps=h["eps"], weight_decay=h["weight_decay"])


@given(kind=st.sampled_from(["SGD", "RMSProp", "Adam"]), h=HYPER, data=st.data())
def test_optimizer_steps_equal_the_documented_formulas(kind, h, data):
    shape = (data.draw(DIMS), data.draw(DIMS))
    w0 = data.draw(batch(np.float64, limit=10.0, shape=shape))
    grads = [data.draw(batch(np.float64, limit=10.0, shape=shape)) for _ in range(3)]
    p = bp.Parameter(w0)
    opt = _make(kind, [p], h)
    for g in grads:
        opt.zero_grad()
        p.grad += g
        opt.step()
    np.testing.assert_allclose(p.data, _hand_steps(kind, w0, grads, h), rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(grads[-1], p.grad)  # step() leaves the gradient alone


# --- fit -------------------------------------------------------------------------------------

@settings(max_examples=8)
@given(seed=st.integers(0, 1000), batch_size=st.integers(1, 8), kind=st.sampled_from(["SGD", "Adam"]))
def test_fit_is_deterministic_for_a_seed(seed, batch_size, kind):
    X, y = moons(24, rng=seed)
    runs = []
    for _ in range(2):
        model = bp.Sequential(bp.Dense(2, 5, rng=seed), bp.Tanh(), bp.Dense(5, 2, rng=seed + 1))
        opt = bp.SGD(model.parameters(), lr=0.1) if kind == "SGD" else bp.Adam(model.parameters(), lr=0.01)
        hist = bp.fit(model, X, y, loss=bp.SoftmaxCrossEntropyLoss(), optimizer=opt, epochs=3,
                      batch_size=batch_size, rng=seed, validation_data=(X[:6], y[:6]), progress=False)
        runs.append((hist, [p.data.copy() for p in model.parameters()]))
    assert runs[0][0] == runs[1][0]
    assert all(0.0 <= a <= 1.0 for a in runs[0][0]["accuracy"])
    for a, b in zip(runs[0][1], runs[1][1]):
        np.testing.assert_array_equal(a, b)
