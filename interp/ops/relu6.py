"""RELU6: min(max(x, 0), 6), float32 (NaN stays NaN); int8/uint8/int16 requantized to the
output's parameters, then clamped to [0, 6] (LiteRT's QuantizedReluX)."""
from interp.ops import _activation, _quant_activation as _qact
from interp.ops._kernels import QUANTIZED


def prepare(node):
    if node.inputs and node.inputs[0] is not None and node.inputs[0].type in QUANTIZED:
        _qact.prepare_relu(node, 0.0, 6.0)
    else:
        _activation.prepare_clamp(node, 0.0, 6.0)


def bind(node):
    return _qact.bind(node) if _qact.is_quantized_node(node) else _activation.bind_clamp(node)
