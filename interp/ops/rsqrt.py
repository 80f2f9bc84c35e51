"""RSQRT: 1 / sqrt(x), float32 (RSQRT(0) = inf, RSQRT(-0) = -inf, x < 0 gives NaN)."""
from interp import dtypes
from interp.ops import _unary

TYPES = (dtypes.FLOAT32,)


def prepare(node):
    _unary.prepare(node, "rsqrt", TYPES)


bind = _unary.bind
