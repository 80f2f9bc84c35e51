"""SQUEEZE: drop size-1 dims (``squeeze_dims``, negative allowed; empty = every size-1 dim).
Any type of 1, 2, 4 or 8 bytes, and STRING; the values are copied unchanged."""
from dataclasses import dataclass
from typing import Tuple

from interp.ops._shape import bind_plan, check_movable, check_same, norm_axis, prepare_plan, whole_copy


@dataclass(frozen=True)
class Options:
    squeeze_dims: Tuple[int, ...] = ()


def init(operator):
    return Options(tuple(int(d) for d in operator.builtin_options.get("squeeze_dims") or ()))


def prepare(node):
    node.expect_io(1, 1)
    x, y = node.inputs[0], node.outputs[0]
    check_movable(node, x)
    check_same(node, x, [("output 0", y)])
    rank = len(x.shape)
    if node.options.squeeze_dims:
        dims = {norm_axis(node, d, rank, "squeeze_dims entry") for d in node.options.squeeze_dims}
        for d in sorted(dims):
            if x.shape[d] != 1:
                raise node.error(f"cannot squeeze dim {d} of input {x.describe()}: its size is "
                                 f"{x.shape[d]}, not 1")
    else:
        dims = {d for d, n in enumerate(x.shape) if n == 1}
    y.shape = tuple(n for d, n in enumerate(x.shape) if d not in dims)
    prepare_plan(node, [whole_copy(x, y)])


bind = bind_plan
