"""EXPAND_DIMS: insert a size-1 dim at ``axis`` (input 1, a scalar INT32/INT64 in [-rank-1, rank]).
Any type of 1, 2, 4 or 8 bytes, and STRING; the values are copied unchanged."""
from interp.ops._shape import (
    bind_plan, check_movable, check_same, int_values, norm_axis, prepare_plan, whole_copy,
)


def prepare(node):
    node.expect_io(2, 1)
    x, y = node.inputs[0], node.outputs[0]
    check_movable(node, x)
    check_same(node, x, [("output 0", y)])
    axis = int_values(node, 1, "axis")
    if len(axis) != 1:
        raise node.error(f"axis (input 1) must hold one value, got {list(axis)}")
    rank = len(x.shape)
    a = norm_axis(node, axis[0], rank + 1)
    y.shape = x.shape[:a] + (1,) + x.shape[a:]
    prepare_plan(node, [whole_copy(x, y)])


bind = bind_plan
