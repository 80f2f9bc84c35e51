"""SLICE: out = x[begin[0]:begin[0]+size[0], ...]; ``begin`` (input 1) and ``size`` (input 2) are
INT32/INT64 with one entry per dim; size -1 means "to the end". Any type of 1, 2, 4 or 8 bytes, and
STRING."""
from interp.ops._shape import Copy, bind_plan, int_values, movable_io, prepare_plan, strides


def prepare(node):
    x, y = movable_io(node, 3)
    begin = int_values(node, 1, "begin")
    size = int_values(node, 2, "size")
    rank = len(x.shape)
    if len(begin) != rank or len(size) != rank:
        raise node.error(f"begin {list(begin)} and size {list(size)} must have one entry per dim "
                         f"of input {x.describe()}")
    out = []
    for d, (b, s, n) in enumerate(zip(begin, size, x.shape)):
        if s == -1:
            s = n - b
        if b < 0 or s < 0 or b + s > n:
            raise node.error(f"slice of dim {d} from {b} with size {size[d]} does not fit input "
                             f"{x.describe()} (dim size {n})")
        out.append(s)
    y.shape = tuple(out)
    st = strides(x.shape)
    offset = sum(b * s for b, s in zip(begin, st))
    prepare_plan(node, [Copy(x, y, y.shape, st, in_offset=offset)])


bind = bind_plan
