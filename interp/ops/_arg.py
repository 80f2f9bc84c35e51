"""ARG_MAX and ARG_MIN: the index of the largest (smallest) value along one axis; the first on
ties, and a NaN never wins (a line of NaN gives 0).

Inputs: x (FLOAT32, INT32, INT64, UINT8, INT8, BOOL), axis (an INT32/INT64 scalar or 1-element
tensor known in prepare, read with ``node.value(1)``; negative counts from the end). The output, x's
shape without the axis, is INT32 or INT64 as the output tensor says; the options' ``output_type``
(default 0) must agree or be 0.
"""
import functools
import math
from dataclasses import dataclass

from interp import dtypes
from interp.ops._kernels import kernel, params, ptr, unsupported_type

TYPES = (dtypes.FLOAT32, dtypes.INT32, dtypes.INT64, dtypes.UINT8, dtypes.INT8, dtypes.BOOL)
INDEX_TYPES = (dtypes.INT32, dtypes.INT64)


@dataclass(frozen=True)
class Options:
    output_type: int = 0  # 0 (the schema default, FLOAT32) = trust the output tensor


def init(operator):
    return Options(int(operator.builtin_options.get("output_type", 0)))


def single_axis(node, x, axis_t):
    """The non-negative axis of ``x`` that input 1 (``axis_t``: one INT32/INT64 value, known in
    prepare) names; negative values count from the end."""
    if axis_t.type not in INDEX_TYPES or axis_t.size != 1:
        raise node.error(f"axis {axis_t.describe()} must be one INT32 or INT64 value")
    rank = len(x.shape)
    axis = int(node.value(1).reshape(-1)[0])
    if not -rank <= axis < rank:
        raise node.error(f"axis {axis} is out of range for input {x.describe()} (rank {rank})")
    return axis % rank


def prepare(node, op, options_name, what):
    """Check the node, set the output shape and ready ``interp_<dtype>_<op>_<index dtype>``;
    ``what`` words the empty-axis error ("maximum")."""
    node.expect_io(2, 1)
    x, axis_t = node.inputs
    y = node.outputs[0]
    if x.type not in TYPES:
        raise unsupported_type(node, x, TYPES, quantized_later=False)
    if y.type not in INDEX_TYPES:
        raise unsupported_type(node, y, INDEX_TYPES, role="output", quantized_later=False)
    want = node.options.output_type
    if want != 0 and want != y.type:
        raise node.error(f"{options_name}.output_type is {dtypes.name(want)} but output "
                         f"{y.describe()} is {dtypes.name(y.type)}")
    axis = single_axis(node, x, axis_t)
    if x.shape[axis] == 0:
        raise node.error(f"axis {axis} of input {x.describe()} is empty: no {what} to find")
    y.shape = x.shape[:axis] + x.shape[axis + 1:]
    p = params("interp_arg_params", outer=math.prod(x.shape[:axis]), axis=x.shape[axis],
               inner=math.prod(x.shape[axis + 1:]))
    node.state = (kernel(op, x.type, y.type), p)


def bind(node):
    fn, p = node.state
    return functools.partial(fn, ptr(node.inputs[0]), ptr(node.outputs[0]), p)
