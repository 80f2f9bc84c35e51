"""RELU6: min(max(x, 0), 6), float32 (NaN stays NaN)."""
from interp.ops import _activation


def prepare(node):
    _activation.prepare_clamp(node, 0.0, 6.0)


bind = _activation.bind_clamp
