"""Input checks shared by every bplib function.

Each helper raises an error whose message names the function, the argument, what was expected
and what was received, and a hint where one helps, e.g.::

    ValueError: dense_forward: W must have shape (3, n_out) to match x's 3 features; got (4, 2)

``ValueError`` is raised for wrong shapes and values, ``TypeError`` for wrong types and dtypes.
"""

import numbers

import numpy as np

FLOAT_DTYPES = (np.float32, np.float64)


def describe(a):
    """Short description of an argument for error messages: 'float64 array of shape (2, 3)'."""
    if isinstance(a, np.ndarray):
        return f"{a.dtype} array of shape {a.shape}"
    if a is None:
        return "None"
    return f"{type(a).__name__}"


def as_float_array(func, name, a, ndim=None, dtype=None, nonempty=False, finite=False):
    """Return `a` as a floating ndarray (no copy when it already is one).

    Integer, boolean and float16 inputs are converted to float64 (exactly); float32 and float64
    are kept (or cast to `dtype` when given). None, complex, object and string data raise
    TypeError; ragged nested lists, the wrong number of dimensions, an empty batch (with
    ``nonempty``: no rows, or no elements for 0-D/1-D data) and NaN or inf (with ``finite``) raise
    ValueError. The caller's array is never modified.
    """
    if isinstance(a, (str, bytes)) or a is None:
        raise TypeError(f"{func}: {name} must be a numeric array; got {describe(a)}")
    try:
        arr = np.asarray(a)
    except ValueError:
        raise ValueError(f"{func}: {name} must be a rectangular array; got a ragged {type(a).__name__} "
                         "(rows of different lengths)") from None
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
    if nonempty and (arr.size == 0 or (arr.ndim >= 1 and arr.shape[0] == 0)):
        raise ValueError(f"{func}: {name} must hold at least one example; got an empty batch of shape {arr.shape}")
    if finite and not np.all(np.isfinite(arr)):
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
        raise ValueError(f"{func}: {name} must be finite; got NaN or inf (first at index {where})")
    return arr


def _ndim_hint(ndim):
    return {1: "a vector", 2: "rows = examples, columns = features",
            3: "examples, time steps, features"}.get(ndim, f"{ndim} axes")


def check_float_dtype(func, name, dtype):
    """Return np.dtype(dtype) when it is float32 or float64; raise TypeError otherwise."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt not in FLOAT_DTYPES:
        got = dt if dt is not None else repr(dtype)
        raise TypeError(f"{func}: {name} must be float32 or float64; got {got}")
    return dt


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


def check_in_range(func, name, a, low, high, what="values", hint=""):
    """Raise ValueError unless every entry of the array `a` lies in [low, high] (NaN never does).

    `what` names the entries in the message ("targets", "probabilities").
    """
    bad = ~((a >= low) & (a <= high))
    if np.any(bad):
        value = a[bad].flat[0].item()
        raise ValueError(f"{func}: {name} must hold {what} in [{low:g}, {high:g}]; got {value!r}{hint}")
    return a


def check_labels(func, name, y, n, n_classes):
    """Return integer class labels of shape (n,) with values in 0..n_classes-1."""
    if y is None or isinstance(y, (str, bytes)):
        raise TypeError(f"{func}: {name} must be integer class labels; got {describe(y)}")
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


def _is_real(value):
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def check_probability(func, name, p, what="a probability"):
    """Check that p is a real number in [0, 1) (`what` names it in the message)."""
    if not _is_real(p) or not 0.0 <= float(p) < 1.0:
        raise ValueError(f"{func}: {name} must be {what} in [0, 1); got {p!r}")
    return float(p)


def check_positive(func, name, value, allow_zero=False):
    """Check that value is a finite positive (or non-negative) real number (not a bool)."""
    ok = _is_real(value) and np.isfinite(value) and (value >= 0 if allow_zero else value > 0)
    if not ok:
        expected = "a finite number >= 0" if allow_zero else "a finite number > 0"
        raise ValueError(f"{func}: {name} must be {expected}; got {value!r}")
    return value


def check_count(func, name, value, minimum=1):
    """Check that value is an integer (not a bool) >= minimum; return it as an int."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{func}: {name} must be an integer >= {minimum}; got {value!r}")
    return int(value)


def check_type(func, name, value, kind, expected, hint=""):
    """Raise TypeError unless isinstance(value, kind); `expected` describes kind in words."""
    if not isinstance(value, kind):
        raise TypeError(f"{func}: {name} must be {expected}; got {describe(value)}{hint}")
    return value


def check_cache(func, cache, forward, length=None, array=False):
    """Check a backward function's ``cache`` argument: what ``forward`` returned.

    ``array=True``: the cache is one ndarray; otherwise a tuple (or list) of ``length`` items.
    """
    hint = f" (call {forward} first and pass the cache it returns)"
    if cache is None:
        raise ValueError(f"{func}: cache is None; expected the cache returned by {forward}{hint}")
    if array:
        ok = isinstance(cache, np.ndarray)
        expected = "an array"
    else:
        ok = isinstance(cache, (tuple, list)) and (length is None or len(cache) == length)
        expected = f"a tuple of {length} items" if length else "a tuple"
    if not ok:
        got = f"{type(cache).__name__} of length {len(cache)}" if isinstance(cache, (tuple, list)) else describe(cache)
        raise ValueError(f"{func}: cache must be {expected}, as returned by {forward}; got {got}{hint}")
    return cache


def as_rng(rng, func=None):
    """A numpy Generator from None (fresh, unseeded), an int seed, or a Generator."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, numbers.Integral) and not isinstance(rng, (bool, np.bool_))):
        if rng is not None and rng < 0:
            raise ValueError(f"{func + ': ' if func else ''}rng must be a seed >= 0; got {rng!r}")
        return np.random.default_rng(rng)
    raise TypeError(f"{func + ': ' if func else ''}rng must be None, an int seed or a numpy.random.Generator; "
                    f"got {type(rng).__name__}")
