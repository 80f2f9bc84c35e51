"""LOG: natural log, float32 (logf: LOG(0) = -inf, LOG(x < 0) = NaN)."""
from interp import dtypes
from interp.ops import _unary

TYPES = (dtypes.FLOAT32,)


def prepare(node):
    _unary.prepare(node, "log", TYPES)


bind = _unary.bind
