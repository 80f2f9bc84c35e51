"""Quantized ADD, SUB and MUL (INT8, UINT8, INT16): LiteRT's arithmetic, bit for bit
(kernels/quant_binary.c; FORMAT.md §8). Broadcasting folds the shapes as the float path does
(interp/ops/_binary.py).

ADD/SUB: the inputs are rescaled to a common scale, twice the larger input scale, after a left
shift of 20 bits (8-bit types) or 15 (INT16); the output multiplier maps that back to the output
scale. INT16 ADD/SUB with ``pot_scale_int16`` (the schema default) and power-of-two scales with zero
points 0 take LiteRT's shift-only path instead. MUL: the product of the zero-point-free inputs
times ``scale_a * scale_b / scale_out``.
"""
import math
from dataclasses import dataclass

from interp import dtypes
from interp.ops import _binary
from interp.ops._kernels import check_same_type, lib, params
from interp.ops._quant import QUANTIZED_TYPES, activation_range, params as qparams, \
    quantize_multiplier

TYPES = QUANTIZED_TYPES
_PREFIX = {dtypes.INT8: "i8", dtypes.UINT8: "u8", dtypes.INT16: "i16"}


@dataclass(frozen=True)
class AddOptions:
    """ADD/SUB options: the float path reads only the activation."""
    fused_activation_function: int = 0
    pot_scale_int16: bool = True


def init_add(operator):
    o = operator.builtin_options
    return AddOptions(int(o.get("fused_activation_function", 0)),
                      bool(o.get("pot_scale_int16", True)))


def _checked_io(node):
    node.expect_io(2, 1)
    a, b = node.inputs
    out = node.outputs[0]
    check_same_type(node, a, [("input 1", b), ("output 0", out)])
    qa = qparams(node, a, "input 0")
    qb = qparams(node, b, "input 1")
    qo = qparams(node, out, "output 0")
    if a.type == dtypes.INT16:
        for role, t, (_, zp) in (("input 0", a, qa), ("input 1", b, qb), ("output 0", out, qo)):
            if zp != 0:
                raise node.error(f"{role} {t.describe()} has zero point {zp}; INT16 "
                                 f"{node.op_name} needs symmetric quantization (zero point 0)")
    out.shape, dims = _binary.folded_dims(node, a, b)
    p = params("interp_qbinary_params")
    _binary._fill(p.bc, dims, b.size)
    act = node.options.fused_activation_function if node.options is not None else 0
    p.lo, p.hi = activation_range(act, qo[0], qo[1], out.type)
    return a, qa, qb, qo, p


def _log2_exact(scale):
    """The integer k with scale == 2**k, or None (LiteRT's CheckedLog2 with its 1e-3 tolerance on
    the rounded log)."""
    k = math.log2(scale)
    r = round(k)
    return int(r) if abs(k - r) < 1e-3 else None


def _smaller_than_one(node, real, what):
    if not real < 1.0:
        raise node.error(f"{what} rescale factor {real!r} must be < 1 (LiteRT rejects these "
                         f"quantization parameters)")
    return quantize_multiplier(real)


def prepare_add(node, sign=1):
    """ADD (``sign`` 1) or SUB (``sign`` -1) on quantized inputs."""
    a, (sa, za), (sb, zb), (so, zo), p = _checked_io(node)
    if a.type == dtypes.INT16 and _pot_int16(node, sa, za, sb, zb, so, zo, p, sign):
        return
    p.a_offset, p.b_offset, p.out_offset = -za, -zb, zo
    p.left_shift = 15 if a.type == dtypes.INT16 else 20
    twice_max = 2.0 * max(sa, sb)
    p.a_mult, p.a_shift = _smaller_than_one(node, sa / twice_max, "input 0")
    p.b_mult, p.b_shift = _smaller_than_one(node, sb / twice_max, "input 1")
    p.b_mult *= sign
    p.out_mult, p.out_shift = _smaller_than_one(
        node, twice_max / ((1 << p.left_shift) * so), "output")
    fn = getattr(lib, f"interp_{_PREFIX[a.type]}_add")
    if sign == 1:
        if a.type == dtypes.INT16 and _same_shape(p.bc):
            fn = lib.interp_i16_add_blocked
        p.simd = _SIMD.get(a.type, 0)
    node.state = (fn, p)


# LiteRT's optimized ADD rounds whole SIMD blocks differently from the scalar tail (kernels.h,
# INTERP_QADD_SIMD_*): UINT8 rows and INT8/UINT8 rows against a broadcast scalar in blocks of 8,
# same-shape INT16 in blocks of 16; SUB and INT16 broadcasting take the scalar rounding.
_SIMD = {dtypes.UINT8: lib.INTERP_QADD_SIMD_ROWS | lib.INTERP_QADD_SIMD_SCALAR,
         dtypes.INT8: lib.INTERP_QADD_SIMD_SCALAR}


def _same_shape(bc):
    return bc.rank == 1 and bc.a_stride[0] == 1 and bc.b_stride[0] == 1


def _pot_int16(node, sa, za, sb, zb, so, zo, p, sign):
    if not getattr(node.options, "pot_scale_int16", True):
        return False
    logs = [_log2_exact(s) for s in (sa, sb, so)]
    if None in logs or za or zb or zo:
        return False
    ka, kb = logs[0] - logs[2], logs[1] - logs[2]
    if not (ka <= 0 and kb <= 0 and (ka == 0 or kb == 0)):
        raise node.error(f"INT16 power-of-two scales need one input at the output scale and the "
                         f"other at most as large: input scales 2^{logs[0]} and 2^{logs[1]}, "
                         f"output 2^{logs[2]}")
    if not _same_shape(p.bc) and node.inputs[0].shape != node.inputs[1].shape:
        a, b = node.inputs
        raise node.error(f"INT16 {node.op_name} with power-of-two scales (pot_scale_int16) does "
                         f"not broadcast: input shapes {list(a.shape)} and {list(b.shape)}")
    p.a_shift, p.b_shift, p.b_mult = -ka, -kb, sign
    node.state = (lib.interp_i16_add_pot, p)
    return True


def prepare_mul(node):
    a, (sa, za), (sb, zb), (so, zo), p = _checked_io(node)
    p.a_offset, p.b_offset, p.out_offset = -za, -zb, zo
    p.out_mult, p.out_shift = quantize_multiplier(sa * sb / so)
    node.state = (getattr(lib, f"interp_{_PREFIX[a.type]}_mul"), p)
