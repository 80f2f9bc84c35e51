"""RESIZE_NEAREST_NEIGHBOR (NHWC): each output pixel copies the input pixel LiteRT's map picks
(align_corners rounds, otherwise floor; half_pixel_centers samples at centres). Any type of 1, 2,
4 or 8 bytes (a quantized tensor keeps its scale: the values are copied)."""
import functools

from interp.ops import _resize
from interp.ops._kernels import ffi, params
from interp.ops._shape import check_movable, elem_kernel

Options = _resize.Options
init = _resize.init


def prepare(node):
    check_movable(node, node.inputs[0], strings=False)
    _resize.prepare(node)


def bind(node):
    # The index tables are built here, after the output got its storage (and so passed the size
    # limits): a huge requested size fails there instead of looping here (a fuzz finding).
    x, y = node.inputs[0], node.outputs[0]
    n, h, w, c, oh, ow = _resize.sizes(x, y)
    ys = _resize.nearest(h, oh, node.options)
    xs = _resize.nearest(w, ow, node.options)
    p = params("interp_resize_params", batch=n, in_h=h, in_w=w, out_h=oh, out_w=ow, depth=c)
    fn, ctype = elem_kernel("resize_nearest", x)
    return functools.partial(fn, ffi.from_buffer(ctype, x.data), ffi.from_buffer(ctype, y.data),
                             ffi.from_buffer("int64_t[]", ys), ffi.from_buffer("int64_t[]", xs), p)
