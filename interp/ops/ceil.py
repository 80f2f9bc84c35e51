"""CEIL: round toward +inf, float32."""
from interp import dtypes
from interp.ops import _unary

TYPES = (dtypes.FLOAT32,)


def prepare(node):
    _unary.prepare(node, "ceil", TYPES)


bind = _unary.bind
