"""RANGE: start, start + delta, ... up to but not including limit (inputs 0-2, scalars of one
type: FLOAT32, INT32 or INT64). The length is ceil(|limit - start| / |delta|); floats accumulate
delta step by step, as LiteRT does (kernels.h)."""
import functools
import math

from interp import dtypes
from interp.ops._kernels import kernel, ptr, unsupported_type
from interp.ops._shape import check_same

TYPES = (dtypes.FLOAT32, dtypes.INT32, dtypes.INT64)


def prepare(node):
    node.expect_io(3, 1)
    start, limit, delta = node.inputs
    y = node.outputs[0]
    if start.type not in TYPES:
        raise unsupported_type(node, start, TYPES, quantized_later=False)
    check_same(node, start, [("limit (input 1)", limit), ("delta (input 2)", delta),
                             ("output 0", y)])
    for i, t in enumerate(node.inputs):
        if t.size != 1:
            raise node.error(f"input {i} {t.describe()} must be a scalar")
    s, lim, d = (node.value(i).reshape(-1)[0] for i in range(3))
    if d == 0:
        raise node.error("delta (input 2) is 0")
    if (s < lim and d < 0) or (s > lim and d > 0):
        raise node.error(f"range from {s} to {lim} never ends with delta {d}")
    if start.type == dtypes.FLOAT32:
        n = math.ceil(abs(float((lim - s) / d)))  # in float32, as LiteRT
    else:
        s, lim, d = int(s), int(lim), int(d)
        n = (abs(lim - s) + abs(d) - 1) // abs(d)
    y.shape = (int(n),)


def bind(node):
    start, _, delta = node.inputs
    y = node.outputs[0]
    return functools.partial(kernel("range", start.type), ptr(start), ptr(delta), ptr(y), y.size)
