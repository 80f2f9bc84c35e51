"""``tensorflow.NodeDef`` without TensorFlow: decode and encode the protobuf a Flex op carries.

Field numbers (node_def.proto, attr_value.proto, tensor_shape.proto):

    NodeDef       1 name, 2 op, 3 input (repeated), 4 device, 5 attr (map<string, AttrValue>),
                  6 experimental_debug_info, 7 experimental_type
    AttrValue     oneof: 1 list, 2 s, 3 i, 4 f, 5 b, 6 type, 7 shape, 8 tensor, 9 placeholder, 10 func
    ListValue     2 s, 3 i, 4 f, 5 b, 6 type, 7 shape, 8 tensor, 9 func  (numbers packed on write)
    TensorShape   2 dim {1 size, 2 name}, 3 unknown_rank

An attr value keeps its kind (``AttrValue('b', False)`` and ``AttrValue('i', 0)`` differ on the wire).
``tensor``, ``func`` and ``placeholder`` values, ``experimental_debug_info``, ``experimental_type`` and
unknown NodeDef fields are kept as raw bytes. The encoder writes fields in field-number order, the
attr map in the dict's order (decoding keeps the file's order), every ``input`` (also empty ones),
and the attr value even when it is a default (``b: false``, ``s: ""``), as TensorFlow does; so
``encode_nodedef(decode_nodedef(x)) == x`` for what the converter writes. Dim names inside shapes
are not kept (the converter does not write them).
"""

import struct
import types
from dataclasses import dataclass, field

from interp.errors import ModelError
from interp.flex import protowire as pw

ATTR_KINDS = ("list", "s", "i", "f", "b", "type", "shape", "tensor", "placeholder", "func")
_KIND_BY_FIELD = {n: kind for n, kind in enumerate(ATTR_KINDS, start=1)}
_FIELD_BY_KIND = {kind: n for n, kind in _KIND_BY_FIELD.items()}
_KIND_NAMES = {
    "list": "a list", "s": "a string (s)", "i": "an int (i)", "f": "a float (f)", "b": "a bool (b)",
    "type": "a dtype (type)", "shape": "a shape", "tensor": "a tensor", "placeholder": "a placeholder",
    "func": "a function", None: "empty",
}


@dataclass(frozen=True)
class TensorShape:
    """A ``TensorShapeProto``: ``dims`` (-1 = unknown size); ``unknown_rank`` when the rank is unknown."""

    dims: tuple = ()
    unknown_rank: bool = False


@dataclass(frozen=True)
class ListValue:
    """``AttrValue.ListValue``. ``tensor`` and ``func`` hold serialized messages (bytes)."""

    s: tuple = ()
    i: tuple = ()
    f: tuple = ()
    b: tuple = ()
    type: tuple = ()
    shape: tuple = ()
    tensor: tuple = ()
    func: tuple = ()


@dataclass(frozen=True)
class AttrValue:
    """One attr value with its kind: one of :data:`ATTR_KINDS`, or None for an empty AttrValue.

    Python types: s bytes, i int, f float, b bool, type int (DataType enum), shape
    :class:`TensorShape`, list :class:`ListValue`, tensor/placeholder/func bytes (serialized).
    """

    kind: str | None
    value: object = None

    def __post_init__(self):
        if self.kind is not None and self.kind not in ATTR_KINDS:
            raise ValueError(f"unknown AttrValue kind {self.kind!r}; known: {', '.join(ATTR_KINDS)}")


@dataclass(frozen=True)
class NodeDef:
    """A decoded ``tensorflow.NodeDef``. ``attrs`` maps attr name to :class:`AttrValue`, in file order."""

    op: str
    name: str = ""
    inputs: tuple = ()
    device: str = ""
    attrs: types.MappingProxyType = field(default_factory=dict)
    experimental_debug_info: bytes | None = None
    experimental_type: bytes | None = None
    unknown_fields: tuple = ()  # (field_number, wire_type, value) triples, re-emitted last

    def __post_init__(self):
        object.__setattr__(self, "inputs", tuple(self.inputs))
        object.__setattr__(self, "attrs", types.MappingProxyType(dict(self.attrs)))

    def attr(self, name, kind, default=None):
        """The python value of attr ``name``, which must be of ``kind``; ``default`` if it is absent.

        A NodeDef may leave out default-valued attrs (the Flex runtime fills them from TF's op
        registry), so callers pass TF's default. A wrong kind raises :class:`ModelError`.
        """
        value = self.attrs.get(name)
        if value is None:
            return default
        if value.kind != kind:
            raise ModelError(
                f"attr {name!r} of TF op {self.op} should be {_KIND_NAMES[kind]}, "
                f"but the NodeDef holds {_KIND_NAMES[value.kind]}"
            )
        return value.value


