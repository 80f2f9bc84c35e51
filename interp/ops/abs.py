"""ABS: |x|, float32 and INT32 (INT32_MIN stays INT32_MIN, as in LiteRT)."""
from interp import dtypes
from interp.ops import _unary

TYPES = (dtypes.FLOAT32, dtypes.INT32,)


def prepare(node):
    _unary.prepare(node, "abs", TYPES)


bind = _unary.bind
