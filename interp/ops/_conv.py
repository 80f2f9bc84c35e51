"""Shared pieces of the conv family (CONV_2D, DEPTHWISE_CONV_2D, TRANSPOSE_CONV, pools,
FULLY_CONNECTED, BATCH_MATMUL): padding geometry (FORMAT.md §8), float32 checks, and the GEMM's
packed weights (kernels.h, section conv).
"""
from dataclasses import dataclass, fields

import numpy as np

from interp import dtypes
from interp.ops._kernels import ffi, lib, params, ptr, unsupported_type

F32 = (dtypes.FLOAT32,)
SAME, VALID = 0, 1
NR = lib.INTERP_GEMM_NR
# im2col / col2im chunks: about this many floats of scratch (near L1-sized), at least 8 rows.
CHUNK_FLOATS = 16 * 1024


@dataclass(frozen=True)
class ConvOptions:
    """Conv2DOptions (schema field names and defaults); DEPTHWISE_CONV_2D adds depth_multiplier."""
    padding: int = 0
    stride_w: int = 0
    stride_h: int = 0
    fused_activation_function: int = 0
    dilation_w_factor: int = 1
    dilation_h_factor: int = 1


def check_f32(node, *tensors):
    """Raise unless every (role, tensor) pair is FLOAT32 (the quantized paths check their own types)."""
    for role, t in tensors:
        if t is not None and t.type != dtypes.FLOAT32:
            raise unsupported_type(node, t, F32, role=role)


def stride_dilation(node, name, value):
    if value < 1:
        raise node.error(f"{name} must be >= 1, got {value}")
    return value


def padding_code(node, padding):
    if padding not in (SAME, VALID):
        raise node.error(f"padding {padding} is not SAME (0) or VALID (1)")
    return padding


def out_size(node, padding, size, k, stride, dilation, what):
    """Output size of a conv or pool along one dim, as LiteRT computes it."""
    eff = (k - 1) * dilation + 1
    if padding == SAME:
        return (size + stride - 1) // stride
    out = (size + stride - eff) // stride
    if out < 0 or (out == 0 and size > 0):
        raise node.error(f"VALID padding: {what} {size} is smaller than the (dilated) filter {eff}")
    return out


def pad_before(out, size, k, stride, dilation):
    """Padding at the top/left: half the total, the odd one at the end (FORMAT.md §8)."""
    total = max((out - 1) * stride + (k - 1) * dilation + 1 - size, 0)
    return total // 2


def rank4(node, role, t):
    if len(t.shape) != 4:
        raise node.error(f"{role} {t.describe()} must have rank 4 (NHWC), got rank {len(t.shape)}")
    return t.shape


def check_bias(node, bias, n, what):
    if bias is not None and bias.size != n:
        raise node.error(f"bias {bias.describe()} must hold {n} values (one per {what})")


def aligned_floats(n):
    """A zeroed float32 array of ``n`` elements whose data is 64-byte aligned."""
    raw = np.zeros(n + 16, np.float32)
    start = (-raw.ctypes.data % 64) // 4
    return raw[start:start + n]


def packed_floats(k, n):
    return -(-n // NR) * NR * k


def pack_b(src, k, n, stride_k, stride_n, out=None):
    """Pack b[l, j] = src.flat[l * stride_k + j * stride_n] (k x n) for interp_f32_gemm."""
    src = np.ascontiguousarray(src, np.float32)
    if out is None:
        out = aligned_floats(packed_floats(k, n))
    if out.size:
        p = params("interp_gemm_pack_params", k=k, n=n, stride_k=stride_k, stride_n=stride_n)
        lib.interp_f32_gemm_pack_b(ffi.from_buffer("float[]", src),
                                   ffi.from_buffer("float[]", out), p)
    return out


def cached_pack(node, source, make):
    """The packed form of constant ``source`` (a numpy array): ``make()``, or the array packed by
    an earlier prepare of this node from the same source (prepare runs again on input resizes).
    The op keeps it in its state dict under "packed" with "packed_source"."""
    state = node.state
    if isinstance(state, dict) and state.get("packed_source") is source:
        return state["packed"]
    return make()


def chunk_rows(k):
    """Rows of a patch matrix of width ``k`` per chunk: a multiple of 8 near CHUNK_FLOATS."""
    rows = max(8, CHUNK_FLOATS // max(k, 1))
    return rows - rows % 8


def scratch_ptr(node):
    """``float *`` to the node's scratch (bind). The executor provides ``node.scratch`` from its
    arena; where it has not (an executor without scratch support), bind makes a private buffer
    once, kept with the node's state, so the invoke path still allocates nothing."""
    buf = node.scratch
    if buf is None or buf.nbytes < node.scratch_bytes:
        if not node.scratch_bytes:
            return ffi.NULL
        buf = aligned_floats(-(-node.scratch_bytes // 4))
        if isinstance(node.state, dict):
            node.state["own_scratch"] = buf
    return ffi.from_buffer("float[]", buf)


def conv_inputs(node, float32=True):
    """The common head of CONV_2D and DEPTHWISE_CONV_2D prepare: (input, filter, bias or None,
    output, padding, (stride_h, stride_w), (dilation_h, dilation_w)), all checked (the types too
    with ``float32``; the quantized paths check theirs in _qconv)."""
    node.expect_io((2, 3), 1)
    x, w = node.inputs[:2]
    bias = node.inputs[2] if len(node.inputs) > 2 else None
    y = node.outputs[0]
    if float32:
        check_f32(node, ("input", x), ("filter", w), ("bias", bias), ("output", y))
    o = node.options
    strides = (stride_dilation(node, "stride_h", o.stride_h),
               stride_dilation(node, "stride_w", o.stride_w))
    dilations = (stride_dilation(node, "dilation_h_factor", o.dilation_h_factor),
                 stride_dilation(node, "dilation_w_factor", o.dilation_w_factor))
    return x, w, bias, y, padding_code(node, o.padding), strides, dilations


def bias_ptr(node, index):
    """Pointer to optional input ``index`` (a bias), or NULL when omitted."""
    t = node.inputs[index] if len(node.inputs) > index else None
    return ffi.NULL if t is None else ptr(t)


def options(cls, operator):
    """``cls`` (a frozen dataclass named after the schema's options fields, defaults = the schema's)
    filled from the operator's builtin options, each field cast to its default's type."""
    o = operator.builtin_options
    return cls(**{f.name: type(f.default)(o.get(f.name, f.default)) for f in fields(cls)})
