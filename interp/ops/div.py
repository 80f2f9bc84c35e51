"""DIV: a / b with broadcasting and a fused activation; FLOAT32 (IEEE: x/0 is inf or nan) and
INT32 (truncates toward zero; a zero anywhere in b fails the op, as in LiteRT)."""
from interp import dtypes
from interp.ops import _binary

TYPES = (dtypes.FLOAT32, dtypes.INT32)

init = _binary.init


def prepare(node):
    _binary.prepare(node, "div", TYPES)


bind = _binary.bind
