"""Tests for bplib.datasets: the toy generators and the shipped, checksummed digits split."""

import hashlib
import shutil

import numpy as np
import pytest

from bplib import datasets
from bplib.datasets import circles, digits_images, load_digits, moons, spirals, xor

GENERATORS = [moons, circles, spirals]


# --- xor ---------------------------------------------------------------------------------------

def test_xor_targets_are_a_float_column_by_default():
    X, y = xor()
    assert X.shape == (4, 2) and X.dtype == np.float64
    assert y.shape == (4, 1) and y.dtype == np.float64
    np.testing.assert_array_equal(y[:, 0], np.logical_xor(X[:, 0], X[:, 1]))


def test_xor_labels_and_float32():
    X, y = xor(dtype=np.float32, labels=True)
    assert X.dtype == np.float32
    assert y.shape == (4,) and y.dtype.kind == "i"
    np.testing.assert_array_equal(y, [0, 1, 1, 0])
    assert xor(dtype=np.float32)[1].dtype == np.float32


def test_xor_rejects_integer_dtype():
    with pytest.raises(TypeError, match="xor: dtype must be float32 or float64; got int64"):
        xor(dtype=np.int64)


# --- moons, circles, spirals: shared contract --------------------------------------------------

@pytest.mark.parametrize("make", GENERATORS)
def test_shapes_dtypes_and_balanced_classes(make):
    X, y = make(n=120, rng=0)
    n_classes = 3 if make is spirals else 2
    assert X.shape == (120, 2) and X.dtype == np.float64
    assert y.shape == (120,) and y.dtype.kind == "i"
    np.testing.assert_array_equal(np.bincount(y), [120 // n_classes] * n_classes)
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("make", GENERATORS)
def test_odd_sizes_stay_balanced_within_one(make):
    counts = np.bincount(make(n=101, rng=0)[1])
    assert counts.sum() == 101 and counts.max() - counts.min() <= 1


@pytest.mark.parametrize("make", GENERATORS)
def test_same_seed_same_data_other_seed_other_data(make):
    X1, y1 = make(rng=7)
    X2, y2 = make(rng=np.random.default_rng(7))
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    X3, _ = make(rng=8)
    assert not np.allclose(X1, X3)


@pytest.mark.parametrize("make", GENERATORS)
def test_rows_are_shuffled(make):
    # Sorted labels would make a train/test split by prefix lose whole classes.
    y = make(n=200, rng=0)[1]
    assert len(np.unique(y[:50])) == (3 if make is spirals else 2)


@pytest.mark.parametrize("make", GENERATORS)
@pytest.mark.parametrize("bad", [0, 1, 2.5, True, "100"])
def test_bad_n_is_rejected(make, bad):
    with pytest.raises(ValueError, match=f"{make.__name__}: n must be an integer >="):
        make(n=bad)


@pytest.mark.parametrize("make", GENERATORS)
def test_negative_noise_is_rejected(make):
    with pytest.raises(ValueError, match=f"{make.__name__}: noise must be a finite number >= 0; got -0.1"):
        make(noise=-0.1)


# --- structure of each toy set -----------------------------------------------------------------

def test_moons_without_noise_lie_on_their_half_circles():
    X, y = moons(n=100, noise=0.0, rng=0)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0)
    assert upper[:, 1].min() >= -1e-12 and lower[:, 1].max() <= 0.5 + 1e-12


def test_circles_radii_by_class():
    X, y = circles(n=400, noise=0.05, factor=0.4, rng=0)
    r = np.hypot(*X.T)
    assert abs(r[y == 0].mean() - 1.0) < 0.02
    assert abs(r[y == 1].mean() - 0.4) < 0.02
    assert r[y == 1].max() < r[y == 0].min()  # separable by radius at this noise level


@pytest.mark.parametrize("factor", [0, 1, 1.5, -0.2])
def test_circles_factor_must_be_inside_unit_interval(factor):
    with pytest.raises(ValueError, match="circles: factor must be a number with 0 < factor < 1"):
        circles(factor=factor)


def test_spirals_without_noise_are_arms_of_known_angle():
    X, y = spirals(n=300, classes=3, noise=0.0, rng=0)
    r = np.hypot(*X.T)
    assert r.min() == 0.0 and np.isclose(r.max(), 1.0)
    # On arm k a point at radius r has angle 4(k + r), measured from the y axis (x = r sin t).
    angle = 4.0 * (y + r)
    np.testing.assert_allclose(X, r[:, None] * np.column_stack([np.sin(angle), np.cos(angle)]), atol=1e-12)


def test_spirals_rejects_more_classes_than_points():
    with pytest.raises(ValueError, match="spirals: n must be an integer >= 5; got 4"):
        spirals(n=4, classes=5)
    with pytest.raises(ValueError, match="spirals: classes must be an integer >= 2; got 1"):
        spirals(classes=1)


# --- digits ------------------------------------------------------------------------------------

def test_digits_shapes_dtypes_and_range():
    X_train, y_train, X_test, y_test = load_digits()
    assert X_train.shape == (1347, 64) and X_test.shape == (450, 64)
    assert y_train.shape == (1347,) and y_test.shape == (450,)
    assert X_train.dtype == X_test.dtype == np.float64
    assert y_train.dtype.kind == y_test.dtype.kind == "i"
    X = np.vstack([X_train, X_test])
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(np.unique(X * 16), np.arange(17))  # raw 0..16, divided by 16
    np.testing.assert_array_equal(np.unique(np.concatenate([y_train, y_test])), np.arange(10))


def test_digits_class_counts_match_the_readme():
    y = np.concatenate(load_digits()[1::2])
    np.testing.assert_array_equal(np.bincount(y), [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])


def test_digits_split_is_stratified():
    _, y_train, _, y_test = load_digits()
    n_test = np.bincount(y_test, minlength=10)
    n_all = np.bincount(y_train, minlength=10) + n_test
    assert np.all(np.abs(n_test - 0.25 * n_all) <= 2), (n_test, n_all)


def test_digits_train_and_test_do_not_overlap():
    X_train, _, X_test, _ = load_digits()
    train_rows = {row.tobytes() for row in X_train}
    assert not any(row.tobytes() in train_rows for row in X_test)
    # Every stored image is used exactly once, in the part the stored mask says.
    with np.load(datasets.DIGITS_PATH, allow_pickle=False) as data:
        test_mask, pixels = data["test"], data["pixels"]
    assert test_mask.dtype == bool and test_mask.shape == (1797,) and test_mask.sum() == 450
    np.testing.assert_array_equal(X_train * 16, pixels[~test_mask])
    np.testing.assert_array_equal(X_test * 16, pixels[test_mask])


def test_digits_images_are_recognisable_digits():
    # A zero has an empty centre and ink around it; a one has ink in the middle columns.
    X_train, y_train, _, _ = load_digits()
    images = digits_images(X_train)
    assert images.shape == (1347, 8, 8)
    zeros, ones = images[y_train == 0].mean(axis=0), images[y_train == 1].mean(axis=0)
    assert zeros[3:5, 3:5].mean() < 0.2 < zeros[3:5, 1].mean()
    assert ones[:, 3:5].mean() > ones[:, 0].mean() + 0.3


def test_digits_images_rejects_wrong_width():
    with pytest.raises(ValueError, match=r"digits_images: X must have shape \(n, 64\); got \(3, 63\)"):
        digits_images(np.zeros((3, 63)))


def test_digits_returned_arrays_are_independent_copies():
    first = load_digits()
    expected = [a.copy() for a in first]
    for a in first:
        a[...] = 7  # the caller owns its arrays and may scribble on them
    for a, e in zip(load_digits(), expected):
        np.testing.assert_array_equal(a, e)


def test_digits_shipped_file_matches_the_constant():
    digest = hashlib.sha256(datasets.DIGITS_PATH.read_bytes()).hexdigest()
    assert digest == datasets.DIGITS_SHA256


def test_digits_copy_elsewhere_loads_the_same(tmp_path):
    copy = tmp_path / "digits.npz"
    shutil.copyfile(datasets.DIGITS_PATH, copy)
    for a, b in zip(load_digits(path=copy), load_digits()):
        np.testing.assert_array_equal(a, b)


def test_digits_one_flipped_byte_is_detected(tmp_path):
    content = bytearray(datasets.DIGITS_PATH.read_bytes())
    content[len(content) // 2] ^= 0x01
    corrupt = tmp_path / "digits.npz"
    corrupt.write_bytes(bytes(content))
    with pytest.raises(ValueError, match=r"corrupted or modified.*git checkout bplib/data/digits.npz"):
        load_digits(path=corrupt)


def test_digits_missing_file_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="load_digits: cannot read the digits file .*nowhere.npz"):
        load_digits(path=tmp_path / "nowhere.npz")
