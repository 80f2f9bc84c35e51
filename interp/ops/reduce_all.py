"""REDUCE_ALL: are all values True over the given axes (BOOL); see interp/ops/_logical_reduce.py."""
from interp.ops import _logical_reduce

init = _logical_reduce.init
bind = _logical_reduce.bind


def prepare(node):
    _logical_reduce.prepare(node, "all")
