"""Quantized and hybrid paths of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED (kernels.h, section
quant_conv), shared by the three op modules.

Full-integer (LiteRT's arithmetic, FORMAT.md §8): INT8 activations with INT8 symmetric filters per
tensor or per channel (conv and FULLY_CONNECTED along dimension 0, depthwise along 3); UINT8 with
UINT8 filters per tensor (any filter zero point: LiteRT's legacy path with input, filter and output
offsets); INT16 activations (zero points 0) with INT8 filters (16x8) and INT64 or INT32 bias.
The effective multipliers are LiteRT's: per channel in double from the float32 scales
(input_scale * filter_scale[c] / output_scale); the legacy per-tensor UINT8 paths and per-tensor
FULLY_CONNECTED form input_scale * filter_scale as a float32 product first. Requantization as
LiteRT's built-in kernels (BUILTIN_WITHOUT_DEFAULT_DELEGATES), see ROUNDING: INT8/UINT8 conv and
FULLY_CONNECTED and INT8 depthwise round the final shift halves up after the doubling high
multiply; UINT8 depthwise and INT16 conv/depthwise use the double rounding of FORMAT.md §8
(int64 accumulators: LiteRT's Q15-multiplier variant); INT16 FULLY_CONNECTED one rounding. INT8
depthwise rounds the channels past the last multiple of 8 the reference way, as LiteRT's kernel
does (round_split).

Kernels: INT8 CONV_2D and FULLY_CONNECTED go through a packed-weight GEMM (interp_i8_qconv_gemm,
AVX-512 VNNI where built), INT8 depthwise with multiplier 1 through interp_i8_qdepthwise_m1, the
rest through the portable direct kernels (interp_<t>_qconv_2d, interp_<t>_qdepthwise_conv_2d).

Hybrid (FLOAT32 input and output, INT8 filter; LiteRT's EvalHybrid paths): each image (each row
for FULLY_CONNECTED) is quantized at run time, symmetric or asymmetric as LiteRT chooses (conv:
asymmetric when the per-channel scales differ; depthwise: per-channel scales only, asymmetric;
FULLY_CONNECTED: its asymmetric_quantize_inputs option), then integer sums rescaled by
input_scale * filter_scale[c], plus bias, clamped. Matches LiteRT within ~1e-6 relative.
"""
import numpy as np

from interp import dtypes
from interp.ops import _quant
from interp.ops._kernels import ffi, lib, params, ptr

I8, U8, I16 = dtypes.INT8, dtypes.UINT8, dtypes.INT16
# activation type -> (filter type, kernel prefix)
COMBOS = {I8: (I8, "i8"), U8: (U8, "u8"), I16: (I8, "i16")}


# interp_qconv_params.rounding: 0 reference double rounding, 1 one rounding, 2 double rounding with
# the last shift rounding halves up. Chosen to give LiteRT's BUILTIN_WITHOUT_DEFAULT_DELEGATES bits.
ROUNDING = {("CONV_2D", I8): 2, ("CONV_2D", U8): 2, ("CONV_2D", I16): 0,
            ("DEPTHWISE_CONV_2D", I8): 2, ("DEPTHWISE_CONV_2D", U8): 0,
            ("DEPTHWISE_CONV_2D", I16): 0,
            ("FULLY_CONNECTED", I8): 2, ("FULLY_CONNECTED", U8): 2, ("FULLY_CONNECTED", I16): 1}


def is_quantized_node(x):
    return x.type in COMBOS


def check_bias_count(node, bias, n):
    if bias is not None and bias.size != n:
        raise node.error(f"bias {bias.describe()} must hold {n} values (one per output channel)")


def check_types(node, x, w, bias, y):
    """The dtype combination of a quantized conv-family node: raises naming the odd tensor."""
    wt, _ = COMBOS[x.type]
    names = dtypes.name
    if y.type != x.type:
        raise node.error(f"output {y.describe()} has type {names(y.type)}; with a {names(x.type)} "
                         f"input {node.op_name} needs a {names(x.type)} output")
    if w.type != wt:
        raise node.error(f"filter {w.describe()} has type {names(w.type)}; with a {names(x.type)} "
                         f"input {node.op_name} needs a {names(wt)} filter")
    if bias is not None:
        allowed = (dtypes.INT64, dtypes.INT32) if x.type == I16 else (dtypes.INT32,)
        if bias.type not in allowed:
            raise node.error(f"bias {bias.describe()} has type {names(bias.type)}; with a "
                             f"{names(x.type)} input {node.op_name} needs "
                             f"{' or '.join(names(t) for t in allowed)}")
    if not w.is_const:
        raise node.error(f"filter {w.describe()}: quantized {node.op_name} needs a constant filter")


