"""QUANTIZE and DEQUANTIZE: the shared parameter handling (kernels/quantize.c).

A quantized tensor of either op is per tensor (one scale) or per channel (one scale and zero point
per index of ``quantized_dimension``); per channel, the kernels walk the data as
``[outer, channels, inner]``.
"""
import functools
import math

import numpy as np

from interp import dtypes
from interp.ops._kernels import PREFIX, ffi, lib, params, ptr  # noqa: F401 (PREFIX, lib, params: used by quantize.py / dequantize.py)
from interp.ops._quant import QRANGE, QUANTIZED_TYPES, check_scale, params as qparams  # noqa: F401 (QRANGE, QUANTIZED_TYPES: used by quantize.py / dequantize.py)


def quantization(node, tensor, role):
    """``("tensor", scale, zero_point)`` or ``("channel", scales float32[], zero points int32[],
    (outer, channels, inner))`` of the quantized ``tensor``."""
    q = tensor.quantization
    if q is not None and q.details_type == 0 and len(q.scale) > 1:
        axis = q.quantized_dimension
        shape = tuple(tensor.shape)
        if not 0 <= axis < len(shape) or shape[axis] != len(q.scale):
            raise node.error(f"{role} {tensor.describe()} has {len(q.scale)} scales along "
                             f"dimension {axis}; its shape is {list(shape)}")
        zps = list(q.zero_point) if q.zero_point else [0] * len(q.scale)
        if len(zps) != len(q.scale):
            raise node.error(f"{role} {tensor.describe()} has {len(q.scale)} scales but "
                             f"{len(zps)} zero points")
        for s in q.scale:
            check_scale(node, tensor, role, float(s))
        lo, hi = QRANGE[tensor.type]
        for z in zps:
            if not lo <= int(z) <= hi:
                raise node.error(f"{role} {tensor.describe()} has zero point {int(z)}, outside "
                                 f"the {dtypes.name(tensor.type)} range [{lo}, {hi}]")
        layout = (math.prod(shape[:axis]), shape[axis], math.prod(shape[axis + 1:]))
        return ("channel", np.asarray(q.scale, np.float32), np.asarray(zps, np.int32), layout)
    scale, zp = qparams(node, tensor, role)
    return ("tensor", scale, zp)


def channel_state(fn, qinfo, lo, hi):
    _, scales, zps, (outer, channels, inner) = qinfo
    p = params("interp_channel_params", outer=outer, channels=channels, inner=inner, lo=lo, hi=hi)
    return ("channel", fn, scales, zps, p)


def bind(node):
    kind, fn, *rest = node.state
    x, y = node.inputs[0], node.outputs[0]
    if kind == "channel":
        scales, zps, p = rest
        return functools.partial(fn, ptr(x), ptr(y), ffi.from_buffer("float[]", scales),
                                 ffi.from_buffer("int32_t[]", zps), p)
    if kind == "f16":
        return functools.partial(fn, ffi.from_buffer("uint16_t[]", x.data), ptr(y), x.size)
    return functools.partial(fn, ptr(x), ptr(y), x.size, rest[0])


def supported(types):
    return ", ".join(dtypes.name(t) for t in types)
