"""SUM: the sum over the given axes (float32, int32, int64; see interp/ops/_reduce.py) and
quantized INT8, UINT8, INT16 (interp/ops/_qreduce.py)."""
from interp.ops import _qreduce, _reduce

init = _reduce.init


def prepare(node):
    if node.inputs and node.inputs[0] is not None and node.inputs[0].type in _qreduce.TYPES:
        _qreduce.prepare(node, mean=False)
        return
    _reduce.prepare(node, "sum")


def bind(node):
    if node.inputs[0].type in _qreduce.TYPES:
        return _qreduce.bind(node)
    return _reduce.bind(node)
