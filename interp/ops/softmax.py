"""SOFTMAX, float32, over the last axis: exp(beta·(x − max)) / Σ. Quantized is a later issue."""
import functools
from dataclasses import dataclass

from interp.ops._activation import prepare_float_unary
from interp.ops._kernels import lib, params, ptr


@dataclass(frozen=True)
class Options:
    beta: float = 0.0  # the schema default; converters always write it (1.0)


def init(operator):
    return Options(float(operator.builtin_options.get("beta", 0.0)))


def prepare(node):
    prepare_float_unary(node)
    x = node.inputs[0]
    if not x.shape:
        raise node.error(f"input {x.describe()} must have rank >= 1")
    depth = x.shape[-1]
    node.state = params("interp_softmax_params", rows=x.size // depth if depth else 0,
                        depth=depth, beta=node.options.beta)


def bind(node):
    return functools.partial(lib.interp_f32_softmax, ptr(node.inputs[0]), ptr(node.outputs[0]),
                             node.state)
