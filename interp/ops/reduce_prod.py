"""REDUCE_PROD: the product over the given axes (float32, int32, int64); see
interp/ops/_reduce.py."""
from interp.ops import _reduce

init = _reduce.init
bind = _reduce.bind


def prepare(node):
    _reduce.prepare(node, "prod")
