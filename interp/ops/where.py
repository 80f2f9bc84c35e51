"""WHERE (one input): the coordinates of the non-zero (True) elements of the input, INT64
[count, rank], in row-major order. The count depends on the values, so unless the input is a
constant the node is prepared when it runs (``node.value(0)`` raises DynamicShape in prepare)."""
import numpy as np

from interp import dtypes

TYPES = (dtypes.BOOL, dtypes.FLOAT32, dtypes.INT32, dtypes.INT64, dtypes.UINT8, dtypes.INT8)


def prepare(node):
    node.expect_io(1, 1)
    x, out = node.inputs[0], node.outputs[0]
    if x.type not in TYPES:
        raise node.error(f"input {x.describe()} has type {dtypes.name(x.type)}; WHERE takes "
                         + ", ".join(dtypes.name(t) for t in TYPES))
    if out.type != dtypes.INT64:
        raise node.error(f"output {out.describe()} must be INT64")
    count = int(np.count_nonzero(node.value(0)))
    out.shape = (count, len(x.shape))


def bind(node):
    x, out = node.inputs[0].data, node.outputs[0].data

    def run():
        for d, coords in enumerate(np.nonzero(x)):
            out[:, d] = coords
    return run
