"""MINIMUM: elementwise min(a, b) with broadcasting; FLOAT32, INT32, INT64, and INT8 / UINT8 / INT16
with one scale and zero point on inputs and output (the plain integer op, as LiteRT). a NaN in b wins,
a NaN in a loses (LiteRT's reference kernel: b unless a is strictly less)."""
from interp import dtypes
from interp.ops import _binary, _qextra

TYPES = (dtypes.FLOAT32, dtypes.INT32, dtypes.INT64, dtypes.INT8, dtypes.UINT8, dtypes.INT16)


def prepare(node):
    _binary.prepare(node, "minimum", TYPES)
    _qextra.check_same_params(node, node.inputs[0], [("input 1", node.inputs[1]),
                                                     ("output 0", node.outputs[0])])


bind = _binary.bind
