"""interp.ops._quant: the multiplier pair and activation ranges, against hand-worked values
(FORMAT.md §8) and the defining identity real = multiplier / 2**31 * 2**shift."""
import math

import pytest

from interp import dtypes
from interp.ops import _quant
from interp.ops._activation import NONE, RELU, RELU6, RELU_N1_TO_1


@pytest.mark.parametrize("real, expected", [
    (0.5, (1 << 30, 0)),            # frexp(0.5) = (0.5, 0)
    (1.0, (1 << 30, 1)),            # (0.5, 1)
    (0.75, (3 << 29, 0)),
    (0.0, (0, 0)),
    (2.0 ** -40, (0, 0)),           # shift -39 < -31 flushes
    (1 - 2.0 ** -40, (1 << 30, 1)),  # q rounds up to 2**31 and is renormalised
])
def test_quantize_multiplier_hand_worked(real, expected):
    assert _quant.quantize_multiplier(real) == expected


def test_quantize_multiplier_identity():
    for real in (0.0003, 0.0123, 0.9, 1.7, 33.3, 1e-7):
        m, s = _quant.quantize_multiplier(real)
        assert 1 << 30 <= m < 1 << 31
        assert math.isclose(m / 2 ** 31 * 2 ** s, real, rel_tol=2 ** -30)


def test_activation_range():
    # scale 0.05, zp -10: 0 -> -10, 6 -> -10 + 120 = 110, -1 -> -30, 1 -> 10
    assert _quant.activation_range(RELU, 0.05, -10, dtypes.INT8) == (-10, 127)
    assert _quant.activation_range(RELU6, 0.05, -10, dtypes.INT8) == (-10, 110)
    assert _quant.activation_range(RELU_N1_TO_1, 0.05, -10, dtypes.INT8) == (-30, 10)
    assert _quant.activation_range(NONE, 0.05, -10, dtypes.INT8) == (-128, 127)
    # RELU6 with a scale so small that 6 is beyond the range: clamped to qmax
    assert _quant.activation_range(RELU6, 0.001, 0, dtypes.INT8) == (0, 127)
    assert _quant.activation_range(RELU, 1.0, 3, dtypes.UINT8) == (3, 255)
    # 2.5 -> rounds half away from zero to 3
    assert _quant.activation_range(RELU6, 2.4, 0, dtypes.INT16) == (0, 3)
