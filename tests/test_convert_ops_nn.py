"""interp.ops nn: convolutions, pools, BATCH_MATMUL, activations, normalisation, top_k, resize and
the space/depth/batch rearrangements.

Oracle: LiteRT runs the converted file and must match a numpy reference written here from the
ops' definitions (direct loops for the convolutions; relative tolerance 1e-5, absolute 1e-5 for
sums of products); interp runs the same file (separate test ids). Operator codes, versions and
options are checked against what TensorFlow 2.21's converter wrote for the same TensorFlow code.
"""
import math

import numpy as np
import pytest

import interp
from interp.convert import ConversionError, ConversionTypeError
from convert_cases import (RUNTIMES, Case, case_tests, convert, function_of, operators, rand,
                           run, spec, traced_shapes)

o = interp.ops
erf = np.vectorize(math.erf, otypes=[np.float64])


# ---------------------------------------------------------------------------------------------
# numpy references

def same_pads(size, k, stride, dilation):
    eff = (k - 1) * dilation + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + eff - size, 0)
    return total // 2, total - total // 2


def np_conv2d(x, w, strides, padding, dilations=(1, 1), depthwise=False):
    """x NHWC, w HWIO (or [h, w, in, mult] when depthwise); float64 accumulation."""
    n, h, wd, c = x.shape
    kh, kw = w.shape[:2]
    (sh, sw), (dh, dw) = strides, dilations
    if padding == "SAME":
        pt, pb = same_pads(h, kh, sh, dh)
        pl, pr = same_pads(wd, kw, sw, dw)
    else:
        pt = pb = pl = pr = 0
    xp = np.pad(x.astype(np.float64), [(0, 0), (pt, pb), (pl, pr), (0, 0)])
    oh = (xp.shape[1] - ((kh - 1) * dh + 1)) // sh + 1
    ow = (xp.shape[2] - ((kw - 1) * dw + 1)) // sw + 1
    n_out = c * w.shape[3] if depthwise else w.shape[3]
    out = np.zeros((n, oh, ow, n_out))
    for i in range(kh):
        for j in range(kw):
            rows = slice(i * dh, i * dh + (oh - 1) * sh + 1, sh)
            cols = slice(j * dw, j * dw + (ow - 1) * sw + 1, sw)
            patch = xp[:, rows, cols]
            if depthwise:
                out += (patch[..., :, None] * w[i, j][None, None, None]).reshape(n, oh, ow, -1)
            else:
                out += patch @ w[i, j].astype(np.float64)
    return out


def np_conv2d_transpose(x, w, out_shape, strides, padding):
    """x NHWC, w [h, w, out, in]: the gradient of conv2d with respect to its input."""
    n, h, wd, _ = x.shape
    kh, kw, n_out, _ = w.shape
    sh, sw = strides
    oh, ow = out_shape[1:3]
    if padding == "SAME":
        pt = max((h - 1) * sh + kh - oh, 0) // 2
        pl = max((wd - 1) * sw + kw - ow, 0) // 2
    else:
        pt = pl = 0
    big = np.zeros((n, (h - 1) * sh + kh, (wd - 1) * sw + kw, n_out))
    for i in range(kh):
        for j in range(kw):
            big[:, i:i + (h - 1) * sh + 1:sh, j:j + (wd - 1) * sw + 1:sw] += \
                x.astype(np.float64) @ w[i, j].T.astype(np.float64)
    return big[:, pt:pt + oh, pl:pl + ow]


