"""EQUAL: a == b with broadcasting, BOOL out; FLOAT32, INT32, INT64; also
BOOL and STRING (bytes compared in numpy).
A comparison with NaN is false."""
from interp import dtypes
from interp.ops import _binary

TYPES = (dtypes.FLOAT32, dtypes.INT32, dtypes.INT64, dtypes.BOOL, dtypes.STRING,)


def prepare(node):
    _binary.prepare_bool(node, "equal", TYPES)


bind = _binary.bind
