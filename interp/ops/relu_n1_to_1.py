"""RELU_N1_TO_1: x clamped to [-1, 1], float32 (NaN stays NaN)."""
from interp.ops import _activation


def prepare(node):
    _activation.prepare_clamp(node, -1.0, 1.0)


bind = _activation.bind_clamp
