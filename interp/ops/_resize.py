"""RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR: options, checks and LiteRT's coordinate maps.

The maps are computed in float32 in prepare, exactly as LiteRT's reference kernels do, and handed
to C as tables (one entry per output row and per output column)."""
import math
from dataclasses import dataclass

import numpy as np

from interp import dtypes
from interp.ops._shape import check_same, int_values

F32 = np.float32


@dataclass(frozen=True)
class Options:
    align_corners: bool = False
    half_pixel_centers: bool = False


def init(operator):
    o = operator.builtin_options
    return Options(bool(o.get("align_corners", False)), bool(o.get("half_pixel_centers", False)))


def prepare(node):
    """Check the input (4-D NHWC) and ``size`` (input 1, INT32 [2]); set the output shape."""
    node.expect_io(2, 1)
    x, y = node.inputs[0], node.outputs[0]
    check_same(node, x, [("output 0", y)])
    if len(x.shape) != 4:
        raise node.error(f"input {x.describe()} must have rank 4 (NHWC)")
    size = int_values(node, 1, "size", (dtypes.INT32,))
    if len(size) != 2 or min(size) <= 0:
        raise node.error(f"size (input 1) must be two positive values [height, width], got "
                         f"{list(size)}")
    n, _, _, c = x.shape
    y.shape = (n, size[0], size[1], c)
    return x, y


def sizes(x, y):
    """``(n, h, w, c, out_h, out_w)`` for the kernel; an empty output runs no rows (out_h = out_w
    = 0), so its index tables stay empty however large the requested size."""
    n, h, w, c = x.shape
    _, oh, ow, _ = y.shape
    if 0 in y.shape:
        oh = ow = 0
    return n, h, w, c, oh, ow


def scale(in_size, out_size, align_corners):
    if out_size == 0:
        return F32(0)  # no output positions: no table entries use it
    if align_corners and out_size > 1:
        return F32(in_size - 1) / F32(out_size - 1)
    return F32(in_size) / F32(out_size)


def nearest(in_size, out_size, o):
    """Source index of each output position."""
    s = scale(in_size, out_size, o.align_corners)
    offset = F32(0.5) if o.half_pixel_centers else F32(0)
    out = np.empty(out_size, np.int64)
    for i in range(out_size):
        v = (F32(i) + offset) * s
        k = _round_half_away(v) if o.align_corners else math.floor(v)
        k = min(k, in_size - 1)
        out[i] = max(k, 0) if o.half_pixel_centers else k
    return out


def bilinear(in_size, out_size, o):
    """(lower, upper, fraction) tables of each output position."""
    s = scale(in_size, out_size, o.align_corners)
    lo = np.empty(out_size, np.int64)
    hi = np.empty(out_size, np.int64)
    frac = np.empty(out_size, np.float32)
    for i in range(out_size):
        v = (F32(i) + F32(0.5)) * s - F32(0.5) if o.half_pixel_centers else F32(i) * s
        lo[i] = max(math.floor(v), 0)
        hi[i] = min(math.ceil(v), in_size - 1)
        frac[i] = v - F32(lo[i])
    return lo, hi, frac


def _round_half_away(v):
    return int(math.floor(abs(v) + 0.5)) * (1 if v >= 0 else -1)
