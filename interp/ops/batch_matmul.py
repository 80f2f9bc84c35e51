"""BATCH_MATMUL: out[..., m, n] = x[..., m, k] @ y[..., k, n], ranks 2 to 5, the batch dims
broadcast as in numpy. adj_x reads x as [..., k, m] (transposed), adj_y reads y as [..., n, k].

float32: a constant y is packed for the GEMM once in prepare; a computed one on each run
(interp_f32_batch_matmul). Quantized (LiteRT's reference integer kernels, bit-exact): int8 x int8
-> int8 (zero points, one requantization) or -> int32 (raw sums), int16 x int16 and int16 x int8
-> int16 (zero points 0). Hybrid: float32 x with an int8 y (per tensor or per output column):
each x row is quantized to int8 at run time (asymmetric_quantize_inputs picks LiteRT's asymmetric
scheme), the float result matching LiteRT to float rounding.
"""
import functools
from dataclasses import dataclass

import numpy as np

from interp import dtypes
from interp.ops import _conv, _quant
from interp.ops._kernels import ffi, lib, params, ptr, type_names

BATCH_DIMS = lib.INTERP_BMM_BATCH_DIMS


@dataclass(frozen=True)
class Options:
    adj_x: bool = False
    adj_y: bool = False
    asymmetric_quantize_inputs: bool = False


def init(operator):
    return _conv.options(Options, operator)


def _batch_strides(shape, out_batch, matrix):
    """Element strides of each (padded) output batch dim in a tensor of ``shape``; 0 where the
    tensor broadcasts."""
    batch = (1,) * (len(out_batch) - (len(shape) - 2)) + tuple(shape[:-2])
    strides, step = [], matrix
    for d in reversed(range(len(out_batch))):
        strides.append(0 if batch[d] == 1 else step)
        step *= batch[d]
    return strides[::-1]


def _geometry(node):
    """Check ranks and dims, set the output shape; (m, k, n, geometry params struct)."""
    x, y = node.inputs
    out = node.outputs[0]
    o = node.options
    for role, t in (("input 0", x), ("input 1", y)):
        if not 2 <= len(t.shape) <= 5:
            raise node.error(f"{role} {t.describe()} must have rank 2 to 5")
    xm, xk = x.shape[-2:][::-1] if o.adj_x else x.shape[-2:]
    yk, yn = y.shape[-2:][::-1] if o.adj_y else y.shape[-2:]
    if xk != yk:
        raise node.error(f"inner dims differ: input 0 {x.describe()} gives k = {xk}"
                         f"{' (adj_x)' if o.adj_x else ''}, input 1 {y.describe()} gives k = "
                         f"{yk}{' (adj_y)' if o.adj_y else ''}")
    try:
        out_batch = np.broadcast_shapes(tuple(x.shape[:-2]), tuple(y.shape[:-2]))
    except ValueError:
        raise node.error(f"batch dims of input 0 {x.describe()} and input 1 {y.describe()} do "
                         f"not broadcast") from None
    out.shape = tuple(out_batch) + (xm, yn)
    m, k, n = xm, xk, yn
    padded = (1,) * (BATCH_DIMS - len(out_batch)) + tuple(out_batch)
    geometry = dict(m=m, n=n, k=k, batches=int(np.prod(padded)), batch_shape=list(padded),
                    x_batch_stride=_batch_strides(x.shape, padded, m * k),
                    y_batch_stride=_batch_strides(y.shape, padded, k * n),
                    packed_floats=0, adj_x=int(o.adj_x), adj_y=int(o.adj_y))
    return m, k, n, geometry


def prepare(node):
    node.expect_io(2, 1)
    x, y = node.inputs
    if x.type == dtypes.FLOAT32 and y.type == dtypes.FLOAT32:
        _prepare_float(node)
    elif x.type == dtypes.FLOAT32 and y.type == dtypes.INT8:
        _prepare_hybrid(node)
    else:
        _prepare_quantized(node)