# ---------------------------------------------------------------- decoding


def _text(data, what):
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelError(f"{what} is not valid UTF-8: {bytes(data)[:40]!r}") from exc


def _expect(wire, expected, what):
    if wire != expected:
        raise ModelError(f"{what} has wire type {wire}, expected {expected}")


def _decode_shape(data):
    dims = []
    unknown_rank = False
    for num, wire, value in pw.iter_fields(data, "TensorShapeProto"):
        if num == 2:
            _expect(wire, pw.LEN, "TensorShapeProto.dim")
            size = 0
            for dnum, dwire, dvalue in pw.iter_fields(value, "TensorShapeProto.Dim"):
                if dnum == 1:
                    _expect(dwire, pw.VARINT, "TensorShapeProto.Dim.size")
                    size = pw.to_int64(dvalue)
            dims.append(size)
        elif num == 3:
            _expect(wire, pw.VARINT, "TensorShapeProto.unknown_rank")
            unknown_rank = bool(value)
    return TensorShape(tuple(dims), unknown_rank)


def _f32(bits):
    return struct.unpack("<f", struct.pack("<I", bits))[0]


def _repeated_numbers(wire, value, what, fixed32=False):
    """Values of a repeated numeric field: packed (LEN) or one unpacked element."""
    if wire == pw.LEN:
        return pw.unpack_fixed32(value, what) if fixed32 else pw.unpack_varints(value, what)
    _expect(wire, pw.FIXED32 if fixed32 else pw.VARINT, what)
    return [value]


def _decode_list(data):
    out = {name: [] for name in ("s", "i", "f", "b", "type", "shape", "tensor", "func")}
    for num, wire, value in pw.iter_fields(data, "AttrValue.ListValue"):
        if num == 2:
            _expect(wire, pw.LEN, "ListValue.s")
            out["s"].append(value)
        elif num == 3:
            out["i"] += [pw.to_int64(v) for v in _repeated_numbers(wire, value, "ListValue.i")]
        elif num == 4:
            out["f"] += [_f32(v) for v in _repeated_numbers(wire, value, "ListValue.f", fixed32=True)]
        elif num == 5:
            out["b"] += [bool(v) for v in _repeated_numbers(wire, value, "ListValue.b")]
        elif num == 6:
            out["type"] += [pw.to_int32(v) for v in _repeated_numbers(wire, value, "ListValue.type")]
        elif num == 7:
            _expect(wire, pw.LEN, "ListValue.shape")
            out["shape"].append(_decode_shape(value))
        elif num in (8, 9):
            _expect(wire, pw.LEN, "ListValue.tensor/func")
            out["tensor" if num == 8 else "func"].append(value)
    return ListValue(**{name: tuple(values) for name, values in out.items()})


def decode_attr_value(data):
    """Decode a serialized ``AttrValue``. The last oneof member on the wire wins, as in protobuf."""
    result = AttrValue(None)
    for num, wire, value in pw.iter_fields(data, "AttrValue"):
        kind = _KIND_BY_FIELD.get(num)
        if kind is None:
            continue
        what = f"AttrValue.{kind}"
        if kind in ("i", "b", "type"):
            _expect(wire, pw.VARINT, what)
            value = {"i": pw.to_int64, "b": bool, "type": pw.to_int32}[kind](value)
        elif kind == "f":
            _expect(wire, pw.FIXED32, what)
            value = _f32(value)
        else:
            _expect(wire, pw.LEN, what)
            if kind == "list":
                value = _decode_list(value)
            elif kind == "shape":
                value = _decode_shape(value)
        result = AttrValue(kind, value)
    return result


def _decode_attr_entry(data):
    key, value = "", AttrValue(None)
    for num, wire, raw in pw.iter_fields(data, "NodeDef.attr entry"):
        if num == 1:
            _expect(wire, pw.LEN, "NodeDef.attr key")
            key = _text(raw, "NodeDef.attr key")
        elif num == 2:
            _expect(wire, pw.LEN, "NodeDef.attr value")
            value = decode_attr_value(raw)
    return key, value


