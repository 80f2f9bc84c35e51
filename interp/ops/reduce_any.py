"""REDUCE_ANY: logical OR over the given axes (BOOL); see interp/ops/_reduce.py."""
from interp import dtypes
from interp.ops import _reduce

init = _reduce.init
bind = _reduce.bind


def prepare(node):
    _reduce.prepare(node, "any", types=(dtypes.BOOL,))
