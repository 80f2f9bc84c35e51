"""ARG_MAX and ARG_MIN: golden tests of the interp_<dtype>_arg_{max,min}_<index> kernels through
the ops (no model). Indices are exact; the random reference is numpy.argmax/argmin (first index on
ties, as LiteRT); a few cases run in LiteRT itself (reference kernels)."""
import numpy as np
import pytest

from interp import dtypes
from interp.errors import ModelError
from kernel_runner import run_op
from oneop import run_both
from support import litert

TYPES = [np.float32, np.int32, np.int64, np.uint8, np.int8, np.bool_]
nan = np.nan


def arg_max(x, axis, out=np.int32, axis_type=np.int32, options=None, const=(1,)):
    return run_op("ARG_MAX", [x, np.asarray(axis, axis_type)], options=options,
                  output_types=[out], const=const)[0]


def arg_min(x, axis, out=np.int32, axis_type=np.int32, options=None, const=(1,)):
    return run_op("ARG_MIN", [x, np.asarray(axis, axis_type)], options=options,
                  output_types=[out], const=const)[0]


# ---- hand-worked ---------------------------------------------------------------------------

def test_hand_worked_first_index_on_ties():
    x = np.array([[3, 1, 3], [0, 2, 2], [-5, -7, -5]], np.float32)
    np.testing.assert_array_equal(arg_max(x, 1), [0, 1, 0])
    np.testing.assert_array_equal(arg_max(x, 0), [0, 1, 0])
    np.testing.assert_array_equal(arg_max(x, -1), [0, 1, 0])  # negative axis counts from the end
    np.testing.assert_array_equal(arg_max(np.array([-0.0, 0.0], np.float32), 0), 0)  # equal


def test_hand_worked_infinities_and_integer_extremes():
    np.testing.assert_array_equal(arg_max(np.array([-np.inf, -3e38, np.inf, 3e38], np.float32), 0), 2)
    np.testing.assert_array_equal(arg_max(np.array([-np.inf, -np.inf], np.float32), 0), 0)
    np.testing.assert_array_equal(arg_max(np.array([-2**31, 2**31 - 1, 0], np.int32), 0), 1)
    np.testing.assert_array_equal(arg_max(np.array([-2**63, 2**63 - 1], np.int64), 0), 1)
    np.testing.assert_array_equal(arg_max(np.array([127, -128, 127], np.int8), 0), 0)
    np.testing.assert_array_equal(arg_max(np.array([128, 255, 0], np.uint8), 0), 1)  # unsigned
    np.testing.assert_array_equal(arg_max(np.array([[0, 1, 1], [1, 0, 1]], np.bool_), 1), [1, 0])


@pytest.mark.parametrize("row, want", [
    # LiteRT 2.3.0, observed (every axis but a last axis of length >= 4, where its vectorised loop
    # gives lane-dependent answers): a NaN never wins, a number beats a NaN, all-NaN gives 0.
    ([1, nan, 3], 2),
    ([nan, 5, 2], 1),
    ([nan, nan, 1], 2),
    ([2, nan], 0),
    ([nan, -np.inf], 1),
    ([0, nan, 0], 0),
    ([nan, nan, nan], 0),
    ([-np.inf, -np.inf, nan], 0),
    ([nan, 1, nan, 3], 3),
])
def test_nan_never_wins(row, want):
    x = np.array(row, np.float32)
    assert arg_max(x, 0) == want
    assert arg_max(x[:, None], 0) == [want]  # the same along a non-last axis


@pytest.mark.parametrize("row, want", [
    # The mirror of ARG_MAX's NaN rule (LiteRT's scalar loop).
    ([1, nan, -3], 2),
    ([nan, -5, 2], 1),
    ([nan, nan, 1], 2),
    ([nan, nan, nan], 0),
    ([np.inf, nan], 0),
    ([0, nan, 0], 0),
])
def test_arg_min_nan_never_wins(row, want):
    x = np.array(row, np.float32)
    assert arg_min(x, 0) == want
    assert arg_min(x[:, None], 0) == [want]


def test_arg_min_hand_worked():
    x = np.array([[3, 1, 1], [0, 2, 0], [-5, -7, -7]], np.float32)
    np.testing.assert_array_equal(arg_min(x, 1), [1, 0, 1])
    np.testing.assert_array_equal(arg_min(x, -2, out=np.int64), [2, 2, 2])
    np.testing.assert_array_equal(arg_min(np.array([128, 255, 0], np.uint8), 0), 2)
    np.testing.assert_array_equal(arg_min(np.array([[1, 0, 0]], np.bool_), 1), [1])
    np.testing.assert_array_equal(arg_min(np.array([-2**63, 2**63 - 1], np.int64), 0), 0)


