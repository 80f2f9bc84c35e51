"""ELU: x for x >= 0, e^x - 1 below, float32."""
from interp import dtypes
from interp.ops import _unary

TYPES = (dtypes.FLOAT32,)


def prepare(node):
    _unary.prepare(node, "elu", TYPES)


bind = _unary.bind
