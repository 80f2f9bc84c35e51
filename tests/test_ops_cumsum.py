"""CUMSUM: golden tests of kernels/cumsum.c through the op (no model), and LiteRT one-op models.

Oracles: numpy float64 cumsum rounded to float32 (interp sums in double and rounds each output
once: rtol 2e-7, atol 1e-9); integers exact with wrap-around (numpy int64 cumsum wraps, cast to
int32 keeps the low bits); LiteRT (reference kernels, float32 sums): rtol 1e-5.
"""
import numpy as np
import pytest

from interp.errors import ModelError
from kernel_runner import run_op
from oneop import run_both
from support import litert

TYPES = [np.float32, np.int32, np.int64]
TILE_SIZES = [1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65]


def cumsum(x, axis, exclusive=False, reverse=False, axis_type=np.int32, const=(1,)):
    return run_op("CUMSUM", [x, np.asarray(axis, axis_type)], const=const,
                  options={"exclusive": exclusive, "reverse": reverse})[0]


def reference(x, axis, exclusive=False, reverse=False):
    wide = x.astype(np.float64 if x.dtype == np.float32 else np.int64)
    if reverse:
        wide = np.flip(wide, axis)
    out = np.cumsum(wide, axis=axis)
    if exclusive:
        out = out - wide
    if reverse:
        out = np.flip(out, axis)
    return out.astype(x.dtype)


def test_hand_worked():
    # The values LiteRT 2.3.0 gave (observed) for every option pair.
    c = np.array([[1, 2, 3], [4, 5, 6]], np.float32)
    np.testing.assert_array_equal(cumsum(c, 1), [[1, 3, 6], [4, 9, 15]])
    np.testing.assert_array_equal(cumsum(c, 1, reverse=True), [[6, 5, 3], [15, 11, 6]])
    np.testing.assert_array_equal(cumsum(c, 1, exclusive=True), [[0, 1, 3], [0, 4, 9]])
    np.testing.assert_array_equal(cumsum(c, 1, True, True), [[5, 3, 0], [11, 6, 0]])
    np.testing.assert_array_equal(cumsum(c, [0]), [[1, 2, 3], [5, 7, 9]])
    np.testing.assert_array_equal(cumsum(c.astype(np.int64), -1), [[1, 3, 6], [4, 9, 15]])
    np.testing.assert_array_equal(cumsum(c, 0, axis_type=np.int64), [[1, 2, 3], [5, 7, 9]])


def test_wrap_nan_and_accuracy():
    np.testing.assert_array_equal(cumsum(np.array([2**31 - 1, 1], np.int32), 0), [2**31 - 1, -2**31])
    np.testing.assert_array_equal(cumsum(np.array([2**63 - 1, 1], np.int64), 0), [2**63 - 1, -2**63])
    nan, inf = np.nan, np.inf
    np.testing.assert_array_equal(cumsum(np.array([1, nan, 1, inf], np.float32), 0),
                                  [1, nan, nan, nan])  # LiteRT: the same
    np.testing.assert_array_equal(cumsum(np.array([1, inf, -inf], np.float32), 0), [1, inf, nan])
    # Each output is the double sum rounded once: the 1s next to 1e8 are not lost.
    x = np.array([1e8] + [1.0] * 10 + [-1e8], np.float32)
    assert cumsum(x, 0)[-1] == 10


def test_empty():
    assert cumsum(np.zeros((0, 3), np.float32), 1).shape == (0, 3)
    assert cumsum(np.zeros((2, 0), np.int32), 0).shape == (2, 0)


@pytest.mark.parametrize("dtype", TYPES)
@pytest.mark.parametrize("n", TILE_SIZES)
def test_random(dtype, n):
    rng = np.random.default_rng(n)
    if dtype == np.float32:
        x = rng.standard_normal((3, n, 2)).astype(np.float32)
    else:
        info = np.iinfo(dtype)
        x = rng.integers(info.min, info.max, size=(3, n, 2), dtype=dtype, endpoint=True)
    for axis in (-3, 1, 2):
        for ex in (False, True):
            for rev in (False, True):
                got, want = cumsum(x, axis, ex, rev), reference(x, axis, ex, rev)
                assert got.dtype == want.dtype and got.shape == want.shape
                if dtype == np.float32:
                    np.testing.assert_allclose(got, want, rtol=2e-7, atol=1e-9)
                else:
                    np.testing.assert_array_equal(got, want)


def test_axis_computed_while_running():
    x = np.array([[1, 2], [3, 4]], np.int32)
    np.testing.assert_array_equal(cumsum(x, 0, const=()), [[1, 2], [4, 6]])


@pytest.mark.parametrize("dtype", TYPES)
def test_against_litert(dtype):
    litert()
    rng = np.random.default_rng(4)
    x = (rng.standard_normal((2, 17, 3)) * 100).astype(dtype)
    for axis in (0, 1, -1):
        for ex in (False, True):
            for rev in (False, True):
                theirs, ours = run_both("CUMSUM", [x, np.array(axis, np.int32)],
                                        [(dtype, x.shape)], const=(1,),
                                        options={"exclusive": ex, "reverse": rev})
                np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-5, atol=1e-5)


def test_errors():
    x = np.ones((2, 3), np.float32)
    with pytest.raises(ModelError, match=r"axis 2 is out of range .*\(rank 2\)"):
        cumsum(x, 2)
    with pytest.raises(ModelError, match="axis -3 is out of range"):
        cumsum(x, -3)
    with pytest.raises(ModelError, match="must be one INT32 or INT64 value"):
        cumsum(x, [0, 1])
    with pytest.raises(ModelError, match="must have rank >= 1"):
        cumsum(np.array(1.0, np.float32), 0)
    with pytest.raises(ModelError, match="quantized INT8 CUMSUM is not supported yet"):
        cumsum(np.ones(3, np.int8), 0)
    with pytest.raises(ModelError, match=r"output 0 .* INT32 but input 0 is FLOAT32"):
        run_op("CUMSUM", [x, np.array(0, np.int32)], output_types=[np.int32], const=(1,))
