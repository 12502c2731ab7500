"""Inputs that only a numerically stable formula gets right, for hidden-case generators.

A question that asks for a stable computation cannot give points for the absence of a warning:
the learner's code controls warnings (``np.errstate``, ``warnings.simplefilter``) and can avoid
them by clipping. So its cases hold values that the unstable formulas get *wrong*:

* ``with_subnormal_sigmoid`` — one z in [−720, −710], where σ(z) = e^z is a subnormal number
  (about 1e-313) that 1/(1 + e^−z) returns as 0, with or without its overflow warning;
* ``with_extreme_rows`` — logits beyond exp's range (|z| in 750..1000). Two rows are all high or
  all low and a few units apart: unshifted, exp overflows to inf (or underflows to 0) and the row
  becomes NaN; clipped into exp's range, its logits collapse into one value and the row becomes
  uniform. A third row holds one high and one low logit: its low entry's probability underflows
  to 0, so the log of a (shifted) softmax gives −inf where log-softmax is about −1500.

Each function returns a new array (its input is not changed) and draws from ``rng`` only.
"""

import numpy as np

SUBNORMAL_Z = (-720.0, -710.0)       # σ(z) = e^z ∈ (1.9e-313, 4.4e-309): subnormal, never 0
LARGE_LOGIT = (750.0, 1000.0)        # e^750 overflows float64 (its largest exponent is about 709.8)


def with_subnormal_sigmoid(rng, z):
    """A copy of ``z`` (any shape, float) with one entry, chosen at random, in ``SUBNORMAL_Z``.

    Returns (copy, flat index of that entry)."""
    z = np.array(z, dtype=np.float64)
    i = int(rng.integers(z.size))
    z.flat[i] = rng.uniform(*SUBNORMAL_Z)
    return z, i


def with_extreme_rows(rng, z):
    """A copy of the logits ``z`` (N, C), N ≥ 3 and C ≥ 2, with three random rows replaced:
    one at +U(750, 1000) and one at −U(750, 1000), each plus N(0, 3²) noise per entry, and one
    whose entry ``low`` is −U(750, 1000) and another +U(750, 1000) (the rest unchanged).

    Returns (copy, (row, low)): the wide row and its low entry, e.g. for a cross-entropy label."""
    z = np.array(z, dtype=np.float64)
    if z.ndim != 2 or z.shape[0] < 3 or z.shape[1] < 2:
        raise ValueError(f"with_extreme_rows: z must have shape (N, C) with N >= 3 and C >= 2; got {z.shape}")
    high, low, wide = rng.choice(z.shape[0], size=3, replace=False)
    for row, sign in ((high, 1.0), (low, -1.0)):
        z[row] = sign * rng.uniform(*LARGE_LOGIT) + rng.normal(scale=3.0, size=z.shape[1])
    small, big = rng.choice(z.shape[1], size=2, replace=False)
    z[wide, small], z[wide, big] = -rng.uniform(*LARGE_LOGIT), rng.uniform(*LARGE_LOGIT)
    return z, (int(wide), int(small))
