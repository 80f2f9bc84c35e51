"""Affine quantization helpers every quantized op shares (FORMAT.md §8).

``real = scale * (q - zero_point)``. A real multiplier is handed to C as a Q31 ``(multiplier, shift)``
pair made by :func:`quantize_multiplier`; the C side applies it with ``interp_mbqm``
(``kernels/quant.h``), LiteRT's double-rounding MultiplyByQuantizedMultiplier.
"""
import math

import numpy as np

from interp import dtypes

# The integer range of each quantized storage type.
QRANGE = {dtypes.INT8: (-128, 127), dtypes.UINT8: (0, 255), dtypes.INT16: (-32768, 32767),
          dtypes.INT32: (-2**31, 2**31 - 1)}

QUANTIZED_TYPES = (dtypes.INT8, dtypes.UINT8, dtypes.INT16)


def quantize_multiplier(real: float):
    """``(multiplier, shift)`` with real = multiplier / 2**31 * 2**shift, multiplier a Q31 int32 in
    [2**30, 2**31) (0 for real == 0). Computed in double as LiteRT does: frexp, round half away from
    zero, renormalise when rounding reaches 2**31; a shift below -31 flushes to (0, 0)."""
    if real == 0.0:
        return 0, 0
    if not math.isfinite(real) or real < 0:
        raise ValueError(f"quantized multiplier {real!r} must be finite and >= 0")
    q, shift = math.frexp(real)
    multiplier = int(math.floor(q * (1 << 31) + 0.5))  # q > 0: half away from zero
    if multiplier == 1 << 31:
        multiplier //= 2
        shift += 1
    if shift < -31:
        return 0, 0
    return multiplier, shift


def is_quantized(tensor) -> bool:
    """True when ``tensor`` carries affine quantization parameters (at least one scale)."""
    q = tensor.quantization
    return q is not None and q.details_type == 0 and len(q.scale) > 0


def params(node, tensor, role: str):
    """``(scale, zero_point)`` of a per-tensor quantized ``tensor``; raises naming the op, ``role`` and
    the tensor when it has no quantization or is quantized per axis."""
    q = tensor.quantization
    if q is None or q.details_type != 0 or len(q.scale) == 0:
        raise node.error(f"{role} {tensor.describe()} is {dtypes.name(tensor.type)} but has no "
                         f"quantization parameters (scale, zero_point)")
    if len(q.scale) != 1:
        raise node.error(f"{role} {tensor.describe()} must be quantized per tensor; it has "
                         f"{len(q.scale)} scales along dimension {q.quantized_dimension}")
    scale = float(q.scale[0])
    zero_point = int(q.zero_point[0]) if q.zero_point else 0
    check_scale(node, tensor, role, scale)
    lo, hi = QRANGE[tensor.type] if tensor.type in QRANGE else (None, None)
    if lo is not None and not lo <= zero_point <= hi:
        raise node.error(f"{role} {tensor.describe()} has zero point {zero_point}, outside the "
                         f"{dtypes.name(tensor.type)} range [{lo}, {hi}]")
    return scale, zero_point


def channel_scales(node, tensor, role: str, axis: int, count: int):
    """The float64 scales of ``tensor`` quantized per tensor (broadcast to ``count``) or per channel
    along ``axis`` (exactly ``count`` scales); checks that every zero point is 0 (symmetric)."""
    q = tensor.quantization
    if q is None or q.details_type != 0 or len(q.scale) == 0:
        raise node.error(f"{role} {tensor.describe()} is {dtypes.name(tensor.type)} but has no "
                         f"quantization parameters")
    n = len(q.scale)
    if n != 1:
        if q.quantized_dimension != axis or n != count:
            raise node.error(f"{role} {tensor.describe()} has {n} scales along dimension "
                             f"{q.quantized_dimension}; {node.op_name} needs 1 or {count} along "
                             f"dimension {axis}")
    if any(int(z) != 0 for z in q.zero_point):
        raise node.error(f"{role} {tensor.describe()} must be symmetric (zero point 0); got zero "
                         f"points {list(q.zero_point)[:8]}")
    scales = np.asarray(q.scale, dtype=np.float64)
    for s in scales:
        check_scale(node, tensor, role, float(s))
    return np.broadcast_to(scales, (count,)).copy()


def check_scale(node, tensor, role, scale):
    if not (math.isfinite(scale) and scale > 0):
        raise node.error(f"{role} {tensor.describe()} has scale {scale!r}; a quantization scale "
                         f"must be finite and > 0")


def activation_range(code: int, scale: float, zero_point: int, type_code: int):
    """``(act_min, act_max)`` in the quantized domain for fused activation ``code`` (FORMAT.md §8):
    RELU (0, inf), RELU6 (0, 6), RELU_N1_TO_1 (-1, 1), others the type's whole range."""
    from interp.ops._activation import RELU, RELU6, RELU_N1_TO_1
    qmin, qmax = QRANGE[type_code]

    def q(real):
        return zero_point + _round_half_away(real / scale)

    if code == RELU:
        return max(qmin, q(0.0)), qmax
    if code == RELU6:
        return max(qmin, q(0.0)), min(qmax, q(6.0))
    if code == RELU_N1_TO_1:
        return max(qmin, q(-1.0)), min(qmax, q(1.0))
    return qmin, qmax


def _round_half_away(v: float) -> int:
    return int(math.floor(abs(v) + 0.5)) * (1 if v >= 0 else -1)


def multipliers(reals):
    """Per-channel ``quantize_multiplier`` as two int32 numpy arrays (multipliers, shifts)."""
    pairs = [quantize_multiplier(float(r)) for r in reals]
    return (np.array([p[0] for p in pairs], dtype=np.int32),
            np.array([p[1] for p in pairs], dtype=np.int32))
