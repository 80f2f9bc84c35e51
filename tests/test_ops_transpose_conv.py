"""TRANSPOSE_CONV (float32): golden tests of interp_f32_transpose_conv through the op.

Oracle: tests/conv_reference.py's float64 scatter (each input pixel adds x · filter[:, kh, kw, :]ᵀ
at (ih*stride - pad + kh, iw*stride - pad + kw)), with the padding of the forward conv from
output_shape; tolerance (k_h * k_w * in_c + 2) * 2^-23 * the same of absolute values.
"""
import numpy as np
import pytest

import conv_reference as ref
from interp.errors import ModelError
from kernel_runner import run_op


def tconv(x, w, out_shape, bias=None, stride=(1, 1), padding=ref.SAME, code=ref.NONE,
          const=(0, 1, 3)):
    options = {"padding": padding, "stride_h": stride[0], "stride_w": stride[1],
               "fused_activation_function": code}
    inputs = [np.array(out_shape, np.int32), w, x] + ([bias] if bias is not None else [])
    return run_op("TRANSPOSE_CONV", inputs, options=options, const=const,
                  output_types=[np.float32])[0]


def check(x, w, out_shape, bias=None, stride=(1, 1), padding=ref.SAME, code=ref.NONE):
    got = tconv(x, w, out_shape, bias, stride, padding, code)
    ref.assert_within(got, *ref.transpose_conv(x, w, bias, out_shape, stride, padding, code))


def test_hand_worked_stride_2():
    # 2x2 input, 2x2 filter of ones, stride 2, VALID, output 4x4: each input pixel fills its block
    x = np.array([1, 2, 3, 4], np.float32).reshape(1, 2, 2, 1)
    w = np.ones((1, 2, 2, 1), np.float32)
    y = tconv(x, w, [1, 4, 4, 1], stride=(2, 2), padding=ref.VALID)[0, :, :, 0]
    np.testing.assert_array_equal(y, np.kron([[1, 2], [3, 4]], np.ones((2, 2))))
    # 3x3 ones, stride 1, SAME, 2x2 -> 2x2 (pad 1): each output sums every input = 10, plus bias
    w3 = np.ones((1, 3, 3, 1), np.float32)
    y = tconv(x, w3, [1, 2, 2, 1], bias=np.array([0.5], np.float32))[0, :, :, 0]
    np.testing.assert_array_equal(y, np.full((2, 2), 10.5))
    y = tconv(x, w3, [1, 2, 2, 1], bias=np.array([-20], np.float32), code=ref.RELU)
    np.testing.assert_array_equal(y, np.zeros((1, 2, 2, 1)))


@pytest.mark.parametrize("oc", [1, 3, 16, 17])
@pytest.mark.parametrize("k, stride, padding, in_hw, out_hw", [
    (3, 2, ref.SAME, (5, 4), (10, 8)), (3, 2, ref.VALID, (5, 4), (11, 9)),
    (4, 2, ref.SAME, (3, 3), (6, 6)), (2, 2, ref.VALID, (4, 5), (8, 10)),
    (3, 1, ref.SAME, (6, 5), (6, 5)), (1, 1, ref.VALID, (3, 3), (3, 3)),
    (5, 3, ref.SAME, (3, 4), (9, 12)), (3, 2, ref.SAME, (5, 4), (9, 7)),
])
def test_random_against_numpy(oc, k, stride, padding, in_hw, out_hw):
    rng = np.random.default_rng(oc + k * 10 + stride)
    x = rng.standard_normal((2, *in_hw, 5)).astype(np.float32)
    w = rng.standard_normal((oc, k, k, 5)).astype(np.float32)
    b = rng.standard_normal(oc).astype(np.float32)
    check(x, w, [2, *out_hw, oc], b, (stride, stride), padding)
    check(x, w, [2, *out_hw, oc], None, (stride, stride), padding)


@pytest.mark.parametrize("code", ref.ACTIVATIONS)
def test_every_activation(code):
    rng = np.random.default_rng(code)
    x = rng.standard_normal((1, 4, 4, 3)).astype(np.float32)
    w = rng.standard_normal((6, 3, 3, 3)).astype(np.float32) * 0.3
    check(x, w, [1, 8, 8, 6], rng.standard_normal(6).astype(np.float32), (2, 2), ref.SAME, code)


@pytest.mark.parametrize("oc", [3, 16, 17])
def test_computed_filter(oc):
    # a filter that is not a constant is packed on each run (interp_f32_transpose_conv_repack)
    rng = np.random.default_rng(oc)
    x = rng.standard_normal((2, 5, 4, 6)).astype(np.float32)
    w = rng.standard_normal((oc, 3, 3, 6)).astype(np.float32)
    b = rng.standard_normal(oc).astype(np.float32)
    got = tconv(x, w, [2, 10, 8, oc], b, (2, 2), ref.SAME, ref.RELU, const=(0, 3))
    ref.assert_within(got, *ref.transpose_conv(x, w, b, [2, 10, 8, oc], (2, 2), ref.SAME, ref.RELU))


def test_large_input_in_chunks():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((1, 40, 40, 8)).astype(np.float32)
    w = rng.standard_normal((16, 3, 3, 8)).astype(np.float32)
    check(x, w, [1, 80, 80, 16], rng.standard_normal(16).astype(np.float32), (2, 2))


def test_errors():
    x = np.ones((1, 2, 2, 3), np.float32)
    w = np.ones((4, 3, 3, 3), np.float32)
    with pytest.raises(ModelError,
                       match=r"output_shape \[1, 4, 4, 5\] must be \[1, height, width, 4\]"):
        tconv(x, w, [1, 4, 4, 5], stride=(2, 2))
    with pytest.raises(ModelError, match="must hold 4 values"):
        tconv(x, w, [1, 4, 4])
    with pytest.raises(ModelError, match=r"filter .* has 3 input channels but input .* has 2"):
        tconv(np.ones((1, 2, 2, 2), np.float32), w, [1, 4, 4, 4], stride=(2, 2))
    with pytest.raises(ModelError, match=r"bias .* must hold 4 values"):
        tconv(x, w, [1, 4, 4, 4], bias=np.ones(2, np.float32), stride=(2, 2))
    with pytest.raises(ModelError, match=r"output_shape \[1, 5, 4, 4\]: a conv from output height "
                                         r"5 \(filter 3, stride 2\) gives 3, but the input height "
                                         r"is 2"):
        tconv(x, w, [1, 5, 4, 4], stride=(2, 2))
    with pytest.raises(ModelError, match="quantized UINT8 TRANSPOSE_CONV is not supported yet"):
        tconv(x.astype(np.uint8), w.astype(np.uint8), [1, 4, 4, 4])
