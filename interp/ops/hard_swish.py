"""HARD_SWISH: x * relu6(x + 3) / 6, float32."""
from interp import dtypes
from interp.ops import _unary

TYPES = (dtypes.FLOAT32,)


def prepare(node):
    _unary.prepare(node, "hard_swish", TYPES)


bind = _unary.bind
