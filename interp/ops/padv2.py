"""PADV2: PAD with the padding value from input 2 (a one-element tensor of the input's type, read
when the op runs; omitted = zero). Any type of 1, 2, 4 or 8 bytes."""
from interp.ops import _pad
from interp.ops._shape import bind_plan, check_movable, check_same, prepare_plan, zero_value


def prepare(node):
    node.expect_io((2, 3), 1)
    check_movable(node, node.inputs[0], strings=False)
    x, y, pads, interior = _pad.prepare(node)
    value = node.inputs[2] if len(node.inputs) > 2 else None
    if value is not None:
        check_same(node, x, [("constant_values (input 2)", value)])
        if value.size != 1:
            raise node.error(f"constant_values (input 2) {value.describe()} must hold one value")
    else:
        value = zero_value(y)
    prepare_plan(node, [interior] + _pad.border(y, x.shape, pads, value))


bind = bind_plan
