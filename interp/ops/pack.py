"""PACK: ``values_count`` inputs of one shape stacked along a new dim ``axis`` (in
[-rank-1, rank]). Any type of 1, 2, 4 or 8 bytes, and STRING."""
from dataclasses import dataclass

from interp.ops._shape import (
    bind_plan, check_movable, check_same, concat_plan, norm_axis, prepare_plan,
)


@dataclass(frozen=True)
class Options:
    values_count: int = 0
    axis: int = 0


def init(operator):
    o = operator.builtin_options
    return Options(int(o.get("values_count", 0)), int(o.get("axis", 0)))


def prepare(node):
    n = len(node.inputs)
    node.expect_io((max(n, 1), max(n, 1)), 1)
    if node.options.values_count != n:
        raise node.error(f"values_count is {node.options.values_count} but the op has {n} inputs")
    first, y = node.inputs[0], node.outputs[0]
    check_movable(node, first)
    check_same(node, first, [(f"input {i}", t) for i, t in enumerate(node.inputs[1:], 1)] +
               [("output 0", y)])
    for i, t in enumerate(node.inputs):
        if t.shape != first.shape:
            raise node.error(f"input {i} {t.describe()} must have input 0's shape "
                             f"{list(first.shape)}")
    axis = norm_axis(node, node.options.axis, len(first.shape) + 1)
    y.shape = first.shape[:axis] + (n,) + first.shape[axis:]
    prepare_plan(node, concat_plan(node.inputs, y, axis, y.shape))


bind = bind_plan
