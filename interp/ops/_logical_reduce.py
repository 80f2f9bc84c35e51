"""REDUCE_ANY and REDUCE_ALL: logical OR / AND of a BOOL tensor over the given axes (as MEAN and
SUM take them: constant or folded, negative and repeated axes, keep_dims). An empty reduced set gives
False for ANY and True for ALL. numpy's ufunc reductions write straight into the output (no
allocation)."""
import functools

import numpy as np

from interp import dtypes
from interp.ops import _reduce

init = _reduce.init


def prepare(node, name):
    node.expect_io(2, 1)
    x, axis_t = node.inputs
    out = node.outputs[0]
    for role, t in (("input 0", x), ("output 0", out)):
        if t.type != dtypes.BOOL:
            raise node.error(f"{role} {t.describe()} must be BOOL, got {dtypes.name(t.type)}")
    axes = tuple(_reduce.resolve_axes(node, x, axis_t))
    keep = node.options.keep_dims
    out.shape = tuple(1 if d in axes else n for d, n in enumerate(x.shape) if keep or d not in axes)
    node.state = (np.logical_or if name == "any" else np.logical_and, axes, keep)


def bind(node):
    ufunc, axes, keep = node.state
    x, out = node.inputs[0].data, node.outputs[0].data
    reduce = functools.partial(ufunc.reduce, x, axis=axes, keepdims=keep, out=out)

    def run():
        reduce()  # returns `out`; the plan wants None or a status
    return run
