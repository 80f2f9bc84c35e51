"""SELECT (TF1 Where/Select): cond ? x : y; x and y of one shape, cond BOOL of x's shape, a scalar,
or rank 1 with x's first dim (picking whole rows), as LiteRT allows. Types as SELECT_V2."""
from interp.ops import _select


def prepare(node):
    node.expect_io(3, 1)
    c, x, y = node.inputs
    if tuple(x.shape) != tuple(y.shape):
        raise node.error(f"inputs 1 and 2 must have one shape: {list(x.shape)} "
                         f"({x.describe()}) vs {list(y.shape)} ({y.describe()})")
    cond_shape = None
    if tuple(c.shape) != tuple(x.shape) and len(c.shape) != 0:
        if len(c.shape) == 1 and len(x.shape) >= 1 and c.shape[0] == x.shape[0]:
            cond_shape = (c.shape[0],) + (1,) * (len(x.shape) - 1)
        else:
            rows = x.shape[0] if x.shape else 1
            raise node.error(f"condition {c.describe()} has shape {list(c.shape)}; SELECT needs "
                             f"x's shape {list(x.shape)}, a scalar, or [{rows}] (one value per row)")
    _select.prepare(node, cond_shape)


bind = _select.bind
