"""Quantized AVERAGE_POOL_2D and MAX_POOL_2D (INT8, UINT8, INT16), as LiteRT's built-in kernels
(kernels/quant_pool.c; the window geometry is interp/ops/_pool.py's).

The output keeps the input's quantization: LiteRT pools the stored integers and only debug-checks
that the output scale and zero point equal the input's, so interp requires them equal and names
both. INT16 needs zero points 0. The fused activation clamps in the output's quantized domain.
"""
import functools

from interp import dtypes
from interp.ops import _pool
from interp.ops._kernels import check_same_type, lib, params, ptr
from interp.ops._quant import QUANTIZED_TYPES, activation_range, params as qparams
from interp.ops._reduce import scratch

TYPES = QUANTIZED_TYPES
_PREFIX = {dtypes.INT8: "i8", dtypes.UINT8: "u8", dtypes.INT16: "i16"}


def is_quantized(node):
    return bool(node.inputs) and node.inputs[0] is not None and node.inputs[0].type in TYPES


def prepare(node, op):
    node.expect_io(1, 1)
    x, y = node.inputs[0], node.outputs[0]
    check_same_type(node, x, [("output 0", y)])
    s_in, z_in = qparams(node, x, "input 0")
    s_out, z_out = qparams(node, y, "output 0")
    if abs(s_in - s_out) > 1e-6 or z_in != z_out:
        raise node.error(f"output 0 {y.describe()} has scale {s_out!r}, zero point {z_out}; "
                         f"{node.op_name} needs the input's (input 0 {x.describe()}: scale "
                         f"{s_in!r}, zero point {z_in})")
    if x.type == dtypes.INT16 and z_in != 0:
        raise node.error(f"input 0 {x.describe()} has zero point {z_in}; INT16 {node.op_name} "
                         f"needs zero point 0")
    g = _pool.geometry(node)
    lo, hi = activation_range(node.options.fused_activation_function, s_out, z_out, y.type)
    p = params("interp_qpool_params", lo=lo, hi=hi)
    p.g = g[0]
    node.request_scratch(4 * max(x.shape[3], 1))
    node.state = (getattr(lib, f"interp_{_PREFIX[x.type]}_{op}"), p)


def bind(node):
    fn, p = node.state
    return functools.partial(fn, ptr(node.inputs[0]), ptr(node.outputs[0]),
                             scratch(node, "int32_t"), p)
