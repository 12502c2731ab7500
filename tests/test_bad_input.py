"""bplib under bad and extreme input: wrong results that are now right, and clear errors.

Every rejection must name the function and the argument (``func: arg ...``), and every wrong
result of the old code has a test here that reproduces it.
"""

import warnings

import numpy as np
import pytest
import sympy as sp

import bplib as bp
from bplib import datasets, rnn, seednet, symbolic

RNG = np.random.default_rng(10)


# --- wrong results -----------------------------------------------------------------------------

def test_float32_bce_at_a_saturated_sigmoid_is_finite_and_warning_free():
    p = bp.sigmoid(np.array([[17.0]], dtype=np.float32))  # rounds to 1.0 in float32
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, grad = bp.binary_cross_entropy(p, np.array([[0.0]], dtype=np.float32))
    # p is clipped to 1 − 1e-7, which float32 rounds to 1 − 2⁻²³: the loss is −log(2⁻²³)
    assert loss == pytest.approx(23 * np.log(2), rel=1e-6)
    assert grad.dtype == np.float32 and np.all(np.isfinite(grad))


def test_float32_dense_sigmoid_bce_model_trains_where_float64_does():
    for dtype in (np.float32, np.float64):
        model = bp.Sequential(bp.Dense(1, 1, rng=0, dtype=dtype), bp.Sigmoid())
        model[0].W.data[:] = 17.0
        X, y = np.ones((2, 1), dtype), np.zeros((2, 1), dtype)
        hist = bp.fit(model, X, y, loss=bp.BCELoss(), optimizer=bp.SGD(model.parameters(), lr=1e-3),
                      epochs=3, batch_size=2, progress=False)
        assert all(np.isfinite(hist["loss"])) and model[0].W.data.dtype == dtype


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("value", [1000.0, -1000.0])
def test_every_loss_is_finite_and_warning_free_at_plus_minus_1000(dtype, value):
    z = np.array([[value, -value, 0.0], [value, value, -value]], dtype=dtype)
    y01 = np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.5]], dtype=dtype)
    labels = np.array([1, 2])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        results = [bp.mse_loss(z, y01), bp.binary_cross_entropy(bp.sigmoid(z), y01),
                   bp.sigmoid_binary_cross_entropy(z, y01), bp.softmax_cross_entropy(z, labels)]
        for s in (bp.softmax(z), bp.log_softmax(z)):
            assert s.dtype == dtype and not np.any(np.isnan(s))
    for loss, grad in results:
        assert np.isfinite(loss)
        assert grad.dtype == dtype and np.all(np.isfinite(grad))
    # the logit form is exact: |z| = 1000 on the wrong side costs 1000 per entry
    assert results[2][0] == pytest.approx(np.mean([1000, 1000, np.log(2), 0, 1000, 500]) if value > 0
                                          else np.mean([0, 0, np.log(2), 1000, 0, 500]), rel=1e-6)


def test_fit_and_evaluate_agree_on_accuracy_for_several_binary_outputs():
    X = RNG.normal(size=(8, 3))
    y = (RNG.random((8, 4)) < 0.5).astype(float)
    for loss, last in ((bp.BCEWithLogitsLoss(), []), (bp.BCELoss(), [bp.Sigmoid()])):
        model = bp.Sequential(bp.Dense(3, 4, rng=1), *last)
        _, before = bp.evaluate(model, X, y, loss)
        hist = bp.fit(model, X, y, loss=loss, optimizer=bp.SGD(model.parameters(), lr=1e-300), epochs=1,
                      batch_size=8, shuffle=False, progress=False)
        assert 0.0 <= hist["accuracy"][0] <= 1.0
        assert hist["accuracy"][0] == before  # per element in both


def test_dense_accepts_only_float32_and_float64():
    for dtype in (np.int32, np.float16, np.complex128, "banana"):
        with pytest.raises(TypeError, match="Dense: dtype must be float32 or float64"):
            bp.Dense(2, 3, rng=0, dtype=dtype)
    with pytest.raises(TypeError, match="initialise: dtype must be float32 or float64; got int32"):
        bp.initialise((2, 3), dtype=np.int32)


