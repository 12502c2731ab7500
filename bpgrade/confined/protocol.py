"""The data-only protocol between the grader (parent) and the sandboxed child.

A message is a 4-byte big-endian header length, a UTF-8 JSON header, then the binary blobs the
header lists in ``"blobs"`` (their sizes). Python and NumPy scalars arrive as 0-d arrays. Arrays travel as ``.npy`` blobs and are decoded with
``allow_pickle=False``; nothing is ever unpickled. Values are encoded as small JSON descriptors:

``{"t": "none"}``, ``{"t": "bool", "v": b}``, ``{"t": "scalar", "blob": i}``,
``{"t": "array", "blob": i}``, ``{"t": "str", "v": s}``, ``{"t": "seq", "items": [...]}``,
``{"t": "other", "type": name}``; parent to child only: ``{"t": "rng", "seed": n}`` (a fresh
``numpy.random.Generator``) and ``{"t": "ref", "step": i, "item": k}`` (an earlier step's result).

The parent enforces every cap (header size, blob sizes, array element counts, nesting depth), so
a hostile child can only make its own question fail with a ``protocol`` error.
"""

import io
import json
import struct

import numpy as np

MAX_HEADER = 1 << 20
MAX_DEPTH = 4
MAX_ITEMS = 64
MAX_STR = 64 * 1024
NUMERIC_KINDS = "biuf"


class ProtocolError(Exception):
    """The other side sent something that is not a well-formed message or value."""


def pack(header, blobs=()):
    """Serialise a message: header dict plus a list of bytes blobs."""
    header = dict(header, blobs=[len(b) for b in blobs])
    raw = json.dumps(header, allow_nan=True, separators=(",", ":")).encode()
    return struct.pack(">I", len(raw)) + raw + b"".join(blobs)


def parse_header(raw, max_blob_bytes):
    """Decode a header and validate its blob list against ``max_blob_bytes`` (total)."""
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ProtocolError(f"malformed message header ({exc.__class__.__name__})") from None
    if not isinstance(header, dict):
        raise ProtocolError("message header is not an object")
    sizes = header.get("blobs", [])
    if not isinstance(sizes, list) or not all(isinstance(s, int) and s >= 0 for s in sizes):
        raise ProtocolError("malformed blob list")
    if sum(sizes) > max_blob_bytes:
        raise ProtocolError(f"oversized result ({sum(sizes)} bytes > {max_blob_bytes})")
    return header


def encode_array(arr):
    buf = io.BytesIO()
    np.save(buf, arr, allow_pickle=False)
    return buf.getvalue()


def decode_array(blob, max_elements):
    """Load one ``.npy`` blob without pickles; only real numeric dtypes are accepted."""
    buf = io.BytesIO(blob)
    try:
        version = np.lib.format.read_magic(buf)
        read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                       else np.lib.format.read_array_header_2_0)
        shape, _, dtype = read_header(buf)
    except Exception as exc:
        raise ProtocolError(f"malformed array ({exc.__class__.__name__})") from None
    if dtype.kind not in NUMERIC_KINDS or dtype.hasobject:
        raise ProtocolError(f"non-numeric array dtype {dtype}")
    n = int(np.prod(shape, dtype=np.int64)) if shape else 1
    if n > max_elements or n * dtype.itemsize > len(blob):
        raise ProtocolError(f"array of shape {shape} does not fit its {len(blob)}-byte blob")
    try:
        return np.load(io.BytesIO(blob), allow_pickle=False)
    except Exception as exc:
        raise ProtocolError(f"malformed array ({exc.__class__.__name__})") from None


