"""SUB: a - b with broadcasting and a fused activation; FLOAT32, INT32, INT64 (integers wrap)."""
from interp import dtypes
from interp.ops import _binary

TYPES = (dtypes.FLOAT32, dtypes.INT32, dtypes.INT64)

init = _binary.init


def prepare(node):
    _binary.prepare(node, "sub", TYPES)


bind = _binary.bind