def prepare(node, x, w, bias, y, axis, out_c, filter_packed, geometry, float_product,
            rounding=None, gemm_matrix=None):
    """Checks the quantization of a quantized node and leaves what bind needs in ``node.state``.

    ``axis``: the filter's channel dimension; ``filter_packed``: a function of the int16 filter with
    its offset added, giving the packed layout; ``geometry``: the interp_qconv_params fields of the
    shape; ``float_product``: per-tensor multipliers from a float32 input_scale * filter_scale;
    ``rounding``: interp_qconv_params.rounding (kernels.h)."""
    check_types(node, x, w, bias, y)
    in_scale, in_zp = _quant.params(node, x, "input")
    out_scale, out_zp = _quant.params(node, y, "output")
    if x.type == I16:
        for role, t, zp in (("input", x, in_zp), ("output", y, out_zp)):
            if zp != 0:
                raise node.error(f"{role} {t.describe()} is INT16 with zero point {zp}; "
                                 f"{node.op_name} needs zero point 0 for INT16")
    if x.type == U8:
        w_scale, w_zp = _quant.params(node, w, "filter")
        scales = np.full(out_c, w_scale)
        w_offset = -w_zp
    else:
        scales = _quant.channel_scales(node, w, "filter", axis, out_c)
        w_offset = 0
    per_tensor = len(w.quantization.scale) == 1
    in32 = np.float32(in_scale)
    if per_tensor and float_product:
        reals = [float(np.float32(in32 * np.float32(s))) / float(np.float32(out_scale))
                 for s in scales]
    else:
        reals = [float(in32) * float(np.float32(s)) / float(np.float32(out_scale)) for s in scales]
    check_bias_scales(node, bias, in_scale, scales)
    mult_q, shift = _quant.multipliers(reals)
    lo, hi = _quant.activation_range(node.options.fused_activation_function, out_scale, out_zp,
                                     y.type)
    state = node.state if isinstance(node.state, dict) else {}
    key = (id(w.data), w_offset)
    if state.get("qpacked_key") != key:
        wide = np.asarray(w.data).astype(np.int16) + np.int16(w_offset)
        state["qpacked"] = np.ascontiguousarray(filter_packed(wide), dtype=np.int16)
        state["qpacked_key"] = key
        state["qpacked_source"] = w.data
    state["mult_q"], state["shift"] = mult_q, shift
    if x.type == I16 and bias is not None and bias.type == dtypes.INT32:
        if not bias.is_const:
            raise node.error(f"bias {bias.describe()}: an INT32 bias of a 16x8 {node.op_name} "
                             f"must be constant")
        state["bias64"] = np.asarray(bias.data, dtype=np.int64)
    else:
        state.pop("bias64", None)
    p = params("interp_qconv_params", **geometry, in_offset=-in_zp, out_offset=out_zp, lo=lo,
               hi=hi, rounding=ROUNDING[(node.op_name, x.type)] if rounding is None else rounding,
               round_split=(out_c // 8 * 8 if (node.op_name, x.type) == ("DEPTHWISE_CONV_2D", I8)
                            else out_c))
    state["keep"] = (ffi.from_buffer("int32_t[]", mult_q), ffi.from_buffer("int32_t[]", shift))
    p.mult_q, p.shift = state["keep"]
    state["q"] = p
    state["prefix"] = COMBOS[x.type][1]
    state.pop("g", None)
    node.state = state
    node.request_scratch(out_c * (8 if x.type == I16 else 4))
    if gemm_matrix is not None and x.type == I8 and (bias is None or bias.is_const):
        prepare_gemm(node, gemm_matrix(np.asarray(w.data)), bias, geometry, p)


ROWS_PER_CHUNK_BYTES = 32 * 1024


