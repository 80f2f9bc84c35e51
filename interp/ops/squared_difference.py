"""SQUARED_DIFFERENCE: (a - b)^2 with broadcasting; FLOAT32, INT32 (wraps)."""
from interp import dtypes
from interp.ops import _binary

TYPES = (dtypes.FLOAT32, dtypes.INT32,)


def prepare(node):
    _binary.prepare(node, "squared_difference", TYPES)


bind = _binary.bind
