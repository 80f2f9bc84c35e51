"""RELU_N1_TO_1: x clamped to [-1, 1], float32 (NaN stays NaN); int8/uint8 requantized to the
output's parameters, then clamped (LiteRT's QuantizedReluX; LiteRT has no int16 variant)."""
from interp import dtypes
from interp.ops import _activation, _quant_activation as _qact
from interp.ops._kernels import QUANTIZED


def prepare(node):
    if node.inputs and node.inputs[0] is not None and node.inputs[0].type in QUANTIZED:
        _qact.prepare_relu(node, -1.0, 1.0, (dtypes.INT8, dtypes.UINT8))
    else:
        _activation.prepare_clamp(node, -1.0, 1.0)


def bind(node):
    return _qact.bind(node) if _qact.is_quantized_node(node) else _activation.bind_clamp(node)
