"""GREATER_EQUAL: a >= b with broadcasting, BOOL out; FLOAT32, INT32, INT64.
A comparison with NaN is false."""
from interp import dtypes
from interp.ops import _binary

TYPES = (dtypes.FLOAT32, dtypes.INT32, dtypes.INT64,)


def prepare(node):
    _binary.prepare_bool(node, "greater_equal", TYPES)


bind = _binary.bind
