"""AVERAGE_POOL_2D and MAX_POOL_2D (float32): golden tests through the ops.

Oracle: tests/conv_reference.py's float64 pooling (average over the in-image taps only). MAX is
exact; AVERAGE is a float32 sum of at most f_h * f_w terms then one division, so it is allowed
(taps + 1) * 2^-23 * the average of |x|.
"""
import numpy as np
import pytest

import conv_reference as ref
from interp.errors import ModelError
from kernel_runner import run_op

OPS = {"avg": "AVERAGE_POOL_2D", "max": "MAX_POOL_2D"}


def pool(kind, x, filt, stride, padding=ref.SAME, code=ref.NONE):
    options = {"padding": padding, "stride_h": stride[0], "stride_w": stride[1],
               "filter_height": filt[0], "filter_width": filt[1], "fused_activation_function": code}
    return run_op(OPS[kind], [x], options=options)[0]


def check(kind, x, filt, stride, padding=ref.SAME, code=ref.NONE):
    got = pool(kind, x, filt, stride, padding, code)
    want = ref.pool_2d(x, kind, filt, stride, padding, code)
    if kind == "max":
        np.testing.assert_array_equal(got, want.astype(np.float32))
    else:
        mean_abs = ref.pool_2d(np.abs(x), "avg", filt, stride, padding)
        tol = (filt[0] * filt[1] + 1) * 2.0**-23 * mean_abs
        ref.assert_within(got, want, tol)


def test_average_counts_only_in_image_taps():
    x = np.arange(1, 17, dtype=np.float32).reshape(1, 4, 4, 1)
    # 3x3 SAME stride 1: corner (0,0) averages 1,2,5,6 (4 taps, not 9)
    y = pool("avg", x, (3, 3), (1, 1))[0, :, :, 0]
    assert y[0, 0] == (1 + 2 + 5 + 6) / 4 and y[1, 1] == 6
    assert y[0, 1] == (1 + 2 + 3 + 5 + 6 + 7) / 6
    # 2x2 VALID stride 2
    np.testing.assert_array_equal(pool("avg", x, (2, 2), (2, 2), ref.VALID)[0, :, :, 0],
                                  [[3.5, 5.5], [11.5, 13.5]])
    np.testing.assert_array_equal(pool("max", x, (2, 2), (2, 2), ref.VALID)[0, :, :, 0],
                                  [[6, 8], [14, 16]])


def test_max_ignores_nan_and_starts_at_lowest():
    # LiteRT's reference and builtin kernels start from the lowest float and skip NaN, so a window
    # of -inf (or of NaN) gives -FLT_MAX (checked against LiteRT when this was written)
    lowest = np.finfo(np.float32).min
    x = np.array([np.nan, 1, -np.inf, -np.inf, np.nan, np.nan], np.float32).reshape(1, 1, 6, 1)
    y = pool("max", x, (1, 2), (1, 2), ref.VALID)[0, 0, :, 0]
    np.testing.assert_array_equal(y, [1, lowest, lowest])
    x16 = np.tile(x, (1, 1, 1, 17))  # the vector path and the scalar tail agree
    np.testing.assert_array_equal(pool("max", x16, (1, 2), (1, 2), ref.VALID)[0, 0],
                                  np.tile(y[:, None], 17))
    assert np.isnan(pool("avg", x, (1, 2), (1, 2), ref.VALID)[0, 0, 0, 0])


@pytest.mark.parametrize("kind", ["avg", "max"])
@pytest.mark.parametrize("c", [1, 15, 16, 17, 33])
@pytest.mark.parametrize("filt, stride, padding", [
    ((2, 2), (2, 2), ref.VALID), ((3, 3), (2, 2), ref.SAME), ((3, 3), (1, 1), ref.SAME),
    ((2, 3), (1, 2), ref.SAME), ((3, 2), (3, 1), ref.VALID), ((7, 7), (1, 1), ref.VALID),
    ((4, 4), (3, 3), ref.SAME),
])
def test_random_against_numpy(kind, c, filt, stride, padding):
    rng = np.random.default_rng(c + filt[0] * 10 + stride[1])
    x = rng.standard_normal((2, 7, 9, c)).astype(np.float32)
    check(kind, x, filt, stride, padding)


@pytest.mark.parametrize("kind", ["avg", "max"])
@pytest.mark.parametrize("code", ref.ACTIVATIONS)
def test_every_activation(kind, code):
    rng = np.random.default_rng(code)
    x = (rng.standard_normal((1, 5, 6, 18)) * 4).astype(np.float32)
    check(kind, x, (2, 2), (1, 1), ref.SAME, code)


def test_global_average_of_mobilenet():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((1, 3, 3, 1280)).astype(np.float32)
    check("avg", x, (3, 3), (1, 1), ref.VALID)


def test_errors():
    x = np.ones((1, 4, 4, 2), np.float32)
    with pytest.raises(ModelError, match="filter_height must be >= 1, got 0"):
        pool("max", x, (0, 2), (1, 1))
    with pytest.raises(ModelError, match=r"input .* must have rank 4"):
        pool("avg", np.ones((4, 4, 2), np.float32), (2, 2), (1, 1))
    with pytest.raises(ModelError, match="VALID padding: input width 4 is smaller than"):
        pool("avg", x, (1, 5), (1, 1), ref.VALID)
    # quantized pools: tests/test_quant_pool_reduce.py
    with pytest.raises(ModelError, match="MAX_POOL_2D.*INT8 but has no quantization parameters"):
        pool("max", x.astype(np.int8), (2, 2), (1, 1))
    with pytest.raises(ModelError, match="padding 2 is not SAME"):
        pool("avg", x, (2, 2), (1, 1), padding=2)
