"""NEG: -x, float32, INT32 and INT64 (the most negative integer stays itself)."""
from interp import dtypes
from interp.ops import _unary

TYPES = (dtypes.FLOAT32, dtypes.INT32, dtypes.INT64,)


def prepare(node):
    _unary.prepare(node, "neg", TYPES)


bind = _unary.bind