def encode_value(value, blobs, depth=0):
    """Describe ``value`` for the wire, appending array blobs to ``blobs`` (used by both sides)."""
    if value is None:
        return {"t": "none"}
    if isinstance(value, (bool, np.bool_)) and type(value) in (bool, np.bool_):
        return {"t": "bool", "v": bool(value)}
    if type(value) in (int, float) or (isinstance(value, np.generic)
                                       and np.asarray(value).dtype.kind in NUMERIC_KINDS):
        blobs.append(encode_array(np.asarray(value)))
        return {"t": "scalar", "blob": len(blobs) - 1}
    if type(value) is np.ndarray and value.dtype.kind in NUMERIC_KINDS:
        blobs.append(encode_array(value))
        return {"t": "array", "blob": len(blobs) - 1}
    if type(value) is str:
        return {"t": "str", "v": value[:MAX_STR]}
    if type(value) in (tuple, list) and depth < MAX_DEPTH and len(value) <= MAX_ITEMS:
        return {"t": "seq", "items": [encode_value(v, blobs, depth + 1) for v in value]}
    if isinstance(value, Ref):
        return {"t": "ref", "step": value.step, "item": value.item}
    if isinstance(value, RngSeed):
        return {"t": "rng", "seed": value.seed}
    name = type(value).__name__
    if isinstance(value, np.ndarray):
        name = f"{name}[{value.dtype}]"
    return {"t": "other", "type": name[:80]}


def encode_arg(value, blobs):
    """Parent side: like encode_value, but Python numbers stay Python numbers for the learner."""
    if type(value) in (int, float, bool):
        return {"t": "py", "v": value}
    if type(value) in (tuple, list):
        return {"t": "seq", "items": [encode_arg(v, blobs) for v in value], "list": type(value) is list}
    return encode_value(value, blobs)


def decode_value(desc, blobs, max_elements, depth=0, from_parent=False):
    """Rebuild a value from its descriptor; raises ProtocolError on anything unexpected.

    ``from_parent`` allows the kinds only the trusted side may send (``rng`` and ``ref``).
    """
    if not isinstance(desc, dict) or depth > MAX_DEPTH:
        raise ProtocolError("malformed value")
    kind = desc.get("t")
    if from_parent and kind == "ref":
        return Ref(int(desc["step"]), desc.get("item"))
    if from_parent and kind == "py":
        value = desc.get("v")
        if type(value) not in (int, float, bool, str):
            raise ProtocolError("malformed literal")
        return value
    if from_parent and kind == "rng":
        return np.random.default_rng(int(desc.get("seed", 0)))
    if kind == "none":
        return None
    if kind == "bool":
        return np.asarray(bool(desc.get("v")))
    if kind in ("scalar", "array"):
        index = desc.get("blob")
        if not isinstance(index, int) or not 0 <= index < len(blobs):
            raise ProtocolError("value refers to a missing blob")
        arr = decode_array(blobs[index], max_elements)
        if kind == "scalar" and arr.shape != ():
            raise ProtocolError("scalar with a shape")
        return arr
    if kind == "str":
        value = desc.get("v")
        if not isinstance(value, str):
            raise ProtocolError("malformed string")
        return value[:MAX_STR]
    if kind == "seq":
        items = desc.get("items")
        if not isinstance(items, list) or len(items) > MAX_ITEMS:
            raise ProtocolError("malformed sequence")
        seq = [decode_value(d, blobs, max_elements, depth + 1, from_parent) for d in items]
        return seq if from_parent and desc.get("list") else tuple(seq)
    if kind == "other":
        return Other(str(desc.get("type", "?"))[:80])
    raise ProtocolError(f"unknown value kind {kind!r}")


class Other:
    """Something that is not a number, string or sequence: only its type name crosses over."""

    def __init__(self, type_name):
        self.type_name = type_name

    def __repr__(self):
        return f"<{self.type_name} object>"


class Ref:
    """An argument that is the result (or item ``item`` of the result) of an earlier step."""

    def __init__(self, step, item=None):
        self.step, self.item = step, item

    def __repr__(self):
        return f"Ref({self.step}, {self.item})"


class RngSeed:
    """An argument that becomes ``numpy.random.default_rng(seed)`` where the call happens."""

    def __init__(self, seed):
        self.seed = seed

    def __repr__(self):
        return f"RngSeed({self.seed})"
