"""CONV_2D (float32): golden tests of interp_f32_conv_2d / the pointwise GEMM through the op.

Oracle: tests/conv_reference.py's float64 numpy convolution (LiteRT's padding rule restated there);
tolerance (K + 2) * 2^-23 * the same conv of absolute values, K = k_h * k_w * in_c. Sizes straddle
the GEMM's tiles (16 output channels per panel, 8 rows per block); filters of more than 64 taps
(9x9, 9x8) take the im2col path, smaller ones the indirect one.
"""
import numpy as np
import pytest

import conv_reference as ref
from interp.errors import ModelError
from kernel_runner import run_op


def conv(x, w, bias=None, stride=(1, 1), dil=(1, 1), padding=ref.SAME, code=ref.NONE, const=(1, 2)):
    options = {"padding": padding, "stride_h": stride[0], "stride_w": stride[1],
               "dilation_h_factor": dil[0], "dilation_w_factor": dil[1],
               "fused_activation_function": code}
    return run_op("CONV_2D", [x, w, bias], options=options, const=const)[0]


def check(x, w, bias=None, **kw):
    got = conv(x, w, bias, **kw)
    ref.assert_within(got, *ref.conv_2d(x, w, bias, **kw))
    return got


def rand(rng, *shape):
    return rng.standard_normal(shape).astype(np.float32)


def test_hand_worked_3x3_same_and_valid():
    x = np.arange(1, 17, dtype=np.float32).reshape(1, 4, 4, 1)
    w = np.ones((1, 3, 3, 1), np.float32)
    # VALID: sums of the four 3x3 windows of 1..16
    np.testing.assert_array_equal(conv(x, w, padding=ref.VALID)[0, :, :, 0], [[54, 63], [90, 99]])
    # SAME, stride 2: out 2, total padding (2-1)*2 + 3 - 4 = 1, all of it after (bottom/right).
    # (0,0) sums rows 0..2 x cols 0..2 = 54; (0,1) rows 0..2 x cols 2..3 = 45; (1,0) rows 2..3 x
    # cols 0..2 = 72; (1,1) rows 2..3 x cols 2..3 = 54
    same = conv(x, w, stride=(2, 2))[0, :, :, 0]
    np.testing.assert_array_equal(same, [[54, 45], [72, 54]])
    # bias, then RELU6 / RELU_N1_TO_1 clamp
    b = np.array([-60], np.float32)
    np.testing.assert_array_equal(conv(x, w, b, padding=ref.VALID, code=ref.RELU6)[0, :, :, 0],
                                  [[0, 3], [6, 6]])
    y = conv(x, w, b, padding=ref.VALID, code=ref.RELU_N1_TO_1)
    np.testing.assert_array_equal(y[0, :, :, 0],
                                  [[-1, 1], [1, 1]])


def test_same_padding_odd_pixel_goes_at_the_end():
    # in 4, k 2, stride 1: total padding 1 -> 0 before, 1 after. Output (0,0) covers (0..1, 0..1).
    x = np.arange(1, 17, dtype=np.float32).reshape(1, 4, 4, 1)
    w = np.ones((1, 2, 2, 1), np.float32)
    y = conv(x, w)[0, :, :, 0]
    assert y[0, 0] == 1 + 2 + 5 + 6 and y[3, 3] == 16 and y[0, 3] == 4 + 8


def test_nan_and_inf_propagate():
    x = np.zeros((1, 3, 3, 2), np.float32)
    x[0, 1, 1, 0] = np.nan
    x[0, 0, 0, 1] = np.inf
    w = np.ones((2, 1, 1, 2), np.float32)
    w[1, 0, 0, 1] = 0  # inf * 0 = nan
    y = conv(x, w)
    assert np.isnan(y[0, 1, 1]).all() and y[0, 0, 0, 0] == np.inf and np.isnan(y[0, 0, 0, 1])
    assert (y[0, 2, 2] == 0).all()
    assert np.isnan(conv(x, w, code=ref.RELU)[0, 1, 1]).all()  # NaN passes the clamp


@pytest.mark.parametrize("oc", [1, 8, 15, 16, 17, 31, 32, 33, 48])
@pytest.mark.parametrize("width", [1, 7, 8, 9, 17])
def test_pointwise_sizes_around_the_tiles(oc, width):
    rng = np.random.default_rng(oc * 100 + width)
    x = rand(rng, 2, 3, width, 5)
    w = rand(rng, oc, 1, 1, 5)
    check(x, w, rand(rng, oc))
    check(x, w)


