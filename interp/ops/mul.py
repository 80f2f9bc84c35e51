"""MUL: a * b with broadcasting and a fused activation; FLOAT32, INT32, INT64 (integers wrap);
quantized INT8, UINT8, INT16 (interp/ops/_qbinary.py)."""
from interp import dtypes
from interp.ops import _binary, _qbinary

TYPES = (dtypes.FLOAT32, dtypes.INT32, dtypes.INT64)

init = _binary.init


def prepare(node):
    if node.inputs and node.inputs[0] is not None and node.inputs[0].type in _qbinary.TYPES:
        _qbinary.prepare_mul(node)
    else:
        _binary.prepare(node, "mul", TYPES + _qbinary.TYPES)


bind = _binary.bind
