"""PAD: the input surrounded by ``paddings`` (input 1, [rank, 2] before/after counts) of zeros
(the zero point for a quantized tensor). Any type of 1, 2, 4 or 8 bytes."""
from interp.ops import _pad
from interp.ops._shape import Fill, bind_plan, check_movable, prepare_plan, zero_value


def prepare(node):
    node.expect_io(2, 1)
    check_movable(node, node.inputs[0], strings=False)
    x, y, pads, interior = _pad.prepare(node)
    plan = [interior] if y.shape == x.shape else [Fill(y, zero_value(y)), interior]
    prepare_plan(node, plan)


bind = bind_plan
