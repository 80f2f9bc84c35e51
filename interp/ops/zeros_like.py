"""ZEROS_LIKE: zeros of the input's shape and type (any type of 1, 2, 4 or 8 bytes)."""
import numpy as np

from interp.ops._shape import Fill, bind_plan, check_movable, check_same, prepare_plan


def prepare(node):
    node.expect_io(1, 1)
    x, y = node.inputs[0], node.outputs[0]
    check_movable(node, x, strings=False)
    check_same(node, x, [("output 0", y)])
    y.shape = x.shape
    prepare_plan(node, [Fill(y, np.zeros(1, x.dtype))])


bind = bind_plan
