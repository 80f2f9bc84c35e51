"""ELU: x for x >= 0, e^x - 1 below, float32; int8 through LiteRT's float-computed 256-entry
table (any input and output scale and zero point, as in LiteRT)."""
from interp import dtypes
from interp.ops import _quant_activation as _qact, _unary

TYPES = (dtypes.FLOAT32,)


def prepare(node):
    if node.inputs and node.inputs[0].type == dtypes.INT8:
        _qact.prepare_float_table(node, "elu", (dtypes.INT8,))
    else:
        _unary.prepare(node, "elu", TYPES + (dtypes.INT8,))


def bind(node):
    if _qact.is_quantized_node(node):
        return _qact.bind(node)
    return _unary.bind(node)
