"""AVERAGE_POOL_2D and MAX_POOL_2D, float32 (one shared body): NHWC, a filter_height x
filter_width window with strides and SAME/VALID padding (FORMAT.md §8), then the fused
activation. Average divides by the number of in-image taps. Quantized INT8, UINT8, INT16:
interp/ops/_qpool.py."""
import functools
from dataclasses import dataclass

from interp import dtypes
from interp.ops import _conv
from interp.ops._activation import clamp_range
from interp.ops._kernels import params, ptr


@dataclass(frozen=True)
class Options:
    padding: int = 0
    stride_w: int = 0
    stride_h: int = 0
    filter_width: int = 0
    filter_height: int = 0
    fused_activation_function: int = 0


def init(operator):
    return _conv.options(Options, operator)


def prepare(node):
    node.expect_io(1, 1)
    x, y = node.inputs[0], node.outputs[0]
    _conv.check_f32(node, ("input", x), ("output", y))
    lo, hi = clamp_range(node.options.fused_activation_function, dtypes.FLOAT32)
    node.state = geometry(node, lo=lo, hi=hi)


def geometry(node, **fields):
    """Set the output shape and return the ``interp_pool_params`` of the window (plus
    ``fields``); the quantized pools (interp/ops/_qpool.py) share it."""
    x, y = node.inputs[0], node.outputs[0]
    o = node.options
    padding = _conv.padding_code(node, o.padding)
    sh = _conv.stride_dilation(node, "stride_h", o.stride_h)
    sw = _conv.stride_dilation(node, "stride_w", o.stride_w)
    fh = _conv.stride_dilation(node, "filter_height", o.filter_height)
    fw = _conv.stride_dilation(node, "filter_width", o.filter_width)
    n, h, w, c = _conv.rank4(node, "input", x)
    oh = _conv.out_size(node, padding, h, fh, sh, 1, "input height")
    ow = _conv.out_size(node, padding, w, fw, sw, 1, "input width")
    y.shape = (n, oh, ow, c)
    return params("interp_pool_params", batch=n, in_h=h, in_w=w, c=c, out_h=oh, out_w=ow,
                  f_h=fh, f_w=fw, stride_h=sh, stride_w=sw,
                  pad_top=_conv.pad_before(oh, h, fh, sh, 1),
                  pad_left=_conv.pad_before(ow, w, fw, sw, 1), **fields)


def bind(node, fn):
    return functools.partial(fn, ptr(node.inputs[0]), ptr(node.outputs[0]), node.state)
