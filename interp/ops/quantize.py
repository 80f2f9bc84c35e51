"""QUANTIZE: FLOAT32 -> INT8, UINT8, INT16 (q = clamp(round(x / scale) + zero_point), round half
away from zero; per tensor, or per channel along the output's quantized_dimension), and
requantization between integer types (INT8 -> INT8/UINT8/INT16, UINT8 -> INT8/UINT8,
INT16 -> INT16/INT8: q = clamp(x * (in_scale / out_scale) + out_zero_point) by LiteRT's
fixed-point multiply). Kernels in kernels/quantize.c."""
from interp import dtypes
from interp.ops import _qconvert as qc
from interp.ops._quant import quantize_multiplier

# Requantization pairs LiteRT supports (quantize.cc) that interp has kernels for.
REQUANTIZE = {(dtypes.INT8, dtypes.INT8), (dtypes.INT8, dtypes.UINT8), (dtypes.INT8, dtypes.INT16),
              (dtypes.UINT8, dtypes.INT8), (dtypes.UINT8, dtypes.UINT8),
              (dtypes.INT16, dtypes.INT16), (dtypes.INT16, dtypes.INT8)}


def prepare(node):
    node.expect_io(1, 1)
    x, y = node.inputs[0], node.outputs[0]
    if y.type not in qc.QUANTIZED_TYPES:
        raise node.error(f"output 0 {y.describe()} has type {dtypes.name(y.type)}; QUANTIZE "
                         f"gives {qc.supported(qc.QUANTIZED_TYPES)}")
    y.shape = x.shape
    lo, hi = qc.QRANGE[y.type]
    out_q = qc.quantization(node, y, "output 0")
    if x.type == dtypes.FLOAT32:
        if out_q[0] == "channel":
            fn = getattr(qc.lib, f"interp_f32_quantize_{qc.PREFIX[y.type]}_channel")
            node.state = qc.channel_state(fn, out_q, lo, hi)
            return
        _, scale, zp = out_q
        fn = getattr(qc.lib, f"interp_f32_quantize_{qc.PREFIX[y.type]}")
        node.state = ("tensor", fn, qc.params("interp_quantize_params", scale=scale,
                                              zero_point=zp, lo=lo, hi=hi))
        return
    if (x.type, y.type) not in REQUANTIZE:
        pairs = ", ".join(f"{dtypes.name(a)} -> {dtypes.name(b)}" for a, b in sorted(REQUANTIZE))
        raise node.error(f"input 0 {x.describe()} has type {dtypes.name(x.type)} and output 0 "
                         f"{dtypes.name(y.type)}; QUANTIZE takes FLOAT32 or requantizes {pairs}")
    if out_q[0] == "channel":
        raise node.error(f"output 0 {y.describe()} must be quantized per tensor to requantize "
                         f"{dtypes.name(x.type)}")
    in_q = qc.quantization(node, x, "input 0")
    if in_q[0] == "channel":
        raise node.error(f"input 0 {x.describe()} must be quantized per tensor to requantize")
    (_, s_in, z_in), (_, s_out, z_out) = in_q, out_q
    if x.type == dtypes.INT16 and y.type == dtypes.INT16:
        for role, t, z in (("input 0", x, z_in), ("output 0", y, z_out)):
            if z != 0:
                raise node.error(f"{role} {t.describe()} has zero point {z}; INT16 -> INT16 "
                                 f"QUANTIZE needs zero point 0")
    mult, shift = quantize_multiplier(s_in / s_out)
    fn = getattr(qc.lib, f"interp_{qc.PREFIX[x.type]}_requantize_{qc.PREFIX[y.type]}")
    node.state = ("tensor", fn, qc.params("interp_requantize_params", in_zero_point=z_in,
                                          out_zero_point=z_out, mult=mult, shift=shift,
                                          lo=lo, hi=hi, lanes=_lanes(x.type, y.type)))


def _lanes(src, dst):
    """8-bit to 8-bit requantization runs LiteRT's SIMD code in blocks of 16 (kernels.h)."""
    eight = (dtypes.INT8, dtypes.UINT8)
    return 16 if src in eight and dst in eight else 0


bind = qc.bind
