"""Select-TF DenseBincount (``FlexDenseBincount``; ``tf.strings.split``'s ragged row lengths come
from it): count each value of a 1-D or 2-D int input (Tidx int32/int64) into ``size`` bins,
adding ``weights`` (same shape as the input) instead of 1 when they are not empty; values >= size
are dropped; a negative value fails the call ("Input arr must be non-negative!");
``binary_output`` gives 1 for every bin hit. The output type T is the weights' type. The output
size is the value of input 1, so a computed ``size`` prepares the op at invoke time."""
from dataclasses import dataclass

import numpy as np

from interp import dtypes
from interp.ops import _flex

INTS = (dtypes.INT32, dtypes.INT64)
T_TYPES = (dtypes.INT32, dtypes.INT64, dtypes.FLOAT32, dtypes.FLOAT64)


@dataclass(frozen=True)
class Options:
    binary_output: bool


def init(operator):
    return Options(_flex.nodedef(operator, "DenseBincount").attr("binary_output", "b", False))


def prepare(node):
    node.expect_io(3, 1)
    x, size, w = node.inputs
    y = node.outputs[0]
    _flex.check_type(node, x, INTS, "input")
    _flex.check_type(node, size, x.type, "size")
    _flex.check_type(node, w, T_TYPES, "weights")
    _flex.check_type(node, y, w.type, "output")
    if len(x.shape) not in (1, 2):
        raise node.error(f"input {x.describe()} must be 1-D or 2-D")
    if 0 not in w.shape and w.shape != x.shape:
        raise node.error(f"weights {w.describe()} must be empty or have the input's shape")
    size_value = node.value(1)
    if size_value.size != 1:
        raise node.error(f"size {size.describe()} must be a scalar")
    bins = int(size_value.reshape(()).item())
    if bins < 0:
        raise node.error(f"size ({bins}) must be non-negative")
    node.state = bins
    y.shape = (bins,) if len(x.shape) == 1 else (x.shape[0], bins)


def bind(node):
    (x, _, w), y, bins = node.inputs, node.outputs[0], node.state
    binary = node.options.binary_output

    def run():
        v = x.data
        if v.size and v.min() < 0:
            raise _flex.run_error(node, "Input arr must be non-negative!")
        rows = v if v.ndim == 2 else v.reshape(1, -1)
        wt = w.data.reshape(rows.shape) if w.data.size else None
        out = y.data.reshape(rows.shape[0], bins)
        out[...] = 0
        for r in range(rows.shape[0]):
            keep = rows[r] < bins
            idx = rows[r][keep]
            if binary:
                out[r, idx] = 1
            elif wt is None:
                np.add.at(out[r], idx, 1)
            else:
                np.add.at(out[r], idx, wt[r][keep])

    return run
