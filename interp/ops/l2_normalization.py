"""L2_NORMALIZATION, float32, over the last axis: x / max(‖x‖₂, 1e-6), LiteRT's epsilon. The
options' fused activation must be NONE (LiteRT rejects the others). Quantized is a later issue."""
import functools
from dataclasses import dataclass

from interp.ops._activation import prepare_float_unary
from interp.ops._kernels import lib, params, ptr

EPSILON = 1e-6


@dataclass(frozen=True)
class Options:
    fused_activation_function: int = 0


def init(operator):
    return Options(int(operator.builtin_options.get("fused_activation_function", 0)))


def prepare(node):
    if node.options.fused_activation_function != 0:
        raise node.error(f"fused activation {node.options.fused_activation_function} is not "
                         f"supported; L2_NORMALIZATION takes NONE (0), as LiteRT")
    prepare_float_unary(node)
    x = node.inputs[0]
    if not x.shape:
        raise node.error(f"input {x.describe()} must have rank >= 1")
    depth = x.shape[-1]
    node.state = params("interp_l2_norm_params", rows=x.size // depth if depth else 0,
                        depth=depth, epsilon=EPSILON)


def bind(node):
    return functools.partial(lib.interp_f32_l2_normalization, ptr(node.inputs[0]),
                             ptr(node.outputs[0]), node.state)
