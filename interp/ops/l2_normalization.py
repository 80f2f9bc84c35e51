"""L2_NORMALIZATION, float32, over the last axis: x / max(‖x‖₂, 1e-6), LiteRT's epsilon. The
options' fused activation must be NONE (LiteRT rejects the others). Quantized is a later issue."""
from dataclasses import dataclass

from interp.ops import _last_axis
from interp.ops._kernels import lib

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
    _last_axis.prepare(node, "interp_l2_norm_params", epsilon=EPSILON)


def bind(node):
    return _last_axis.bind(node, lib.interp_f32_l2_normalization)