def test_float32_model_fed_float64_data_stays_float32():
    model = bp.Sequential(bp.Dense(3, 4, rng=0, dtype=np.float32), bp.Tanh(), bp.Dense(4, 2, rng=1, dtype=np.float32))
    out = model.forward(RNG.normal(size=(5, 3)))
    assert out.dtype == np.float32
    dx = model.backward(RNG.normal(size=(5, 2)))
    assert dx.dtype == np.float32 and all(p.grad.dtype == np.float32 for p in model.parameters())


def test_predict_between_forward_and_backward_keeps_the_forward_caches():
    def model():
        return bp.Sequential(bp.Dense(3, 4, rng=0), bp.Tanh(), bp.Dense(4, 4, rng=1), bp.ReLU(),
                             bp.Dropout(0.5, rng=2), bp.Dense(4, 1, rng=3))
    Xa, Xb, dout = RNG.normal(size=(5, 3)), RNG.normal(size=(7, 3)), RNG.normal(size=(5, 1))
    plain, interrupted = model(), model()
    plain.forward(Xa)
    dx_plain = plain.backward(dout)
    interrupted.forward(Xa)
    interrupted.predict(Xb)
    dx = interrupted.backward(dout)
    np.testing.assert_array_equal(dx, dx_plain)
    for p, q in zip(plain.parameters(), interrupted.parameters()):
        np.testing.assert_array_equal(p.grad, q.grad)
    assert interrupted.training and interrupted[4].training


@pytest.mark.parametrize("fn", [bp.sigmoid_binary_cross_entropy, bp.BCEWithLogitsLoss()])
def test_logit_bce_rejects_targets_outside_0_1(fn):
    z = np.zeros((3, 1))
    for y, got in ((np.full((3, 1), 5.0), "5.0"), (np.array([[0.0], [1.0], [2.0]]), "2.0"),
                   (np.array([[0.0], [-0.5], [1.0]]), "-0.5"), (np.array([[0.0], [np.nan], [1.0]]), "")):
        with pytest.raises(ValueError, match=rf"sigmoid_binary_cross_entropy: y must .*{got}"):
            fn(z, y)


def test_logit_bce_at_infinite_logits_is_exact():
    loss, grad = bp.sigmoid_binary_cross_entropy(np.array([np.inf, -np.inf]), np.array([1.0, 0.0]))
    assert loss == 0.0 and np.all(grad == 0.0)
    loss, _ = bp.sigmoid_binary_cross_entropy(np.array([np.inf]), np.array([0.0]))
    assert loss == np.inf


