"""SPLIT and SPLIT_V: options, checks and the plan shared by both (the sizes are the ops'
difference)."""
from dataclasses import dataclass

from interp.ops._shape import (
    check_movable, check_same, int_values, norm_axis, prepare_plan, split_plan,
)


@dataclass(frozen=True)
class Options:
    """SplitOptions / SplitVOptions."""
    num_splits: int = 0


def init(operator):
    return Options(int(operator.builtin_options.get("num_splits", 0)))


def prepare(node, x, axis_index, sizes_of):
    """``sizes_of(dim)`` gives the piece sizes along the split dim (or raises)."""
    check_movable(node, x)
    check_same(node, x, [(f"output {i}", t) for i, t in enumerate(node.outputs)])
    axis = int_values(node, axis_index, "axis")
    if len(axis) != 1:
        raise node.error(f"axis (input {axis_index}) must hold one value, got {list(axis)}")
    axis = norm_axis(node, axis[0], max(len(x.shape), 1))
    if not x.shape:
        raise node.error(f"input {x.describe()} is a scalar; {node.op_name} needs rank >= 1")
    sizes = sizes_of(x.shape[axis])
    if len(sizes) != len(node.outputs):
        raise node.error(f"splits into {len(sizes)} pieces but the op has {len(node.outputs)} "
                         f"outputs")
    for t, n in zip(node.outputs, sizes):
        t.shape = x.shape[:axis] + (n,) + x.shape[axis + 1:]
    prepare_plan(node, split_plan(x, node.outputs, axis, sizes))
