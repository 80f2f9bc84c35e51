"""QUANTIZE and DEQUANTIZE, bit-exact against LiteRT 2.3.0 (BUILTIN_WITHOUT_DEFAULT_DELEGATES, via
tests/quant_op.py; max abs difference 0, float outputs compared bit for bit), plus hand-worked
values. Observed LiteRT arithmetic (kernels.h, quantize.c): QUANTIZE rounds x * (1 / scale) to
nearest even in float; DEQUANTIZE computes q * scale + (-zp * scale) in float in blocks of 8 and
(double)scale * (q - zp) for the rest; 8-bit requantization rounds ties up in blocks of 16."""
import numpy as np
import pytest

from interp.errors import ModelError
from quant_op import Q, quant_model, ours, run_quant

TILE = (1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65)
QTYPES = {np.int8: -5, np.uint8: 130, np.int16: 0}


def _exact(op, inputs, outputs):
    lite, mine = run_quant(op, inputs, outputs)
    assert mine[0].dtype == lite[0].dtype and mine[0].shape == lite[0].shape
    if mine[0].dtype == np.float32:
        np.testing.assert_array_equal(mine[0].view(np.int32), lite[0].view(np.int32))
    else:
        diff = np.abs(mine[0].astype(np.int64) - lite[0].astype(np.int64))
        assert diff.max(initial=0) == 0, np.nonzero(diff)
    return mine[0]


# ---- QUANTIZE float32 -> int --------------------------------------------------------------------

def test_quantize_hand_worked_ties_to_even_and_saturation():
    # scale 0.5 (1 / scale = 2 exactly), zp 3: x * 2 = 1.5 -> 2, 2.5 -> 2, -0.5 -> -0 , -1.5 -> -2,
    # then + 3; 100 * 2 + 3 saturates to 127; inf, NaN and 1e30 convert to INT32_MIN -> -128.
    x = np.array([0.75, 1.25, -0.25, -0.75, 100.0, -100.0, np.inf, np.nan, 1e30, -0.0],
                 np.float32)
    want = np.array([5, 5, 3, 1, 127, -128, -128, -128, -128, 3], np.int8)
    got = _exact("QUANTIZE", [Q(x)], [Q(np.int8, 0.5, 3, shape=x.shape)])
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("dtype", list(QTYPES))
@pytest.mark.parametrize("scale", [0.1, 0.0371, 1 / 3, 2.0, 0.007])
def test_quantize_random_and_ties(dtype, scale):
    rng = np.random.default_rng(int(scale * 1000))
    s = np.float32(scale)
    x = (rng.standard_normal(3000) * 60 * s).astype(np.float32)
    ties = ((np.arange(-200, 200) + 0.5) * s).astype(np.float32)
    x = np.concatenate([x, ties, np.nextafter(ties, np.float32(np.inf)),
                        np.nextafter(ties, np.float32(-np.inf)),
                        [np.inf, -np.inf, np.nan, 0.0, -0.0, 1e30, -1e30]]).astype(np.float32)
    _exact("QUANTIZE", [Q(x)], [Q(dtype, scale, QTYPES[dtype], shape=x.shape)])


@pytest.mark.parametrize("dtype", [np.int8, np.int16])
@pytest.mark.parametrize("axis", [0, 1, 2])
def test_quantize_per_channel(dtype, axis):
    rng = np.random.default_rng(axis)
    x = (rng.standard_normal((3, 4, 37)) * 5).astype(np.float32)
    scales = list(np.linspace(0.01, 0.1, x.shape[axis]))
    _exact("QUANTIZE", [Q(x)], [Q(dtype, scales, 0, axis=axis, shape=x.shape)])


# ---- DEQUANTIZE -----------------------------------------------------------------------------------

def test_dequantize_hand_worked():
    # scale 0.5, zp -3: (q + 3) / 2
    q = np.array([-3, -2, 127, -128, 0], np.int8)
    got = _exact("DEQUANTIZE", [Q(q, 0.5, -3)], [Q(np.float32, shape=q.shape)])
    np.testing.assert_array_equal(got, [0.0, 0.5, 65.0, -62.5, 1.5])


@pytest.mark.parametrize("dtype", list(QTYPES))
@pytest.mark.parametrize("scale", [0.1, 0.0371, 1 / 3, 0.00123])
def test_dequantize_every_value(dtype, scale):
    info = np.iinfo(dtype)
    q = np.arange(max(info.min, -1000), min(info.max, 1000) + 1).astype(dtype)
    for n in (len(q), len(q) - 5, 7):  # whole blocks of 8 and tails
        _exact("DEQUANTIZE", [Q(q[:n], scale, QTYPES[dtype])], [Q(np.float32, shape=(n,))])


@pytest.mark.parametrize("n", TILE)
def test_dequantize_sizes(n):
    rng = np.random.default_rng(n)
    q = rng.integers(0, 256, size=n).astype(np.uint8)
    _exact("DEQUANTIZE", [Q(q, 0.1, 130)], [Q(np.float32, shape=(n,))])


@pytest.mark.parametrize("dtype", [np.int8, np.uint8])
@pytest.mark.parametrize("axis", [0, 1, 2])
def test_dequantize_per_channel(dtype, axis):
    rng = np.random.default_rng(axis)
    q = rng.integers(0, 100, size=(3, 4, 37)).astype(dtype)
    scales = list(np.linspace(0.01, 0.1, q.shape[axis]))
    _exact("DEQUANTIZE", [Q(q, scales, 0, axis=axis)], [Q(np.float32, shape=q.shape)])


def test_dequantize_float16():
    h = np.array([0.5, -1.25, 65504, -0.0, np.inf, 1e-7], np.float16)
    got = _exact("DEQUANTIZE", [Q(h)], [Q(np.float32, shape=h.shape)])
    np.testing.assert_array_equal(got, h.astype(np.float32))


