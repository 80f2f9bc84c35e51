"""SPLIT_V: input 0 cut along ``axis`` (input 2, a scalar INT32/INT64) into pieces of
``size_splits`` (input 1; one entry may be -1: what the others leave). Any type of 1, 2, 4 or 8
bytes, and STRING."""
from interp.ops import _split
from interp.ops._shape import bind_plan, int_values

Options = _split.Options
init = _split.init


def prepare(node):
    node.expect_io(3, len(node.outputs))
    x = node.inputs[0]
    requested = list(int_values(node, 1, "size_splits"))

    def sizes(dim):
        free = [i for i, s in enumerate(requested) if s == -1]
        known = sum(s for s in requested if s != -1)
        if len(free) > 1 or any(s < -1 for s in requested) or known > dim or \
                (not free and known != dim):
            raise node.error(f"size_splits {requested} does not split dim of size {dim} of input "
                             f"{x.describe()}")
        out = list(requested)
        if free:
            out[free[0]] = dim - known
        return out

    _split.prepare(node, x, 2, sizes)


bind = bind_plan