def prepare_gemm(node, b, bias, geometry, q):
    """The INT8 GEMM path (kernels.h, interp_i8_qconv_gemm): b is the filter as [k, n]."""
    state = node.state
    gp = gemm_params(node, b, geometry, q)
    bias_v = np.zeros(b.shape[1], np.int64) if bias is None else np.asarray(bias.data, np.int64)
    state["bias_eff"] = (bias_v + (q.in_offset - 128) * state["colsum"]).astype(np.int32)
    state["g"] = gp


def gemm_params(node, b, geometry, q):
    """Packs b ([k, n], once per filter) into node.state and returns the interp_qgemm_params;
    requests the im2col scratch."""
    state = node.state
    k, n = b.shape
    k4 = -(-k // 4) * 4
    nb = -(-n // 16)
    if state.get("gpacked_source") is not node.inputs[1].data:
        full = np.zeros((k4, nb * 16), np.int8)
        full[:k, :n] = b
        packed = full.reshape(k4 // 4, 4, nb, 16).transpose(2, 0, 3, 1)
        state["gpacked"] = np.ascontiguousarray(packed).reshape(-1)
        state["gpacked_source"] = node.inputs[1].data
        state["colsum"] = b.astype(np.int64).sum(axis=0).astype(np.int32)
    g = geometry
    direct = (g["k_h"] == 1 and g["k_w"] == 1 and g["stride_h"] == 1 and g["stride_w"] == 1
              and g["pad_top"] == 0 and g["pad_left"] == 0 and k % 4 == 0
              and g["out_h"] == g["in_h"] and g["out_w"] == g["in_w"])
    total = g["batch"] * g["out_h"] * g["out_w"]
    rows = max(8, min(ROWS_PER_CHUNK_BYTES // k4, max(total, 1)))
    gp = params("interp_qgemm_params", k4=k4, rows_per_chunk=rows, direct=int(direct))
    gp.g = q[0]
    state["gscratch"] = 0 if direct else rows * k4
    node.request_scratch(state["gscratch"])
    return gp


def check_bias_scales(node, bias, in_scale, scales):
    """Where the bias carries scales: one per channel (or one), each input_scale * filter_scale
    within LiteRT's 1e-6 relative tolerance."""
    if bias is None or not _quant.is_quantized(bias):
        return
    got = np.asarray(bias.quantization.scale, dtype=np.float64)
    if len(got) not in (1, len(scales)):
        raise node.error(f"bias {bias.describe()} has {len(got)} scales; expected 1 or "
                         f"{len(scales)} (one per output channel)")
    want = float(np.float32(in_scale)) * scales.astype(np.float32).astype(np.float64)
    got = np.broadcast_to(got, want.shape)
    bad = np.abs(got - want) > 1e-6 * np.minimum(got, want)
    if bad.any():
        c = int(np.argmax(bad))
        raise node.error(f"bias {bias.describe()} scale {got[c]!r} (channel {c}) must be "
                         f"input_scale * filter_scale = {want[c]!r}")


def bind(node, kind):
    """The bound integer kernel of ``kind`` ("qconv_2d" or "qdepthwise_conv_2d")."""
    import functools
    x, w = node.inputs[:2]
    y = node.outputs[0]
    st = node.state
    if "g" in st:
        scratch = node.scratch
        if scratch is None or scratch.nbytes < node.scratch_bytes:
            scratch = np.zeros(max(node.scratch_bytes, 1), np.uint8)
            st["own_scratch"] = scratch
        return functools.partial(lib.interp_i8_qconv_gemm, ptr(x),
                                 ffi.from_buffer("int8_t[]", st["gpacked"]),
                                 ffi.from_buffer("int32_t[]", st["bias_eff"]), ptr(y),
                                 ffi.from_buffer("int8_t[]", scratch), st["g"])
    fn = getattr(lib, f"interp_{st['prefix']}_{kind}")
    if (kind == "qdepthwise_conv_2d" and st["prefix"] == "i8" and st["q"].mult == 1
            and st["q"].k_h * st["q"].k_w <= lib.INTERP_QDW_MAX_TAPS):
        fn = lib.interp_i8_qdepthwise_m1
    bias = node.inputs[2] if len(node.inputs) > 2 else None
    if "bias64" in st:
        b = ffi.from_buffer("int64_t[]", st["bias64"])
    elif bias is None:
        b = ffi.NULL
    else:
        b = ptr(bias)
    acc_type = "int64_t[]" if st["prefix"] == "i16" else "int32_t[]"
    scratch = node.scratch
    if scratch is None or scratch.nbytes < node.scratch_bytes:
        scratch = np.zeros(node.scratch_bytes, np.uint8)
        st["own_scratch"] = scratch
    return functools.partial(fn, ptr(x), ffi.from_buffer("int16_t[]", st["qpacked"]), b, ptr(y),
                             ffi.from_buffer(acc_type, scratch), st["q"])


# ---------------------------------------------------------------------------------------------
# hybrid (dynamic-range): FLOAT32 input and output, INT8 filter

def is_hybrid_node(x, w):
    return x.type == dtypes.FLOAT32 and w.type in (I8, U8)


def prepare_hybrid(node, x, w, bias, y, axis, out_c, filter_packed, geometry, depthwise,
                   asymmetric, gemm_matrix=None):
    """The hybrid path's checks and params (kernels.h, interp_f32_hybrid_conv_2d)."""
    from interp.ops._activation import clamp_range
    names = dtypes.name
    if w.type != I8:
        raise node.error(f"filter {w.describe()}: hybrid {node.op_name} (FLOAT32 input) needs an "
                         f"INT8 filter, got {names(w.type)}")
    if not w.is_const:
        raise node.error(f"filter {w.describe()}: hybrid {node.op_name} needs a constant filter")
    for role, t in (("bias", bias), ("output", y)):
        if t is not None and t.type != dtypes.FLOAT32:
            raise node.error(f"{role} {t.describe()} has type {names(t.type)}; hybrid "
                             f"{node.op_name} (FLOAT32 input, INT8 filter) needs FLOAT32")
    scales = _quant.channel_scales(node, w, "filter", axis, out_c).astype(np.float32)
    state = node.state if isinstance(node.state, dict) else {}
    if state.get("hpacked_source") is not w.data:
        state["hpacked"] = np.ascontiguousarray(filter_packed(np.asarray(w.data)), dtype=np.int8)
        state["hpacked_source"] = w.data
    state["filter_scale"] = scales
    lo, hi = clamp_range(node.options.fused_activation_function, dtypes.FLOAT32)
    g = dict(geometry, in_offset=0, out_offset=0, lo=0, hi=0, rounding=0)
    p = params("interp_hybrid_params", depthwise=int(depthwise), asymmetric=int(asymmetric),
               lo=lo, hi=hi)
    for k, v in g.items():
        setattr(p.g, k, v)
    state["hkeep"] = ffi.from_buffer("float[]", scales)
    p.filter_scale = state["hkeep"]
    state["h"] = p
    node.state = state
    batch, img = geometry["batch"], geometry["in_h"] * geometry["in_w"] * geometry["in_c"]
    node.request_scratch(4 * out_c + 8 * batch + batch * img)
    state.pop("hg", None)
    if gemm_matrix is not None:
        gp = gemm_params(node, gemm_matrix(np.asarray(w.data)), geometry, ffi.addressof(p, "g"))
        state["hg"] = gp
        node.request_scratch(-(-img // 64) * 64 + state["gscratch"])


def bind_hybrid(node):
    import functools
    x = node.inputs[0]
    st = node.state
    bias = node.inputs[2] if len(node.inputs) > 2 else None
    scratch = node.scratch
    if scratch is None or scratch.nbytes < node.scratch_bytes:
        scratch = np.zeros(node.scratch_bytes, np.uint8)
        st["own_scratch"] = scratch
    if "hg" in st:
        return functools.partial(lib.interp_f32_hybrid_conv_gemm, ptr(x),
                                 ffi.from_buffer("int8_t[]", st["gpacked"]),
                                 ffi.from_buffer("int32_t[]", st["colsum"]),
                                 ffi.NULL if bias is None else ptr(bias), ptr(node.outputs[0]),
                                 ffi.from_buffer("int8_t[]", scratch), st["h"], st["hg"])
    fn = lib.interp_f32_hybrid_conv_2d
    h = st["h"]
    if h.depthwise and h.g.mult == 1 and h.g.k_h * h.g.k_w <= lib.INTERP_QDW_MAX_TAPS:
        fn = lib.interp_f32_hybrid_depthwise_m1
    return functools.partial(fn, ptr(x),
                             ffi.from_buffer("int8_t[]", st["hpacked"]),
                             ffi.NULL if bias is None else ptr(bias), ptr(node.outputs[0]),
                             ffi.from_buffer("int8_t[]", scratch), st["h"])
