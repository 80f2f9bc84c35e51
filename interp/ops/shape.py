"""SHAPE: the input's shape as a 1-D INT32 or INT64 tensor (the output's type; ``out_type`` in the
options should agree). Depends only on the input's shape, so the executor folds it."""
import functools
from dataclasses import dataclass

import numpy as np

from interp import dtypes

SHAPE_ONLY = True


@dataclass(frozen=True)
class Options:
    out_type: int = dtypes.INT32


def init(operator):
    return Options(int(operator.builtin_options.get("out_type", dtypes.INT32)))


def prepare(node):
    node.expect_io(1, 1)
    x, y = node.inputs[0], node.outputs[0]
    if y.type not in (dtypes.INT32, dtypes.INT64):
        raise node.error(f"output {y.describe()} must be INT32 or INT64")
    # out_type defaults to 0 (FLOAT32) in the schema; only a stated integer type must agree.
    if node.options.out_type in (dtypes.INT32, dtypes.INT64) and node.options.out_type != y.type:
        raise node.error(f"out_type {dtypes.name(node.options.out_type)} disagrees with output "
                         f"{y.describe()}")
    y.shape = (len(x.shape),)
    node.state = np.array(x.shape, dtypes.NUMPY[y.type])


def bind(node):
    return functools.partial(np.copyto, node.outputs[0].data, node.state)
