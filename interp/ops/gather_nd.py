"""GATHER_ND: indices [..., k] (INT16/INT32/INT64) address the first k dims of params; out.shape =
indices.shape[:-1] + params.shape[k:]. An index outside its dim fails the run with a KernelError
naming it. params may be any type of 1, 2, 4 or 8 bytes, or STRING."""
import functools
import math

import numpy as np

from interp import dtypes
from interp.errors import KernelError
from interp.ops._kernels import ffi, lib, params
from interp.ops._shape import (
    GATHER_INDEX_TYPES, MAX_DIMS, check_indices, elem_kernel, index_ptr, movable_io, strides,
)


def prepare(node):
    x, y = movable_io(node, 2)
    idx = node.inputs[1]
    check_indices(node, idx, types=GATHER_INDEX_TYPES)
    if not idx.shape:
        raise node.error(f"indices {idx.describe()} must have rank >= 1")
    k = idx.shape[-1]
    if k > len(x.shape) or k > MAX_DIMS:
        raise node.error(f"indices {idx.describe()} address {k} dims but params {x.describe()} "
                         f"has {len(x.shape)}")
    y.shape = idx.shape[:-1] + x.shape[k:]
    p = params("interp_gather_nd_params", n=math.prod(idx.shape[:-1]), k=k,
               inner=math.prod(x.shape[k:]))
    st = strides(x.shape)
    for j in range(k):
        p.dims[j], p.strides[j] = x.shape[j], st[j]
    node.state = p


def bind(node):
    x, idx, y = node.inputs[0], node.inputs[1], node.outputs[0]
    if x.type == dtypes.STRING:
        return functools.partial(_gather_nd_strings, node, x.data, idx.data, y.data)
    fn, ctype = elem_kernel("gather_nd", x, idx)
    call = functools.partial(fn, ffi.from_buffer(ctype, x.data), index_ptr(idx),
                             ffi.from_buffer(ctype, y.data), node.state)
    return functools.partial(_checked, node, call)


def _checked(node, call):
    status = call()
    if status == lib.INTERP_INDEX_OUT_OF_RANGE:
        raise _out_of_range(node)
    return status


def _gather_nd_strings(node, x, idx, out):
    k = idx.shape[-1]
    flat = idx.reshape(-1, k)
    if flat.size and ((flat < 0) | (flat >= np.array(x.shape[:k]))).any():
        raise _out_of_range(node)
    picked = x[tuple(flat.T)] if k else np.broadcast_to(x, (flat.shape[0],) + x.shape)
    np.copyto(out, picked.reshape(out.shape))


def _out_of_range(node):
    x, idx = node.inputs[0], node.inputs[1]
    k = idx.shape[-1]
    flat = idx.data.reshape(-1, k)
    row, col = np.argwhere((flat < 0) | (flat >= np.array(x.shape[:k])))[0]
    where = list(np.unravel_index(row, idx.shape[:-1])) + [col]
    return KernelError(f"{node.where()}: index {int(flat[row, col])} at position "
                       f"{[int(w) for w in where]} of indices {idx.describe()} is out of range "
                       f"for dim {col} of params {x.describe()} (size {x.shape[col]})")
