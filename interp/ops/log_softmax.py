"""LOG_SOFTMAX, float32, over the last axis: x − max − log Σ exp(x − max) (no options; quantized
is a later issue)."""
import functools

from interp.ops._activation import prepare_float_unary
from interp.ops._kernels import lib, params, ptr


def prepare(node):
    prepare_float_unary(node)
    x = node.inputs[0]
    if not x.shape:
        raise node.error(f"input {x.describe()} must have rank >= 1")
    depth = x.shape[-1]
    node.state = params("interp_softmax_params", rows=x.size // depth if depth else 0,
                        depth=depth, beta=1.0)


def bind(node):
    return functools.partial(lib.interp_f32_log_softmax, ptr(node.inputs[0]),
                             ptr(node.outputs[0]), node.state)
