"""Select-TF ReluGrad (``FlexReluGrad``, the gradient of tf.nn.relu): ``gradients * (features >
0)`` for float32 / float64 of one shape. It is a product, as in TF: a NaN gradient stays NaN where
the feature is <= 0, and a negative gradient times 0 gives -0.0."""
import numpy as np

from interp import dtypes
from interp.ops import _flex

TYPES = (dtypes.FLOAT32, dtypes.FLOAT64)


def init(operator):
    _flex.nodedef(operator, "ReluGrad")


def prepare(node):
    node.expect_io(2, 1)
    g, f = node.inputs
    _flex.check_type(node, g, TYPES, "gradients")
    for role, t in (("features", f), ("output", node.outputs[0])):
        _flex.check_type(node, t, g.type, role)
    if g.shape != f.shape:
        raise node.error("Inputs to operation ReluGrad of type ReluGrad must have the same size "
                         f"and shape.  Input 0: [{','.join(map(str, g.shape))}] != input 1: "
                         f"[{','.join(map(str, f.shape))}]")
    node.outputs[0].shape = g.shape


def bind(node):
    (g, f), y = node.inputs, node.outputs[0]
    mask = np.empty(g.shape, np.bool_)

    def run():
        np.greater(f.data, 0, out=mask)
        np.multiply(g.data, mask, out=y.data)

    return run
