"""Quantized MEAN and SUM (INT8, UINT8, INT16), bit for bit as LiteRT's built-in kernels
(kernels/quant_reduce.c; axis handling and shape folding are interp/ops/_reduce.py's).

* MEAN over H and W of a 4-D INT8/UINT8 input with keep_dims: LiteRT's optimized 4-D mean. The
  multiplier is in_scale / (H * W * out_scale) computed in float, and the output offset
  ``bias = zp_out - trunc(zp_in * in_scale / out_scale +- 0.5)`` (float).
* other MEAN: the reference rule, the sum minus ``zp_in * count`` scaled by in_scale / out_scale
  with 1 / count folded into the multiplier (LiteRT's integer division of the multiplier).
* SUM: ``round(sum * s + bias)`` in float with ``s = in_scale / out_scale`` and
  ``bias = -zp_in * s * count``.
INT16 needs zero points 0 (LiteRT checks them in prepare).
"""
import functools
import math

import numpy as np

from interp import dtypes
from interp.ops import _reduce
from interp.ops._kernels import check_same_type, lib, params, ptr
from interp.ops._quant import QRANGE, QUANTIZED_TYPES, params as qparams, quantize_multiplier

TYPES = QUANTIZED_TYPES
_PREFIX = {dtypes.INT8: "i8", dtypes.UINT8: "u8", dtypes.INT16: "i16"}


def prepare(node, mean):
    node.expect_io(2, 1)
    x, axis_t = node.inputs
    y = node.outputs[0]
    check_same_type(node, x, [("output 0", y)])
    s_in, z_in = qparams(node, x, "input 0")
    s_out, z_out = qparams(node, y, "output 0")
    if x.type == dtypes.INT16:
        for role, t, z in (("input 0", x, z_in), ("output 0", y, z_out)):
            if z != 0:
                raise node.error(f"{role} {t.describe()} has zero point {z}; INT16 "
                                 f"{node.op_name} needs zero point 0")
    axes = _reduce.resolve_axes(node, x, axis_t)
    keep = node.options.keep_dims
    if keep:
        y.shape = tuple(1 if d in axes else n for d, n in enumerate(x.shape))
    else:
        y.shape = tuple(n for d, n in enumerate(x.shape) if d not in axes)
    count = math.prod(x.shape[d] for d in axes)
    lo, hi = QRANGE[x.type]
    p = params("interp_qreduce_params", in_zero_point=z_in, out_zero_point=z_out, lo=lo, hi=hi,
               count=count, depth=1)
    p.r.in_count, p.r.out_count = x.size, y.size
    _reduce.fill_dims(node, p.r, x, axes)
    f32 = np.float32
    if not mean:
        p.mode = lib.INTERP_QREDUCE_SUM
        scale = f32(s_in) / f32(s_out)
        p.scale = float(scale)
        p.fbias = float(f32(f32(-z_in) * scale) * f32(count))
    elif (keep and len(x.shape) == 4 and axes == [1, 2]
          and x.type in (dtypes.INT8, dtypes.UINT8)):
        p.mode = lib.INTERP_QREDUCE_MEAN_HW
        temp = f32(f32(z_in) * f32(s_in)) / f32(s_out)
        temp = temp + f32(0.5) if temp > 0 else temp - f32(0.5)
        p.bias = z_out - int(temp)  # truncation toward zero, as C's cast
        real = f32(s_in) / (f32(count) * f32(s_out))
        p.mult, p.shift = quantize_multiplier(float(real))
        p.depth = max(x.shape[3], 1)
    else:
        p.mode = lib.INTERP_QREDUCE_MEAN
        mult, shift = quantize_multiplier(float(f32(s_in)) / float(f32(s_out)))
        if count > 0:
            k = min(count.bit_length() - 1, 32, 31 + shift)
            mult = int((mult << k) // count) if k >= 0 else int((mult >> -k) // count)
            shift -= k
        p.mult, p.shift = mult, shift
    node.request_scratch(4 * max(y.size, 1))
    node.state = (getattr(lib, f"interp_{_PREFIX[x.type]}_reduce_quant"), p)


def bind(node):
    fn, p = node.state
    x, y = node.inputs[0], node.outputs[0]
    return functools.partial(fn, ptr(x), ptr(y), _reduce.scratch(node, "int32_t"), p)
