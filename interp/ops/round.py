"""ROUND: round half to even (banker's rounding), float32, as LiteRT: 2.5 -> 2, -2.5 -> -2,
and -0.5 -> +0."""
from interp import dtypes
from interp.ops import _unary

TYPES = (dtypes.FLOAT32,)


def prepare(node):
    _unary.prepare(node, "round", TYPES)


bind = _unary.bind
