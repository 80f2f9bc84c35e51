"""Select-TF StringJoin. Oracle: TF 2.21 eager tf.raw_ops.StringJoin (tf_flex_ops_oracle.json),
exact bytes; hand-worked cases below."""
import numpy as np
import pytest

from interp import dtypes
from interp.errors import ModelError
from flex_oracle import assert_oracle, run, strings


def test_tf_oracle():
    assert_oracle("StringJoin")


def test_scalars_broadcast_and_separator():
    a, b = strings("a", "", "日本"), strings("1", "2", "")
    bang = np.array(b"!", dtype=object)
    (y,) = run("StringJoin", [a, bang, b], {"separator": "-", "N": 3})
    assert y.tolist() == [b"a-!-1", b"-!-2", "日本-!-".encode()]
    (y,) = run("StringJoin", [a, b])  # TF default separator ""
    assert y.tolist() == [b"a1", b"2", "日本".encode()]


def test_all_scalars_give_a_scalar():
    (y,) = run("StringJoin", [np.array(b"x", dtype=object), np.array(b"y", dtype=object)],
               {"separator": "+"})
    assert y.shape == () and y.item() == b"x+y"


def test_empty_vector():
    (y,) = run("StringJoin", [strings(), np.array(b"s", dtype=object)], {"separator": "|"})
    assert y.shape == (0,)


def test_shape_mismatch_is_refused_with_tf_message():
    with pytest.raises(ModelError, match=r"Input shapes do not match: \[3\] vs. \[2\]"):
        run("StringJoin", [strings("a", "b", "c"), strings("a", "b")])


def test_n_attr_must_agree_and_types_checked():
    with pytest.raises(ModelError, match="N=3"):
        run("StringJoin", [strings("a"), strings("b")], {"N": 3})
    with pytest.raises(ModelError, match="input 1 .* INT32, expected STRING"):
        run("StringJoin", [strings("a"), np.array([1], np.int32)])
    with pytest.raises(ModelError, match="output .* expected STRING"):
        run("StringJoin", [strings("a")], output_types=[dtypes.INT32])
