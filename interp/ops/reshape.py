"""RESHAPE: the input's values under a new shape; any dtype, STRING included.

The new shape comes from input 1 (a 1-D INT32/INT64 tensor, read with ``node.value(1)``: a shape
computed while the model runs makes the executor prepare this node at invoke time) or from
``ReshapeOptions.new_shape`` when there is no input 1, or when input 1 is empty or not 1-D and the
options hold a shape (legacy files; an options shape of ``[0]`` means a scalar, as in LiteRT).
One dim may be -1: it takes whatever the element count leaves.
"""
import functools
import math
from dataclasses import dataclass
from typing import Optional, Tuple

import numpy as np

from interp import dtypes
from interp.ops._kernels import check_same_type, ffi


@dataclass(frozen=True)
class Options:
    new_shape: Optional[Tuple[int, ...]] = None


def init(operator):
    shape = operator.builtin_options.get("new_shape")
    return Options(None if shape is None else tuple(int(d) for d in shape))


def prepare(node):
    node.expect_io((1, 2), 1)
    x, y = node.inputs[0], node.outputs[0]
    check_same_type(node, x, [("output 0", y)])
    y.shape = _resolve(node, _requested(node), x)


def bind(node):
    x, y = node.inputs[0], node.outputs[0]
    if x.type == dtypes.STRING:
        return functools.partial(np.copyto, y.data, x.data.reshape(y.data.shape))
    return functools.partial(ffi.memmove, ffi.from_buffer(y.data, require_writable=True),
                             ffi.from_buffer(x.data), x.data.nbytes)


def _requested(node):
    shape_t = node.inputs[1] if len(node.inputs) > 1 else None
    from_options = node.options.new_shape
    if from_options == (0,):
        from_options = ()
    if shape_t is None:
        if from_options is None:
            raise node.error("has no shape input and no ReshapeOptions.new_shape")
        return from_options
    if shape_t.type not in (dtypes.INT32, dtypes.INT64):
        raise node.error(f"shape input {shape_t.describe()} must be INT32 or INT64")
    if (len(shape_t.shape) != 1 or shape_t.size == 0) and from_options is not None:
        return from_options
    if len(shape_t.shape) > 1:
        raise node.error(f"shape input {shape_t.describe()} must be 1-D")
    return tuple(int(d) for d in node.value(1).reshape(-1))


def _resolve(node, requested, x):
    def fail(why):
        return node.error(f"cannot reshape input {x.describe()} ({x.size} values) to "
                          f"{list(requested)}: {why}")
    free = [i for i, d in enumerate(requested) if d == -1]
    if len(free) > 1:
        raise fail("more than one -1")
    if any(d < -1 for d in requested):
        raise fail("negative dim")
    known = math.prod(d for d in requested if d != -1)
    shape = list(requested)
    if free:
        if known == 0 or x.size % known:
            raise fail(f"the other dims hold {known} values, so -1 has no whole size")
        shape[free[0]] = x.size // known
    elif known != x.size:
        raise fail(f"that shape holds {known} values")
    return tuple(shape)
