"""LEAKY_RELU: x for x > 0, alpha * x otherwise (LeakyReluOptions.alpha, default 0.0), float32;
int8/uint8/int16 with LiteRT's two requantizations (identity above the zero point, alpha below)."""
from dataclasses import dataclass

from interp import dtypes
from interp.ops import _quant_activation as _qact, _unary
from interp.ops._kernels import QUANTIZED, params


@dataclass(frozen=True)
class Options:
    alpha: float = 0.0


def init(operator):
    return Options(float(operator.builtin_options.get("alpha", 0.0)))


def prepare(node):
    if node.inputs and node.inputs[0] is not None and node.inputs[0].type in QUANTIZED:
        _qact.prepare_leaky_relu(node, node.options.alpha)
        return
    _unary.prepare(node, "leaky_relu", (dtypes.FLOAT32,),
                   params("interp_leaky_relu_params", alpha=node.options.alpha))


def bind(node):
    return _qact.bind(node) if _qact.is_quantized_node(node) else _unary.bind(node)
