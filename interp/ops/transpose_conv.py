"""TRANSPOSE_CONV, float32. Inputs: output_shape int32[4] (a constant or a value known before the
run), filter [out_c, k_h, k_w, in_c], input NHWC [n, h, w, in_c], bias [out_c] (optional 4th input).

Each input pixel scatters x[n, ih, iw, :] · filter[:, kh, kw, :]ᵀ to output pixel
(ih * stride_h - pad_top + kh, iw * stride_w - pad_left + kw). The padding is the one a CONV_2D
from the output's size would use (FORMAT.md §8 with the output as that conv's input). Then bias and
the fused activation (TransposeConvOptions.fused_activation_function, newer schema). Computed as a
GEMM against the packed filter, then a scatter-add (interp_f32_transpose_conv; a computed filter
is packed on each run). INT8 (filter int8 symmetric per channel along axis 0 or per tensor, bias
int32): LiteRT's integer scheme, an int32 scatter-accumulate of (x - in_zp) * w, then bias and the
per-channel multiplier in_scale * filter_scale / out_scale (interp_i8_transpose_conv).
"""
import functools
from dataclasses import dataclass

import numpy as np

from interp import dtypes
from interp.ops import _conv, _quant
from interp.ops._qconv import check_bias_scales
from interp.ops._activation import clamp_range
from interp.ops._kernels import ffi, lib, params, ptr, unsupported_type


@dataclass(frozen=True)
class Options:
    padding: int = 0
    stride_w: int = 0
    stride_h: int = 0
    fused_activation_function: int = 0


def init(operator):
    return _conv.options(Options, operator)


def _conv_out(padding, out, k, stride):
    """Output size of the forward conv from ``out`` pixels (the transpose conv's input size)."""
    return (out + stride - 1) // stride if padding == _conv.SAME else (out + stride - k) // stride


def _pad(padding, out, k, stride):
    return max((_conv_out(padding, out, k, stride) - 1) * stride + k - out, 0) // 2


def prepare(node):
    node.expect_io((3, 4), 1)
    shape_t, w, x = node.inputs[:3]
    bias = node.inputs[3] if len(node.inputs) > 3 else None
    y = node.outputs[0]
    if shape_t.type != dtypes.INT32:
        raise unsupported_type(node, shape_t, (dtypes.INT32,), role="output_shape",
                               quantized_later=False)
    quantized = x.type == dtypes.INT8
    if quantized:
        for role, t, want in (("filter", w, dtypes.INT8), ("bias", bias, dtypes.INT32),
                              ("output", y, dtypes.INT8)):
            if t is not None and t.type != want:
                raise unsupported_type(node, t, (want,), role=role, quantized_later=False)
    else:
        _conv.check_f32(node, ("input", x), ("filter", w), ("bias", bias), ("output", y))
    o = node.options
    padding = _conv.padding_code(node, o.padding)
    sh = _conv.stride_dilation(node, "stride_h", o.stride_h)
    sw = _conv.stride_dilation(node, "stride_w", o.stride_w)
    n, h, wd, c = _conv.rank4(node, "input", x)
    oc, kh, kw, ic = _conv.rank4(node, "filter", w)
    if ic != c:
        raise node.error(f"filter {w.describe()} has {ic} input channels but input {x.describe()} "
                         f"has {c}")
    shape = [int(v) for v in np.asarray(node.value(0)).reshape(-1)]
    if len(shape) != 4:
        raise node.error(f"output_shape {shape_t.describe()} must hold 4 values, got {shape}")
    if shape[0] != n or shape[3] != oc or shape[1] < 0 or shape[2] < 0:
        raise node.error(f"output_shape {shape} must be [{n}, height, width, {oc}] (input batch "
                         f"{n}, filter {list(w.shape)})")
    _conv.check_bias(node, bias, oc, "output channel")
    out_h, out_w = shape[1], shape[2]
    for what, out, k, stride, size in (("height", out_h, kh, sh, h), ("width", out_w, kw, sw, wd)):
        back = _conv_out(padding, out, k, stride)
        if back != size:  # LiteRT refuses these too
            raise node.error(f"output_shape {shape}: a conv from output {what} {out} (filter {k}, "
                             f"stride {stride}) gives {back}, but the input {what} is {size}")
    y.shape = tuple(shape)
    if quantized:
        _prepare_int8(node, x, w, bias, y, n, h, wd, c, oc, kh, kw, sh, sw, padding)
        return
    lo, hi = clamp_range(o.fused_activation_function, dtypes.FLOAT32)
    taps_n = kh * kw * oc

    def make():  # b[i, (kh*k_w + kw)*out_c + o] = filter[o, kh, kw, i]
        wt = np.ascontiguousarray(np.asarray(w.data).transpose(3, 1, 2, 0)).reshape(ic, taps_n)
        return _conv.pack_b(wt, ic, taps_n, taps_n, 1)

    rows = min(_conv.chunk_rows(taps_n), max(n * h * wd, 1))
    state, scratch = {}, rows * taps_n
    if w.is_const:
        state = {"packed": _conv.cached_pack(node, w.data, make), "packed_source": w.data}
    else:
        scratch += _conv.packed_floats(ic, taps_n)
    node.request_scratch(4 * scratch)
    node.state = state
    state.update({"p": params("interp_transpose_conv_params", batch=n, in_h=h, in_w=wd, in_c=c,
                              out_h=out_h, out_w=out_w, out_c=oc, k_h=kh, k_w=kw, stride_h=sh,
                              stride_w=sw, pad_top=_pad(padding, out_h, kh, sh),
                              pad_left=_pad(padding, out_w, kw, sw), rows_per_chunk=rows,
                              lo=lo, hi=hi)})


