"""A small reader and writer for the protocol-buffer wire format.

Only what NodeDef needs: varints (no zigzag), fixed32, fixed64 and length-delimited fields.
A field key is ``(field_number << 3) | wire_type``. The reader yields
``(field_number, wire_type, value)`` where value is an ``int`` (varint: unsigned 64-bit; fixed32 /
fixed64: the unsigned little-endian integer) or ``bytes`` (length-delimited). Every malformed input
(truncation, a length past the end, an overlong varint, field number 0, the group wire types 3/4 or
the unused 6/7) raises :class:`~interp.errors.ModelError` naming the message and the byte offset.
"""

import struct

from interp.errors import ModelError

VARINT = 0
FIXED64 = 1
LEN = 2
FIXED32 = 5

_MAX_FIELD = (1 << 29) - 1
_U64 = 1 << 64


def read_varint(data, pos, what="message"):
    """Decode the varint at ``data[pos]``; return ``(value, next_pos)``. At most 10 bytes, < 2**64."""
    value = 0
    shift = 0
    start = pos
    end = len(data)
    while True:
        if pos >= end:
            raise ModelError(f"{what}: truncated varint at byte {start} (data ends at byte {end})")
        if pos - start == 10:
            raise ModelError(f"{what}: varint at byte {start} is longer than 10 bytes")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            break
        shift += 7
    if value >= _U64:
        raise ModelError(f"{what}: varint at byte {start} does not fit in 64 bits")
    return value, pos


def iter_fields(data, what="message"):
    """Yield ``(field_number, wire_type, value)`` for every field of the serialized message."""
    data = bytes(data)
    pos = 0
    end = len(data)
    while pos < end:
        key_pos = pos
        key, pos = read_varint(data, pos, what)
        field, wire = key >> 3, key & 7
        if field == 0 or field > _MAX_FIELD:
            raise ModelError(f"{what}: invalid field number {field} at byte {key_pos}")
        if wire == VARINT:
            value, pos = read_varint(data, pos, what)
        elif wire == LEN:
            size, pos = read_varint(data, pos, what)
            if size > end - pos:
                raise ModelError(
                    f"{what}: field {field} at byte {key_pos} has length {size}, "
                    f"past the end of the data ({end - pos} bytes left)"
                )
            value = data[pos : pos + size]
            pos += size
        elif wire in (FIXED32, FIXED64):
            width = 4 if wire == FIXED32 else 8
            if width > end - pos:
                raise ModelError(f"{what}: truncated fixed{width * 8} field {field} at byte {key_pos}")
            value = int.from_bytes(data[pos : pos + width], "little")
            pos += width
        else:
            raise ModelError(f"{what}: unsupported wire type {wire} for field {field} at byte {key_pos}")
        yield field, wire, value


def to_int64(value):
    """Reinterpret an unsigned 64-bit varint as a signed int64 (negative ints are 10-byte varints)."""
    return value - _U64 if value >= 1 << 63 else value


def to_int32(value):
    """Reinterpret a varint as int32 the way protobuf does for int32/enum fields (low 32 bits)."""
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value >= 1 << 31 else value


def unpack_varints(data, what="packed field"):
    """The values of a packed repeated varint field."""
    values = []
    pos = 0
    while pos < len(data):
        value, pos = read_varint(data, pos, what)
        values.append(value)
    return values


def unpack_fixed32(data, what="packed field"):
    """The raw uint32 values of a packed repeated fixed32 field."""
    if len(data) % 4:
        raise ModelError(f"{what}: packed fixed32 data of {len(data)} bytes is not a multiple of 4")
    return list(struct.unpack(f"<{len(data) // 4}I", data))


def encode_varint(value):
    """The varint bytes of ``value``; a negative value is written as its 64-bit two's complement."""
    if value < 0:
        value += _U64
    if not 0 <= value < _U64:
        raise ValueError(f"varint value {value} does not fit in 64 bits")
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def encode_key(field, wire):
    return encode_varint((field << 3) | wire)


def field_varint(field, value):
    return encode_key(field, VARINT) + encode_varint(value)


def field_bytes(field, data):
    return encode_key(field, LEN) + encode_varint(len(data)) + bytes(data)


def field_fixed32(field, value):
    return encode_key(field, FIXED32) + (value & 0xFFFFFFFF).to_bytes(4, "little")


def field_fixed64(field, value):
    return encode_key(field, FIXED64) + (value % _U64).to_bytes(8, "little")


def encode_field(field, wire, value):
    """Re-encode one ``(field, wire, value)`` triple as :func:`iter_fields` yields it."""
    if wire == VARINT:
        return field_varint(field, value)
    if wire == LEN:
        return field_bytes(field, value)
    if wire == FIXED32:
        return field_fixed32(field, value)
    if wire == FIXED64:
        return field_fixed64(field, value)
    raise ValueError(f"unsupported wire type {wire}")
