"""Input checks shared by every bplib function.

Each helper raises an error whose message names the function, the argument, what was expected
and what was received, e.g.::

    ValueError: dense_forward: W must have shape (3, n_out) to match x's 3 features; got (4, 2)
"""

import numbers

import numpy as np

FLOAT_DTYPES = (np.float32, np.float64)


def describe(a):
    """Short description of an array-like for error messages: 'float64 array of shape (2, 3)'."""
    if isinstance(a, np.ndarray):
        return f"{a.dtype} array of shape {a.shape}"
    return f"{type(a).__name__}"


def as_float_array(func, name, a, ndim=None, dtype=None):
    """Return `a` as a floating ndarray (no copy when it already is one).

    Integer and boolean inputs are converted to float64; float32 and float64 are kept (or cast to
    `dtype` when given). Complex, object and string data raise TypeError; the wrong number of
    dimensions raises ValueError. The caller's array is never modified.
    """
    if isinstance(a, (str, bytes)) or a is None:
        raise TypeError(f"{func}: {name} must be a numeric array; got {type(a).__name__}")
    arr = np.asarray(a)
    if arr.dtype.kind in "biu":
        arr = arr.astype(np.float64)
    elif arr.dtype.kind != "f":
        raise TypeError(
            f"{func}: {name} must hold real numbers (float64 or float32); got dtype {arr.dtype}"
        )
    elif arr.dtype not in FLOAT_DTYPES:
        arr = arr.astype(np.float64)
    if dtype is not None and arr.dtype != dtype:
        arr = arr.astype(dtype)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(
            f"{func}: {name} must be {ndim}-D ({_ndim_hint(ndim)}); got shape {arr.shape}"
        )
    return arr


def _ndim_hint(ndim):
    return {1: "a vector", 2: "rows = examples, columns = features"}.get(ndim, f"{ndim} axes")


def check_same_shape(func, name_a, a, name_b, b):
    """Raise ValueError unless a.shape == b.shape (no broadcasting allowed)."""
    if a.shape != b.shape:
        hint = ""
        if a.ndim == 2 and b.ndim == 1 and a.shape[0] == b.shape[0] and a.shape[1] == 1:
            hint = f"; reshape {name_b} with {name_b}.reshape(-1, 1)"
        elif a.ndim == 1 and b.ndim == 2 and b.shape[0] == a.shape[0] and b.shape[1] == 1:
            hint = f"; reshape {name_b} with {name_b}.reshape(-1)"
        raise ValueError(
            f"{func}: {name_a} and {name_b} must have the same shape; "
            f"got {name_a} {a.shape} and {name_b} {b.shape}{hint}"
        )


def check_labels(func, name, y, n, n_classes):
    """Return integer class labels of shape (n,) with values in 0..n_classes-1."""
    arr = np.asarray(y)
    if arr.dtype.kind == "f" and arr.size and np.all(np.isfinite(arr)) and np.all(arr == np.round(arr)):
        arr = arr.astype(np.int64)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"{func}: {name} must be integer class labels; got dtype {arr.dtype}")
    if arr.shape != (n,):
        hint = " (integer labels, not one-hot rows)" if arr.ndim == 2 else ""
        raise ValueError(f"{func}: {name} must have shape ({n},){hint}; got {arr.shape}")
    if arr.size and (arr.min() < 0 or arr.max() >= n_classes):
        raise ValueError(
            f"{func}: {name} must hold labels in 0..{n_classes - 1}; "
            f"got values from {arr.min()} to {arr.max()}"
        )
    return arr


def check_probability(func, name, p):
    """Check that p is a number in [0, 1)."""
    if not isinstance(p, numbers.Real) or not 0.0 <= float(p) < 1.0:
        raise ValueError(f"{func}: {name} must be a probability in [0, 1); got {p!r}")
    return float(p)


def check_positive(func, name, value, allow_zero=False):
    """Check that value is a positive (or non-negative) real number."""
    ok = isinstance(value, numbers.Real) and (value >= 0 if allow_zero else value > 0)
    if not ok:
        expected = "a number >= 0" if allow_zero else "a number > 0"
        raise ValueError(f"{func}: {name} must be {expected}; got {value!r}")
    return value


def as_rng(rng):
    """A numpy Generator from None (fresh, unseeded), an int seed, or a Generator."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, numbers.Integral):
        return np.random.default_rng(rng)
    raise TypeError(f"rng must be None, an int seed or a numpy.random.Generator; got {type(rng).__name__}")