def _prepare_float(node):
    x, y = node.inputs
    _conv.check_f32(node, ("output", node.outputs[0]))
    o = node.options
    m, k, n, geometry = _geometry(node)
    pf = geometry["packed_floats"] = _conv.packed_floats(k, n)
    state = {"p": params("interp_batch_matmul_params", **geometry)}
    if y.is_const:
        def make():
            ys = np.asarray(y.data, np.float32).reshape(-1, k * n)
            packed = _conv.aligned_floats(len(ys) * pf)
            for j, mat in enumerate(ys):
                _conv.pack_b(mat, k, n, 1 if o.adj_y else n, k if o.adj_y else 1,
                             out=packed[j * pf:(j + 1) * pf])
            return packed
        state["packed"] = _conv.cached_pack(node, y.data, make)
        state["packed_source"] = y.data
    node.request_scratch(4 * (pf + (m * k if o.adj_x else 0)))
    node.state = state


# (input 0 type, input 1 type, output type) -> C kernel name
_QUANT_KERNELS = {
    (dtypes.INT8, dtypes.INT8, dtypes.INT8): "interp_i8_quant_batch_matmul",
    (dtypes.INT8, dtypes.INT8, dtypes.INT32): "interp_i8_quant_batch_matmul_i32",
    (dtypes.INT16, dtypes.INT16, dtypes.INT16): "interp_i16_quant_batch_matmul",
    (dtypes.INT16, dtypes.INT8, dtypes.INT16): "interp_i16_quant_batch_matmul_i8",
}


def _prepare_quantized(node):
    x, y = node.inputs
    out = node.outputs[0]
    name = _QUANT_KERNELS.get((x.type, y.type, out.type))
    if name is None:
        combos = "; ".join(f"{type_names(c[:2])} -> {dtypes.name(c[2])}" for c in _QUANT_KERNELS)
        raise node.error(f"input 0 {x.describe()}, input 1 {y.describe()}, output "
                         f"{out.describe()}: {node.op_name} supports FLOAT32 x FLOAT32, FLOAT32 x "
                         f"INT8 (hybrid) and the quantized {combos}")
    m, k, n, geometry = _geometry(node)
    fields = dict(x_zp=0, y_zp=0, out_zp=0, mult=0, shift=0, lo=0, hi=0)
    if out.type != dtypes.INT32:
        sx, zx = _quant.params(node, x, "input 0")
        sy, zy = _quant.params(node, y, "input 1")
        so, zo = _quant.params(node, out, "output")
        if x.type == dtypes.INT16:
            for role, t, z in (("input 0", x, zx), ("input 1", y, zy), ("output", out, zo)):
                if z != 0:
                    raise node.error(f"{role} {t.describe()}: int16 {node.op_name} needs zero "
                                     f"point 0, got {z}")
        mult, shift = _quant.quantize_multiplier(sx * sy / so)
        lo, hi = _quant.QRANGE[out.type]
        fields.update(x_zp=zx, y_zp=zy, out_zp=zo, mult=mult, shift=shift, lo=lo, hi=hi)
    node.request_scratch(2 * (m + n) * k)
    node.state = {"q": (getattr(lib, name),
                        params("interp_qbatch_matmul_params", g=geometry, **fields))}


def _prepare_hybrid(node):
    x, y = node.inputs
    out = node.outputs[0]
    if out.type != dtypes.FLOAT32:
        raise node.error(f"output {out.describe()} has type {dtypes.name(out.type)}; hybrid "
                         f"{node.op_name} (FLOAT32 x INT8) outputs FLOAT32")
    m, k, n, geometry = _geometry(node)
    axis = len(y.shape) - (2 if node.options.adj_y else 1)
    scales = _quant.channel_scales(node, y, "input 1", axis, n).astype(np.float32)
    node.request_scratch(4 * (2 * m + n) + (m + n) * k)
    node.state = {"hybrid": (params("interp_hybrid_bmm_params", g=geometry,
                                    asymmetric=int(node.options.asymmetric_quantize_inputs)),
                             scales)}


def bind(node):
    x, y = node.inputs
    out = node.outputs[0]
    scratch = _conv.scratch_ptr(node)
    st = node.state
    if "q" in st:
        fn, p = st["q"]
        return functools.partial(fn, ptr(x), ptr(y), ptr(out), scratch, p)
    if "hybrid" in st:
        p, scales = st["hybrid"]
        return functools.partial(lib.interp_f32_hybrid_batch_matmul, ptr(x), ptr(y),
                                 ffi.from_buffer("float[]", scales), ptr(out), scratch, p)
    packed = st.get("packed")
    return functools.partial(lib.interp_f32_batch_matmul, ptr(x), ptr(y),
                             ffi.NULL if packed is None else ffi.from_buffer("float[]", packed),
                             ptr(out), scratch, st["p"])
