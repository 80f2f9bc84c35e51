"""TILE: the input repeated ``multiples[d]`` times along each dim d (input 1, INT32/INT64, one
non-negative entry per dim). Any type of 1, 2, 4 or 8 bytes, and STRING."""
from interp.ops._shape import Copy, bind_plan, int_values, movable_io, prepare_plan, strides


def prepare(node):
    x, y = movable_io(node, 2)
    mult = int_values(node, 1, "multiples")
    if len(mult) != len(x.shape) or any(m < 0 for m in mult):
        raise node.error(f"multiples (input 1) {list(mult)} must hold one non-negative entry per "
                         f"dim of input {x.describe()}")
    y.shape = tuple(n * m for n, m in zip(x.shape, mult))
    ist, ost = strides(x.shape), strides(y.shape)
    shape, in_st, out_st = [], [], []
    for n, m, s, o in zip(x.shape, mult, ist, ost):  # each dim as (repeat, dim)
        shape += [m, n]
        in_st += [0, s]
        out_st += [n * o, o]
    prepare_plan(node, [Copy(x, y, shape, in_st, out_st)])


bind = bind_plan
