"""SOFTMAX, float32, over the last axis: exp(beta·(x − max)) / Σ. Quantized is a later issue."""
import functools
from dataclasses import dataclass

from interp import dtypes
from interp.ops._kernels import check_same_type, lib, params, ptr, unsupported_type


@dataclass(frozen=True)
class Options:
    beta: float = 0.0  # the schema default; converters always write it (1.0)


def init(operator):
    return Options(float(operator.builtin_options.get("beta", 0.0)))


def prepare(node):
    node.expect_io(1, 1)
    x, y = node.inputs[0], node.outputs[0]
    if x.type != dtypes.FLOAT32:
        raise unsupported_type(node, x, (dtypes.FLOAT32,))
    check_same_type(node, x, [("output 0", y)])
    if not x.shape:
        raise node.error(f"input {x.describe()} must have rank >= 1")
    depth = x.shape[-1]
    y.shape = x.shape
    node.state = params("interp_softmax_params", rows=x.size // depth if depth else 0,
                        depth=depth, beta=node.options.beta)


def bind(node):
    return functools.partial(lib.interp_f32_softmax, ptr(node.inputs[0]), ptr(node.outputs[0]),
                             node.state)
