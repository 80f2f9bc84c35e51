"""SOFTMAX and LOG_SOFTMAX (float32): golden tests of kernels/softmax.c through the ops (no model),
and one-op models in LiteRT (reference kernels; rtol 1e-5, it computes in float32).

Random cases compare with numpy float64 (shift by the max, exp, normalise) rounded to float32:
relative tolerance 1e-6; absolute 1e-40 only for outputs that are float32 subnormals, where the
format itself has less than 1e-6 relative precision.
"""
import numpy as np
import pytest

from interp.errors import ModelError
from interp.ops._kernels import ffi, lib
from kernel_runner import run_op
from oneop import run_both
from support import litert

TILE_SIZES = [1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100]


def softmax(x, beta=1.0):
    return run_op("SOFTMAX", [x], options={"beta": beta})[0]


def reference(x, beta=1.0):
    z = x.astype(np.float64) * beta
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return (e / e.sum(axis=-1, keepdims=True)).astype(np.float32)


def assert_close(got, want):
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-40)


# ---- hand-worked ---------------------------------------------------------------------------

def test_hand_worked():
    # e^0 : e^(ln 3) = 1 : 3 -> [1/4, 3/4] (float32(ln 3) is rounded: allow one ulp).
    assert_close(softmax(np.array([0, np.log(3)], np.float32)), [0.25, 0.75])
    np.testing.assert_array_equal(softmax(np.ones((2, 4), np.float32)), np.full((2, 4), 0.25))
    # Stability: exp(1000) overflows, exp(1000 - max) does not.
    np.testing.assert_array_equal(softmax(np.array([1000, 1000], np.float32)), [0.5, 0.5])
    np.testing.assert_array_equal(softmax(np.array([-1000, 1000], np.float32)), [0, 1])
    np.testing.assert_array_equal(softmax(np.array([-np.inf, 0], np.float32)), [0, 1])
    np.testing.assert_array_equal(softmax(np.array([[5.0]], np.float32)), [[1]])


def test_beta():
    # beta scales the logits: beta 2 on [0, ln(3)/2] is [0, ln 3] -> [1/4, 3/4].
    assert_close(softmax(np.array([0, np.log(3) / 2], np.float32), beta=2.0), [0.25, 0.75])
    # beta 0: uniform whatever the input (LiteRT 2.3.0, observed).
    np.testing.assert_array_equal(softmax(np.array([0, 1, 2], np.float32), beta=0.0),
                                  np.full(3, np.float32(1 / 3)))
    # Negative beta flips the order: [0, ln 3] -> [3/4, 1/4] (LiteRT 2.3.0, observed).
    assert_close(softmax(np.array([0, np.log(3)], np.float32), beta=-1.0), [0.75, 0.25])
    # LiteRT gives [0, nan] here (exp overflows); interp shifts by the min instead: [0, 1].
    np.testing.assert_array_equal(softmax(np.array([1000, -1000], np.float32), beta=-1.0), [0, 1])


def test_missing_options_mean_beta_zero():
    # The schema default of beta is 0.0; LiteRT 2.3.0 with options NONE outputs a uniform row.
    out = run_op("SOFTMAX", [np.array([[0, 1, 2]], np.float32)], options={})[0]
    np.testing.assert_array_equal(out, np.full((1, 3), np.float32(1 / 3)))


def test_nan_poisons_only_its_row():
    x = np.array([[0, np.nan, 1], [0, 1, 2]], np.float32)
    out = softmax(x)
    assert np.isnan(out[0]).all()
    assert_close(out[1], reference(x[1]))


# ---- random against numpy ------------------------------------------------------------------

@pytest.mark.parametrize("depth", TILE_SIZES)
def test_random_depths(depth):
    rng = np.random.default_rng(depth)
    for rows in (1, 3):
        x = (rng.standard_normal((rows, depth)) * 5).astype(np.float32)
        for beta in (1.0, 0.5, 3.0):
            assert_close(softmax(x, beta), reference(x, beta))


@pytest.mark.parametrize("shape", [(9,), (2, 9), (2, 3, 17), (2, 2, 3, 33), (0, 4), (3, 0)])
def test_ranks_and_empty(shape):
    rng = np.random.default_rng(len(shape))
    x = (rng.standard_normal(shape) * 20).astype(np.float32)
    out = softmax(x)
    assert out.shape == x.shape
    if x.size:
        assert_close(out, reference(x))
        assert_close(out.sum(axis=-1), np.ones(shape[:-1]))


