"""PRELU: x where x >= 0, else x * alpha, with alpha (input 1) broadcast against x; float32."""
from interp import dtypes
from interp.ops import _binary

TYPES = (dtypes.FLOAT32,)


def prepare(node):
    _binary.prepare(node, "prelu", TYPES)


bind = _binary.bind
