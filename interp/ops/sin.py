"""SIN: sine, float32 (sinf)."""
from interp import dtypes
from interp.ops import _unary

TYPES = (dtypes.FLOAT32,)


def prepare(node):
    _unary.prepare(node, "sin", TYPES)


bind = _unary.bind
