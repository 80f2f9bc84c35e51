"""FULLY_CONNECTED, float32: y = act(x · wᵀ + bias).

Inputs: x, weights [units, depth], bias [units] or omitted (-1). x is read as [numel/depth, depth];
the output is [batch, units], or with ``keep_num_dims`` x's shape with the last dim replaced by
units (FORMAT.md §8). Quantized (INT8, UINT8, INT16 x INT8) and hybrid (FLOAT32 input, INT8
weights, ``asymmetric_quantize_inputs``) paths: interp/ops/_qconv.py (kernels.h, quant_conv).

The product is interp_f32_gemm (kernels.h, section conv): constant weights are packed once in
prepare; computed weights are packed into scratch on each run (interp_f32_gemm_repack).
"""
import functools
from dataclasses import dataclass

from interp import dtypes
from interp.ops._activation import clamp_range
from interp.ops import _qconv, _quant
from interp.ops._conv import bias_ptr, cached_pack, pack_b, packed_floats, scratch_ptr
from interp.ops._kernels import ffi, lib, params, ptr, unsupported_type

F32 = (dtypes.FLOAT32,)


@dataclass(frozen=True)
class Options:
    fused_activation_function: int = 0
    weights_format: int = 0  # 0 DEFAULT, 1 SHUFFLED4x16INT8
    keep_num_dims: bool = False
    asymmetric_quantize_inputs: bool = False


def init(operator):
    o = operator.builtin_options
    return Options(int(o.get("fused_activation_function", 0)), int(o.get("weights_format", 0)),
                   bool(o.get("keep_num_dims", False)),
                   bool(o.get("asymmetric_quantize_inputs", False)))


def prepare(node):
    node.expect_io((2, 3), 1)
    x, w = node.inputs[:2]
    bias = node.inputs[2] if len(node.inputs) > 2 else None
    y = node.outputs[0]
    opts = node.options
    if opts.weights_format != 0:
        raise node.error(f"weights_format {opts.weights_format} (SHUFFLED4x16INT8) is not supported")
    quantized = _qconv.is_quantized_node(x)
    if x.type != dtypes.FLOAT32 and not quantized:
        raise unsupported_type(node, x, F32)
    if quantized:
        units, depth, batch = _shape(node, x, w)
        geometry = dict(batch=batch, in_h=1, in_w=1, in_c=depth, out_h=1, out_w=1, out_c=units,
                        k_h=1, k_w=1, stride_h=1, stride_w=1, dil_h=1, dil_w=1, mult=1,
                        pad_top=0, pad_left=0)
        _qconv.check_bias_count(node, bias, units)
        _qconv.prepare(node, x, w, bias, y, 0, units, lambda f: f.T, geometry,
                       float_product=_quant.is_quantized(w) and len(w.quantization.scale) == 1,
                       gemm_matrix=lambda f: f.T)
        return
    if _qconv.is_hybrid_node(x, w):
        units, depth, batch = _shape(node, x, w)
        _qconv.check_bias_count(node, bias, units)
        geometry = dict(batch=batch, in_h=1, in_w=1, in_c=depth, out_h=1, out_w=1, out_c=units,
                        k_h=1, k_w=1, stride_h=1, stride_w=1, dil_h=1, dil_w=1, mult=1,
                        pad_top=0, pad_left=0)
        _qconv.prepare_hybrid(node, x, w, bias, y, 0, units, lambda f: f.T, geometry,
                              depthwise=False, asymmetric=opts.asymmetric_quantize_inputs,
                              gemm_matrix=lambda f: f.T)
        return
    if w.type != dtypes.FLOAT32:
        raise unsupported_type(node, w, F32, role="weights")
    if bias is not None and bias.type != dtypes.FLOAT32:
        raise unsupported_type(node, bias, F32, role="bias")
    if y.type != dtypes.FLOAT32:
        raise unsupported_type(node, y, F32, role="output")
    units, depth, batch = _shape(node, x, w)
    if bias is not None and bias.size != units:
        raise node.error(f"bias {bias.describe()} must hold {units} values (weights {list(w.shape)})")
    lo, hi = clamp_range(opts.fused_activation_function, dtypes.FLOAT32)
    gemm = params("interp_gemm_params", m=batch, n=units, k=depth, lda=depth, ldc=units,
                  stride_k=1, stride_n=depth, lo=lo, hi=hi)
    state = {"gemm": gemm}
    if w.is_const:
        # b[l, j] = w[j, l]: the weights' rows are the GEMM's columns
        state["packed"] = cached_pack(node, w.data, lambda: pack_b(w.data, depth, units, 1, depth))
        state["packed_source"] = w.data
    else:
        node.request_scratch(4 * packed_floats(depth, units))
    node.state = state


def _shape(node, x, w):
    """(units, depth, batch) of the weights and input; sets the output's shape."""
    if len(w.shape) != 2:
        raise node.error(f"weights {w.describe()} must have rank 2 [units, depth]")
    units, depth = w.shape
    y = node.outputs[0]
    if node.options.keep_num_dims:
        if not x.shape or x.shape[-1] != depth:
            raise node.error(f"with keep_num_dims the input's last dim must be the weights' depth "
                             f"{depth}; got input {list(x.shape)}")
        batch = x.size // depth if depth else 0
        y.shape = x.shape[:-1] + (units,)
    else:
        if depth == 0 or x.size % depth:
            raise node.error(f"input {list(x.shape)} ({x.size} values) does not split into rows of "
                             f"the weights' depth {depth} (weights {list(w.shape)})")
        batch = x.size // depth
        y.shape = (batch, units)
    return units, depth, batch


def bind(node):
    if isinstance(node.state, dict) and "q" in node.state:
        return _qconv.bind(node, "qconv_2d")
    if isinstance(node.state, dict) and "h" in node.state:
        return _qconv.bind_hybrid(node)
    x, w = node.inputs[:2]
    b, y = bias_ptr(node, 2), ptr(node.outputs[0])
    gemm = node.state["gemm"]
    if "packed" in node.state:
        return functools.partial(lib.interp_f32_gemm, ptr(x),
                                 ffi.from_buffer("float[]", node.state["packed"]), b, y, gemm)
    return functools.partial(lib.interp_f32_gemm_repack, ptr(x), ptr(w), scratch_ptr(node), b, y,
                             gemm)
