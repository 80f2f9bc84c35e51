"""EXP: e^x, float32 (expf)."""
from interp import dtypes
from interp.ops import _unary

TYPES = (dtypes.FLOAT32,)


def prepare(node):
    _unary.prepare(node, "exp", TYPES)


bind = _unary.bind
