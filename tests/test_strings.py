"""interp.strings: the STRING tensor buffer layout (FORMAT.md §6). Oracle: the observed example
bytes from FORMAT.md and hand-made layouts."""
import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interp.errors import ModelError
from interp.strings import decode_strings, encode_strings, string_offsets

EXAMPLE = bytes.fromhex("03000000 14000000 16000000 16000000 19000000 4142 78797a")


def layout(n, offsets, body=b""):
    return struct.pack(f"<{len(offsets) + 1}i", n, *offsets) + body


def test_encode_matches_the_observed_example():
    assert encode_strings([b"AB", b"", b"xyz"]) == EXAMPLE
    assert encode_strings(np.array(["AB", "", "xyz"])) == EXAMPLE
    assert encode_strings(np.array([b"AB", b"", b"xyz"], dtype=object)) == EXAMPLE


def test_decode_the_observed_example():
    out = decode_strings(EXAMPLE, 3)
    assert out.dtype == object and out.shape == (3,)
    assert list(out) == [b"AB", b"", b"xyz"]
    assert all(type(v) is bytes for v in out)
    assert list(decode_strings(memoryview(EXAMPLE))) == [b"AB", b"", b"xyz"]  # count from the header


def test_empty_and_unicode_and_shape():
    assert encode_strings([]) == layout(0, [8])
    assert list(decode_strings(layout(0, [8]), 0)) == []
    assert list(decode_strings(encode_strings(["é", "日本"]))) == ["é".encode(), "日本".encode()]
    grid = np.array([[b"a", b"bb"], [b"ccc", b""]], dtype=object)
    assert list(decode_strings(encode_strings(grid), 4)) == [b"a", b"bb", b"ccc", b""]  # C order
    assert list(decode_strings(encode_strings(b"solo"), 1)) == [b"solo"]


def test_zero_bytes_inside_strings_survive():
    values = [b"\x00a\x00", b"\xff\x00"]
    assert list(decode_strings(encode_strings(values), 2)) == values


def test_offsets():
    np.testing.assert_array_equal(string_offsets(EXAMPLE, 3), [20, 22, 22, 25])


@pytest.mark.parametrize("buf, count, words", [
    (b"", None, "too short"),
    (b"\x01\x00", None, "too short"),
    (layout(-1, []), None, "negative string count"),
    (EXAMPLE, 2, "holds 3 strings but the tensor shape needs 2"),
    (layout(1000, [8]), None, "a header for 1000 strings needs 4008 bytes"),
    (layout(1, [8, 13], b"hello"), None, "should start at byte 12"),
    (layout(2, [16, 18, 17], b"abc"), None, "offsets decrease at string 1"),
    (layout(1, [12, 20], b"abc"), None, "end at byte 20 but the buffer has 15 bytes"),
])
def test_bad_layouts_raise_model_error(buf, count, words):
    with pytest.raises(ModelError, match=words):
        decode_strings(buf, count, where="tensor 'x'")
    with pytest.raises(ModelError, match="^tensor 'x': "):
        string_offsets(buf, count, where="tensor 'x'")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=20), max_size=20))
def test_round_trip(values):
    data = encode_strings(np.array(values, dtype=object) if values else [])
    assert len(data) == 4 * (len(values) + 2) + sum(map(len, values))
    assert list(decode_strings(data, len(values))) == values


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64), st.one_of(st.none(), st.integers(0, 5)))
def test_random_bytes_decode_or_model_error(buf, count):
    try:
        out = decode_strings(buf, count)
    except ModelError:
        return
    assert out.dtype == object and all(type(v) is bytes for v in out)
