"""POW: a^b with broadcasting; FLOAT32 (powf) and INT32 (a negative exponent anywhere in b fails
the op, as in LiteRT; results outside int32 give INT32_MIN, as LiteRT on x86)."""
from interp import dtypes
from interp.ops import _binary

TYPES = (dtypes.FLOAT32, dtypes.INT32,)


def prepare(node):
    _binary.prepare(node, "pow", TYPES)


bind = _binary.bind