def np_pool(x, k, strides, padding, kind):
    n, h, wd, c = x.shape
    (kh, kw), (sh, sw) = k, strides
    if padding == "SAME":
        pt, _ = same_pads(h, kh, sh, 1)
        pl, _ = same_pads(wd, kw, sw, 1)
        oh, ow = -(-h // sh), -(-wd // sw)
    else:
        pt = pl = 0
        oh, ow = (h - kh) // sh + 1, (wd - kw) // sw + 1
    out = np.zeros((n, oh, ow, c), np.float64)
    for i in range(oh):
        for j in range(ow):
            y0, x0 = i * sh - pt, j * sw - pl
            win = x[:, max(y0, 0):y0 + kh, max(x0, 0):x0 + kw].astype(np.float64)
            out[:, i, j] = win.max(axis=(1, 2)) if kind == "max" else win.mean(axis=(1, 2))
    return out.astype(np.float32)


def np_resize(x, size, method, align_corners=False, half_pixel=False):
    n, h, w, c = x.shape
    oh, ow = size

    def scale(i, o):
        return (i - 1) / (o - 1) if align_corners and o > 1 else i / o

    if method == "nearest":
        def idx(o_, i_, s):
            off = 0.5 if half_pixel else 0.0
            v = np.array([(k + off) * s for k in range(o_)])
            v = np.floor(v + 0.5) if align_corners else np.floor(v)  # C round(): half up
            return np.clip(v.astype(int), 0, i_ - 1)
        return x[:, idx(oh, h, scale(h, oh))][:, :, idx(ow, w, scale(w, ow))]

    def weights(o_, i_, s):
        v = np.array([((k + 0.5) * s - 0.5) if half_pixel else k * s for k in range(o_)])
        lo = np.floor(v)
        frac = v - lo
        return (np.clip(lo, 0, i_ - 1).astype(int), np.clip(np.ceil(v), 0, i_ - 1).astype(int),
                frac)

    y0, y1, fy = weights(oh, h, scale(h, oh))
    x0, x1, fx = weights(ow, w, scale(w, ow))
    xd = x.astype(np.float64)
    top = xd[:, y0][:, :, x0] * (1 - fx)[None, None, :, None] + \
        xd[:, y0][:, :, x1] * fx[None, None, :, None]
    bot = xd[:, y1][:, :, x0] * (1 - fx)[None, None, :, None] + \
        xd[:, y1][:, :, x1] * fx[None, None, :, None]
    return (top * (1 - fy)[None, :, None, None] + bot * fy[None, :, None, None]).astype(
        np.float32)


def f32(fn):
    return lambda *a: np.asarray(fn(*a)).astype(np.float32)


# ---------------------------------------------------------------------------------------------
# cases

X8 = rand(2, 8, 8, 4)
X7 = rand(1, 7, 9, 4)
W = rand(3, 3, 4, 5)
DW = rand(3, 3, 4, 2)
TW = rand(3, 3, 5, 4)
B5 = rand(5)
B8 = rand(8)
X23 = rand(2, 3) * 2
CONV = {"fused_activation_function": 0, "quantized_bias_type": 0}

CASES = [
    Case("conv2d_same_stride2", [spec([2, 8, 8, 4])], lambda x: o.conv2d(x, W, 2, "SAME"), [X8],
         f32(lambda x: np_conv2d(x, W, (2, 2), "SAME")), rtol=1e-5, atol=1e-5,
         ops=[("CONV_2D", 1, dict(CONV, padding=0, stride_w=2, stride_h=2, dilation_w_factor=1,
                                  dilation_h_factor=1))]),
    Case("conv2d_valid_dilated", [spec([1, 7, 9, 4])],
         lambda x: o.conv2d(x, W, 1, "VALID", dilations=2), [X7],
         f32(lambda x: np_conv2d(x, W, (1, 1), "VALID", (2, 2))), rtol=1e-5, atol=1e-5,
         ops=[("CONV_2D", 1, dict(CONV, padding=1, stride_w=1, stride_h=1, dilation_w_factor=2,
                                  dilation_h_factor=2))]),
    Case("conv2d_odd_same_strides_4form", [spec([1, 7, 9, 4])],
         lambda x: o.conv2d(x, W, [1, 2, 3, 1], "SAME"), [X7],
         f32(lambda x: np_conv2d(x, W, (2, 3), "SAME")), rtol=1e-5, atol=1e-5,
         ops=[("CONV_2D", 1, dict(stride_h=2, stride_w=3))]),
    Case("conv2d_bias_relu", [spec([2, 8, 8, 4])],
         lambda x: o.conv2d(x, W, 1, "SAME", bias=B5, activation="relu"), [X8],
         f32(lambda x: np.maximum(np_conv2d(x, W, (1, 1), "SAME") + B5, 0)), rtol=1e-5,
         atol=1e-5, ops=[("CONV_2D", 1, {"fused_activation_function": 1})]),
    Case("conv2d_plus_bias_relu_folded", [spec([2, 8, 8, 4])],
         lambda x: o.relu(o.conv2d(x, W, 1, "SAME") + B5), [X8],
         f32(lambda x: np.maximum(np_conv2d(x, W, (1, 1), "SAME") + B5, 0)), rtol=1e-5,
         atol=1e-5, ops=[("CONV_2D", 1, {"fused_activation_function": 1})]),
    Case("conv2d_explicit_padding", [spec([1, 7, 9, 4])],
         lambda x: o.conv2d(x, W, 2, [[0, 0], [1, 2], [0, 1], [0, 0]]), [X7],
         f32(lambda x: np_conv2d(np.pad(x, [(0, 0), (1, 2), (0, 1), (0, 0)]), W, (2, 2),
                                 "VALID")), rtol=1e-5, atol=1e-5,
         ops=[("PAD", 1, {}), ("CONV_2D", 1, {"padding": 1})]),
    Case("depthwise_conv2d_explicit_padding", [spec([1, 7, 9, 4])],
         lambda x: o.depthwise_conv2d(x, DW, [1, 1, 1, 1], [[0, 0], [2, 0], [1, 1], [0, 0]]),
         [X7], f32(lambda x: np_conv2d(np.pad(x, [(0, 0), (2, 0), (1, 1), (0, 0)]), DW, (1, 1),
                                       "VALID", depthwise=True)), rtol=1e-5, atol=1e-5,
         ops=[("PAD", 1, {}), ("DEPTHWISE_CONV_2D", 1, {"padding": 1})]),
    Case("dense_gelu_activation", [spec([2, 3])],
         lambda x: o.dense(x, np.eye(3, dtype=np.float32), activation="gelu"), [X23],
         f32(lambda x: 0.5 * x * (1 + erf(x / np.sqrt(2.0)))), rtol=1e-5, atol=1e-6,
         ops=[("FULLY_CONNECTED", 1, {}), ("GELU", 1, {"approximate": False})]),
    Case("depthwise_conv2d", [spec([2, 8, 8, 4])],
         lambda x: o.depthwise_conv2d(x, DW, [1, 1, 1, 1], "SAME"), [X8],
         f32(lambda x: np_conv2d(x, DW, (1, 1), "SAME", depthwise=True)), rtol=1e-5, atol=1e-5,
         ops=[("DEPTHWISE_CONV_2D", 1, {"padding": 0, "stride_w": 1, "stride_h": 1,
                                        "depth_multiplier": 2, "fused_activation_function": 0,
                                        "dilation_w_factor": 1, "dilation_h_factor": 1})]),
    Case("depthwise_conv2d_dilated", [spec([2, 8, 8, 4])],
         lambda x: o.depthwise_conv2d(x, DW, [1, 1, 1, 1], "SAME", dilations=[2, 2]), [X8],
         f32(lambda x: np_conv2d(x, DW, (1, 1), "SAME", (2, 2), depthwise=True)), rtol=1e-5,
         atol=1e-5, ops=[("DEPTHWISE_CONV_2D", 2, {"dilation_w_factor": 2})]),
    Case("depthwise_conv2d_stride2_valid_relu6", [spec([1, 7, 9, 4])],
         lambda x: o.relu6(o.depthwise_conv2d(x, DW, [1, 2, 2, 1], "VALID")), [X7 * 4],
         f32(lambda x: np.clip(np_conv2d(x, DW, (2, 2), "VALID", depthwise=True), 0, 6)),
         rtol=1e-5, atol=1e-5,
         ops=[("DEPTHWISE_CONV_2D", 1, {"padding": 1, "stride_h": 2,
                                        "fused_activation_function": 3})]),
    Case("conv2d_transpose_same", [spec([1, 4, 4, 4])],
         lambda x: o.conv2d_transpose(x, TW, [1, 8, 8, 5], 2, "SAME"), [rand(1, 4, 4, 4)],
         f32(lambda x: np_conv2d_transpose(x, TW, [1, 8, 8, 5], (2, 2), "SAME")), rtol=1e-5,
         atol=1e-5, ops=[("TRANSPOSE_CONV", 1, {"padding": 0, "stride_w": 2, "stride_h": 2,
                                                 "fused_activation_function": 0,
                                                 "quantized_bias_type": 0})]),
    Case("conv2d_transpose_valid_bias", [spec([2, 3, 4, 4])],
         lambda x: o.conv2d_transpose(x, TW, [2, 7, 9, 5], 2, "VALID") + B5, [rand(2, 3, 4, 4)],
         f32(lambda x: np_conv2d_transpose(x, TW, [2, 7, 9, 5], (2, 2), "VALID") + B5),
         rtol=1e-5, atol=1e-5, ops=[("TRANSPOSE_CONV", 3, {"padding": 1})]),
    Case("avg_pool2d_valid", [spec([2, 8, 8, 4])], lambda x: o.avg_pool2d(x, 2, 2, "VALID"),
         [X8], lambda x: np_pool(x, (2, 2), (2, 2), "VALID", "avg"), rtol=1e-5,
         ops=[("AVERAGE_POOL_2D", 1, {"padding": 1, "stride_w": 2, "stride_h": 2,
                                      "filter_width": 2, "filter_height": 2,
                                      "fused_activation_function": 0})]),
    Case("avg_pool2d_same_relu", [spec([1, 7, 9, 4])],
         lambda x: o.relu(o.avg_pool2d(x, 3, 2, "SAME")), [X7],
         lambda x: np.maximum(np_pool(x, (3, 3), (2, 2), "SAME", "avg"), 0), rtol=1e-5,
         atol=1e-6, ops=[("AVERAGE_POOL_2D", 1, {"padding": 0, "fused_activation_function": 1})]),
    Case("max_pool2d_same", [spec([2, 8, 8, 4])], lambda x: o.max_pool2d(x, 3, 2, "SAME"), [X8],
         lambda x: np_pool(x, (3, 3), (2, 2), "SAME", "max"),
         ops=[("MAX_POOL_2D", 1, {"padding": 0, "stride_w": 2, "stride_h": 2, "filter_width": 3,
                                  "filter_height": 3, "fused_activation_function": 0})]),
    Case("max_pool2d_rect_valid", [spec([1, 7, 9, 4])],
         lambda x: o.max_pool2d(x, [2, 3], [1, 2], "VALID"), [X7],
         lambda x: np_pool(x, (2, 3), (1, 2), "VALID", "max"),
         ops=[("MAX_POOL_2D", 1, {"filter_height": 2, "filter_width": 3, "stride_w": 2})]),
    Case("batch_matmul", [spec([2, 3, 4]), spec([2, 4, 5])], o.matmul,
         [rand(2, 3, 4), rand(2, 4, 5)], f32(lambda a, b: a.astype(np.float64) @ b), rtol=1e-5,
         atol=1e-5, ops=[("BATCH_MATMUL", 1, {"adj_x": False, "adj_y": False,
                                               "asymmetric_quantize_inputs": False})]),
    Case("batch_matmul_adjoint", [spec([2, 4, 3]), spec([2, 5, 4])],
         lambda a, b: o.matmul(a, b, transpose_a=True, transpose_b=True),
         [rand(2, 4, 3), rand(2, 5, 4)],
         f32(lambda a, b: np.swapaxes(a, 1, 2).astype(np.float64) @ np.swapaxes(b, 1, 2)),
         rtol=1e-5, atol=1e-5, ops=[("BATCH_MATMUL", 1, {"adj_x": True, "adj_y": True})]),
    Case("batch_matmul_broadcast_op", [spec([1, 2, 3, 4]), spec([3, 1, 4, 2])],
         lambda a, b: a @ b, [rand(1, 2, 3, 4), rand(3, 1, 4, 2)],
         f32(lambda a, b: a.astype(np.float64) @ b), rtol=1e-5, atol=1e-5,
         ops=[("BATCH_MATMUL", 1, {})]),
    Case("batch_matmul_constant_rank3", [spec([2, 3, 4])],
         lambda a: o.matmul(a, np.ones((2, 4, 5), np.float32)), [rand(2, 3, 4)],
         f32(lambda a: a.astype(np.float64) @ np.ones((2, 4, 5))), rtol=1e-5, atol=1e-5,
         ops=[("BATCH_MATMUL", 1, {})]),
    Case("bias_add", [spec([2, 3])], lambda x: o.bias_add(x, np.float32([1, 2, 3])), [X23],
         lambda x: x + np.float32([1, 2, 3]),
         ops=[("ADD", 1, {"fused_activation_function": 0, "pot_scale_int16": True})]),
    Case("leaky_relu", [spec([2, 3])], lambda x: o.leaky_relu(x, 0.1), [X23],
         lambda x: np.where(x >= 0, x, np.float32(0.1) * x),
         ops=[("LEAKY_RELU", 1, {"alpha": np.float32(0.1)})]),
    Case("prelu", [spec([2, 3])], lambda x: o.prelu(x, np.float32([0.1, 0.2, 0.3])), [X23],
         lambda x: np.where(x >= 0, x, np.float32([0.1, 0.2, 0.3]) * x), ops=[("PRELU", 1, {})]),
    Case("hard_swish", [spec([2, 3])], o.hard_swish, [X23 * 2],
         f32(lambda x: x * np.clip(x.astype(np.float64) + 3, 0, 6) / 6), rtol=1e-5, atol=1e-6,
         ops=[("HARD_SWISH", 1, {})]),
    Case("gelu_exact", [spec([2, 3])], o.gelu, [X23],
         f32(lambda x: 0.5 * x * (1 + erf(x / np.sqrt(2.0)))), rtol=1e-5, atol=1e-6,
         ops=[("GELU", 1, {"approximate": False})]),
    Case("gelu_tanh", [spec([2, 3])], lambda x: o.gelu(x, approximate=True), [X23],
         f32(lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))),
         rtol=1e-5, atol=1e-6, ops=[("GELU", 1, {"approximate": True})]),
    Case("elu", [spec([2, 3])], o.elu, [X23], f32(lambda x: np.where(x > 0, x, np.expm1(x))),
         rtol=1e-5, atol=1e-6, ops=[("ELU", 1, {})]),
    Case("log_softmax", [spec([2, 3])], o.log_softmax, [X23],
         f32(lambda x: x - x.max(-1, keepdims=True) - np.log(
             np.exp(x - x.max(-1, keepdims=True)).sum(-1, keepdims=True))), rtol=1e-5,
         atol=1e-6, ops=[("LOG_SOFTMAX", 1, {})]),
    Case("softmax_axis_minus_1", [spec([2, 3])], lambda x: o.softmax(x, axis=-1), [X23],
         f32(lambda x: np.exp(x - x.max(-1, keepdims=True)) / np.exp(
             x - x.max(-1, keepdims=True)).sum(-1, keepdims=True)), rtol=1e-5,
         ops=[("SOFTMAX", 1, {"beta": 1.0})]),
    Case("l2_normalize", [spec([2, 3])], lambda x: o.l2_normalize(x, axis=-1), [X23],
         f32(lambda x: x / np.sqrt((x.astype(np.float64) ** 2).sum(-1, keepdims=True))),
         rtol=1e-5, ops=[("L2_NORMALIZATION", 1, {"fused_activation_function": 0})]),
    Case("top_k", [spec([2, 5])], lambda x: list(o.top_k(x, 2)),
         [np.float32([[3, 1, 4, 1.5, 5], [9, 2, 6, 5.5, 3]])],
         lambda x: [-np.sort(-x, axis=-1)[:, :2], np.argsort(-x, axis=-1)[:, :2].astype(np.int32)],
         ops=[("TOPK_V2", 1, {})]),
    Case("top_k_int32", [spec([2, 5], "int32")], lambda x: o.top_k(x, k=3).values,
         [np.int32([[3, 1, 4, 0, 5], [9, 2, 6, 7, 3]])], lambda x: -np.sort(-x, axis=-1)[:, :3],
         ops=[("TOPK_V2", 1, {})]),
    Case("depth_to_space", [spec([1, 2, 2, 8])], lambda x: o.depth_to_space(x, 2),
         [rand(1, 2, 2, 8)],
         lambda x: x.reshape(1, 2, 2, 2, 2, 2).transpose(0, 1, 3, 2, 4, 5).reshape(1, 4, 4, 2),
         ops=[("DEPTH_TO_SPACE", 1, {"block_size": 2})]),
    Case("space_to_depth", [spec([1, 4, 4, 2])], lambda x: o.space_to_depth(x, 2),
         [rand(1, 4, 4, 2)],
         lambda x: x.reshape(1, 2, 2, 2, 2, 2).transpose(0, 1, 3, 2, 4, 5).reshape(1, 2, 2, 8),
         ops=[("SPACE_TO_DEPTH", 1, {"block_size": 2})]),
    Case("space_to_batch_nd", [spec([1, 4, 4, 1])],
         lambda x: o.space_to_batch_nd(x, [2, 2], [[0, 0], [0, 0]]), [rand(1, 4, 4, 1)],
         lambda x: x.reshape(1, 2, 2, 2, 2, 1).transpose(2, 4, 0, 1, 3, 5).reshape(4, 2, 2, 1),
         ops=[("SPACE_TO_BATCH_ND", 1, {})]),
    Case("space_to_batch_nd_padded", [spec([1, 3, 4, 1])],
         lambda x: o.space_to_batch_nd(x, [2, 2], [[1, 0], [0, 0]]), [rand(1, 3, 4, 1)],
         lambda x: np.pad(x, [(0, 0), (1, 0), (0, 0), (0, 0)]).reshape(
             1, 2, 2, 2, 2, 1).transpose(2, 4, 0, 1, 3, 5).reshape(4, 2, 2, 1),
         ops=[("SPACE_TO_BATCH_ND", 1, {})]),
    Case("batch_to_space", [spec([4, 2, 2, 1])],
         lambda x: o.batch_to_space(x, [2, 2], [[0, 0], [0, 1]]), [rand(4, 2, 2, 1)],
         lambda x: x.reshape(2, 2, 1, 2, 2, 1).transpose(2, 3, 0, 4, 1, 5).reshape(
             1, 4, 4, 1)[:, :, :3],
         ops=[("BATCH_TO_SPACE_ND", 1, {})]),
    Case("resize_bilinear_tf2", [spec([1, 4, 4, 2])], lambda x: o.resize(x, [8, 6]),
         [rand(1, 4, 4, 2)], lambda x: np_resize(x, (8, 6), "bilinear", half_pixel=True),
         rtol=1e-5, atol=1e-6, ops=[("RESIZE_BILINEAR", 3, {"align_corners": False,
                                                            "half_pixel_centers": True})]),
    Case("resize_nearest_tf2", [spec([1, 4, 4, 2])], lambda x: o.resize(x, [8, 6], "nearest"),
         [rand(1, 4, 4, 2)], lambda x: np_resize(x, (8, 6), "nearest", half_pixel=True),
         ops=[("RESIZE_NEAREST_NEIGHBOR", 3, {"align_corners": False,
                                              "half_pixel_centers": True})]),
    Case("resize_bilinear_align_corners", [spec([1, 4, 4, 2])],
         lambda x: o.resize_bilinear(x, [7, 5], align_corners=True), [rand(1, 4, 4, 2)],
         lambda x: np_resize(x, (7, 5), "bilinear", align_corners=True), rtol=1e-5, atol=1e-6,
         ops=[("RESIZE_BILINEAR", 1, {"align_corners": True, "half_pixel_centers": False})]),
    Case("resize_bilinear_legacy", [spec([1, 4, 4, 2])],
         lambda x: o.resize_bilinear(x, [6, 3]), [rand(1, 4, 4, 2)],
         lambda x: np_resize(x, (6, 3), "bilinear"), rtol=1e-5, atol=1e-6,
         ops=[("RESIZE_BILINEAR", 1, {"align_corners": False, "half_pixel_centers": False})]),
    Case("resize_nearest_align_corners", [spec([1, 4, 4, 2])],
         lambda x: o.resize_nearest_neighbor(x, [7, 5], align_corners=True), [rand(1, 4, 4, 2)],
         lambda x: np_resize(x, (7, 5), "nearest", align_corners=True),
         ops=[("RESIZE_NEAREST_NEIGHBOR", 3, {"align_corners": True})]),
]


