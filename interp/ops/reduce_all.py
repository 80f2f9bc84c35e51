"""REDUCE_ALL: logical AND over the given axes (BOOL); see interp/ops/_reduce.py."""
from interp import dtypes
from interp.ops import _reduce

init = _reduce.init
bind = _reduce.bind


def prepare(node):
    _reduce.prepare(node, "all", types=(dtypes.BOOL,))
