"""RESIZE_BILINEAR (NHWC, FLOAT32): each output pixel blends the four input pixels around LiteRT's
source coordinate (align_corners / half_pixel_centers as in LiteRT). Quantized variants are a
later issue."""
import functools

from interp import dtypes
from interp.ops import _resize
from interp.ops._kernels import ffi, lib, params, ptr, unsupported_type

Options = _resize.Options
init = _resize.init


def prepare(node):
    x = node.inputs[0]
    if x.type != dtypes.FLOAT32:
        raise unsupported_type(node, x, (dtypes.FLOAT32,))
    if node.options.align_corners and node.options.half_pixel_centers:
        raise node.error("align_corners and half_pixel_centers cannot both be true (as in LiteRT)")
    _resize.prepare(node)


def bind(node):
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