def decode_nodedef(data):
    """Decode a serialized ``tensorflow.NodeDef``; malformed bytes raise :class:`ModelError`."""
    fields = {"op": "", "name": "", "device": ""}
    inputs = []
    attrs = {}
    debug_info = None
    exp_type = None
    unknown = []
    for num, wire, value in pw.iter_fields(data, "NodeDef"):
        if num in (1, 2, 3, 4):
            name = {1: "name", 2: "op", 3: "input", 4: "device"}[num]
            _expect(wire, pw.LEN, f"NodeDef.{name}")
            text = _text(value, f"NodeDef.{name}")
            if num == 3:
                inputs.append(text)
            else:
                fields[name] = text
        elif num == 5:
            _expect(wire, pw.LEN, "NodeDef.attr")
            key, attr = _decode_attr_entry(value)
            attrs[key] = attr
        elif num == 6:
            _expect(wire, pw.LEN, "NodeDef.experimental_debug_info")
            debug_info = value
        elif num == 7:
            _expect(wire, pw.LEN, "NodeDef.experimental_type")
            exp_type = value
        else:
            unknown.append((num, wire, value))
    return NodeDef(
        op=fields["op"], name=fields["name"], inputs=tuple(inputs), device=fields["device"],
        attrs=attrs, experimental_debug_info=debug_info, experimental_type=exp_type,
        unknown_fields=tuple(unknown),
    )


# ---------------------------------------------------------------- encoding


def _f32_bits(value):
    return struct.unpack("<I", struct.pack("<f", value))[0]


def _encode_shape(shape):
    out = b"".join(
        pw.field_bytes(2, pw.field_varint(1, size) if size else b"") for size in shape.dims
    )
    if shape.unknown_rank:
        out += pw.field_varint(3, 1)
    return out


def _packed(field_no, values, encode):
    if not values:
        return b""
    return pw.field_bytes(field_no, b"".join(encode(v) for v in values))


def _encode_list(lst):
    return b"".join((
        b"".join(pw.field_bytes(2, s) for s in lst.s),
        _packed(3, lst.i, pw.encode_varint),
        _packed(4, lst.f, lambda v: struct.pack("<f", v)),
        _packed(5, lst.b, lambda v: pw.encode_varint(int(bool(v)))),
        _packed(6, lst.type, pw.encode_varint),
        b"".join(pw.field_bytes(7, _encode_shape(s)) for s in lst.shape),
        b"".join(pw.field_bytes(8, t) for t in lst.tensor),
        b"".join(pw.field_bytes(9, f) for f in lst.func),
    ))


def encode_attr_value(attr):
    """Serialize an :class:`AttrValue` (the set oneof member is written even when it is a default)."""
    kind, value = attr.kind, attr.value
    if kind is None:
        return b""
    num = _FIELD_BY_KIND[kind]
    if kind in ("i", "type"):
        return pw.field_varint(num, int(value))
    if kind == "b":
        return pw.field_varint(num, int(bool(value)))
    if kind == "f":
        return pw.field_fixed32(num, _f32_bits(value))
    if kind == "list":
        return pw.field_bytes(num, _encode_list(value))
    if kind == "shape":
        return pw.field_bytes(num, _encode_shape(value))
    if kind == "placeholder" and isinstance(value, str):
        value = value.encode("utf-8")
    return pw.field_bytes(num, value)


def encode_nodedef(nodedef):
    """Serialize a :class:`NodeDef` the way TensorFlow's converter does (see the module docstring)."""
    parts = []
    if nodedef.name:
        parts.append(pw.field_bytes(1, nodedef.name.encode("utf-8")))
    if nodedef.op:
        parts.append(pw.field_bytes(2, nodedef.op.encode("utf-8")))
    parts += [pw.field_bytes(3, name.encode("utf-8")) for name in nodedef.inputs]
    if nodedef.device:
        parts.append(pw.field_bytes(4, nodedef.device.encode("utf-8")))
    for key, attr in nodedef.attrs.items():
        entry = pw.field_bytes(1, key.encode("utf-8")) + pw.field_bytes(2, encode_attr_value(attr))
        parts.append(pw.field_bytes(5, entry))
    if nodedef.experimental_debug_info is not None:
        parts.append(pw.field_bytes(6, nodedef.experimental_debug_info))
    if nodedef.experimental_type is not None:
        parts.append(pw.field_bytes(7, nodedef.experimental_type))
    parts += [pw.encode_field(num, wire, value) for num, wire, value in nodedef.unknown_fields]
    return b"".join(parts)
