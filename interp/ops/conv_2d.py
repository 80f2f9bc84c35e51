"""CONV_2D, float32: NHWC input, filter [out_c, k_h, k_w, in_c] (OHWI), bias [out_c] or omitted.

Strides, dilations, SAME/VALID padding and the fused activation as in FORMAT.md §8. The filter is
packed once for the GEMM (kernels.h, section conv). A 1x1 stride-1 convolution is the GEMM on the
input itself; anything else is the GEMM over the input's pixels through pointers (or im2col chunks
in scratch for filters of more than 64 taps), interp_f32_conv_2d. A computed filter is packed into
scratch on each run (interp_f32_conv_2d_repack). Grouped convolutions (in_c a multiple of the
filter's) are not supported.

Quantized (INT8 per channel or per tensor, UINT8, INT16 x INT8) and hybrid (FLOAT32 input, INT8
filter) paths: interp/ops/_qconv.py (kernels.h, section quant_conv).
"""
import functools

from interp import dtypes
from interp.ops import _conv, _qconv
from interp.ops._activation import clamp_range
from interp.ops._kernels import ffi, lib, params, ptr

Options = _conv.ConvOptions


def init(operator):
    return _conv.options(Options, operator)


def prepare(node):
    quantized = _qconv.is_quantized_node(node.inputs[0])
    hybrid = len(node.inputs) > 1 and _qconv.is_hybrid_node(*node.inputs[:2])
    x, w, bias, y, padding, (sh, sw), (dh, dw) = _conv.conv_inputs(
        node, float32=not (quantized or hybrid))
    o = node.options
    n, h, wd, c = _conv.rank4(node, "input", x)
    oc, kh, kw, ic = _conv.rank4(node, "filter", w)
    if ic != c:
        raise node.error(f"filter {w.describe()} has {ic} input channels but input {x.describe()} "
                         f"has {c} (grouped convolution is not supported)")
    _conv.check_bias(node, bias, oc, "output channel")
    oh = _conv.out_size(node, padding, h, kh, sh, dh, "input height")
    ow = _conv.out_size(node, padding, wd, kw, sw, dw, "input width")
    y.shape = (n, oh, ow, oc)
    geometry = dict(batch=n, in_h=h, in_w=wd, in_c=c, out_h=oh, out_w=ow, out_c=oc, k_h=kh,
                    k_w=kw, stride_h=sh, stride_w=sw, dil_h=dh, dil_w=dw, mult=1,
                    pad_top=_conv.pad_before(oh, h, kh, sh, dh),
                    pad_left=_conv.pad_before(ow, wd, kw, sw, dw))
    if hybrid:  # LiteRT: per-channel scales (not all equal) quantize the input asymmetrically
        scales = w.quantization.scale if w.quantization else ()
        _qconv.prepare_hybrid(node, x, w, bias, y, 0, oc, lambda f: f.transpose(1, 2, 3, 0),
                              geometry, depthwise=False, asymmetric=len(set(scales)) > 1,
                              gemm_matrix=lambda f: f.reshape(oc, -1).T)
        return
    if quantized:
        _qconv.prepare(node, x, w, bias, y, 0, oc, lambda f: f.transpose(1, 2, 3, 0), geometry,
                       float_product=x.type == dtypes.UINT8,
                       gemm_matrix=lambda f: f.reshape(oc, -1).T)
        return
    lo, hi = clamp_range(o.fused_activation_function, dtypes.FLOAT32)
    k = kh * kw * ic
    state = {}
    if w.is_const:
        state["packed"] = _conv.cached_pack(node, w.data, lambda: _conv.pack_b(w.data, k, oc, 1, k))
        state["packed_source"] = w.data
    pointwise = kh == 1 and kw == 1 and sh == 1 and sw == 1
    pt = _conv.pad_before(oh, h, kh, sh, dh)
    pl = _conv.pad_before(ow, wd, kw, sw, dw)
    rows = min(_conv.chunk_rows(k), max(n * oh * ow, 1))
    state["conv"] = params("interp_conv_params", batch=n, in_h=h, in_w=wd, in_c=c, out_h=oh,
                           out_w=ow, out_c=oc, k_h=kh, k_w=kw, stride_h=sh, stride_w=sw,
                           dil_h=dh, dil_w=dw, pad_top=pt, pad_left=pl, rows_per_chunk=rows,
                           lo=lo, hi=hi)
    if pointwise and w.is_const:  # no padding or dilation can matter: y = x @ filterᵀ
        state["gemm"] = params("interp_gemm_params", m=n * oh * ow, n=oc, k=k, lda=k, ldc=oc,
                               lo=lo, hi=hi)
    scratch = 0 if pointwise else (c if kh * kw <= lib.INTERP_CONV_INDIRECT_MAX_TAPS else rows * k)
    if not w.is_const:
        scratch += _conv.packed_floats(k, oc)
    node.request_scratch(4 * scratch)
    node.state = state


def bind(node):
    if "q" in node.state:
        return _qconv.bind(node, "qconv_2d")
    if "h" in node.state:
        return _qconv.bind_hybrid(node)
    x, w = node.inputs[:2]
    b, y = _conv.bias_ptr(node, 2), ptr(node.outputs[0])
    state = node.state
    if "packed" not in state:
        return functools.partial(lib.interp_f32_conv_2d_repack, ptr(x), ptr(w), b, y,
                                 _conv.scratch_ptr(node), state["conv"])
    packed = ffi.from_buffer("float[]", state["packed"])
    if "gemm" in state:
        return functools.partial(lib.interp_f32_gemm, ptr(x), packed, b, y, state["gemm"])
    return functools.partial(lib.interp_f32_conv_2d, ptr(x), packed, b, y,
                             _conv.scratch_ptr(node), state["conv"])
