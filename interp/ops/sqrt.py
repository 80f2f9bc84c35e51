"""SQRT: square root, float32 (SQRT(-0) = -0, SQRT(x < 0) = NaN)."""
from interp import dtypes
from interp.ops import _unary

TYPES = (dtypes.FLOAT32,)


def prepare(node):
    _unary.prepare(node, "sqrt", TYPES)


bind = _unary.bind
