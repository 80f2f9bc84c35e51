"""SQUEEZE: drop size-1 dims (``squeeze_dims``, negative allowed; empty = every size-1 dim).
Any type of 1, 2, 4 or 8 bytes, and STRING; the values are copied unchanged."""
from dataclasses import dataclass
from typing import Tuple

from interp.ops._shape import bind_plan, movable_io, norm_axis, prepare_plan, whole_copy


@dataclass(frozen=True)
class Options:
    squeeze_dims: Tuple[int, ...] = ()


def init(operator):
    return Options(tuple(int(d) for d in operator.builtin_options.get("squeeze_dims") or ()))


def prepare(node):
    x, y = movable_io(node, 1)
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
