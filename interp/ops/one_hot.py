"""ONE_HOT: out has indices' shape with a dim of size ``depth`` (input 1, scalar INT32) inserted
at ``axis`` (-1 = last); out[..., d, ...] = on_value if indices[...] == d else off_value (inputs 2
and 3, one value each of the output type, read when the op runs). An index outside [0, depth)
gives a row of off_value. Indices INT32/INT64; output FLOAT32, INT32, INT64, BOOL, INT8, UINT8."""
import functools
import math
from dataclasses import dataclass

from interp import dtypes
from interp.ops._kernels import ffi, params, unsupported_type
from interp.ops._shape import (
    check_indices, check_same, elem_kernel, index_ptr, int_values, norm_axis,
)

TYPES = (dtypes.FLOAT32, dtypes.INT32, dtypes.INT64, dtypes.BOOL, dtypes.INT8, dtypes.UINT8)

@dataclass(frozen=True)
class Options:
    axis: int = -1


def init(operator):
    return Options(int(operator.builtin_options.get("axis", -1)))


def prepare(node):
    node.expect_io(4, 1)
    idx, on, off, y = node.inputs[0], node.inputs[2], node.inputs[3], node.outputs[0]
    check_indices(node, idx)
    if on.type not in TYPES:
        raise unsupported_type(node, on, TYPES, role="on_value", quantized_later=False)
    check_same(node, on, [("off_value (input 3)", off), ("output 0", y)], "on_value (input 2)")
    for role, t in (("on_value (input 2)", on), ("off_value (input 3)", off)):
        if t.size != 1:
            raise node.error(f"{role} {t.describe()} must hold one value")
    depth = int_values(node, 1, "depth", (dtypes.INT32,))
    if len(depth) != 1 or depth[0] < 0:
        raise node.error(f"depth (input 1) must be one non-negative value, got {list(depth)}")
    depth = depth[0]
    axis = node.options.axis
    axis = len(idx.shape) if axis == -1 else norm_axis(node, axis, len(idx.shape) + 1)
    y.shape = idx.shape[:axis] + (depth,) + idx.shape[axis:]
    node.state = params("interp_one_hot_params", outer=math.prod(idx.shape[:axis]), depth=depth,
                        inner=math.prod(idx.shape[axis:]))


def bind(node):
    idx, on, off, y = node.inputs[0], node.inputs[2], node.inputs[3], node.outputs[0]
    fn, ctype = elem_kernel("one_hot", y, idx)
    return functools.partial(fn, index_ptr(idx),
                             ffi.from_buffer(ctype, on.data), ffi.from_buffer(ctype, off.data),
                             ffi.from_buffer(ctype, y.data), node.state)
