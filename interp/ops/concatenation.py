"""CONCATENATION: the inputs side by side along ``axis`` (negative counts from the end). Any type of
1, 2, 4 or 8 bytes, and STRING; quantized inputs must share the output's scale and zero point.
LiteRT accepts no fused activation here (it fails at prepare), so neither does interp."""
from dataclasses import dataclass

from interp.ops._shape import (
    bind_plan, check_movable, check_same, concat_plan, norm_axis, prepare_plan,
)


@dataclass(frozen=True)
class Options:
    axis: int = 0
    fused_activation_function: int = 0


def init(operator):
    o = operator.builtin_options
    return Options(int(o.get("axis", 0)), int(o.get("fused_activation_function", 0)))


def prepare(node):
    if not node.inputs or len(node.outputs) != 1:
        raise node.error(f"expects at least 1 input and 1 output, got {len(node.inputs)} and "
                         f"{len(node.outputs)}")
    node.expect_io((1, len(node.inputs)), 1)
    if node.options.fused_activation_function != 0:
        raise node.error(f"fused activation {node.options.fused_activation_function} is not "
                         f"supported: CONCATENATION takes only NONE (0), as in LiteRT")
    first, y = node.inputs[0], node.outputs[0]
    check_movable(node, first)
    check_same(node, first, [(f"input {i}", t) for i, t in enumerate(node.inputs[1:], 1)] +
               [("output 0", y)])
    rank = len(first.shape)
    axis = norm_axis(node, node.options.axis, max(rank, 1))
    if rank == 0:
        raise node.error(f"input 0 {first.describe()} is a scalar; CONCATENATION needs rank >= 1")
    total = 0
    for i, t in enumerate(node.inputs):
        if len(t.shape) != rank or any(a != b for d, (a, b) in enumerate(zip(t.shape, first.shape))
                                       if d != axis):
            raise node.error(f"input {i} {t.describe()} does not match input 0 {first.describe()} "
                             f"outside axis {axis}")
        total += t.shape[axis]
    y.shape = first.shape[:axis] + (total,) + first.shape[axis + 1:]
    prepare_plan(node, concat_plan(node.inputs, y, axis, y.shape))


bind = bind_plan
