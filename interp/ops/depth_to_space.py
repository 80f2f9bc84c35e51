"""DEPTH_TO_SPACE: NHWC [n, h, w, b*b*c] -> [n, h*b, w*b, c]; out[n, h*b+i, w*b+j, k] =
x[n, h, w, (i*b+j)*c + k]. Any type of 1, 2, 4 or 8 bytes."""
from interp.ops._shape import Copy, bind_plan, prepare_plan

from interp.ops._space import Options, block_size, check_io, init  # noqa: F401 (Options, init)


def prepare(node):
    x, y = check_io(node)
    b = block_size(node)
    n, h, w, c = x.shape
    if c % (b * b):
        raise node.error(f"depth {c} of input {x.describe()} is not a multiple of "
                         f"block_size^2 = {b * b}")
    c2 = c // (b * b)
    y.shape = (n, h * b, w * b, c2)
    # the output walked as [n, h, i, w, j, k]
    shape = (n, h, b, w, b, c2)
    in_st = (h * w * c, w * c, b * c2, c, c2, 1)
    prepare_plan(node, [Copy(x, y, shape, in_st)])


bind = bind_plan