test_op_runs, test_op_written_like_tf = case_tests(CASES)


def test_conv_weights_are_written_ohwi_with_a_zero_bias():
    case = Case("w", [spec([1, 8, 8, 4])], lambda x: o.conv2d(x, W, 1, "SAME"), [], None)
    m = interp.Converter.from_function(function_of(case)).to_model()
    sg = m.subgraphs[0]
    conv = sg.operators[0]
    w, b = (sg.tensors[i] for i in conv.inputs[1:])
    got = np.frombuffer(m.buffers[w.buffer].data, np.float32).reshape(w.shape)
    np.testing.assert_array_equal(got, W.transpose(3, 0, 1, 2))
    assert b.shape == (5,)
    assert not np.frombuffer(m.buffers[b.buffer].data, np.float32).any()


def test_depthwise_and_transpose_weights_layout():
    case = Case("w", [spec([1, 8, 8, 4])],
                lambda x: [o.depthwise_conv2d(x, DW, 1, "SAME"),
                           o.conv2d_transpose(x, np.zeros((3, 3, 5, 4), np.float32) + TW,
                                              [1, 16, 16, 5], 2)], [], None)
    m = interp.Converter.from_function(function_of(case)).to_model()
    sg = m.subgraphs[0]
    dw, tc = sg.operators
    w = sg.tensors[dw.inputs[1]]
    np.testing.assert_array_equal(
        np.frombuffer(m.buffers[w.buffer].data, np.float32).reshape(w.shape),
        DW.reshape(1, 3, 3, 8))
    assert [sg.tensors[i].shape for i in tc.inputs] == [(4,), (5, 3, 3, 4), (1, 8, 8, 4)]
    w = sg.tensors[tc.inputs[1]]
    np.testing.assert_array_equal(
        np.frombuffer(m.buffers[w.buffer].data, np.float32).reshape(w.shape),
        TW.transpose(2, 0, 1, 3))


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_dynamic_batch_and_size_conv_pool_resize(runtime):
    case = Case("dyn", [spec([None, None, None, 4])],
                lambda x: {"c": o.conv2d(x, W, 2, "SAME", bias=B5),
                           "p": o.max_pool2d(x, 2, 2, "VALID"),
                           "r": o.resize(x, [5, 5], "nearest")}, [], None)
    assert traced_shapes(case) == {"c": (None, None, None, 5), "p": (None, None, None, 4),
                                   "r": (None, 5, 5, 4)}
    data = convert(case)
    for shape in ((1, 8, 8, 4), (3, 6, 10, 4)):
        x = rand(*shape)
        got = run(data, runtime, [x])
        np.testing.assert_allclose(got["c"], np_conv2d(x, W, (2, 2), "SAME") + B5, rtol=1e-5,
                                   atol=1e-5)
        np.testing.assert_allclose(got["p"], np_pool(x, (2, 2), (2, 2), "VALID", "max"))
        np.testing.assert_array_equal(got["r"], np_resize(x, (5, 5), "nearest", half_pixel=True))


