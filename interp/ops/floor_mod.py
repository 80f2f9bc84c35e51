"""FLOOR_MOD: a - floor(a / b) * b (the sign of b, Python's rule) with broadcasting; FLOAT32
(x mod 0 is NaN), INT32 and INT64 (a zero anywhere in b fails the op, as LiteRT)."""
from interp import dtypes
from interp.ops import _binary

TYPES = (dtypes.FLOAT32, dtypes.INT32, dtypes.INT64,)


def prepare(node):
    _binary.prepare(node, "floor_mod", TYPES)


bind = _binary.bind
