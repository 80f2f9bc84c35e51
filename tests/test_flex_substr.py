"""Select-TF Substr. Oracle: TF 2.21 eager (tf_flex_ops_oracle.json): BYTE and UTF8_CHAR, every
pos/len sign, out-of-range errors (TF's message), broadcasting; hand-worked cases below."""
import numpy as np
import pytest

from interp import dtypes
from interp.errors import KernelError, ModelError
from flex_oracle import assert_oracle, run, strings


def _T(case):
    return {"T": dtypes.from_numpy(np.dtype(case["inputs"]["pos"]["dtype"]))}


def test_tf_oracle():
    assert_oracle("Substr", type_attrs=_T)


def _i(*v):
    return np.array(v, np.int32)


def test_bytes_and_chars():
    x = strings("hello", "日本語")
    assert run("Substr", [x, _i(1, 3), _i(3, 3)])[0].tolist() == [b"ell", "本".encode()]
    assert run("Substr", [x, _i(1, 1), _i(3, 3)], {"unit": "UTF8_CHAR"})[0].tolist() == [
        b"ell", "本語".encode()]
    # negative pos from the end; len past the end takes the rest
    assert run("Substr", [x, _i(-2, -1), _i(10, 10)], {"unit": "UTF8_CHAR"})[0].tolist() == [
        b"lo", "語".encode()]
    # negative len: the rest in bytes, "" in characters (TF)
    assert run("Substr", [x[:1], _i(1), _i(-1)])[0].tolist() == [b"ello"]
    assert run("Substr", [x[:1], _i(1), _i(-1)], {"unit": "UTF8_CHAR"})[0].tolist() == [b""]


def test_broadcasting():
    (y,) = run("Substr", [np.array(b"abcdef", dtype=object), _i(0, 2, 4), _i(1, 2, 3)])
    assert y.tolist() == [b"a", b"cd", b"ef"]
    (y,) = run("Substr", [strings("abcd", "efgh", shape=(2, 1)), _i(0, 1), _i(2, 3)])
    assert y.tolist() == [[b"ab", b"bcd"], [b"ef", b"fgh"]]


def test_out_of_range_fails_the_call_with_tf_message():
    with pytest.raises(KernelError, match=r"pos 6 out of range for string b'hello' at index 0"):
        run("Substr", [strings("hello"), _i(6), _i(1)])
    with pytest.raises(KernelError, match="pos -4 out of range for string at index 1"):
        run("Substr", [strings("abcd", "日本語"), _i(0, -4), _i(1, 1)], {"unit": "UTF8_CHAR"})


def test_shape_and_type_errors():
    with pytest.raises(ModelError, match=r"Incompatible shapes: \[2\] vs. \[3\]"):
        run("Substr", [strings("a", "b"), _i(0, 0, 0), _i(1, 1, 1)])
    with pytest.raises(ModelError, match="pos and len should have the same shape"):
        run("Substr", [strings("a", "b"), _i(0, 0), _i(1)])
    with pytest.raises(ModelError, match="len .* INT64, expected INT32"):
        run("Substr", [strings("a"), _i(0), np.array([1], np.int64)])
    with pytest.raises(ModelError, match="T=INT64"):
        run("Substr", [strings("a"), _i(0), _i(1)], type_attrs={"T": dtypes.INT64})
