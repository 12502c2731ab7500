"""The comparison rules: shape, dtype kind, NaN, values, structure, mutation."""

import numpy as np

from bpgrade.judging.compare import compare_values, unchanged
from bpgrade.confined.protocol import Other


def verdict(expected, got, **kw):
    return compare_values(expected, got, kw.get("rtol", 1e-6), kw.get("atol", 1e-8), kw.get("exact", False))


def test_equal_arrays_pass_within_tolerance():
    e = np.array([1.0, 2.0, 3.0])
    assert verdict(e, e + 1e-9).ok
    assert not verdict(e, e + 1e-3).ok


def test_column_is_not_a_vector():
    v = verdict(np.zeros(3), np.zeros((3, 1)))
    assert not v.ok and v.category == "shape"
    assert "(3,)" in v.message and "(3, 1)" in v.message and "broadcasting" in v.message


def test_scalar_is_not_a_one_element_array():
    v = verdict(np.array(0.5), np.array([0.5]))
    assert not v.ok and v.category == "shape" and "scalar" in v.message


def test_broadcastable_row_is_rejected():
    v = verdict(np.ones(3), np.ones((1, 3)))
    assert v.category == "shape"


def test_dtype_kind_and_exact_dtype():
    assert verdict(np.ones(2), np.ones(2, dtype=int)).category == "dtype"
    assert verdict(np.ones(2), np.ones(2, dtype=np.float32)).ok
    assert verdict(np.ones(2), np.ones(2, dtype=np.float32), exact=True).category == "dtype"
    assert verdict(np.array([1, 2]), np.array([1, 2], dtype=np.uint8)).ok


def test_nan_and_inf_are_reported():
    v = verdict(np.array([0.1, 0.2]), np.array([0.1, np.nan]))
    assert v.category == "nan" and "index 1" in v.message
    assert verdict(np.array([np.nan, 1.0]), np.array([np.nan, 1.0])).ok
    assert verdict(np.array([np.inf]), np.array([np.inf])).ok


def test_wrong_value_message_names_index_expected_and_got():
    v = verdict(np.array([[0.0, 1.0], [2.0, 3.0]]), np.array([[0.0, 1.0], [2.5, 3.0]]))
    assert v.category == "value"
    assert "index (1, 0)" in v.message and "expected 2" in v.message and "got 2.5" in v.message
    assert "1 of 4" in v.message


def test_tuples_structure_and_non_numbers():
    e = (np.zeros(2), np.array(1.0))
    assert verdict(e, (np.zeros(2), np.array(1.0))).ok
    assert verdict(e, (np.zeros(2),)).category == "structure"
    assert verdict(e, np.zeros(2)).category == "structure"
    assert verdict(np.zeros(2), Other("AlwaysEqual")).category == "type"
    assert verdict(np.zeros(2), None).category == "type"
    assert verdict("tanh", "tanh").ok and not verdict("tanh", "relu").ok


def test_mutation_check_is_exact():
    sent = np.array([1.0, np.nan])
    assert unchanged(sent, sent.copy(), "x").ok
    assert unchanged(sent, np.array([1.0, 2.0]), "x").category == "mutation"
    assert unchanged(sent, sent.astype(np.float32), "x").category == "mutation"
    assert unchanged(sent, None, "x").category == "mutation"


def test_nan_where_inf_was_expected_is_a_wrong_value_without_a_warning():
    import warnings

    from bpgrade.judging.compare import compare_arrays

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        verdict = compare_arrays(np.array([np.inf, 1.0]), np.array([np.nan, 1.0]), 1e-7, 0.0)
    assert not verdict.ok and verdict.category == "value"
    assert "largest error inf" in verdict.message
