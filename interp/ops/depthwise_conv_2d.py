"""DEPTHWISE_CONV_2D, float32: NHWC input [n, h, w, in_c], filter [1, k_h, k_w, in_c * m],
bias [in_c * m] or omitted; output channel c reads input channel c // m (FORMAT.md §8).

The multiplier m is out_c / in_c (the options' depth_multiplier is redundant; newer LiteRT kernels
derive it the same way). A direct kernel (interp_f32_depthwise_conv_2d), vectorised along channels
(multipliers > 1 and fewer than 16 channels on an expanded copy in scratch).
Quantized (INT8, UINT8, INT16 x INT8) and hybrid (FLOAT32 input, INT8 per-channel filter) paths:
interp/ops/_qconv.py (kernels.h, section quant_conv).
"""
import functools
from dataclasses import dataclass

from interp import dtypes
from interp.ops import _conv, _qconv
from interp.ops._activation import clamp_range
from interp.ops._kernels import lib, params, ptr


@dataclass(frozen=True)
class Options(_conv.ConvOptions):
    depth_multiplier: int = 0  # redundant: the multiplier is out_c / in_c


def init(operator):
    return _conv.options(Options, operator)


def prepare(node):
    quantized = _qconv.is_quantized_node(node.inputs[0])
    hybrid = len(node.inputs) > 1 and _qconv.is_hybrid_node(*node.inputs[:2])
    x, w, bias, y, padding, (sh, sw), (dh, dw) = _conv.conv_inputs(
        node, float32=not (quantized or hybrid))
    o = node.options
    n, h, wd, c = _conv.rank4(node, "input", x)
    one, kh, kw, oc = _conv.rank4(node, "filter", w)
    if one != 1:
        raise node.error(f"filter {w.describe()} must have shape [1, k_h, k_w, channels]")
    if c == 0 or oc % c:
        raise node.error(f"filter {w.describe()} has {oc} output channels, not a multiple of the "
                         f"input's {c} channels (input {x.describe()})")
    _conv.check_bias(node, bias, oc, "output channel")
    oh = _conv.out_size(node, padding, h, kh, sh, dh, "input height")
    ow = _conv.out_size(node, padding, wd, kw, sw, dw, "input width")
    y.shape = (n, oh, ow, oc)
    geometry = dict(batch=n, in_h=h, in_w=wd, in_c=c, out_h=oh, out_w=ow, out_c=oc, k_h=kh,
                    k_w=kw, stride_h=sh, stride_w=sw, dil_h=dh, dil_w=dw, mult=oc // c,
                    pad_top=_conv.pad_before(oh, h, kh, sh, dh),
                    pad_left=_conv.pad_before(ow, wd, kw, sw, dw))
    if hybrid:  # LiteRT: per-channel filter scales only, the input quantized asymmetrically
        nscales = len(w.quantization.scale) if w.quantization else 0
        if nscales != oc:
            raise node.error(f"filter {w.describe()}: hybrid DEPTHWISE_CONV_2D needs {oc} scales "
                             f"(per channel along dimension 3); got {nscales}")
        _qconv.prepare_hybrid(node, x, w, bias, y, 3, oc, lambda f: f.reshape(kh, kw, oc),
                              geometry, depthwise=True, asymmetric=True)
        return
    if quantized:
        _qconv.prepare(node, x, w, bias, y, 3, oc, lambda f: f.reshape(kh, kw, oc), geometry,
                       float_product=x.type == dtypes.UINT8)
        return
    lo, hi = clamp_range(o.fused_activation_function, dtypes.FLOAT32)
    if oc // c == 1 and oc >= 16:
        node.request_scratch(4 * wd * oc)
    else:  # the expanded copy (kernels.h)
        cp = -(-oc // 16) * 16
        node.request_scratch(4 * cp * (wd + h * wd + kh * kw + 1 + (oh * ow if cp > oc else 0)))
    node.state = {}
    node.state["p"] = params("interp_depthwise_params", batch=n, in_h=h, in_w=wd, in_c=c, out_h=oh,
                        out_w=ow, out_c=oc, mult=oc // c, k_h=kh, k_w=kw, stride_h=sh,
                        stride_w=sw, dil_h=dh, dil_w=dw,
                        pad_top=_conv.pad_before(oh, h, kh, sh, dh),
                        pad_left=_conv.pad_before(ow, wd, kw, sw, dw), lo=lo, hi=hi)


def bind(node):
    if "q" in node.state:
        return _qconv.bind(node, "qdepthwise_conv_2d")
    if "h" in node.state:
        return _qconv.bind_hybrid(node)
    x, w = node.inputs[:2]
    return functools.partial(lib.interp_f32_depthwise_conv_2d, ptr(x), ptr(w),
                             _conv.bias_ptr(node, 2), ptr(node.outputs[0]),
                             _conv.scratch_ptr(node), node.state["p"])
