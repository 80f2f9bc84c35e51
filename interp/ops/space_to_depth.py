"""SPACE_TO_DEPTH: NHWC [n, h*b, w*b, c] -> [n, h, w, b*b*c]; out[n, h, w, (i*b+j)*c + k] =
x[n, h*b+i, w*b+j, k]. Any type of 1, 2, 4 or 8 bytes."""
from interp.ops._shape import Copy, bind_plan, prepare_plan

from interp.ops._space import Options, block_size, check_io, init  # noqa: F401 (Options, init)


def prepare(node):
    x, y = check_io(node)
    b = block_size(node)
    n, hb, wb, c = x.shape
    if hb % b or wb % b:
        raise node.error(f"height {hb} and width {wb} of input {x.describe()} must be multiples "
                         f"of block_size {b}")
    h, w = hb // b, wb // b
    y.shape = (n, h, w, b * b * c)
    # the output walked as [n, h, w, i, j, k]
    shape = (n, h, w, b, b, c)
    in_st = (hb * wb * c, b * wb * c, b * c, wb * c, c, 1)
    prepare_plan(node, [Copy(x, y, shape, in_st)])


bind = bind_plan
