"""EXPAND_DIMS: insert a size-1 dim at ``axis`` (input 1, a scalar INT32/INT64 in [-rank-1, rank]).
Any type of 1, 2, 4 or 8 bytes, and STRING; the values are copied unchanged."""
from interp.ops._shape import bind_plan, int_values, movable_io, norm_axis, prepare_plan, whole_copy


def prepare(node):
    x, y = movable_io(node, 2)
    axis = int_values(node, 1, "axis")
    if len(axis) != 1:
        raise node.error(f"axis (input 1) must hold one value, got {list(axis)}")
    rank = len(x.shape)
    a = norm_axis(node, axis[0], rank + 1)
    y.shape = x.shape[:a] + (1,) + x.shape[a:]
    prepare_plan(node, [whole_copy(x, y)])


bind = bind_plan