def test_softmax_and_log_softmax_of_infinities_and_huge_values():
    z = np.array([[np.inf, 1.0, np.inf], [1e308, -1e308, 0.0], [-np.inf, 0.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s, ls = bp.softmax(z), bp.log_softmax(z)
    np.testing.assert_allclose(s, [[0.5, 0, 0.5], [1, 0, 0], [0, 0.5, 0.5]])
    np.testing.assert_allclose(ls[0], [-np.log(2), -np.inf, -np.log(2)])
    assert ls[1, 0] == 0.0 and ls[1, 2] == -1e308
    assert not np.any(np.isnan(s)) and not np.any(np.isnan(ls))


def test_check_gradients_says_fail_for_nan_gradients():
    class NaNTanh(bp.Tanh):
        def backward(self, dout):
            return np.full_like(dout, np.nan)

    model = bp.Sequential(bp.Dense(2, 3, rng=0), NaNTanh(), bp.Dense(3, 1, rng=1))
    result = bp.check_gradients(model, bp.MSELoss(), RNG.normal(size=(4, 2)), RNG.normal(size=(4, 1)))
    assert result.verdict == "fail" and "NaN or inf" in result.reason and result.reason.startswith("0.")


def test_check_gradients_never_passes_with_nothing_checked():
    model = bp.Sequential(bp.Dense(2, 1, rng=0))
    args = (bp.MSELoss(), RNG.normal(size=(3, 2)), np.zeros((3, 1)))
    with pytest.raises(ValueError, match="check_gradients: max_entries must be an integer >= 1; got 0"):
        bp.check_gradients(model, *args, max_entries=0)
    with pytest.raises(ValueError, match="check_gradients: model has no parameters"):
        bp.check_gradients(bp.Sequential(bp.Tanh()), *args)
    row = bp.gradcheck.judge("W", model[0].W, np.array([]), np.array([]), False)
    assert row["verdict"] == "fail"
    assert bp.gradcheck.GradCheckResult([row]).verdict == "fail"


def test_rel_error_of_nan_or_inf_is_inf():
    assert rel_error_is_inf(np.nan, np.nan) and rel_error_is_inf([1.0, np.nan], [1.0, 2.0])
    assert rel_error_is_inf([np.inf], [np.inf])


def rel_error_is_inf(a, b):
    return bp.rel_error(np.atleast_1d(a), np.atleast_1d(b)) == np.inf


class SignFlippedTanh(bp.Tanh):
    """Tanh whose backward flips the sign of the gradient of one unit (column 2)."""

    def backward(self, dout):
        dx = super().backward(dout)
        dx[:, 2] *= -1.0
        return dx


def test_tanh_sign_flip_on_a_unit_with_a_tiny_outgoing_weight_is_not_a_pass():
    model = bp.Sequential(bp.Dense(3, 4, rng=0), SignFlippedTanh(), bp.Dense(4, 1, rng=1))
    model[2].W.data[2, 0] = 1e-8  # the wrong unit barely matters to the loss ...
    X, y = np.random.default_rng(0).normal(size=(5, 3)), np.random.default_rng(1).normal(size=(5, 1))
    result = bp.check_gradients(model, bp.MSELoss(), X, y)
    # ... but its gradients are still wrong, entry by entry
    assert result.verdict in ("fail", "suspect"), str(result)
    assert result.max_rel_error["0.W"] > bp.gradcheck.PASS_BELOW
    assert result.max_rel_error["2.W"] < bp.gradcheck.PASS_BELOW
    honest = bp.Sequential(bp.Dense(3, 4, rng=0), bp.Tanh(), bp.Dense(4, 1, rng=1))
    honest[2].W.data[2, 0] = 1e-8
    assert bp.check_gradients(honest, bp.MSELoss(), X, y).verdict == "pass"


def test_rel_error_is_per_entry_with_a_floor():
    a = np.array([1.0, 0.1, 1e-6])
    assert bp.rel_error(a, a * np.array([1, -1, 1])) == pytest.approx(1.0)  # entry 1 flipped: 0.2 / 0.2
    assert bp.rel_error(a, a * np.array([1, 1, -1])) == pytest.approx(2e-6 / 2e-2)  # below the 1% floor
    assert bp.rel_error(a, a * np.array([1, 1, -1]), floor=1e-12) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="rel_error: floor must be a finite number > 0"):
        bp.rel_error(a, a, floor=0)


def test_fit_catches_a_divergence_on_the_last_step():
    X, y = np.array([[1.0, 2.0]]), np.array([[1.0]])
    model = bp.Sequential(bp.Dense(2, 1, rng=0))
    model[0].W.data[:] = 1e150  # a finite loss (9e300) before the step, infinite weights after it
    with pytest.raises(bp.TrainingDiverged, match=r"epoch 1/1 .*non-finite parameters: 0.W"):
        bp.fit(model, X, y, loss=bp.MSELoss(), optimizer=bp.SGD(model.parameters(), lr=1e200), epochs=1,
               validation_data=(X, y), progress=False)


def test_fit_names_nan_targets_instead_of_blaming_the_learning_rate():
    X, y = datasets.xor()
    y[2, 0] = np.nan
    model = bp.Sequential(bp.Dense(2, 1, rng=0))
    with pytest.raises(ValueError, match=r"fit: y contains NaN or inf \(first in row 2\)"):
        bp.fit(model, X, y, loss=bp.MSELoss(), optimizer=bp.SGD(model.parameters(), lr=0.1), epochs=1, progress=False)


def test_fit_rejects_an_optimizer_over_another_models_parameters():
    X, y = datasets.xor()
    model, other = bp.Sequential(bp.Dense(2, 1, rng=0)), bp.Sequential(bp.Dense(2, 1, rng=0))
    with pytest.raises(ValueError, match=r"fit: optimizer.params\[0\] .* is not a parameter of model"):
        bp.fit(model, X, y, loss=bp.MSELoss(), optimizer=bp.SGD(other.parameters(), lr=0.1), epochs=1, progress=False)


@pytest.mark.parametrize("forward,backward", [(bp.sigmoid_forward, bp.sigmoid_backward),
                                              (bp.tanh_forward, bp.tanh_backward)])
def test_changing_the_forward_output_in_place_leaves_backward_alone(forward, backward):
    x, dout = RNG.normal(size=(3, 4)), RNG.normal(size=(3, 4))
    out, cache = forward(x)
    expected = backward(dout, cache)
    out *= 2
    np.testing.assert_array_equal(backward(dout, cache), expected)


def test_rnn_step_output_is_not_its_cache():
    x, h0 = RNG.normal(size=(2, 3)), RNG.normal(size=(2, 4))
    Wxh, Whh, b = RNG.normal(size=(3, 4)), RNG.normal(size=(4, 4)), RNG.normal(size=4)
    h, cache = rnn.rnn_step_forward(x, h0, Wxh, Whh, b)
    dh = RNG.normal(size=h.shape)
    expected = rnn.rnn_step_backward(dh, cache)
    h *= 2
    for got, want in zip(rnn.rnn_step_backward(dh, cache), expected):
        np.testing.assert_array_equal(got, want)


# --- clear errors --------------------------------------------------------------------------------

def _model():
    return bp.Sequential(bp.Dense(2, 1, rng=0))


def _fit(**kwargs):
    model = _model()
    args = {"X": np.zeros((4, 2)), "y": np.zeros((4, 1)), "loss": bp.MSELoss(), "epochs": 1,
            "optimizer": bp.SGD(model.parameters(), lr=0.1), "progress": False}
    args.update(kwargs)
    return bp.fit(model, args.pop("X"), args.pop("y"), **args)


P = bp.Parameter(np.zeros(2))
EMPTY = np.zeros((0, 3))

ERRORS = [
    # empty batches
    (lambda: bp.mse_loss(EMPTY, EMPTY), ValueError, r"mse_loss: pred must hold at least one example"),
    (lambda: bp.binary_cross_entropy(EMPTY, EMPTY), ValueError, r"binary_cross_entropy: p must hold at least one"),
    (lambda: bp.sigmoid_binary_cross_entropy(EMPTY, EMPTY), ValueError, r"sigmoid_binary_cross_entropy: z must hold"),
    (lambda: bp.softmax_cross_entropy(EMPTY, np.zeros(0, int)), ValueError, r"softmax_cross_entropy: logits must hold"),
    (lambda: bp.dense_forward(EMPTY, np.zeros((3, 2)), np.zeros(2)), ValueError, r"dense_forward: x must hold at least"),
    (lambda: _fit(X=np.zeros((0, 2)), y=np.zeros((0, 1))), ValueError, r"fit: X must hold at least one example"),
    (lambda: bp.evaluate(_model(), np.zeros((0, 2)), np.zeros((0, 1)), bp.MSELoss()), ValueError,
     r"evaluate: X must hold at least one example"),
    (lambda: bp.check_gradients(_model(), bp.MSELoss(), np.zeros((0, 2)), np.zeros((0, 1))), ValueError,
     r"check_gradients: X must hold at least one example"),
    (lambda: rnn.rnn_forward(np.zeros((0, 2, 3)), np.zeros((0, 4)), np.zeros((3, 4)), np.zeros((4, 4)), np.zeros(4)),
     ValueError, r"rnn_forward: x must hold at least one example"),
    # caches
    (lambda: bp.sigmoid_backward(np.ones(2), None), ValueError, r"sigmoid_backward: cache is None.*sigmoid_forward"),
    (lambda: bp.tanh_backward(np.ones(2), None), ValueError, r"tanh_backward: cache is None.*tanh_forward"),
    (lambda: bp.relu_backward(np.ones(2), None), ValueError, r"relu_backward: cache is None.*relu_forward"),
    (lambda: bp.relu_backward(np.ones(2), [True, False]), ValueError, r"relu_backward: cache must be an array"),
    (lambda: bp.dense_backward(np.ones((1, 2)), None), ValueError, r"dense_backward: cache is None.*dense_forward"),
    (lambda: bp.dense_backward(np.ones((1, 2)), (np.ones((1, 3)),)), ValueError,
     r"dense_backward: cache must be a tuple of 2 items.*got tuple of length 1"),
    (lambda: bp.dense_backward(np.ones((1, 2)), bp.dense_forward(np.ones((1, 3)), np.ones((3, 2)), np.ones(2))),
     ValueError, r"dense_backward: cache must be the \(x, W\) pair"),
    (lambda: bp.dropout_backward(np.ones(2), "mask"), ValueError, r"dropout_backward: cache must be an array"),
    (lambda: rnn.rnn_step_backward(np.ones((1, 2)), None), ValueError, r"rnn_step_backward: cache is None"),
    (lambda: rnn.rnn_backward(np.ones((1, 1, 2)), None), ValueError, r"rnn_backward: cache is None.*rnn_forward"),
    (lambda: rnn.rnn_backward(np.ones((1, 1, 2)), [(1, 2)]), ValueError, r"rnn_backward: cache must be a tuple of 5"),
    # Dense.backward(need_dx=False) checks dout like dense_backward
    (lambda: _dense_after_forward().backward(np.ones((4, 5)), need_dx=False), ValueError,
     r"dense_backward: dout must have shape \(4, 2\)"),
    # optimizers
    (lambda: bp.SGD(P, lr=0.1), TypeError, r"SGD: params must be a list of Parameters; got Parameter.*model.parameters\(\)"),
    (lambda: bp.SGD(None, lr=0.1), TypeError, r"SGD: params must be a list of Parameters; got None"),
    (lambda: bp.Adam(_model(), lr=0.1), TypeError, r"Adam: params\[0\] must be a Parameter; got Dense.*model.parameters"),
    (lambda: bp.SGD([P, P], lr=0.1), ValueError, r"SGD: params lists the same Parameter more than once"),
    (lambda: bp.SGD([P], lr=np.inf), ValueError, r"SGD: lr must be a finite number > 0; got inf"),
    (lambda: bp.SGD([P], lr=np.nan), ValueError, r"SGD: lr must be a finite number > 0; got nan"),
    (lambda: bp.SGD([P], lr=True), ValueError, r"SGD: lr must be a finite number > 0; got True"),
    (lambda: bp.SGD([P], lr=0.1, momentum=1.0), ValueError, r"SGD: momentum must be a number in \[0, 1\); got 1.0"),
    (lambda: bp.SGD([P], lr=0.1, momentum=-0.5), ValueError, r"SGD: momentum must be a number in \[0, 1\)"),
    (lambda: bp.SGD([P], lr=0.1, weight_decay=np.inf), ValueError, r"SGD: weight_decay must be a finite number >= 0"),
    (lambda: bp.RMSProp([P], rho=1.5), ValueError, r"RMSProp: rho must be a number in \[0, 1\); got 1.5"),
    (lambda: bp.RMSProp([P], eps=0.0), ValueError, r"RMSProp: eps must be a finite number > 0; got 0.0"),
    (lambda: bp.Adam([P], beta1=1.0), ValueError, r"Adam: beta1 must be a number in \[0, 1\); got 1.0"),
    (lambda: bp.Adam([P], beta2=-0.1), ValueError, r"Adam: beta2 must be a number in \[0, 1\)"),
    (lambda: bp.Adam([P], eps=-1e-8), ValueError, r"Adam: eps must be a finite number > 0"),
    (lambda: bp.Adam([P], lr="0.1"), ValueError, r"Adam: lr must be a finite number > 0; got '0.1'"),
    (lambda: _step_with_grad(np.zeros(3)), ValueError, r"SGD.step: params\[0\].grad must be an array of shape \(2,\).*got \(3,\)"),
    (lambda: _step_with_grad(None), ValueError, r"SGD.step: params\[0\].grad must be an array of shape \(2,\).*got None"),
    # fit and evaluate
    (lambda: _fit(optimizer=None), TypeError, r"fit: optimizer must be an optimizer such as Adam"),
    (lambda: _fit(loss=None), TypeError, r"fit: loss must be a loss object such as MSELoss\(\); got None"),
    (lambda: _fit(validation_data=(np.zeros((2, 2)),)), ValueError, r"fit: validation_data must be a pair \(X_val, y_val\); got length 1"),
    (lambda: _fit(validation_data=np.zeros((2, 2))), ValueError, r"fit: validation_data must be a pair"),
    (lambda: _fit(epochs=True), ValueError, r"fit: epochs must be a positive integer; got True"),
    (lambda: _fit(y=None), TypeError, r"fit: y must be an array of targets; got None"),
    (lambda: bp.evaluate(_model(), np.zeros((4, 2)), np.zeros((4, 1)), None), TypeError, r"evaluate: loss must be a loss object"),
    (lambda: bp.evaluate(None, np.zeros((4, 2)), np.zeros((4, 1)), bp.MSELoss()), TypeError, r"evaluate: model must be a network"),
    (lambda: bp.fit(None, np.zeros((4, 2)), np.zeros((4, 1)), loss=bp.MSELoss(), optimizer=bp.SGD([P], lr=0.1), epochs=1),
     TypeError, r"fit: model must be a network"),
    # initialise, Dense, Sequential.astype
    (lambda: bp.initialise((3,)), ValueError, r"initialise: shape must be a pair \(n_in, n_out\) of positive integers; got \(3,\)"),
    (lambda: bp.initialise((0, 2)), ValueError, r"initialise: shape must be a pair .*got \(0, 2\)"),
    (lambda: bp.initialise((2.5, 3)), ValueError, r"initialise: shape must be a pair .*got \(2.5, 3\)"),
    (lambda: bp.initialise("ab"), ValueError, r"initialise: shape must be a pair"),
    (lambda: bp.initialise((2, 3), method=None), ValueError, r"initialise: method must be one of"),
    (lambda: bp.Dense(True, 3), ValueError, r"Dense: n_in and n_out must be positive integers; got n_in=True"),
    (lambda: _model().astype(np.int64), TypeError, r"Sequential.astype: dtype must be float32 or float64; got int64"),
    # gradient checking
    (lambda: bp.numerical_gradient(lambda z: np.sum(z), np.ones(3), h=0), ValueError, r"numerical_gradient: h must be a finite number > 0; got 0"),
    (lambda: bp.numerical_gradient(lambda z: z ** 2, np.ones(3)), ValueError,
     r"numerical_gradient: f must return a single number; got float64 array of shape \(3,\).*numerical_gradient_array"),
    (lambda: bp.numerical_gradient(None, np.ones(3)), TypeError, r"numerical_gradient: f must be a function; got None"),
    (lambda: bp.numerical_gradient_array(lambda z: z * 2, np.ones((2, 3)), np.ones(3)), ValueError,
     r"numerical_gradient_array: dout must have the shape of f\(x\), \(2, 3\); got \(3,\)"),
    (lambda: bp.numerical_gradient_array(lambda z: z * 2, np.ones(3), np.ones(3), h=-1), ValueError,
     r"numerical_gradient_array: h must be a finite number > 0"),
    (lambda: bp.check_gradients(_model(), None, np.ones((2, 2)), np.ones((2, 1))), TypeError, r"check_gradients: loss must be a loss object"),
    (lambda: bp.check_gradients(None, bp.MSELoss(), np.ones((2, 2)), np.ones((2, 1))), TypeError, r"check_gradients: model must be a network"),
    (lambda: bp.rel_error(np.zeros(0), np.zeros(0)), ValueError, r"rel_error: a and b are empty"),
    # datasets
    (lambda: datasets.moons(10, noise=np.inf), ValueError, r"moons: noise must be a finite number >= 0; got inf"),
    (lambda: datasets.circles(10, noise=np.nan), ValueError, r"circles: noise must be a finite number >= 0; got nan"),
    (lambda: datasets.spirals(10, noise=np.inf), ValueError, r"spirals: noise must be a finite number >= 0; got inf"),
    (lambda: datasets.moons(10, rng="seed"), TypeError, r"moons: rng must be None, an int seed or a numpy.random.Generator; got str"),
    # recurrent layer
    (lambda: rnn.rnn_forward(np.ones((1, 2, 3)), np.zeros((1, 4)), None, np.zeros((4, 4)), np.zeros(4)), TypeError,
     r"rnn_forward: Wxh must be a numeric array; got None"),
    (lambda: rnn.rnn_forward(np.ones((1, 2, 3)), np.zeros((1, 4)), np.zeros((3, 4)), [[0, 0], [0]], np.zeros(4)), ValueError,
     r"rnn_forward: Whh must be a rectangular array"),
    # layers
    (lambda: _noise_after_forward().backward(np.ones((3, 3))), ValueError, r"GaussianNoise.backward: dout must have shape \(2, 3\)"),
    (lambda: bp.Dropout(True), ValueError, r"Dropout: p must be a probability in \[0, 1\); got True"),
    # SymPy helpers
    (lambda: symbolic.lambdify_gradients({"b6": sp.Symbol("w99", real=True)}), ValueError,
     r"lambdify_gradients: grads\['b6'\] uses unknown symbols \['w99'\]"),
    (lambda: symbolic.lambdify_gradients({"b6": sp.Symbol("b6")}), ValueError,
     r"lambdify_gradients: grads\['b6'\] uses unknown symbols \['b6'\].*real=True"),
    (lambda: symbolic.lambdify_gradients(["b6"]), TypeError, r"lambdify_gradients: grads must be a dict"),
    (lambda: symbolic.lambdify_gradients({"b6": symbolic.seed_network_gradients()["b6"]})(
        {**seednet.random_params(0), "w13": 1.0}, 0.1, 0.2, 1.0), ValueError,
     r"lambdify_gradients: params must have exactly the keys .*unexpected \['w13'\]"),
]


def _dense_after_forward():
    layer = bp.Dense(3, 2, rng=0)
    layer.forward(np.ones((4, 3)))
    return layer


def _noise_after_forward():
    layer = bp.GaussianNoise(0.1, rng=0)
    layer.forward(np.ones((2, 3)))
    return layer


def _step_with_grad(grad):
    p = bp.Parameter(np.zeros(2))
    opt = bp.SGD([p], lr=0.1)
    p.grad = grad
    opt.step()


@pytest.mark.parametrize("call,exc,match", ERRORS, ids=[m[:40] for _, _, m in ERRORS])
def test_bad_input_is_rejected_naming_function_and_argument(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_rnn_forward_accepts_list_weights_like_everywhere_else():
    x, h0 = RNG.normal(size=(2, 3, 2)), RNG.normal(size=(2, 4))
    Wxh, Whh, b = RNG.normal(size=(2, 4)), RNG.normal(size=(4, 4)), RNG.normal(size=4)
    h_arrays, _ = rnn.rnn_forward(x, h0, Wxh, Whh, b)
    h_lists, _ = rnn.rnn_forward(x.tolist(), h0.tolist(), Wxh.tolist(), Whh.tolist(), b.tolist())
    np.testing.assert_array_equal(h_lists, h_arrays)


def test_dense_backward_without_dx_matches_and_keeps_dtypes():
    x, W, b = RNG.normal(size=(4, 3)), RNG.normal(size=(3, 2)).astype(np.float32), np.zeros(2, np.float32)
    out, cache = bp.dense_forward(x, W, b)
    dout = RNG.normal(size=out.shape)
    dx, dW, db = bp.dense_backward(dout, cache)
    none, dW2, db2 = bp.dense_backward(dout, cache, need_dx=False)
    assert none is None and dx.dtype == np.float64 and dW.dtype == np.float32 and db.dtype == np.float32
    np.testing.assert_array_equal(dW, dW2)
    np.testing.assert_array_equal(db, db2)