@pytest.mark.parametrize("oc", [1, 15, 16, 17, 33])
@pytest.mark.parametrize("k, stride, dil, padding", [
    (3, (1, 1), (1, 1), ref.SAME), (3, (2, 2), (1, 1), ref.SAME), (3, (1, 1), (1, 1), ref.VALID),
    (3, (2, 1), (1, 1), ref.VALID), ((2, 3), (1, 2), (1, 1), ref.SAME),
    (3, (1, 1), (2, 2), ref.SAME),
    (3, (1, 1), (2, 3), ref.VALID), (1, (2, 2), (1, 1), ref.SAME), (5, (3, 3), (1, 1), ref.SAME),
    (4, (2, 2), (1, 1), ref.SAME), (9, (1, 1), (1, 1), ref.SAME),
    ((9, 8), (2, 1), (1, 1), ref.VALID),
])
def test_random_against_numpy(oc, k, stride, dil, padding):
    kh, kw = (k, k) if isinstance(k, int) else k
    rng = np.random.default_rng(oc + 7 * kh + 3 * stride[0])
    w = rand(rng, oc, kh, kw, 3)
    # narrow images go through the pointer table across rows; wide ones (>= 16 inner columns)
    # row by row, the inner run at fixed offsets
    for shape in ((2, 11, 10, 3), (2, 10, 45, 3)):
        x = rand(rng, *shape)
        check(x, w, rand(rng, oc), stride=stride, dil=dil, padding=padding)


@pytest.mark.parametrize("code", ref.ACTIVATIONS)
def test_every_activation(code):
    rng = np.random.default_rng(code)
    x = rand(rng, 1, 6, 7, 4)
    w = rand(rng, 17, 3, 3, 4) * 0.3
    check(x, w, rand(rng, 17), code=code)
    check(x, w[:, :1, :1], code=code)  # the pointwise path too


def test_large_chunks_and_mobilenet_shapes():
    rng = np.random.default_rng(5)
    x = rand(rng, 1, 96, 96, 3)
    w = rand(rng, 16, 3, 3, 3)
    check(x, w, rand(rng, 16), stride=(2, 2), code=ref.RELU6)  # first layer of MobileNetV2
    x = rand(rng, 1, 12, 12, 16)
    check(x, rand(rng, 96, 1, 1, 16), rand(rng, 96), code=ref.RELU6)
    x = rand(rng, 1, 40, 40, 32)  # im2col in several chunks (K = 288)
    check(x, rand(rng, 20, 3, 3, 32), rand(rng, 20))


@pytest.mark.parametrize("k, stride", [(1, 1), (1, 2), (3, 1), (9, 1)])
def test_computed_filter(k, stride):
    # a filter that is not a constant is packed on each run (interp_f32_conv_2d_repack)
    rng = np.random.default_rng(k * 10 + stride)
    x = rand(rng, 2, 10, 9, 5)
    w, b = rand(rng, 17, k, k, 5), rand(rng, 17)
    for const in ((), (2,)):
        got = conv(x, w, b, stride=(stride, stride), code=ref.RELU, const=const)
        ref.assert_within(got, *ref.conv_2d(x, w, b, stride=(stride, stride), code=ref.RELU))


def test_empty_batch():
    y = conv(np.zeros((0, 4, 4, 2), np.float32), np.ones((3, 3, 3, 2), np.float32))
    assert y.shape == (0, 4, 4, 3)


def test_errors():
    x = np.ones((1, 4, 4, 2), np.float32)
    with pytest.raises(ModelError, match=r"filter .* has 3 input channels but input .* has 2"):
        conv(x, np.ones((1, 1, 1, 3), np.float32))
    with pytest.raises(ModelError, match=r"bias .* must hold 4 values"):
        conv(x, np.ones((4, 1, 1, 2), np.float32), np.ones(3, np.float32))
    with pytest.raises(ModelError, match=r"input .* must have rank 4"):
        conv(np.ones((4, 4, 2), np.float32), np.ones((4, 1, 1, 2), np.float32))
    with pytest.raises(ModelError, match="stride_h must be >= 1, got 0"):
        conv(x, np.ones((4, 1, 1, 2), np.float32), stride=(0, 1))
    with pytest.raises(ModelError, match="VALID padding: input height 4 is smaller than"):
        conv(x, np.ones((4, 5, 1, 2), np.float32), padding=ref.VALID)
    # quantized paths: tests/test_quant_conv.py; an INT8 input needs quantization parameters
    with pytest.raises(ModelError, match=r"input .* is INT8 but has no quantization parameters"):
        run_op("CONV_2D", [x.astype(np.int8), np.ones((4, 1, 1, 2), np.int8), None],
               options={"stride_h": 1, "stride_w": 1}, const=(1,))
