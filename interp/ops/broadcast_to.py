"""BROADCAST_TO: the input broadcast (numpy rules, right-aligned) to ``shape`` (input 1,
INT32/INT64). Any type of 1, 2, 4 or 8 bytes, and STRING."""
from interp.ops._shape import Copy, bind_plan, int_values, movable_io, prepare_plan, strides


def prepare(node):
    x, y = movable_io(node, 2)
    shape = int_values(node, 1, "shape")
    pad = len(shape) - len(x.shape)
    if pad < 0 or any(d < 0 for d in shape):
        raise node.error(f"cannot broadcast input {x.describe()} to shape {list(shape)}")
    xs = (1,) * pad + tuple(x.shape)
    ist = (0,) * pad + strides(x.shape)
    for a, b in zip(xs, shape):
        if a != b and a != 1:
            raise node.error(f"cannot broadcast input {x.describe()} to shape {list(shape)}")
    y.shape = tuple(shape)
    in_st = [0 if a != b else s for a, b, s in zip(xs, shape, ist)]
    prepare_plan(node, [Copy(x, y, y.shape, in_st)])


bind = bind_plan
