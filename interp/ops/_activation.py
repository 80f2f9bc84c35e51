"""Fused activations (FORMAT.md §3.2) and the shared body of the float activation ops
RELU, RELU6, LOGISTIC, TANH and SOFTMAX (one input, one output of the same shape)."""
import functools

import numpy as np

from interp import dtypes
from interp.ops._kernels import check_same_type, lib, params, ptr, unsupported_type

NONE, RELU, RELU_N1_TO_1, RELU6, TANH, SIGN_BIT = 0, 1, 2, 3, 4, 5

# (lo, hi) of the clamping activations; None = the type's own limit.
_BOUNDS = {RELU: (0, None), RELU_N1_TO_1: (-1, 1), RELU6: (0, 6)}


def clamp_range(code: int, type_code: int):
    """(lo, hi) that fused activation ``code`` clamps a ``type_code`` result to. NONE, TANH,
    SIGN_BIT and unknown codes do not clamp (LiteRT's rule), giving the type's whole range."""
    if type_code == dtypes.FLOAT32:
        full = (-np.inf, np.inf)
    else:
        info = np.iinfo(dtypes.NUMPY[type_code])
        full = (int(info.min), int(info.max))
    lo, hi = _BOUNDS.get(code, (None, None))
    return (full[0] if lo is None else lo, full[1] if hi is None else hi)


def prepare_float_unary(node):
    """Checks of an elementwise float32 op; the output takes the input's shape."""
    node.expect_io(1, 1)
    x, y = node.inputs[0], node.outputs[0]
    if x.type != dtypes.FLOAT32:
        raise unsupported_type(node, x, (dtypes.FLOAT32,))
    check_same_type(node, x, [("output 0", y)])
    y.shape = x.shape


def bind_float_unary(node, fn, *extra):
    """``fn(x, y, n, *extra)`` over the whole tensor."""
    x, y = node.inputs[0], node.outputs[0]
    return functools.partial(fn, ptr(x), ptr(y), x.size, *extra)


def prepare_clamp(node, lo, hi):
    """RELU-family ops: a float32 clamp to [lo, hi] (one C kernel, interp_f32_relu)."""
    prepare_float_unary(node)
    node.state = params("interp_relu_params", lo=lo, hi=hi)


def bind_clamp(node):
    return bind_float_unary(node, lib.interp_f32_relu, node.state)
