"""SPLIT: input 1 cut along ``axis`` (input 0, a scalar INT32/INT64) into ``num_splits`` equal
pieces. Any type of 1, 2, 4 or 8 bytes, and STRING."""
from interp.ops import _split
from interp.ops._shape import bind_plan

Options = _split.Options
init = _split.init


def prepare(node):
    node.expect_io(2, len(node.outputs))
    num = node.options.num_splits
    x = node.inputs[1]

    def sizes(dim):
        if num <= 0 or dim % num:
            raise node.error(f"cannot split dim of size {dim} of input {x.describe()} into "
                             f"num_splits={num} equal pieces")
        return [dim // num] * num

    _split.prepare(node, x, 0, sizes)


bind = bind_plan
