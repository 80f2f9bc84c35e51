"""MAXIMUM: elementwise max(a, b) with broadcasting; FLOAT32, INT32, INT64. a NaN in b wins,
a NaN in a loses (LiteRT's reference kernel: b unless a is strictly greater)."""
from interp import dtypes
from interp.ops import _binary

TYPES = (dtypes.FLOAT32, dtypes.INT32, dtypes.INT64,)


def prepare(node):
    _binary.prepare(node, "maximum", TYPES)


bind = _binary.bind
