"""UNPACK: the input cut along ``axis`` into ``num`` outputs, that dim dropped. Any type of 1, 2, 4
or 8 bytes, and STRING."""
from dataclasses import dataclass

from interp.ops._shape import (
    bind_plan, check_movable, check_same, norm_axis, prepare_plan, split_plan,
)


@dataclass(frozen=True)
class Options:
    num: int = 0
    axis: int = 0


def init(operator):
    o = operator.builtin_options
    return Options(int(o.get("num", 0)), int(o.get("axis", 0)))


def prepare(node):
    node.expect_io(1, len(node.outputs))
    x = node.inputs[0]
    check_movable(node, x)
    check_same(node, x, [(f"output {i}", t) for i, t in enumerate(node.outputs)])
    if not x.shape:
        raise node.error(f"input {x.describe()} is a scalar; UNPACK needs rank >= 1")
    axis = norm_axis(node, node.options.axis, len(x.shape))
    n = x.shape[axis]
    if node.options.num != n or len(node.outputs) != n:
        raise node.error(f"num is {node.options.num} and the op has {len(node.outputs)} outputs, "
                         f"but dim {axis} of input {x.describe()} is {n}")
    for t in node.outputs:
        t.shape = x.shape[:axis] + x.shape[axis + 1:]
    prepare_plan(node, split_plan(x, node.outputs, axis, [1] * n))


bind = bind_plan
