"""Select-TF DenseBincount (part of tf.strings.split's ragged output). Oracle: TF 2.21 eager
(tf_flex_ops_oracle.json): counts, weights, binary_output, 2-D input, empty input, negative value
(error); hand-worked cases below."""
import numpy as np
import pytest

from interp import dtypes
from interp.errors import KernelError
from flex_oracle import assert_oracle, run


def test_tf_oracle():
    assert_oracle("DenseBincount")


def _bc(x, size, w, **attrs):
    return run("DenseBincount", [x, np.array(size, x.dtype), w], attrs,
               output_types=[dtypes.from_numpy(w.dtype)])[0]


def test_hand_worked():
    x = np.array([1, 1, 4, 0, 7], np.int32)
    assert _bc(x, 5, np.zeros(0, np.int64)).tolist() == [1, 2, 0, 0, 1]        # 7 >= size: dropped
    w = np.array([0.5, 0.25, 2, 1, 9], np.float32)
    assert _bc(x, 5, w).tolist() == [1.0, 0.75, 0, 0, 2.0]
    assert _bc(x, 3, np.zeros(0, np.int32), binary_output=True).tolist() == [1, 1, 0]


def test_negative_value_fails_the_call():
    with pytest.raises(KernelError, match="Input arr must be non-negative!"):
        _bc(np.array([0, -1], np.int64), 2, np.zeros(0, np.int64))


def test_zero_bins_and_empty_rows():
    # fuzz findings (tests/test_fuzz.py REGRESSIONS): numpy ValueError from reshape(-1, 0) and
    # from reshaping a 2-D input with no columns.
    assert _bc(np.array([1, 2], np.int32), 0, np.zeros(0, np.int32)).shape == (0,)
    out = _bc(np.zeros((3, 0), np.int32), 4, np.zeros(0, np.int32))
    assert out.shape == (3, 4) and not out.any()


def test_size_must_be_a_scalar():
    from interp.errors import ModelError
    with pytest.raises(ModelError, match="size .* must be a scalar"):
        run("DenseBincount", [np.array([1], np.int32), np.array([2, 3], np.int32),
                              np.zeros(0, np.int32)], {}, output_types=[dtypes.INT32])
