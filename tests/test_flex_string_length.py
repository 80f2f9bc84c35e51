"""Select-TF StringLength. Oracle: TF 2.21 eager (tf_flex_ops_oracle.json), incl. invalid UTF-8;
hand-worked counts below (UTF-8 encodings worked by hand)."""
import pytest

from interp import dtypes
from interp.errors import ModelError
from flex_oracle import assert_oracle, run, strings


def test_tf_oracle():
    assert_oracle("StringLength")


def test_bytes_and_chars():
    x = strings("", "abc", "é", "日本語", "😀", b"\xff\x80a", shape=(2, 3))
    (n,) = run("StringLength", [x])  # TF default unit BYTE
    assert n.dtype == "int32" and n.tolist() == [[0, 3, 2], [9, 4, 3]]
    (n,) = run("StringLength", [x], {"unit": "UTF8_CHAR"})
    # \xff starts a (bad) sequence, \x80 continues it, a: 2 characters
    assert n.tolist() == [[0, 3, 1], [3, 1, 2]]


def test_bad_unit_and_types():
    with pytest.raises(ModelError, match="unit 'BYTES' is not BYTE or UTF8_CHAR"):
        run("StringLength", [strings("a")], {"unit": "BYTES"})
    with pytest.raises(ModelError, match="output .* expected INT32"):
        run("StringLength", [strings("a")], output_types=[dtypes.INT64])
