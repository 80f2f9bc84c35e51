"""REDUCE_MAX: the maximum over the given axes (float32, int32, int64; NaN wins; int8 / uint8
with the same scale and zero point in and out); see
interp/ops/_reduce.py."""
from interp import dtypes
from interp.ops import _qextra, _reduce

TYPES = _reduce.TYPES + (dtypes.INT8, dtypes.UINT8)

init = _reduce.init
bind = _reduce.bind


def prepare(node):
    _reduce.prepare(node, "max", types=TYPES)
    _qextra.check_same_params(node, node.inputs[0], [("output 0", node.outputs[0])])
