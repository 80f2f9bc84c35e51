"""RELU: max(x, 0), float32 (NaN stays NaN)."""
import math

from interp.ops import _activation


def prepare(node):
    _activation.prepare_clamp(node, 0.0, math.inf)


bind = _activation.bind_clamp