@pytest.mark.parametrize("specs,fn,want", [
    ([spec([None, 8, 8, 4])], lambda x: o.conv2d(x, W, 2, "VALID"), (None, 3, 3, 5)),
    ([spec([None, None, 8, 4])], lambda x: o.depthwise_conv2d(x, DW, 1, "SAME"),
     (None, None, 8, 8)),
    ([spec([None, 4, 4, 4])], lambda x: o.conv2d_transpose(x, TW, [2, 8, 8, 5], 2),
     (2, 8, 8, 5)),
    ([spec([None, 4, 4, 4]), spec([4], "int32")],
     lambda x, s: o.conv2d_transpose(x, TW, s, 2), (None, None, None, 5)),
    ([spec([None, 7, 7, 3])], lambda x: o.avg_pool2d(x, 3, 2, "SAME"), (None, 4, 4, 3)),
    ([spec([None, 3, 4]), spec([None, 4, 6])], o.matmul, (None, 3, 6)),
    ([spec([None, 3, 4]), spec([4, 6])], lambda a, b: a @ b, (None, 3, 6)),
    ([spec([None, 5])], lambda x: o.top_k(x, 2).indices, (None, 2)),
    ([spec([None, 2, 2, 8])], lambda x: o.depth_to_space(x, 2), (None, 4, 4, 2)),
    ([spec([None, 4, None, 2])], lambda x: o.space_to_depth(x, 2), (None, 2, None, 8)),
    ([spec([None, 4, 4, 1])], lambda x: o.space_to_batch_nd(x, [2, 2], [[0, 0], [0, 0]]),
     (None, 2, 2, 1)),
    ([spec([None, 4, 4, 2]), spec([2], "int32")], lambda x, s: o.resize(x, s),
     (None, None, None, 2)),
    ([spec([None, 3])], o.gelu, (None, 3)),
])
def test_dynamic_shapes(specs, fn, want):
    case = Case("shape", specs, fn, [], None)
    assert traced_shapes(case)["output_0"] == want


