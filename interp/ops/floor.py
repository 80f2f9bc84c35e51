"""FLOOR: round toward -inf, float32."""
from interp import dtypes
from interp.ops import _unary

TYPES = (dtypes.FLOAT32,)


def prepare(node):
    _unary.prepare(node, "floor", TYPES)


bind = _unary.bind