def test_in_place():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((3, 17)).astype(np.float32)
    buf = x.copy()
    ptr = ffi.from_buffer("float[]", buf)
    p = ffi.new("interp_softmax_params *", {"rows": 3, "depth": 17, "beta": 1.0})
    assert lib.interp_f32_softmax(ptr, ptr, p) == 0
    assert_close(buf, reference(x))


# ---- errors --------------------------------------------------------------------------------

def test_errors():
    # the quantized paths: tests/test_quant_activations.py
    with pytest.raises(ModelError, match="INT8 but has no quantization parameters"):
        softmax(np.zeros((1, 3), np.int8))
    with pytest.raises(ModelError, match="must have rank >= 1"):
        softmax(np.array(1.0, np.float32))
    with pytest.raises(ModelError, match=r"output 0 .* INT32 but input 0 is FLOAT32"):
        run_op("SOFTMAX", [np.zeros((1, 3), np.float32)], output_types=[np.int32])


# ---- LOG_SOFTMAX ---------------------------------------------------------------------------
# Reference: numpy float64 x - max - log(sum(exp(x - max))), rounded to float32; interp computes
# in double and rounds once: rtol 1e-6 and atol 1e-6 (outputs near 0 come from a cancellation
# x - shift whose float32 inputs carry 6e-8 relative error each).

def log_softmax(x):
    return run_op("LOG_SOFTMAX", [x])[0]


def log_reference(x):
    z = x.astype(np.float64)
    m = z.max(axis=-1, keepdims=True)
    return (z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))).astype(np.float32)


def test_log_softmax_hand_worked():
    np.testing.assert_allclose(log_softmax(np.array([0, 0], np.float32)), [-np.log(2)] * 2,
                               rtol=1e-7)
    # Values LiteRT 2.3.0 gave (observed) for these rows.
    x = np.array([[0, 1, 2], [1000, 0, -1000], [-np.inf, 0, 1]], np.float32)
    np.testing.assert_allclose(log_softmax(x), [[-2.4076059, -1.4076059, -0.40760595],
                                                [0, -1000, -2000],
                                                [-np.inf, -1.3132616, -0.31326166]], rtol=1e-7)
    out = log_softmax(np.array([[np.nan, 1, 2], [np.inf, 0, 1]], np.float32))
    assert np.isnan(out).all()  # LiteRT: the same


@pytest.mark.parametrize("depth", TILE_SIZES)
def test_log_softmax_random(depth):
    rng = np.random.default_rng(depth + 100)
    x = (rng.standard_normal((3, depth)) * 5).astype(np.float32)
    np.testing.assert_allclose(log_softmax(x), log_reference(x), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("shape", [(9,), (2, 3, 17), (1, 1, 1, 1, 2), (0, 4), (3, 0)])
def test_log_softmax_ranks_and_empty(shape):
    x = np.random.default_rng(1).standard_normal(shape).astype(np.float32)
    out = log_softmax(x)
    assert out.shape == x.shape
    if x.size:
        np.testing.assert_allclose(out, log_reference(x), rtol=1e-6, atol=1e-6)


def test_log_softmax_errors():
    with pytest.raises(ModelError, match="quantized INT8 LOG_SOFTMAX is not supported yet"):
        log_softmax(np.zeros((1, 3), np.int8))
    with pytest.raises(ModelError, match="must have rank >= 1"):
        log_softmax(np.array(1.0, np.float32))


# ---- against LiteRT ------------------------------------------------------------------------

@pytest.mark.parametrize("op, options", [("SOFTMAX", {"beta": 1.0}), ("SOFTMAX", {"beta": 0.5}),
                                         ("LOG_SOFTMAX", {})])
@pytest.mark.parametrize("shape", [(4, 17), (2, 3, 33), (1, 1, 2, 2, 5), (65,)])
def test_against_litert(op, options, shape):
    litert()
    x = (np.random.default_rng(2).standard_normal(shape) * 4).astype(np.float32)
    theirs, ours = run_both(op, [x], [(np.float32, shape)], options=options)
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-5, atol=1e-6)


def test_exponential_accuracy_over_the_whole_range():
    # Each row [0, -t] gives e^-t / (1 + e^-t) in its second column: t runs over the whole range
    # where float32 results are nonzero (and past it, where they must be 0), probing the kernel's
    # own exponential at 20001 points.
    t = np.linspace(0, 120, 20001).astype(np.float32)
    x = np.stack([np.zeros_like(t), -t], axis=1)
    assert_close(softmax(x), reference(x))
    assert_close(log_softmax(x), log_reference(x))
    assert (softmax(x)[t > 104, 1] == 0).all()
