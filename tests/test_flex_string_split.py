"""Select-TF StringSplitV2 (tf.strings.split) and StringSplit (tf.compat.v1.string_split).
Oracle: TF 2.21 eager (tf_flex_ops_oracle.json): seps "", " ", ",", "<>", "ab" x maxsplit
-1/0/1/2, v1 delimiters x skip_empty; hand-worked sparse triples below."""
import numpy as np
import pytest

from interp.errors import ModelError
from flex_oracle import assert_oracle, run, strings


def test_tf_oracle_v2():
    assert_oracle("StringSplitV2")


def test_tf_oracle_v1():
    assert_oracle("StringSplit")


def _sep(s):
    return np.array(s.encode(), dtype=object)


def test_v2_separator_keeps_empty_pieces():
    idx, vals, shape = run("StringSplitV2", [strings("a,,b", "", "c"), _sep(",")])
    assert idx.tolist() == [[0, 0], [0, 1], [0, 2], [1, 0], [2, 0]]
    assert vals.tolist() == [b"a", b"", b"b", b"", b"c"]
    assert shape.tolist() == [3, 3]


def test_v2_whitespace_and_maxsplit():
    x = strings("  a b  c ", "", "a b")
    idx, vals, shape = run("StringSplitV2", [x, _sep("")])
    assert vals.tolist() == [b"a", b"b", b"c", b"a", b"b"] and shape.tolist() == [3, 3]
    idx, vals, shape = run("StringSplitV2", [x, _sep("")], {"maxsplit": 1})
    assert vals.tolist() == [b"a", b"b  c ", b"a", b"b"]
    # after maxsplit pieces the (empty) rest is a piece of its own; maxsplit 0 keeps the string
    assert run("StringSplitV2", [strings("a b"), _sep("")], {"maxsplit": 2})[1].tolist() == [
        b"a", b"b", b""]
    assert run("StringSplitV2", [x, _sep("")], {"maxsplit": 0})[1].tolist() == list(x)


def test_v1_any_delimiter_byte():
    idx, vals, shape = run("StringSplit", [strings("a,b;;c", ""), _sep(",;")])
    assert vals.tolist() == [b"a", b"b", b"c"] and shape.tolist() == [2, 3]
    vals = run("StringSplit", [strings("a,b;;c"), _sep(",;")], {"skip_empty": False})[1]
    assert vals.tolist() == [b"a", b"b", b"", b"c"]
    assert run("StringSplit", [strings("ab"), _sep("")])[1].tolist() == [b"a", b"b"]


def test_empty_batch():
    idx, vals, shape = run("StringSplitV2", [strings(), _sep(",")])
    assert idx.shape == (0, 2) and vals.shape == (0,) and shape.tolist() == [0, 0]


def test_const_input_is_split_at_prepare():
    idx, vals, shape = run("StringSplitV2", [strings("x y"), _sep(" ")], const=(0, 1))
    assert vals.tolist() == [b"x", b"y"]


def test_rank_errors():
    with pytest.raises(ModelError, match="must be a vector"):
        run("StringSplitV2", [strings("a", "b", shape=(1, 2)), _sep(",")])
    with pytest.raises(ModelError, match="must be a scalar"):
        run("StringSplitV2", [strings("a"), strings(",")])
