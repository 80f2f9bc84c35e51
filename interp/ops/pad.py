"""PAD: the input surrounded by ``paddings`` (input 1, [rank, 2] before/after counts) of zeros
(the zero point for a quantized tensor). Any type of 1, 2, 4 or 8 bytes."""
from interp.ops import _pad
from interp.ops._shape import bind_plan, check_movable, prepare_plan, zero_value


def prepare(node):
    node.expect_io(2, 1)
    check_movable(node, node.inputs[0], strings=False)
    x, y, pads, interior = _pad.prepare(node)
    prepare_plan(node, [interior] + _pad.border(y, x.shape, pads, zero_value(y)))


bind = bind_plan