@pytest.mark.parametrize("specs,fn,cls,match", [
    ([spec([1, 8, 8, 4], "int32")], lambda x: o.conv2d(x, W, 1, "SAME"), ConversionTypeError,
     "conv2d: input has dtype int32; supported: float32"),
    ([spec([1, 8, 8, 4])], lambda x: o.conv2d(x, W.astype(np.float64), 1, "SAME"),
     ConversionTypeError, "conv2d: input has dtype float32 but filters has dtype float64"),
    ([spec([1, 8, 8, 3])], lambda x: o.conv2d(x, W, 1, "SAME"), ConversionError,
     "conv2d: input has 3 channels"),
    ([spec([8, 8, 4])], lambda x: o.conv2d(x, W, 1, "SAME"), ConversionError,
     r"conv2d: input must have rank 4, got shape \[8, 8, 4\]"),
    ([spec([1, 8, 8, 4]), spec([3, 3, 4, 5])], lambda x, w: o.conv2d(x, w, 1, "SAME"),
     ConversionError, "filters must be a constant"),
    ([spec([1, 8, 8, 4])], lambda x: o.conv2d(x, W, 1, "FULL"), ConversionError,
     "padding must be 'SAME' or 'VALID'"),
    ([spec([1, 8, 8, 4])], lambda x: o.conv2d(x, W, 1, [[1, 1], [1, 1], [0, 0], [0, 0]]),
     ConversionError, r"explicit padding must be \[\[0, 0\]"),
    ([spec([1, 8, 8, 4])], lambda x: o.conv2d(x, W, 1, "SAME", data_format="NCHW"),
     ConversionError, "only data_format 'NHWC'"),
    ([spec([1, 8, 8, 4])], lambda x: o.conv2d(x, W, [2, 2, 2], "SAME"), ConversionError,
     "strides must be an int or a list of 1, 2 or 4 ints"),
    ([spec([1, 8, 8, 4])], lambda x: o.conv2d(x, W, 2, "SAME", dilations=2), ConversionError,
     "strides > 1 together with dilations > 1"),
    ([spec([1, 2, 2, 4])], lambda x: o.conv2d(x, W, 1, "VALID"), ConversionError,
     "window .* is larger than the input"),
    ([spec([1, 8, 8, 4])], lambda x: o.conv2d(x, W, 1, "SAME", bias=np.ones(4, np.float32)),
     ConversionError, r"the bias must have shape \[5\]"),
    ([spec([1, 8, 8, 4])], lambda x: o.conv2d(x, W, 1, "SAME", activation="swish"),
     ConversionError, "conv2d: unknown activation 'swish'"),
    ([spec([1, 8, 8, 4])], lambda x: o.depthwise_conv2d(x, DW, [1, 1, 2, 1], "SAME"),
     ConversionError, "row and column strides must be equal"),
    ([spec([1, 4, 4, 4])], lambda x: o.conv2d_transpose(x, TW, [1, 9, 9, 5], 1),
     ConversionError, "does not fit input"),
    ([spec([1, 4, 4, 4])], lambda x: o.conv2d_transpose(x, TW, [1, 8, 8, 4], 2),
     ConversionError, "has 4 channels but filters make 5"),
    ([spec([1, 4, 4, 4])], lambda x: o.conv2d_transpose(x, TW, [1, 8, 8, 5], 2, dilations=2),
     ConversionError, "dilations other than 1"),
    ([spec([1, 8, 8, 4], "int32")], lambda x: o.max_pool2d(x, 2, 2, "SAME"), ConversionTypeError,
     "max_pool2d: input has dtype int32"),
    ([spec([2, 3, 4], "int32"), spec([2, 4, 5], "int32")], o.matmul, ConversionTypeError,
     "matmul: a has dtype int32; supported: float32"),
    ([spec([2, 3, 4]), spec([2, 5, 4])], o.matmul, ConversionError,
     r"different inner dims \(4 vs 5\)"),
    ([spec([2, 3, 4]), spec([3, 4, 5])], o.matmul, ConversionError, "cannot be broadcast"),
    ([spec([4]), spec([4, 5])], o.matmul, ConversionError, "a must have rank >= 2"),
    ([spec([2, 3])], lambda x: o.bias_add(x, np.ones(4, np.float32)), ConversionError,
     "bias has 4 entries"),
    ([spec([2, 3], "int32")], o.gelu, ConversionTypeError, "gelu: features has dtype int32"),
    ([spec([2, 3])], lambda x: o.leaky_relu(x, "0.1"), ConversionTypeError,
     "alpha must be a number"),
    ([spec([2, 3])], lambda x: o.log_softmax(x, axis=0), ConversionError,
     "only the last axis is supported"),
    ([spec([2, 3])], o.l2_normalize, ConversionError, "axis None normalises over every axis"),
    ([spec([2, 3])], lambda x: o.top_k(x, 4), ConversionError, "k=4 must be in 0..3"),
    ([spec([2, 3], "bool")], o.top_k, ConversionTypeError, "top_k: input has dtype bool"),
    ([spec([1, 2, 2, 6])], lambda x: o.depth_to_space(x, 2), ConversionError,
     r"the channel count \(6\) is not divisible by 4"),
    ([spec([1, 3, 4, 2])], lambda x: o.space_to_depth(x, 2), ConversionError,
     r"the height \(3\) is not divisible by 2"),
    ([spec([1, 3, 4, 1])], lambda x: o.space_to_batch_nd(x, [2, 2], [[0, 0], [0, 0]]),
     ConversionError, "padded dim 1"),
    ([spec([1, 4, 4, 1])], lambda x: o.batch_to_space(x, [2, 2], [[0, 0]]), ConversionError,
     r"crops must have shape \[2, 2\]"),
    ([spec([1, 4, 4, 2])], lambda x: o.resize(x, [8, 8], "bicubic"), ConversionError,
     "method must be 'bilinear' or 'nearest'"),
    ([spec([1, 4, 4, 2])], lambda x: o.resize_bilinear(x, [8, 8], True, True), ConversionError,
     "cannot both be True"),
    ([spec([1, 4, 4, 2], "int32")], lambda x: o.resize(x, [8, 8]), ConversionTypeError,
     "resize: images has dtype int32"),
])
def test_errors(specs, fn, cls, match):
    with pytest.raises(cls, match=match):
        convert(Case("err", specs, fn, [], None))