def test_axis_computed_while_running():
    # Not a constant: run_op prepares at invoke time, as the executor does.
    x = np.array([[1, 9, 3], [7, 2, 3]], np.float32)
    np.testing.assert_array_equal(arg_max(x, 1, const=()), [1, 0])
    np.testing.assert_array_equal(arg_min(x, 0, const=()), [0, 1, 0])


@pytest.mark.parametrize("op", ["ARG_MAX", "ARG_MIN"])
@pytest.mark.parametrize("dtype", [np.float32, np.int32, np.int64, np.uint8, np.int8])
def test_against_litert(op, dtype):
    # Off the last axis, where LiteRT's loops are the plain scalar ones.
    litert()
    rng = np.random.default_rng(5)
    x = (rng.standard_normal((3, 9, 4)) * 50).astype(dtype)
    if dtype == np.int64:
        pytest.skip("LiteRT has no INT64 ARG_MAX/ARG_MIN (interp has)")
    for axis in (0, 1, -2):
        for out in (np.int32, np.int64):
            shape = np.delete(np.array(x.shape), axis % 3)
            theirs, ours = run_both(op, [x, np.array([axis], np.int32)], [(out, tuple(shape))],
                                    const=(1,), options={"output_type": 2 if out == np.int32 else 4})
            np.testing.assert_array_equal(ours[0], theirs[0])
            assert ours[0].dtype == theirs[0].dtype


def test_output_and_axis_types():
    x = np.array([[1, 9, 3], [7, 2, 3]], np.float32)
    out = arg_max(x, 1, out=np.int64)
    assert out.dtype == np.int64
    np.testing.assert_array_equal(out, [1, 0])
    np.testing.assert_array_equal(arg_max(x, [0], axis_type=np.int64), [1, 0, 0])  # 1-element axis
    np.testing.assert_array_equal(arg_max(x, 1, options={"output_type": dtypes.INT32}), [1, 0])
    np.testing.assert_array_equal(arg_max(x, 1, out=np.int64, options={"output_type": 0}), [1, 0])


# ---- random against numpy ------------------------------------------------------------------

@pytest.mark.parametrize("dtype", TYPES)
@pytest.mark.parametrize("shape", [(1,), (7,), (8,), (9,), (16,), (17,), (33,), (3, 17), (17, 3),
                                   (2, 3, 9), (2, 1, 4, 5), (1, 2, 1, 3, 2)])
def test_random_every_axis(dtype, shape):
    rng = np.random.default_rng(len(shape) * 31 + shape[-1])
    if dtype == np.float32:
        x = rng.standard_normal(shape).astype(np.float32)
        x[rng.random(shape) < 0.2] = 0.5  # ties
        x[rng.random(shape) < 0.1] = x.min()
    elif dtype == np.bool_:
        x = rng.random(shape) < 0.3
    else:
        info = np.iinfo(dtype)
        x = rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)
        x[rng.random(shape) < 0.2] = info.max  # ties at the top
        x[rng.random(shape) < 0.2] = info.min  # and at the bottom
    for axis in range(-len(shape), len(shape)):
        for out in (np.int32, np.int64):
            for run, ref in ((arg_max, np.argmax), (arg_min, np.argmin)):
                got = run(x, axis, out=out)
                want = ref(x, axis=axis)
                assert got.shape == want.shape and got.dtype == out
                np.testing.assert_array_equal(got, want)


# ---- errors --------------------------------------------------------------------------------

def test_errors():
    x = np.ones((2, 3), np.float32)
    with pytest.raises(ModelError, match=r"axis 2 is out of range .*\(rank 2\)"):
        arg_max(x, 2)
    with pytest.raises(ModelError, match="axis -3 is out of range"):
        arg_max(x, -3)
    with pytest.raises(ModelError, match="must be one INT32 or INT64 value"):
        arg_max(x, [0, 1])
    with pytest.raises(ModelError, match="must be one INT32 or INT64 value"):
        arg_max(x, 1.0, axis_type=np.float32)
    with pytest.raises(ModelError, match=r"output .* FLOAT32, which ARG_MAX does not support; "
                                         r"supported: INT32, INT64"):
        arg_max(x, 1, out=np.float32)
    with pytest.raises(ModelError, match="output_type is INT64 but output .* is INT32"):
        arg_max(x, 1, out=np.int32, options={"output_type": dtypes.INT64})
    with pytest.raises(ModelError, match="is empty: no maximum"):
        arg_max(np.ones((2, 0), np.float32), 1)
    with pytest.raises(ModelError, match="INT16, which ARG_MAX does not support"):
        arg_max(np.ones(3, np.int16), 0)
    with pytest.raises(ModelError, match="is empty: no minimum"):
        arg_min(np.ones((2, 0), np.float32), 1)
    with pytest.raises(ModelError, match="ArgMinOptions.output_type is INT64 but output"):
        arg_min(x, 1, out=np.int32, options={"output_type": dtypes.INT64})
