"""Small datasets for the course: XOR, three 2-D toy problems, and the shipped 8x8 digits.

Every generator returns ``X`` of shape ``(n, 2)`` (float64, batch-first rows) and integer labels
``y`` of shape ``(n,)``; classes are balanced (sizes differ by at most one) and the rows are
shuffled, so any prefix is a fair sample. The same ``rng`` seed always gives the same data.

``load_digits`` reads ``bplib/data/digits.npz`` (see ``bplib/data/README.md``), checks its SHA-256
and returns a fixed, stratified 75/25 train/test split.
"""

import hashlib
import numbers
from pathlib import Path

import numpy as np

from bplib._validation import as_float_array, as_rng, check_count, check_float_dtype, check_positive

DIGITS_PATH = Path(__file__).with_name("data") / "digits.npz"
DIGITS_SHA256 = "f8123e96a65465b7c9354b394138c2d63700c0b70f9cadbf8d906bd8f233ffd5"

_digits_cache = {}  # resolved path -> (X_train, y_train, X_test, y_test); never handed out


def xor(dtype=np.float64, labels=False):
    """The four XOR examples.

    Returns ``X`` of shape ``(4, 2)`` (rows ``[0,0], [0,1], [1,0], [1,1]``) and the targets
    ``0, 1, 1, 0``: by default as a float column ``y`` of shape ``(4, 1)`` in ``dtype``, ready for
    a single sigmoid output trained with MSE or binary cross-entropy (the 2-3-1 network of notebook 07);
    with ``labels=True`` as integer class labels of shape ``(4,)`` for softmax cross-entropy.
    """
    dtype = check_float_dtype("xor", "dtype", dtype)
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=dtype)
    y = np.array([0, 1, 1, 0])
    return (X, y) if labels else (X, y.reshape(4, 1).astype(dtype))


def moons(n=200, noise=0.1, rng=None):
    """Two interleaving half circles: ``X`` (n, 2) float64, labels ``y`` (n,) in {0, 1}.

    Class 0 lies on the upper unit half circle, class 1 on a lower one shifted to ``(1, 0.5)``;
    Gaussian noise of standard deviation ``noise`` is added to both coordinates.
    """
    n = check_count("moons", "n", n, minimum=2)
    check_positive("moons", "noise", noise, allow_zero=True)
    y = _balanced_labels(n, 2)
    t = np.pi * _position_in_class(y)
    outer = np.stack([np.cos(t), np.sin(t)], axis=1)
    inner = np.stack([1.0 - np.cos(t), 0.5 - np.sin(t)], axis=1)
    X = np.where((y == 0)[:, None], outer, inner)
    return _add_noise_and_shuffle(X, y, noise, as_rng(rng, "moons"))


def circles(n=200, noise=0.05, factor=0.5, rng=None):
    """Two concentric circles: ``X`` (n, 2) float64, labels ``y`` (n,) in {0, 1}.

    Class 0 is the unit circle, class 1 the circle of radius ``factor`` (0 < factor < 1);
    Gaussian noise of standard deviation ``noise`` is added to both coordinates.
    """
    n = check_count("circles", "n", n, minimum=2)
    check_positive("circles", "noise", noise, allow_zero=True)
    if not isinstance(factor, numbers.Real) or not 0.0 < factor < 1.0:
        raise ValueError(f"circles: factor must be a number with 0 < factor < 1; got {factor!r}")
    y = _balanced_labels(n, 2)
    t = 2.0 * np.pi * _position_in_class(y, endpoint=False)
    radius = np.where(y == 0, 1.0, float(factor))
    X = radius[:, None] * np.stack([np.cos(t), np.sin(t)], axis=1)
    return _add_noise_and_shuffle(X, y, noise, as_rng(rng, "circles"))


