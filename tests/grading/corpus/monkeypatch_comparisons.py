# attack: wrong answer + monkeypatched numpy, math and unittest comparisons
# expect: q_sigmoid=fail
# score: q_sigmoid=0
# %% include _correct
# %%
import math
import unittest
import numpy.testing


def sigmoid(z):
    return np.zeros_like(z)


np.allclose = lambda *a, **k: True
np.isclose = lambda a, b, *r, **k: np.ones(np.broadcast(a, b).shape, dtype=bool)
np.array_equal = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
np.testing.assert_array_almost_equal = lambda *a, **k: None
math.isclose = lambda *a, **k: True
unittest.TestCase.assertEqual = lambda *a, **k: None
unittest.TestCase.assertTrue = lambda *a, **k: None
