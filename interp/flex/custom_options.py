"""The ``custom_options`` of a Flex op: a FlexBuffer VECTOR of [TF op name, serialized NodeDef].

Layout (FORMAT.md section 7): the root is an untyped VECTOR (FlexBuffer type 10) of two STRING items
(type 5). Item 0 is the TF op name (``AsString``), item 1 the serialized ``tensorflow.NodeDef``,
stored as a STRING (size prefix, bytes, trailing NUL) although it is binary.

Reading is a strict walk of just that layout with every offset and size checked against the buffer,
so any malformed input raises :class:`ModelError` saying what is wrong. (``flatbuffers.flexbuffers``'
reader does not bounds-check: an offset pointing before the start wraps around through Python's
negative indexing and a size past the end silently truncates.) Writing uses
``flatbuffers.flexbuffers.Builder``, which reproduces the converter's bytes exactly.
"""

from flatbuffers import flexbuffers

from interp.errors import ModelError
from interp.flex.nodedef import decode_nodedef, encode_nodedef

_WIDTHS = (1, 2, 4, 8)


class _Reader:
    def __init__(self, data):
        self.data = bytes(data)

    def uint(self, pos, width, what):
        if pos < 0 or pos + width > len(self.data):
            raise ModelError(
                f"Flex custom_options: {what} ({width} bytes at {pos}) lies outside the "
                f"{len(self.data)}-byte buffer"
            )
        return int.from_bytes(self.data[pos : pos + width], "little")

    def target(self, pos, width, what):
        """Follow the unsigned backward offset stored at ``pos``."""
        offset = self.uint(pos, width, what)
        if offset > pos:
            raise ModelError(
                f"Flex custom_options: {what} at byte {pos} points {offset} bytes back, "
                "before the start of the buffer"
            )
        return pos - offset


def _type_name(type_code):
    try:
        return flexbuffers.Type(type_code).name
    except ValueError:
        return f"unknown type {type_code}"


def _read_string(reader, pos, parent_width, packed_type, index):
    type_code, size_width = packed_type >> 2, 1 << (packed_type & 3)
    if type_code != flexbuffers.Type.STRING:
        raise ModelError(
            f"Flex custom_options: item {index} should be a STRING, got {_type_name(type_code)}"
        )
    start = reader.target(pos, parent_width, f"offset of item {index}")
    size = reader.uint(start - size_width, size_width, f"size of item {index}")
    end = start + size
    if end >= len(reader.data):
        raise ModelError(
            f"Flex custom_options: item {index} ({size} bytes at {start} plus its NUL) runs past "
            f"the end of the {len(reader.data)}-byte buffer"
        )
    if reader.data[end] != 0:
        raise ModelError(f"Flex custom_options: item {index} is not NUL-terminated")
    return reader.data[start:end]


def read_flex_payload(custom_options):
    """Return ``(tf_op_name_bytes, nodedef_bytes)`` from a Flex op's custom_options."""
    reader = _Reader(custom_options)
    n = len(reader.data)
    if n < 3:
        raise ModelError(f"Flex custom_options: {n} bytes is too short for a FlexBuffer")
    root_width = reader.data[-1]
    if root_width not in _WIDTHS:
        raise ModelError(f"Flex custom_options: root byte width {root_width} is not 1, 2, 4 or 8")
    packed = reader.data[-2]
    type_code, elem_width = packed >> 2, 1 << (packed & 3)
    if type_code != flexbuffers.Type.VECTOR:
        raise ModelError(
            f"Flex custom_options: the FlexBuffer root should be a VECTOR of [op name, NodeDef], "
            f"got {_type_name(type_code)}"
        )
    vec = reader.target(n - 2 - root_width, root_width, "root vector offset")
    length = reader.uint(vec - elem_width, elem_width, "vector length")
    if length != 2:
        raise ModelError(
            f"Flex custom_options: the root vector should hold 2 items [op name, NodeDef], "
            f"it holds {length}"
        )
    types_at = vec + length * elem_width
    items = []
    for index in range(length):
        packed_item = reader.uint(types_at + index, 1, f"type byte of item {index}")
        items.append(_read_string(reader, vec + index * elem_width, elem_width, packed_item, index))
    return items[0], items[1]


def decode_flex_options(custom_options):
    """Decode a Flex op's custom_options into ``(tf_op_name, NodeDef)``.

    The op name is item 0 of the payload; the NodeDef carries its own ``op`` (the converter writes the
    same name in both places, and this function does not require them to agree).
    """
    name_bytes, nodedef_bytes = read_flex_payload(custom_options)
    try:
        name = name_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelError(f"Flex custom_options: the op name {name_bytes[:40]!r} is not UTF-8") from exc
    if not name:
        raise ModelError("Flex custom_options: the TF op name (item 0) is empty")
    return name, decode_nodedef(nodedef_bytes)


def encode_flex_options(nodedef, tf_op_name=None):
    """The custom_options bytes for ``nodedef``, byte-identical to what TF's converter writes.

    ``tf_op_name`` defaults to ``nodedef.op``.
    """
    name = nodedef.op if tf_op_name is None else tf_op_name
    builder = flexbuffers.Builder()
    with builder.Vector():
        builder.String(name)
        # Builder.String() only takes str (it UTF-8-encodes), and the NodeDef is arbitrary bytes;
        # the converter stores them as a STRING, so use the builder's STRING-typed blob writer.
        builder._WriteBlob(encode_nodedef(nodedef), append_zero=True, type_=flexbuffers.Type.STRING)
    return bytes(builder.Finish())
