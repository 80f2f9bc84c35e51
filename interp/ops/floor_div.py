"""FLOOR_DIV: floor(a / b) with broadcasting; FLOAT32 and INT32. A zero anywhere in b fails the
op, for floats too (as LiteRT)."""
from interp import dtypes
from interp.ops import _binary

TYPES = (dtypes.FLOAT32, dtypes.INT32,)


def prepare(node):
    _binary.prepare(node, "floor_div", TYPES)


bind = _binary.bind
