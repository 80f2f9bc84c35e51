"""DEPTHWISE_CONV_2D (float32): golden tests of interp_f32_depthwise_conv_2d through the op.

Paths: multiplier 1 with >= 16 channels runs directly; other multipliers and channel counts on an
expanded copy; filters taller than 16 one channel at a time (the 17-row cases).
Oracle: tests/conv_reference.py's float64 numpy depthwise convolution; tolerance
(k_h * k_w + 2) * 2^-23 * the same conv of absolute values. Channel counts straddle the 16-lane
vector (15, 16, 17, 31, 32, 33); widths cover the unrolled 3x3 interior path and the borders.
"""
import numpy as np
import pytest

import conv_reference as ref
from interp.errors import ModelError
from kernel_runner import run_op


def dw(x, w, bias=None, stride=(1, 1), dil=(1, 1), padding=ref.SAME, code=ref.NONE, mult=None,
       const=(1, 2)):
    options = {"padding": padding, "stride_h": stride[0], "stride_w": stride[1],
               "dilation_h_factor": dil[0], "dilation_w_factor": dil[1],
               "fused_activation_function": code,
               "depth_multiplier": mult if mult is not None else w.shape[3] // x.shape[3]}
    return run_op("DEPTHWISE_CONV_2D", [x, w, bias], options=options, const=const)[0]


def check(x, w, bias=None, **kw):
    got = dw(x, w, bias, **kw)
    ref.assert_within(got, *ref.depthwise_conv_2d(x, w, bias, **kw))
    return got


def rand(rng, *shape):
    return rng.standard_normal(shape).astype(np.float32)


def test_hand_worked():
    # two channels: channel 0 of 1..9 with an all-ones 3x3 filter, channel 1 with a centre tap of 2
    x = np.stack([np.arange(1, 10), np.arange(1, 10)], -1).astype(np.float32).reshape(1, 3, 3, 2)
    w = np.zeros((1, 3, 3, 2), np.float32)
    w[..., 0] = 1
    w[0, 1, 1, 1] = 2
    y = dw(x, w, np.array([0, 1], np.float32))
    # SAME, stride 1: centre sums all 45; corner (0,0) sums 1,2,4,5 = 12; channel 1 = 2x + 1
    assert y[0, 1, 1, 0] == 45 and y[0, 0, 0, 0] == 12 and y[0, 2, 2, 0] == 5 + 6 + 8 + 9
    np.testing.assert_array_equal(y[0, :, :, 1], 2 * np.arange(1, 10).reshape(3, 3) + 1)
    np.testing.assert_array_equal(dw(x, w, padding=ref.VALID)[0, 0, 0], [45, 10])


def test_depth_multiplier_hand_worked():
    # in 2 channels, multiplier 3: output channel j reads input channel j // 3
    x = np.array([1, 10], np.float32).reshape(1, 1, 1, 2)
    w = np.arange(1, 7, dtype=np.float32).reshape(1, 1, 1, 6)
    np.testing.assert_array_equal(dw(x, w)[0, 0, 0], [1, 2, 3, 40, 50, 60])


def test_nan_inf():
    x = np.zeros((1, 4, 4, 16), np.float32)
    x[0, 1, 1, 3] = np.nan
    x[0, 2, 2, 5] = np.inf
    w = np.ones((1, 3, 3, 16), np.float32)
    y = dw(x, w, code=ref.RELU6)
    assert np.isnan(y[0, 0:3, 0:3, 3]).all() and not np.isnan(y[0, 3, 3, 3])
    assert (y[0, 1:4, 1:4, 5] == 6).all() and y[0, 0, 0, 5] == 0


@pytest.mark.parametrize("c", [1, 3, 15, 16, 17, 31, 32, 33, 48])
@pytest.mark.parametrize("stride, padding", [((1, 1), ref.SAME), ((2, 2), ref.SAME),
                                             ((1, 1), ref.VALID), ((2, 2), ref.VALID)])
def test_3x3_channels_around_the_vector(c, stride, padding):
    rng = np.random.default_rng(c * 10 + stride[0] + padding)
    x = rand(rng, 2, 9, 8, c)
    check(x, rand(rng, 1, 3, 3, c), rand(rng, c), stride=stride, padding=padding)
    check(x, rand(rng, 1, 3, 3, c), stride=stride, padding=padding)


@pytest.mark.parametrize("k, stride, dil, padding, mult", [
    ((5, 5), (1, 1), (1, 1), ref.SAME, 1), ((3, 3), (1, 1), (2, 2), ref.SAME, 1),
    ((3, 3), (2, 1), (1, 3), ref.VALID, 1), ((2, 4), (1, 2), (1, 1), ref.SAME, 1),
    ((3, 3), (1, 1), (1, 1), ref.SAME, 2), ((3, 3), (2, 2), (1, 1), ref.SAME, 4),
    ((1, 1), (1, 1), (1, 1), ref.VALID, 3), ((3, 3), (1, 1), (2, 1), ref.VALID, 2),
    ((17, 2), (1, 1), (1, 1), ref.SAME, 1), ((17, 1), (2, 1), (1, 1), ref.SAME, 2),
])
def test_random_options(k, stride, dil, padding, mult):
    rng = np.random.default_rng(sum(k) + mult)
    for c in (5, 16, 17):
        x = rand(rng, 1, 10, 11, c)
        check(x, rand(rng, 1, *k, c * mult), rand(rng, c * mult), stride=stride, dil=dil,
              padding=padding)


@pytest.mark.parametrize("code", ref.ACTIVATIONS)
def test_every_activation(code):
    rng = np.random.default_rng(code)
    x = rand(rng, 1, 6, 6, 20)
    check(x, rand(rng, 1, 3, 3, 20), rand(rng, 20), code=code)


def test_mobilenet_shapes_and_computed_filter():
    rng = np.random.default_rng(9)
    for hw, c, s in [(48, 48, 1), (48, 48, 2), (12, 96, 1), (6, 192, 2), (3, 336, 1)]:
        x = rand(rng, 1, hw, hw, c)
        check(x, rand(rng, 1, 3, 3, c), rand(rng, c), stride=(s, s), code=ref.RELU6)
    x = rand(rng, 1, 5, 5, 4)
    w, b = rand(rng, 1, 3, 3, 4), rand(rng, 4)
    ref.assert_within(dw(x, w, b, const=()), *ref.depthwise_conv_2d(x, w, b))


def test_errors():
    x = np.ones((1, 4, 4, 2), np.float32)
    with pytest.raises(ModelError, match=r"5 output channels, not a multiple of the input's 2"):
        dw(x, np.ones((1, 3, 3, 5), np.float32), mult=1)
    with pytest.raises(ModelError, match=r"must have shape \[1, k_h, k_w, channels\]"):
        dw(x, np.ones((2, 3, 3, 2), np.float32), mult=1)
    with pytest.raises(ModelError, match=r"bias .* must hold 2 values"):
        dw(x, np.ones((1, 3, 3, 2), np.float32), np.ones(3, np.float32))
    with pytest.raises(ModelError, match="dilation_w_factor must be >= 1"):
        dw(x, np.ones((1, 3, 3, 2), np.float32), dil=(1, 0))
    # quantized paths: tests/test_quant_conv.py; a UINT8 input needs quantization parameters
    with pytest.raises(ModelError, match=r"input .* is UINT8 but has no quantization parameters"):
        run_op("DEPTHWISE_CONV_2D", [x.astype(np.uint8), np.ones((1, 3, 3, 2), np.uint8), None],
               options={"stride_h": 1, "stride_w": 1}, const=(1,))
