"""interp.flex.protowire: the protobuf wire codec.

Expected bytes here are worked by hand from the wire-format rules (key = field << 3 | wire type,
7 bits per varint byte, low group first, continuation bit 0x80), not produced by protobuf.
"""
import pytest
from hypothesis import given, settings, strategies as st

from interp.errors import ModelError
from interp.flex import protowire as pw


@pytest.mark.parametrize("value, encoded", [
    (0, "00"),
    (1, "01"),
    (127, "7f"),
    (128, "8001"),            # 128 = 0b1_0000000 -> low group 0 with continuation, then 1
    (300, "ac02"),            # 300 = 0b10_0101100 -> 0xac, 0x02
    (2**63, "80808080808080808001"),
    (2**64 - 1, "ffffffffffffffffff01"),
    (-1, "ffffffffffffffffff01"),   # int64 -1 is 2**64 - 1 as a varint (10 bytes)
    (-5, "fbffffffffffffffff01"),
])
def test_varint_hand_worked(value, encoded):
    assert pw.encode_varint(value).hex() == encoded
    decoded, end = pw.read_varint(bytes.fromhex(encoded), 0)
    assert end == len(encoded) // 2
    assert pw.to_int64(decoded) == (value if value < 2**63 else value - 2**64)


def test_fields_hand_worked():
    # field 2 LEN "ab"; field 3 varint 150; field 4 fixed32 1.5f; field 1 fixed64 1; field 5 varint -1
    data = bytes.fromhex(
        "12026162"               # key 0x12 = 2<<3|2, length 2, 'a' 'b'
        "189601"                 # key 0x18 = 3<<3|0, 150 = 0x96 0x01
        "250000c03f"             # key 0x25 = 4<<3|5, 0x3fc00000 little-endian
        "090100000000000000"     # key 0x09 = 1<<3|1
        "28ffffffffffffffffff01"  # key 0x28 = 5<<3|0, -1
    )
    fields = list(pw.iter_fields(data))
    assert fields == [(2, 2, b"ab"), (3, 0, 150), (4, 5, 0x3FC00000), (1, 1, 1), (5, 0, 2**64 - 1)]
    assert b"".join(pw.encode_field(*f) for f in fields) == data
    assert pw.field_bytes(2, b"ab") + pw.field_varint(3, 150) == data[:7]


def test_large_field_number_and_packed():
    assert pw.encode_key(2**29 - 1, pw.VARINT).hex() == "f8ffffff0f"
    assert list(pw.iter_fields(bytes.fromhex("f8ffffff0f07"))) == [(2**29 - 1, 0, 7)]
    assert pw.unpack_varints(bytes.fromhex("01ac02ff01")) == [1, 300, 255]
    assert pw.unpack_fixed32(bytes.fromhex("0000c03f01000000")) == [0x3FC00000, 1]
    assert pw.to_int32(2**64 - 1) == -1 and pw.to_int32(7) == 7


@pytest.mark.parametrize("hexdata, fragment", [
    ("08", "truncated varint"),                        # key, then nothing
    ("0880", "truncated varint"),                      # continuation bit on the last byte
    ("80", "truncated varint"),                        # truncated key
    ("08ffffffffffffffffffff01", "longer than 10 bytes"),
    ("08ffffffffffffffffff02", "does not fit in 64 bits"),
    ("1205616263", "past the end"),                    # LEN 5 but only 3 bytes follow
    ("12ffffffff0f", "past the end"),
    ("2500c0", "truncated fixed32"),
    ("0900000000", "truncated fixed64"),
    ("0001", "invalid field number 0"),
    ("0b", "wire type 3"),                             # start group
    ("0c", "wire type 4"),                             # end group
    ("0e00", "wire type 6"),
    ("0f00", "wire type 7"),
    ("8080808080010a", "invalid field number"),        # field number above 2**29 - 1
])
def test_malformed_raises_model_error(hexdata, fragment):
    with pytest.raises(ModelError, match=fragment):
        list(pw.iter_fields(bytes.fromhex(hexdata), "Probe"))


def test_malformed_packed():
    with pytest.raises(ModelError, match="multiple of 4"):
        pw.unpack_fixed32(b"\x00\x00\x00")
    with pytest.raises(ModelError, match="truncated varint"):
        pw.unpack_varints(b"\x01\x80")


def test_error_names_the_message():
    with pytest.raises(ModelError, match="^NodeDef: truncated varint at byte 3"):
        list(pw.iter_fields(b"\x08\x01\x10", "NodeDef"))


def test_varint_out_of_range_on_encode():
    with pytest.raises(ValueError):
        pw.encode_varint(2**64)


_field = st.one_of(
    st.tuples(st.integers(1, 2**29 - 1), st.just(pw.VARINT), st.integers(0, 2**64 - 1)),
    st.tuples(st.integers(1, 2**29 - 1), st.just(pw.FIXED64), st.integers(0, 2**64 - 1)),
    st.tuples(st.integers(1, 2**29 - 1), st.just(pw.FIXED32), st.integers(0, 2**32 - 1)),
    st.tuples(st.integers(1, 2**29 - 1), st.just(pw.LEN), st.binary(max_size=300)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_field, max_size=8))
def test_round_trip_property(fields):
    data = b"".join(pw.encode_field(*f) for f in fields)
    assert list(pw.iter_fields(data)) == fields


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=40))
def test_garbage_only_raises_model_error(data):
    try:
        for _ in pw.iter_fields(data):
            pass
    except ModelError:
        pass
