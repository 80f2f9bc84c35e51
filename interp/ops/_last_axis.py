"""The shared prepare/bind of the float32 ops that work row by row over the last axis (SOFTMAX,
LOG_SOFTMAX, L2_NORMALIZATION): input viewed as [rows, depth], output of the input's shape."""
import functools

from interp.ops._activation import prepare_float_unary
from interp.ops._kernels import params, ptr


def prepare(node, struct, **fields):
    """Check the node (float32, rank >= 1) and make the C params ``struct`` with rows, depth and
    ``fields``."""
    prepare_float_unary(node)
    x = node.inputs[0]
    if not x.shape:
        raise node.error(f"input {x.describe()} must have rank >= 1")
    depth = x.shape[-1]
    node.state = params(struct, rows=x.size // depth if depth else 0, depth=depth, **fields)


def bind(node, fn):
    return functools.partial(fn, ptr(node.inputs[0]), ptr(node.outputs[0]), node.state)