def spirals(n=300, classes=3, noise=0.2, rng=None):
    """Interleaved spiral arms (the CS231n toy set): ``X`` (n, 2) float64, ``y`` (n,) in 0..classes-1.

    Arm ``k`` runs from the origin (radius 0) out to radius 1 while its angle turns through 4
    radians, starting at ``4 k``. ``noise`` is the standard deviation of Gaussian noise added to the
    angle (in radians), as in CS231n; it is not a noise on the coordinates.
    """
    classes = check_count("spirals", "classes", classes, minimum=2)
    n = check_count("spirals", "n", n, minimum=classes)
    check_positive("spirals", "noise", noise, allow_zero=True)
    generator = as_rng(rng, "spirals")
    y = _balanced_labels(n, classes)
    radius = _position_in_class(y)
    angle = 4.0 * (y + radius) + noise * generator.standard_normal(n)
    X = radius[:, None] * np.stack([np.sin(angle), np.cos(angle)], axis=1)
    order = generator.permutation(n)
    return X[order], y[order]


def load_digits(path=None):
    """The 1797 UCI 8x8 handwritten digits, split 75/25 (stratified, fixed, shipped).

    Returns ``(X_train, y_train, X_test, y_test)``: ``X_*`` of shape ``(n, 64)`` float64 with pixel
    intensities scaled from 0..16 to [0, 1] (row-major 8x8 images, see :func:`digits_images`),
    ``y_*`` int64 labels ``(n,)`` in 0..9. The split has 1347 training and 450 test images.

    The file's SHA-256 is checked on every call (the arrays are cached per process, and each call
    returns fresh copies, so callers may modify them freely). ``path`` loads a copy of
    ``digits.npz`` stored elsewhere; it must be byte-identical to the shipped file.
    """
    path = DIGITS_PATH if path is None else Path(path)
    try:
        content = path.read_bytes()
    except OSError as err:
        raise FileNotFoundError(f"load_digits: cannot read the digits file {path}: {err}") from None
    digest = hashlib.sha256(content).hexdigest()
    if digest != DIGITS_SHA256:
        raise ValueError(
            f"load_digits: the digits file {path} is corrupted or modified: its SHA-256 is "
            f"{digest}, expected {DIGITS_SHA256}. Restore the shipped file with "
            "`git checkout bplib/data/digits.npz` (or reinstall bplib)."
        )
    key = str(path.resolve())
    if key not in _digits_cache:
        _digits_cache[key] = _read_digits(path)
    return tuple(a.copy() for a in _digits_cache[key])


def digits_images(X):
    """Rows of 64 pixels ``(n, 64)`` -> images ``(n, 8, 8)`` (a new array, for plotting)."""
    arr = as_float_array("digits_images", "X", X, ndim=2)
    if arr.shape[1] != 64:
        raise ValueError(f"digits_images: X must have shape (n, 64); got {arr.shape}")
    return arr.reshape(-1, 8, 8).copy()


def _read_digits(path):
    with np.load(path, allow_pickle=False) as data:
        pixels, labels, test = data["pixels"], data["labels"], data["test"]
    X = pixels.astype(np.float64) / 16.0
    y = labels.astype(np.int64)
    arrays = (X[~test], y[~test], X[test], y[test])
    for a in arrays:
        a.flags.writeable = False  # the cached originals are read-only; callers get copies
    return arrays


def _balanced_labels(n, n_classes):
    """Labels ``(n,)`` in class order: 0, 0, ..., 1, 1, ...; class sizes differ by at most one."""
    sizes = np.full(n_classes, n // n_classes)
    sizes[: n % n_classes] += 1
    return np.repeat(np.arange(n_classes), sizes)


def _position_in_class(y, endpoint=True):
    """For sorted labels ``y``, each example's evenly spaced position in [0, 1] within its class."""
    counts = np.bincount(y)
    rank = np.arange(len(y)) - np.repeat(np.cumsum(counts) - counts, counts)
    span = counts[y] - 1 if endpoint else counts[y]
    return rank / np.maximum(span, 1)


def _add_noise_and_shuffle(X, y, noise, rng):
    X = X + noise * rng.standard_normal(X.shape)
    order = rng.permutation(len(y))
    return X[order], y[order]
