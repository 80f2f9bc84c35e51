"""GELU: x * Phi(x), float32; GeluOptions.approximate (default false) selects the tanh form
x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))) instead of the exact erf one. int8 / uint8 run
through LiteRT's float-computed 256-entry table (any input and output scale and zero point)."""
from dataclasses import dataclass

from interp import dtypes
from interp.ops import _quant_activation as _qact, _unary
from interp.ops._kernels import params

QTYPES = (dtypes.INT8, dtypes.UINT8)


@dataclass(frozen=True)
class Options:
    approximate: bool = False


def init(operator):
    return Options(bool(operator.builtin_options.get("approximate", False)))


def prepare(node):
    if node.inputs and node.inputs[0].type in QTYPES:
        op = "gelu_tanh" if node.options.approximate else "gelu"
        _qact.prepare_float_table(node, op, QTYPES)
        return
    _unary.prepare(node, "gelu", (dtypes.FLOAT32,) + QTYPES,
                   params("interp_gelu_params", approximate=int(node.options.approximate)))


def bind(node):
    if _qact.is_quantized_node(node):
        return _qact.bind(node)
    return _unary.bind(node)
