"""GATHER: out = params[..., indices, ...] along ``axis`` with ``batch_dims`` leading dims shared
by params and indices: out.shape = params[:axis] + indices[batch_dims:] + params[axis+1:].
Indices are INT16/INT32/INT64; one outside [0, dim) fails the run with a KernelError naming it.
params may be any type of 1, 2, 4 or 8 bytes, or STRING (batch_dims 0)."""
import functools
import math
from dataclasses import dataclass

import numpy as np

from interp import dtypes
from interp.errors import KernelError
from interp.ops._kernels import ffi, lib, params
from interp.ops._shape import (
    GATHER_INDEX_TYPES, check_indices, elem_kernel, index_ptr, movable_io, norm_axis,
)


@dataclass(frozen=True)
class Options:
    axis: int = 0
    batch_dims: int = 0


def init(operator):
    o = operator.builtin_options
    return Options(int(o.get("axis", 0)), int(o.get("batch_dims", 0)))


def prepare(node):
    x, y = movable_io(node, 2)
    idx = node.inputs[1]
    check_indices(node, idx, types=GATHER_INDEX_TYPES)
    rank, irank = len(x.shape), len(idx.shape)
    if rank == 0:
        raise node.error(f"params {x.describe()} is a scalar; GATHER needs rank >= 1")
    axis = norm_axis(node, node.options.axis, rank)
    bd = node.options.batch_dims
    if bd < 0:
        bd += irank
    if not 0 <= bd <= min(axis, irank) or x.shape[:bd] != idx.shape[:bd]:
        raise node.error(f"batch_dims {node.options.batch_dims} does not fit params "
                         f"{x.describe()}, indices {idx.describe()} and axis {axis}")
    if x.type == dtypes.STRING and bd:
        raise node.error("GATHER of STRING params with batch_dims is not supported")
    y.shape = x.shape[:axis] + idx.shape[bd:] + x.shape[axis + 1:]
    p = params("interp_gather_params", batch=math.prod(x.shape[:bd]),
               outer=math.prod(x.shape[bd:axis]), axis=x.shape[axis],
               n_idx=math.prod(idx.shape[bd:]), inner=math.prod(x.shape[axis + 1:]))
    node.state = (axis, p)


def bind(node):
    x, idx, y = node.inputs[0], node.inputs[1], node.outputs[0]
    axis, p = node.state
    if x.type == dtypes.STRING:
        return functools.partial(_gather_strings, node, x.data, idx.data, y.data, axis)
    fn, ctype = elem_kernel("gather", x, idx)
    call = functools.partial(fn, ffi.from_buffer(ctype, x.data), index_ptr(idx),
                             ffi.from_buffer(ctype, y.data), p)
    return functools.partial(_checked, node, call, idx, x.shape[axis])


def _checked(node, call, idx, size):
    status = call()
    if status == lib.INTERP_INDEX_OUT_OF_RANGE:
        raise _out_of_range(node, idx.data, size)
    return status


def _gather_strings(node, x, idx, out, axis):
    size = x.shape[axis]
    if idx.size and (idx.min() < 0 or idx.max() >= size):
        raise _out_of_range(node, idx, size)
    np.copyto(out, np.take(x, idx, axis=axis))


def _out_of_range(node, idx, size):
    bad = np.argwhere((idx < 0) | (idx >= size))[0]
    return KernelError(f"{node.where()}: index {int(idx[tuple(bad)])} at position "
                       f"{bad.tolist()} of indices {node.inputs[1].describe()} is out of range "
                       f"for an axis of size {size}")
