"""FILL: a tensor of shape ``dims`` (input 0, INT32/INT64) holding ``value`` (input 1, one value,
read when the op runs). Any type of 1, 2, 4 or 8 bytes, and STRING."""
from interp.ops._shape import Fill, bind_plan, check_movable, check_same, int_values, prepare_plan


def prepare(node):
    node.expect_io(2, 1)
    value, y = node.inputs[1], node.outputs[0]
    check_movable(node, value, role="value")
    check_same(node, value, [("output 0", y)], "value (input 1)")
    if value.size != 1:
        raise node.error(f"value (input 1) {value.describe()} must hold one value")
    dims = int_values(node, 0, "dims")
    if any(d < 0 for d in dims):
        raise node.error(f"dims (input 0) {list(dims)} must not be negative")
    y.shape = tuple(dims)
    prepare_plan(node, [Fill(y, value)])


bind = bind_plan
