"""The data-only protocol: exact round trips, no pickles, every cap enforced."""

import io
import struct

import numpy as np
import pytest

from bpgrade.confined import protocol
from bpgrade.confined.protocol import Other, ProtocolError, Ref, RngSeed


def roundtrip(value, **kw):
    blobs = []
    desc = protocol.encode_value(value, blobs)
    return protocol.decode_value(desc, blobs, kw.get("max_elements", 10**6))


def test_numbers_arrays_strings_and_tuples_round_trip_exactly():
    a = np.random.default_rng(0).normal(size=(3, 2))
    out = roundtrip((a, 1.5, 3, True, "x**2", None, np.float32(2.5)))
    assert np.array_equal(out[0], a) and out[0].dtype == a.dtype
    assert out[1].shape == () and out[1] == 1.5 and out[2].dtype.kind == "i"
    assert out[3].dtype == bool and out[4] == "x**2" and out[5] is None
    assert out[6].dtype == np.float32


def test_objects_and_subclasses_become_opaque():
    class Sub(np.ndarray):
        pass

    assert isinstance(roundtrip(object()), Other)
    assert isinstance(roundtrip(np.zeros(2).view(Sub)), Other)
    assert isinstance(roundtrip(np.array([1, "a"], dtype=object)), Other)
    assert isinstance(roundtrip(np.zeros(2, dtype=complex)), Other)

    class FakeFloat(float):
        def __eq__(self, other):
            return True

    assert isinstance(roundtrip(FakeFloat(1.0)), Other)


def test_pickled_arrays_are_refused():
    buf = io.BytesIO()
    np.save(buf, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(ProtocolError):
        protocol.decode_value({"t": "array", "blob": 0}, [buf.getvalue()], 100)


def test_arrays_lying_about_their_size_are_refused():
    blob = protocol.encode_array(np.zeros(1000))
    with pytest.raises(ProtocolError):
        protocol.decode_array(blob, max_elements=10)
    with pytest.raises(ProtocolError):
        protocol.decode_array(blob[:200], max_elements=10**6)
    with pytest.raises(ProtocolError):
        protocol.decode_array(b"not an npy file", 10)


def test_refs_and_rng_only_from_the_parent():
    blobs = []
    desc = protocol.encode_arg([Ref(0, 1), RngSeed(3), 2.0], blobs)
    value = protocol.decode_value(desc, blobs, 10, from_parent=True)
    assert isinstance(value, list) and isinstance(value[0], Ref)
    assert isinstance(value[1], np.random.Generator) and value[2] == 2.0
    with pytest.raises(ProtocolError):
        protocol.decode_value({"t": "ref", "step": 0}, [], 10)


def test_headers_are_validated():
    msg = protocol.pack({"id": 3}, [b"abc"])
    (size,) = struct.unpack(">I", msg[:4])
    header = protocol.parse_header(msg[4:4 + size], 100)
    assert header["id"] == 3 and header["blobs"] == [3]
    with pytest.raises(ProtocolError, match="oversized"):
        protocol.parse_header(msg[4:4 + size], 2)
    for bad in (b"{not json", b"[1, 2]", b'{"blobs": [-1]}', b"\xff\xfe"):
        with pytest.raises(ProtocolError):
            protocol.parse_header(bad, 100)
    with pytest.raises(ProtocolError):
        protocol.decode_value({"t": "seq", "items": [{"t": "none"}] * 1000}, [], 10)
    with pytest.raises(ProtocolError):
        protocol.decode_value({"t": "array", "blob": 5}, [], 10)