def test_fusion_can_be_turned_off():
    case = Case("nofuse", [spec([1, 8, 8, 4])],
                lambda x: o.relu(o.conv2d(x, W, 1, "SAME") + B5), [], None)
    conv = interp.Converter.from_function(function_of(case))
    conv.fuse_activations = False
    m = conv.to_model()
    ops = [m.operator_codes[op.opcode_index].builtin_code for op in m.subgraphs[0].operators]
    assert ops == [3, 0, 19]  # CONV_2D, ADD, RELU
    assert [op for op, *_ in operators(case)] == ["CONV_2D"]


DENSE_W = rand(2 * 2 * 8, 3)


def small_cnn(x):
    h = o.depthwise_conv2d(x, DW, 1, "SAME") + B8  # folded into the op's bias
    h = o.relu6(h)  # fused
    h = o.max_pool2d(h, 2, 2, "VALID")
    h = o.conv2d(h, rand(1, 1, 8, 8) * 0 + np.eye(8, dtype=np.float32)[None, None], 2, "SAME")
    h = o.reshape(h, [-1, 2 * 2 * 8])
    return o.softmax(o.dense(h, DENSE_W))


def small_cnn_ref(x):
    h = np.clip(np_conv2d(x, DW, (1, 1), "SAME", depthwise=True) + B8, 0, 6)
    h = np_pool(h.astype(np.float32), (2, 2), (2, 2), "VALID", "max")[:, ::2, ::2]
    z = h.reshape(len(x), -1).astype(np.float64) @ DENSE_W
    e = np.exp(z - z.max(-1, keepdims=True))
    return (e / e.sum(-1, keepdims=True)).astype(np.float32)


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_small_cnn_dynamic_batch(runtime):
    case = Case("cnn", [spec([None, 8, 8, 4])], small_cnn, [], None)
    assert [op for op, *_ in operators(case)] == [
        "DEPTHWISE_CONV_2D", "MAX_POOL_2D", "CONV_2D", "RESHAPE", "FULLY_CONNECTED", "SOFTMAX"]
    assert operators(case)[0][2]["fused_activation_function"] == 3
    data = convert(case)
    for batch in (1, 3):
        x = rand(batch, 8, 8, 4)
        np.testing.assert_allclose(run(data, runtime, [x])["output_0"], small_cnn_ref(x),
                                   rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_conv2d_transpose_with_a_dynamic_batch(runtime):
    """output_shape as a traced int32 [4] built from the input's shape (as in TensorFlow)."""
    def f(x):
        batch = o.shape(x)[0]
        return o.conv2d_transpose(x, TW, o.stack([batch, 8, 8, 5]), 2, "SAME", bias=B5)

    case = Case("tconv_dyn", [spec([None, 4, 4, 4])], f, [], None)
    assert traced_shapes(case) == {"output_0": (None, None, None, 5)}
    assert [op for op, *_ in operators(case)] == ["SHAPE", "STRIDED_SLICE", "PACK",
                                                  "TRANSPOSE_CONV"]
    data = convert(case)
    for batch in (1, 3):
        x = rand(batch, 4, 4, 4)
        np.testing.assert_allclose(
            run(data, runtime, [x])["output_0"],
            np_conv2d_transpose(x, TW, [batch, 8, 8, 5], (2, 2), "SAME") + B5, rtol=1e-5,
            atol=1e-5)
