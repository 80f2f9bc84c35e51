"""LOGISTIC: 1 / (1 + exp(-x)), float32; int8/uint8 through LiteRT's float-computed 256-entry
table (output scale exactly 1/256, as LiteRT checks); int16 (output scale 2^-15, zero points 0)
through LiteRT's interpolated sigmoid table, or for the input scale 2^-12 its 16-bit fixed-point
logistic."""
from interp.ops import _activation, _quant_activation as _qact
from interp.ops._kernels import lib


def prepare(node):
    if not _qact.prepare_logistic_tanh(node, "logistic"):
        _activation.prepare_float_unary(node)


def bind(node):
    if _qact.is_quantized_node(node):
        return _qact.bind(node)
    return _activation.bind_float_unary(node, lib.interp_f32_logistic)
