"""SELECT_V2: cond ? x : y with numpy broadcasting of all three; cond BOOL, x and y FLOAT32,
INT32, INT64, BOOL, UINT8, INT8 or INT16 (element copies, so no quantized arithmetic)."""
from interp.ops import _select


def prepare(node):
    _select.prepare(node)


bind = _select.bind