# ---- requantize ---------------------------------------------------------------------------------

def test_requantize_hand_worked():
    # int8 scale 0.05 -> 0.2 (multiplier 1/4), zero points 0. A whole block of 16 rounds ties up:
    # -6/4 = -1.5 -> -1 (the high multiply halves -6 to -3, the shift gives -1.5 -> -1), -2/4 -> 0,
    # 2/4 -> 1, 6/4 -> 2; the 1-element tail rounds half away from zero: -6/4 -> -2.
    q = np.array([-6, -2, 2, 6] + [0] * 12 + [-6], np.int8)
    got = _exact("QUANTIZE", [Q(q, 0.05, 0)], [Q(np.int8, 0.2, 0, shape=q.shape)])
    np.testing.assert_array_equal(got[:4], [-1, 0, 1, 2])
    assert got[16] == -2


@pytest.mark.parametrize("pair", [(np.int8, np.int8, -3, 5), (np.int8, np.uint8, -3, 125),
                                  (np.uint8, np.int8, 128, 0), (np.uint8, np.uint8, 120, 130),
                                  (np.int16, np.int16, 0, 0), (np.int16, np.int8, 2, -3),
                                  (np.int8, np.int16, 3, 0)])
@pytest.mark.parametrize("scales", [(0.05, 0.2), (0.01, 0.0333), (0.1, 0.07), (0.3, 0.3)])
def test_requantize_random(pair, scales):
    src, dst, zi, zo = pair
    rng = np.random.default_rng(7)
    info = np.iinfo(src)
    for n in (1021, 1037, 15, 16, 17):
        q = rng.integers(info.min, info.max + 1, size=n).astype(src)
        _exact("QUANTIZE", [Q(q, scales[0], zi)], [Q(dst, scales[1], zo, shape=q.shape)])


# ---- errors -------------------------------------------------------------------------------------

def _error(op, inputs, outputs):
    data = quant_model(op, inputs, outputs)
    with pytest.raises(ModelError) as info:
        ours(data, [np.asarray(q.value) for q in inputs])
    return str(info.value)


def test_errors():
    x = np.zeros(4, np.float32)
    msg = _error("QUANTIZE", [Q(x)], [Q(np.int8, shape=(4,))])
    assert "(QUANTIZE)" in msg and "output 0" in msg and "no quantization parameters" in msg
    msg = _error("QUANTIZE", [Q(x)], [Q(np.float32, shape=(4,))])
    assert "output 0" in msg and "FLOAT32" in msg
    q16 = np.zeros(4, np.int16)
    msg = _error("QUANTIZE", [Q(q16, 0.1, 0)], [Q(np.int16, 0.1, 3, shape=(4,))])
    assert "output 0" in msg and "zero point 3" in msg
    msg = _error("QUANTIZE", [Q(q16, 0.1, 0)], [Q(np.uint8, 0.1, 3, shape=(4,))])
    assert "INT16" in msg and "UINT8" in msg and "requantizes" in msg
    msg = _error("DEQUANTIZE", [Q(q16, 0.1, 2)], [Q(np.float32, shape=(4,))])
    assert "(DEQUANTIZE)" in msg and "zero point 2" in msg
    msg = _error("DEQUANTIZE", [Q(q16.reshape(2, 2), [0.1, 0.2], 0)], [Q(np.float32, shape=(2, 2))])
    assert "per-channel" in msg
    msg = _error("DEQUANTIZE", [Q(np.zeros(4, np.int8), 0.1, 0)], [Q(np.int8, 0.1, 0, shape=(4,))])
    assert "output 0" in msg and "FLOAT32" in msg
    msg = _error("DEQUANTIZE", [Q(np.zeros(4, np.int8), [0.1, 0.2, 0.3], 0)],
                 [Q(np.float32, shape=(4,))])
    assert "3 scales" in msg


# ---- ties in LiteRT's scalar tail and per-channel kernel (a bug found in review) -------------

TIES = np.array([1.25, -1.25, 100, -100, 0.75, -0.75, 0.25, -0.25, 0.5, -0.5, 1.5, -1.5], np.float32)


@pytest.mark.parametrize("n", [4, 8, 13, 17, 33])
@pytest.mark.parametrize("dt, zp", [(np.int8, -3), (np.uint8, 128), (np.int16, 0)])
def test_quantize_tail_rounds_half_away(n, dt, zp):
    """Whole blocks of 8 round x * (1/scale) to even; the n % 8 elements after them round
    x / scale half away from zero. Hand-worked for n = 4 (all tail), scale 0.5, int8 zp -3:
    1.25 -> 2.5 -> 3 -> 0; -1.25 -> -3 -> -6 (in a block: 2 -> -1 and -2 -> -5)."""
    x = np.resize(TIES, n)
    want, got = run_quant("QUANTIZE", [x], [Q(dt, 0.5, zp, shape=(n,))])
    np.testing.assert_array_equal(got[0], want[0])
    if n == 4 and dt is np.int8:
        np.testing.assert_array_equal(got[0], [0, -6, 127, -128])


def test_quantize_per_channel_rounds_half_away():
    x = np.resize(TIES, (3, 12))
    want, got = run_quant("QUANTIZE", [x], [Q(np.int8, [0.5, 0.25, 0.5], [0, 1, -3], axis=0,
                                               shape=(3, 12))])
    np.testing.assert_array_equal(got[0], want[0])
    # row 0, scale 0.5, zp 0: 0.25 -> 0.5 -> 1 (half away from zero), -0.25 -> -1
    np.testing.assert_array_equal(got[0][0, 6:8], [1, -1])
