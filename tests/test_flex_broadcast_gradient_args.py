"""Select-TF BroadcastGradientArgs. Oracle: TF 2.21 eager (tf_flex_ops_oracle.json): 14 shape
pairs in int32 and int64, incl. equal shapes, all-ones, scalars, zero sizes and incompatible
shapes; hand-worked reductions below."""
import numpy as np
import pytest

from interp import dtypes
from interp.errors import ModelError
from flex_oracle import assert_oracle, run


def test_tf_oracle():
    assert_oracle("BroadcastGradientArgs")


def _bga(s0, s1, dt=np.int32):
    return [r.tolist() for r in run("BroadcastGradientArgs", [np.array(s0, dt), np.array(s1, dt)],
                                    output_types=[dtypes.from_numpy(np.dtype(dt))] * 2)]


def test_hand_worked():
    assert _bga([5, 2], [2]) == [[], [0]]          # s1 broadcast over axis 0
    assert _bga([5, 1, 3], [4, 1]) == [[1], [0, 2]]
    assert _bga([1], [1]) == [[], []]               # identical shapes: nothing to reduce
    assert _bga([1, 1], [1]) == [[0, 1], [0, 1]]    # not identical: size-1 axes reduce on both
    assert _bga([], [3], np.int64) == [[0], []]


def test_const_shapes_fold_at_prepare():
    r0, r1 = run("BroadcastGradientArgs", [np.array([4, 3], np.int32), np.array([3], np.int32)],
                 output_types=[dtypes.INT32] * 2, const=(0, 1))
    assert r0.tolist() == [] and r1.tolist() == [0]


def test_errors():
    with pytest.raises(ModelError, match=r"Incompatible shapes: \[2,3\] vs. \[4\]"):
        _bga([2, 3], [4])
    with pytest.raises(ModelError, match="s1 .* INT64, expected INT32"):
        run("BroadcastGradientArgs", [np.array([1], np.int32), np.array([1], np.int64)],
            output_types=[dtypes.INT32] * 2)
    with pytest.raises(ModelError, match="must be a vector"):
        _bga([[1]], [1])
