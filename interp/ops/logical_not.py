"""LOGICAL_NOT: not x, BOOL."""
from interp import dtypes
from interp.ops import _unary

TYPES = (dtypes.BOOL,)


def prepare(node):
    _unary.prepare(node, "logical_not", TYPES)


bind = _unary.bind
