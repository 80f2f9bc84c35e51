"""L2_NORMALIZATION (float32): golden tests of interp_f32_l2_normalization through the op.

Reference: numpy float64 x / max(sqrt(sum x^2), 1e-6) over the last axis, rounded to float32;
interp computes the norm in double and rounds each output once: rtol 1e-6. LiteRT (reference
kernels, float32 arithmetic): rtol 1e-5.
"""
import numpy as np
import pytest

from interp.errors import ModelError
from kernel_runner import run_op
from oneop import run_both
from support import litert

TILE_SIZES = [1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65]


def l2(x, options=None):
    return run_op("L2_NORMALIZATION", [x], options=options)[0]


def reference(x):
    z = x.astype(np.float64)
    norm = np.sqrt((z * z).sum(axis=-1, keepdims=True))
    with np.errstate(invalid="ignore"):
        return (z / np.maximum(norm, 1e-6)).astype(np.float32)


def test_hand_worked():
    # Values LiteRT 2.3.0 gave for these rows (observed): 3-4-5; zeros stay zero; a norm below
    # the epsilon 1e-6 divides by 1e-6; NaN poisons the row; inf gives inf/inf = NaN and x/inf = 0.
    x = np.array([[3, 4], [0, 0], [1e-7, 0], [np.nan, 1], [np.inf, 1], [1e-30, 1e-30]], np.float32)
    np.testing.assert_allclose(l2(x), [[0.6, 0.8], [0, 0], [0.1, 0], [np.nan, np.nan],
                                       [np.nan, 0], [1e-24, 1e-24]], rtol=1e-7)
    np.testing.assert_allclose(l2(np.array([3, -4], np.float32)), [0.6, -0.8], rtol=1e-7)
    # Squares that overflow float32 do not overflow the double sum.
    np.testing.assert_allclose(l2(np.array([3e30, 4e30], np.float32)), [0.6, 0.8], rtol=1e-7)


@pytest.mark.parametrize("depth", TILE_SIZES)
def test_random(depth):
    x = np.random.default_rng(depth).standard_normal((3, depth)).astype(np.float32)
    np.testing.assert_allclose(l2(x), reference(x), rtol=1e-6)


@pytest.mark.parametrize("shape", [(1, 1, 1, 2, 2), (2, 3, 4), (0, 3), (3, 0)])
def test_ranks_and_empty(shape):
    x = np.random.default_rng(1).standard_normal(shape).astype(np.float32)
    out = l2(x)
    assert out.shape == x.shape
    np.testing.assert_allclose(out, reference(x), rtol=1e-6)


@pytest.mark.parametrize("shape", [(4, 17), (1, 2, 2, 33), (65,)])
def test_against_litert(shape):
    litert()
    x = np.random.default_rng(3).standard_normal(shape).astype(np.float32)
    theirs, ours = run_both("L2_NORMALIZATION", [x], [(np.float32, shape)])
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-5, atol=1e-7)


def test_errors():
    x = np.ones((2, 2), np.float32)
    with pytest.raises(ModelError, match="fused activation 1 is not supported; "
                                         "L2_NORMALIZATION takes NONE"):
        l2(x, options={"fused_activation_function": 1})
    with pytest.raises(ModelError, match="INT8 but has no quantization parameters"):
        l2(np.ones((2, 2), np.int8))
    with pytest.raises(ModelError, match="INT32, which L2_NORMALIZATION does not support"):
        l2(np.ones((2, 2), np.int32))
    with pytest.raises(ModelError, match="must have rank >= 1"):
        l2(np.array(1.0, np.float32))
