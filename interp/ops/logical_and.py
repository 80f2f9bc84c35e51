"""LOGICAL_AND: a and b with broadcasting; BOOL in and out."""
from interp import dtypes
from interp.ops import _binary

TYPES = (dtypes.BOOL,)


def prepare(node):
    _binary.prepare_bool(node, "logical_and", TYPES)


bind = _binary.bind
