"""BATCH_MATMUL, float32: out[..., m, n] = x[..., m, k] @ y[..., k, n], ranks 2 to 5, the batch
dims broadcast as in numpy. adj_x reads x as [..., k, m] (transposed), adj_y reads y as
[..., n, k]. A constant y is packed for the GEMM once in prepare; a computed one on each run
(interp_f32_batch_matmul). Quantized variants are a later issue.
"""
import functools
from dataclasses import dataclass

import numpy as np

from interp.ops import _conv
from interp.ops._kernels import ffi, lib, params, ptr

BATCH_DIMS = lib.INTERP_BMM_BATCH_DIMS


@dataclass(frozen=True)
class Options:
    adj_x: bool = False
    adj_y: bool = False


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


def prepare(node):
    node.expect_io(2, 1)
    x, y = node.inputs
    out = node.outputs[0]
    _conv.check_f32(node, ("input 0", x), ("input 1", y), ("output", out))
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
    pf = _conv.packed_floats(k, n)
    state = {"p": params("interp_batch_matmul_params", m=m, n=n, k=k,
                         batches=int(np.prod(padded)), batch_shape=list(padded),
                         x_batch_stride=_batch_strides(x.shape, padded, m * k),
                         y_batch_stride=_batch_strides(y.shape, padded, k * n),
                         packed_floats=pf, adj_x=int(o.adj_x), adj_y=int(o.adj_y))}
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


def bind(node):
    x, y = node.inputs
    packed = node.state.get("packed")
    scratch = _conv.scratch_ptr(node)
    return functools.partial(lib.interp_f32_batch_matmul, ptr(x), ptr(y),
                             ffi.NULL if packed is None else ffi.from_buffer("float[]", packed),
                             ptr(node.outputs[0]), scratch, node.state["p"])