def _prepare_int8(node, x, w, bias, y, n, h, wd, c, oc, kh, kw, sh, sw, padding):
    in_scale, in_zp = _quant.params(node, x, "input")
    out_scale, out_zp = _quant.params(node, y, "output")
    scales = _quant.channel_scales(node, w, "filter", 0, oc)
    check_bias_scales(node, bias, in_scale, scales)
    reals = [float(np.float32(in_scale)) * float(np.float32(s)) / float(np.float32(out_scale))
             for s in scales]
    mult, shift = _quant.multipliers(reals)
    lo, hi = _quant.activation_range(node.options.fused_activation_function, out_scale, out_zp,
                                     y.type)
    out_h, out_w = y.shape[1], y.shape[2]
    node.request_scratch(4 * max(y.size, 1))
    node.state = {"int8": True, "mult": mult, "shift": shift,
                  "p": params("interp_qtconv_params", batch=n, in_h=h, in_w=wd, in_c=c,
                              out_h=out_h, out_w=out_w, out_c=oc, k_h=kh, k_w=kw, stride_h=sh,
                              stride_w=sw, pad_top=_pad(padding, out_h, kh, sh),
                              pad_left=_pad(padding, out_w, kw, sw), in_zp=in_zp, out_zp=out_zp,
                              lo=lo, hi=hi)}


def bind(node):
    x = node.inputs[2]
    st = node.state
    if st.get("int8"):
        i32 = functools.partial(ffi.from_buffer, "int32_t[]")
        return functools.partial(lib.interp_i8_transpose_conv, ptr(x), ptr(node.inputs[1]),
                                 _conv.bias_ptr(node, 3), ptr(node.outputs[0]),
                                 ffi.cast("int32_t *", _conv.scratch_ptr(node)), i32(st["mult"]),
                                 i32(st["shift"]), st["p"])
    args = (_conv.bias_ptr(node, 3), ptr(node.outputs[0]), _conv.scratch_ptr(node), node.state["p"])
    if "packed" not in node.state:  # a computed filter, packed on each run
        return functools.partial(lib.interp_f32_transpose_conv_repack, ptr(x),
                                 ptr(node.inputs[1]), *args)
    return functools.partial(lib.interp_f32_transpose_conv, ptr(x),
                             ffi.from_buffer("float[]", node.state["packed"]), *args)
