"""HARD_SWISH: x * relu6(x + 3) / 6, float32; int8/uint8 with LiteRT's 16-bit fixed-point
"reluish" scheme (a 256-entry table built in prepare). LiteRT has no int16 HARD_SWISH."""
from interp import dtypes
from interp.ops import _quant_activation as _qact, _unary
from interp.ops._kernels import QUANTIZED, unsupported_type

TYPES = (dtypes.FLOAT32,)


def prepare(node):
    x = node.inputs[0] if node.inputs else None
    if x is not None and x.type in QUANTIZED:
        if x.type == dtypes.INT16:
            raise unsupported_type(node, x, (dtypes.FLOAT32, dtypes.INT8, dtypes.UINT8),
                                   quantized_later=False)
        _qact.prepare_hard_swish(node)
        return
    _unary.prepare(node, "hard_swish", TYPES)


def bind(node):
    return _qact.bind(node) if _qact.is_quantized_node(node) else _unary.bind(node)
