"""LOGISTIC: 1 / (1 + exp(-x)), float32; int8/uint8 through LiteRT's float-computed 256-entry
table (output scale must be exactly 1/256, as LiteRT checks)."""
from interp import dtypes
from interp.ops import _activation, _quant_activation as _qact
from interp.ops._kernels import lib

EIGHT_BIT = (dtypes.INT8, dtypes.UINT8)


def prepare(node):
    x = node.inputs[0] if node.inputs else None
    if x is not None and x.type in EIGHT_BIT:
        _qact.check_io(node, EIGHT_BIT)
        _qact.check_fixed_output(node, 1.0 / 256)
        _qact.prepare_float_table(node, "logistic", EIGHT_BIT)
        return
    if x is not None and x.type == dtypes.INT16:
        _qact.prepare_sigmoid16(node, "logistic")
        return
    _activation.prepare_float_unary(node)


def bind(node):
    if _qact.is_quantized_node(node):
        return _qact.bind(node)
    return _activation.bind_float_unary(node, lib.interp_f32_logistic)
