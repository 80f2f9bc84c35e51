"""COS: cosine, float32 (cosf)."""
from interp import dtypes
from interp.ops import _unary

TYPES = (dtypes.FLOAT32,)


def prepare(node):
    _unary.prepare(node, "cos", TYPES)


bind = _unary.bind
