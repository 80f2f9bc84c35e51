"""MEAN, SUM, REDUCE_PROD, REDUCE_MAX, REDUCE_MIN, REDUCE_ANY, REDUCE_ALL: options, axis
resolution, shape folding and the shared prepare/bind (each op module names its C kernel).

Inputs: x and the axes (INT32, or INT64, a scalar or a 1-D list; a constant or a value known in
prepare, read with ``node.value(1)``). Axes may be negative (counted from the end) and repeated;
an empty list reduces nothing (the output is a copy of x, MEAN and SUM alike). ``keep_dims`` keeps
each reduced dim as size 1.

Semantics (LiteRT 2.3.0 observed): integer SUM/PROD wrap; integer MEAN divides the 64-bit
(wrapping) sum, truncating toward zero (an empty one is 0); float MEAN of an empty set is NaN, an
empty SUM 0 and an empty PROD 1. Float sums and products accumulate in double and round once
(LiteRT sums in float). REDUCE_MAX/MIN: a NaN in the reduced set gives NaN and an empty set gives
-inf/+inf (integers: the type's min/max), as LiteRT's default (XNNPACK) path does on rows of 4 or
more; its reference kernel instead skips NaN and starts from ±FLT_MAX (so it turns -inf into
-FLT_MAX), and its optimized kernels do either depending on the row length. REDUCE_ANY/ALL run on
BOOL; an empty set gives false/true.
"""
import functools
import math
from dataclasses import dataclass

import numpy as np

from interp import dtypes
from interp.ops._kernels import check_same_type, ffi, kernel, lib, params, ptr, unsupported_type

TYPES = (dtypes.FLOAT32, dtypes.INT32, dtypes.INT64)
AXIS_TYPES = (dtypes.INT32, dtypes.INT64)
MAX_DIMS = lib.INTERP_REDUCE_MAX_DIMS


@dataclass(frozen=True)
class Options:
    keep_dims: bool = False


def init(operator):
    return Options(bool(operator.builtin_options.get("keep_dims", False)))


def resolve_axes(node, x, axis_t):
    """The sorted set of non-negative axes the node reduces."""
    if axis_t.type not in AXIS_TYPES:
        raise node.error(f"axes {axis_t.describe()} must be INT32 or INT64, got "
                         f"{dtypes.name(axis_t.type)}")
    if len(axis_t.shape) > 1:
        raise node.error(f"axes {axis_t.describe()} must be a scalar or a 1-D list")
    rank = len(x.shape)
    axes = set()
    for a in node.value(1).reshape(-1).tolist():
        if not -rank <= a < rank:
            raise node.error(f"axis {a} is out of range for input {x.describe()} (rank {rank})")
        axes.add(a % rank)
    return sorted(axes)


def fold(shape, axes):
    """``(dims, inner_reduced)``: ``dims`` a list of ``(size, reduced)`` from outer to inner with
    size-1 dims dropped and neighbours of the same kind merged (at least one dim)."""
    dims = []
    for d, n in enumerate(shape):
        if n == 1:
            continue
        red = d in axes
        if dims and dims[-1][1] == red:
            dims[-1] = (dims[-1][0] * n, red)
        else:
            dims.append((n, red))
    if not dims:
        dims = [(1, False)]
    return dims, dims[-1][1]


def prepare(node, op, mean=False, types=TYPES):
    """Check the node, set the output shape and ready ``interp_<dtype>_reduce_<op>``; ``types``
    are the TensorTypes ``op`` runs on."""
    node.expect_io(2, 1)
    x, axis_t = node.inputs
    y = node.outputs[0]
    if x.type not in types:
        raise unsupported_type(node, x, types)
    check_same_type(node, x, [("output 0", y)])
    axes = resolve_axes(node, x, axis_t)
    if node.options.keep_dims:
        y.shape = tuple(1 if d in axes else n for d, n in enumerate(x.shape))
    else:
        y.shape = tuple(n for d, n in enumerate(x.shape) if d not in axes)
    count = math.prod(x.shape[d] for d in axes)  # elements per output value
    p = params("interp_reduce_params", in_count=x.size, out_count=y.size,
               divisor=float(count) if mean else 1.0, idivisor=count if mean else 1)
    fill_dims(node, p, x, axes)
    accumulate = op in ("sum", "prod")
    if accumulate:
        node.request_scratch(8 * max(y.size, 1))
    node.state = (kernel("reduce_" + op, x.type), p, accumulate)


def fill_dims(node, p, x, axes):
    """Set the folded dims of ``p`` (an ``interp_reduce_params``) for reducing ``axes`` of x."""
    if not x.size:
        p.rank, p.shape[0] = 1, 1
        return
    dims, inner_reduced = fold(x.shape, axes)
    if len(dims) > MAX_DIMS:
        raise node.error(f"reducing axes {axes} of input {list(x.shape)} leaves {len(dims)} "
                         f"alternating runs of dims; interp supports {MAX_DIMS}")
    p.rank, p.inner_reduced = len(dims), inner_reduced
    stride = 1
    for i in reversed(range(len(dims))):
        n, red = dims[i]
        p.shape[i], p.out_stride[i] = n, 0 if red else stride
        if not red:
            stride *= n


def scratch(node, ctype):
    """``node.scratch`` (asked for in prepare) as a C ``ctype[]``. When the executor handed out
    none, a private buffer of the requested size is made here, once per bind (never per invoke)."""
    buf = node.scratch
    if buf is None:
        buf = np.zeros(max(node.scratch_bytes, 8), np.uint8)
    return ffi.from_buffer(ctype + "[]", buf)


def bind(node):
    fn, p, accumulate = node.state
    x, y = node.inputs[0], node.outputs[0]
    if not accumulate:
        return functools.partial(fn, ptr(x), ptr(y), p)
    acc = scratch(node, "double" if x.type == dtypes.FLOAT32 else "uint64_t")
    return functools.partial(fn, ptr(x), ptr(y), acc, p)
