"""RESIZE_BILINEAR (NHWC, FLOAT32): each output pixel blends the four input pixels around LiteRT's
source coordinate (align_corners / half_pixel_centers as in LiteRT). INT8 runs LiteRT's integer scheme: source coordinates in 1/1024 steps, the
four-tap sum rounded half away from zero, on the stored values: like LiteRT, interp does not
requantize when the output's scale or zero point differs from the input's. UINT8 is not supported: LiteRT's optimized uint8 kernel
interpolates in float (not matched yet)."""
import functools

import numpy as np

from interp import dtypes
from interp.ops import _resize
from interp.ops._kernels import check_same_type, ffi, lib, params, ptr, unsupported_type
from interp.ops._shape import int_values

TYPES = (dtypes.FLOAT32, dtypes.INT8)
Options = _resize.Options
init = _resize.init


def prepare(node):
    x = node.inputs[0]
    if x.type not in TYPES:
        raise unsupported_type(node, x, TYPES)
    if node.options.align_corners and node.options.half_pixel_centers:
        raise node.error("align_corners and half_pixel_centers cannot both be true (as in LiteRT)")
    if x.type == dtypes.INT8:
        _prepare_integer(node)
    else:
        _resize.prepare(node)


def _prepare_integer(node):
    """_resize.prepare without its same-quantization check (LiteRT resizes the stored int8 values
    whatever the output's params)."""
    node.expect_io(2, 1)
    x, y = node.inputs[0], node.outputs[0]
    check_same_type(node, x, [("output 0", y)])
    if len(x.shape) != 4:
        raise node.error(f"input {x.describe()} must have rank 4 (NHWC)")
    size = int_values(node, 1, "size", (dtypes.INT32,))
    if len(size) != 2 or min(size) <= 0:
        raise node.error(f"size (input 1) must be two positive values [height, width], got "
                         f"{list(size)}")
    y.shape = (x.shape[0], size[0], size[1], x.shape[3])


def integer_axis(in_size, out_size, o):
    """LiteRT's integer source positions along one axis: (lower, upper, weight of upper in
    1/1024) per output index."""
    if o.align_corners and out_size > 1:
        s10 = ((1 << 10) * (in_size - 1) + (out_size - 1) // 2) // (out_size - 1)
    else:
        s10 = ((1 << 10) * in_size + out_size // 2) // out_size if out_size else 0
    v = np.arange(out_size, dtype=np.int64) * s10
    if o.half_pixel_centers:
        v = v + s10 // 2 - (1 << 9)
    lo = np.maximum(np.trunc(v / 1024).astype(np.int64), 0)  # C division truncates
    hi = np.minimum(np.trunc((v + 1023) / 1024).astype(np.int64), in_size - 1)
    return lo, hi, (v - 1024 * lo).astype(np.int32)


def bind(node):
    if node.inputs[0].type != dtypes.FLOAT32:
        return _bind_integer(node)
    # Tables built after the output got its storage (see resize_nearest_neighbor.bind).
    n, h, w, c, oh, ow = _resize.sizes(node.inputs[0], node.outputs[0])
    y0, y1, fy = _resize.bilinear(h, oh, node.options)
    x0, x1, fx = _resize.bilinear(w, ow, node.options)
    p = params("interp_resize_params", batch=n, in_h=h, in_w=w, out_h=oh, out_w=ow, depth=c)
    i64 = functools.partial(ffi.from_buffer, "int64_t[]")
    f32 = functools.partial(ffi.from_buffer, "float[]")
    return functools.partial(lib.interp_f32_resize_bilinear, ptr(node.inputs[0]),
                             ptr(node.outputs[0]), i64(y0), i64(y1), f32(fy), i64(x0), i64(x1),
                             f32(fx), p)


def _bind_integer(node):
    x, y = node.inputs[0], node.outputs[0]
    n, h, w, c, oh, ow = _resize.sizes(x, y)
    y0, y1, wy = integer_axis(h, oh, node.options)
    x0, x1, wx = integer_axis(w, ow, node.options)
    p = params("interp_resize_params", batch=n, in_h=h, in_w=w, out_h=oh, out_w=ow, depth=c)
    i64 = functools.partial(ffi.from_buffer, "int64_t[]")
    i32 = functools.partial(ffi.from_buffer, "int32_t[]")
    return functools.partial(lib.interp_i8_resize_bilinear, ptr(x), ptr(y), i64(y0), i64(y1), i32(wy), i64(x0), i64(x1),
                             i32(wx), p)
