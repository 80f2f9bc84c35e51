"""DEQUANTIZE: INT8, UINT8, INT16 -> FLOAT32 (x = scale * (q - zero_point), per tensor or per
channel along the input's quantized_dimension), and FLOAT16 -> FLOAT32. Kernels in
kernels/quantize.c (FLOAT16: CAST's interp_f16_cast_f32)."""
from interp import dtypes
from interp.ops import _qconvert as qc

TYPES = qc.QUANTIZED_TYPES + (dtypes.FLOAT16,)


def prepare(node):
    node.expect_io(1, 1)
    x, y = node.inputs[0], node.outputs[0]
    if x.type not in TYPES:
        raise node.error(f"input 0 {x.describe()} has type {dtypes.name(x.type)}, which "
                         f"DEQUANTIZE does not support; supported: {qc.supported(TYPES)}")
    if y.type != dtypes.FLOAT32:
        raise node.error(f"output 0 {y.describe()} has type {dtypes.name(y.type)}; DEQUANTIZE "
                         f"gives FLOAT32")
    y.shape = x.shape
    if x.type == dtypes.FLOAT16:
        node.state = ("f16", qc.lib.interp_f16_cast_f32)
        return
    q = qc.quantization(node, x, "input 0")
    prefix = qc.PREFIX[x.type]
    if q[0] == "channel" and x.type == dtypes.INT16:
        raise node.error(f"input 0 {x.describe()}: per-channel DEQUANTIZE takes INT8 or UINT8 "
                         f"(LiteRT), got INT16 with {len(q[1])} scales")
    if x.type == dtypes.INT16 and q[2] != 0:
        raise node.error(f"input 0 {x.describe()} has zero point {q[2]}; INT16 DEQUANTIZE needs "
                         f"zero point 0")
    if q[0] == "channel":
        node.state = qc.channel_state(getattr(qc.lib, f"interp_{prefix}_dequantize_channel"),
                                      q, 0, 0)
        return
    _, scale, zp = q
    node.state = ("tensor", getattr(qc.lib, f"interp_{prefix}_dequantize"),
                  qc.params("interp_quantize_params", scale=scale, zero_point=zp))


bind = qc.bind
