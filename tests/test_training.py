"""fit(): determinism, learning real tasks, sanity checks, NaN guards and input errors."""

import io
import math

import numpy as np
import pytest

import bplib as bp
from bplib.datasets import load_digits, xor
from bplib.progress import ProgressBar


def digits_model(seed, hidden=64):
    return bp.Sequential(bp.Dense(64, hidden, rng=seed), bp.ReLU(), bp.Dense(hidden, 10, rng=seed + 100))


def test_fit_is_deterministic_for_a_fixed_seed():
    X, y, *_ = load_digits()
    runs = []
    for _ in range(2):
        model = digits_model(0)
        hist = bp.fit(model, X[:300], y[:300], loss=bp.SoftmaxCrossEntropyLoss(),
                      optimizer=bp.Adam(model.parameters(), lr=1e-2), epochs=3, rng=5, progress=False)
        runs.append((hist, model[0].W.data.copy()))
    assert runs[0][0] == runs[1][0]
    np.testing.assert_array_equal(runs[0][1], runs[1][1])
    model = digits_model(0)
    other = bp.fit(model, X[:300], y[:300], loss=bp.SoftmaxCrossEntropyLoss(),
                   optimizer=bp.Adam(model.parameters(), lr=1e-2), epochs=3, rng=6, progress=False)
    assert other["loss"] != runs[0][0]["loss"]  # a different shuffle seed gives a different run


def test_initial_softmax_loss_is_about_log_10():
    X, y, *_ = load_digits()
    model = bp.Sequential(bp.Dense(64, 32, rng=0), bp.ReLU(), bp.Dense(32, 10, init="normal", rng=1))
    value, _ = bp.evaluate(model, X, y, bp.SoftmaxCrossEntropyLoss())
    assert value == pytest.approx(math.log(10), abs=0.02)


def test_overfits_fifty_digits_to_full_accuracy():
    X, y, *_ = load_digits()
    model = digits_model(1)
    hist = bp.fit(model, X[:50], y[:50], loss=bp.SoftmaxCrossEntropyLoss(),
                  optimizer=bp.Adam(model.parameters(), lr=1e-2), epochs=60, batch_size=10, rng=0, progress=False)
    assert hist["accuracy"][-1] == 1.0
    assert hist["loss"][-1] < 0.05 < hist["loss"][0]


def test_learns_digits_with_validation_history():
    X, y, Xt, yt = load_digits()
    model = digits_model(2, hidden=128)
    hist = bp.fit(model, X, y, loss=bp.SoftmaxCrossEntropyLoss(), optimizer=bp.Adam(model.parameters(), lr=2e-3),
                  epochs=10, rng=0, validation_data=(Xt, yt), progress=False)
    assert set(hist) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(v) == 10 for v in hist.values())
    assert hist["val_accuracy"][-1] > 0.95
    assert hist["loss"][-1] < hist["loss"][0] / 5


def test_solves_xor_with_a_sensible_configuration():
    X, y = xor()
    solved = 0
    for seed in range(5):
        model = bp.Sequential(bp.Dense(2, 4, init="xavier", rng=seed), bp.Tanh(), bp.Dense(4, 1, init="xavier", rng=seed + 50), bp.Sigmoid())
        hist = bp.fit(model, X, y, loss=bp.BCELoss(), optimizer=bp.Adam(model.parameters(), lr=0.05),
                      epochs=500, batch_size=4, rng=seed, progress=False)
        solved += hist["accuracy"][-1] == 1.0 and np.all((model.predict(X) > 0.5) == (y > 0.5))
    assert solved == 5


def test_nan_stops_training_with_epoch_step_and_layer():
    X, y = xor()
    model = bp.Sequential(bp.Dense(2, 3, rng=0), bp.ReLU(), bp.Dense(3, 1, rng=1))
    model[2].W.data[0, 0] = np.inf
    with pytest.raises(bp.TrainingDiverged, match=r"loss became (nan|inf) at epoch 1/5, step 1/1: .*layer 2 \(Dense\(3 → 1\)\).*non-finite parameters: 2.W"):
        bp.fit(model, X, y, loss=bp.MSELoss(), optimizer=bp.SGD(model.parameters(), lr=0.1), epochs=5, batch_size=4, progress=False)


def test_divergence_from_a_huge_learning_rate_is_caught():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 3))
    y = X @ np.array([[3.0], [-2.0], [1.0]])
    model = bp.Sequential(bp.Dense(3, 1, rng=0))
    with pytest.raises(bp.TrainingDiverged, match=r"at epoch \d+/500, step \d+/2"):
        bp.fit(model, X, y, loss=bp.MSELoss(), optimizer=bp.SGD(model.parameters(), lr=50.0), epochs=500, progress=False)


@pytest.mark.parametrize("kwargs,exc,match", [
    ({"y": np.zeros(3)}, ValueError, r"y must have one row per row of X \(4\); got shape \(3,\)"),
    ({"X": np.array([[0, 1], [np.nan, 1], [1, 0], [1, 1]])}, ValueError, r"X contains NaN or inf \(first in row 1\)"),
    ({"loss": bp.MSELoss}, TypeError, r"loss must be a loss object such as MSELoss\(\); got ABCMeta|loss must be a loss object"),
    ({"epochs": 0}, ValueError, r"epochs must be a positive integer; got 0"),
    ({"batch_size": 2.5}, ValueError, r"batch_size must be a positive integer; got 2.5"),
])
def test_fit_rejects_bad_input_clearly(kwargs, exc, match):
    X, y = xor()
    model = bp.Sequential(bp.Dense(2, 1, rng=0))
    args = {"X": X, "y": y, "loss": bp.MSELoss(), "epochs": 1, "batch_size": 4}
    args.update(kwargs)
    with pytest.raises(exc, match=match):
        bp.fit(model, args.pop("X"), args.pop("y"), optimizer=bp.SGD(model.parameters(), lr=0.1), progress=False, **args)


def test_progress_bar_redraws_one_line_without_times(capsys):
    X, y = xor()
    model = bp.Sequential(bp.Dense(2, 1, rng=0), bp.Sigmoid())
    bp.fit(model, X, y, loss=bp.MSELoss(), optimizer=bp.SGD(model.parameters(), lr=0.1), epochs=3, batch_size=4)
    out = capsys.readouterr().out
    frames = out.rstrip("\n").split("\r")[1:]
    assert [f.split()[1] for f in frames] == ["1/3", "2/3", "3/3"]
    assert "loss" in frames[-1] and "accuracy" in frames[-1] and out.endswith("\n")
    assert not any(unit in out for unit in ("s/it", "it/s", "elapsed"))


def test_progress_bar_rendering():
    bar = ProgressBar(10, width=10, stream=io.StringIO())
    assert bar.render(5, loss=0.123456) == "epoch  5/10 █████····· loss 0.1235"
    assert bar.render(10).startswith("epoch 10/10 ██████████")
