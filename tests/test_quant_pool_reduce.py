"""Quantized MEAN, SUM, AVERAGE_POOL_2D and MAX_POOL_2D (INT8, UINT8, INT16), bit-exact against
LiteRT 2.3.0's built-in kernels (BUILTIN_WITHOUT_DEFAULT_DELEGATES via tests/quant_op.py; max abs
difference 0), plus hand-worked values derived in the comments."""
import numpy as np
import pytest

from interp.errors import ModelError
from quant_op import Q, quant_model, ours, run_quant

DTYPES = {np.int8: (-3, 5), np.uint8: (128, 120), np.int16: (0, 0)}


def _rand(rng, dtype, shape):
    info = np.iinfo(dtype)
    return rng.integers(info.min, info.max + 1, size=shape).astype(dtype)


def _exact(op, inputs, outputs, const=(), options=None):
    lite, mine = run_quant(op, inputs, outputs, const=const, options=options)
    assert mine[0].dtype == lite[0].dtype and mine[0].shape == lite[0].shape
    diff = np.abs(mine[0].astype(np.int64) - lite[0].astype(np.int64))
    assert diff.max(initial=0) == 0, np.nonzero(diff)
    return mine[0]


def _reduced_shape(shape, axes, keep):
    axes = [a % len(shape) for a in axes]
    if keep:
        return tuple(1 if d in axes else n for d, n in enumerate(shape))
    return tuple(n for d, n in enumerate(shape) if d not in axes)


def _reduce(op, x, axes, keep, qin, qout):
    ax = np.array(axes, np.int32)
    return _exact(op, [Q(x, *qin), Q(ax)], [Q(x.dtype, *qout, shape=_reduced_shape(x.shape, axes,
                                                                                     keep))],
                  const=(1,), options={"keep_dims": keep})


# ---- MEAN / SUM hand-worked ------------------------------------------------------------------------

def test_mean_hand_worked_reference_rule():
    # [1, 2, 2, 1] int8, scale 1 zp 0 -> scale 1 zp 0, keep_dims false (the reference rule):
    # the multiplier 1 (q31 2^30, shift 1) has 1/4 folded in: k = 2, (2^30 << 2) / 4 = 2^30,
    # shift 1 - 2 = -1, i.e. * 0.5 * 2^... = 1/4; sums 2 -> 0.5 -> 1, -2 -> -0.5 -> -1 (half
    # away from zero), 6 -> 1.5 -> 2, 508 -> 127
    x = np.array([[1, 1, 0, 0], [-1, -1, 0, 0], [1, 2, 3, 0], [127, 127, 127, 127]], np.int8)
    got = _reduce("MEAN", x.reshape(4, 2, 2, 1), [1, 2], False, (1.0, 0), (1.0, 0))
    np.testing.assert_array_equal(got.ravel(), [1, -1, 2, 127])


def test_mean_hand_worked_4d_fast_path():
    # keep_dims with axes [1, 2] of a 4-D int8 input: LiteRT's optimized mean. Scales 1 -> 1,
    # zp_in 2 -> zp_out 0: bias = 0 - trunc(2 * 1 / 1 + 0.5) = -2, multiplier 1/4 = (2^30, -1)
    # on the raw sums, double rounding (3 channels: the scalar tail): 8 -> 4 -> 2, - 2 = 0;
    # 9 -> 4.5 -> 5 -> 2.5 -> 3, - 2 = 1 (not round(2.25) = 2); 7 -> 3.5 -> 4 -> 2, - 2 = 0.
    x = np.array([[2, 2, 2, 2], [3, 2, 2, 2], [2, 2, 2, 1]], np.int8).reshape(3, 2, 2, 1)
    got = _reduce("MEAN", x, [1, 2], True, (1.0, 2), (1.0, 0))
    np.testing.assert_array_equal(got.ravel(), [0, 1, 0])


def test_sum_hand_worked_saturation():
    # SUM, scale 0.5 zp 0 -> scale 1 zp 0: round(sum * 0.5), half away from zero; saturates
    x = np.array([[1, 2], [-1, -2], [100, 100], [-128, -128], [1, 0]], np.int8)
    got = _reduce("SUM", x, [1], False, (0.5, 0), (1.0, 0))
    np.testing.assert_array_equal(got, [2, -2, 100, -128, 1])
    got = _reduce("SUM", x, [1], False, (1.0, 0), (1.0, 0))
    np.testing.assert_array_equal(got, [3, -3, 127, -128, 1])


# ---- MEAN / SUM random, bit-exact against LiteRT -------------------------------------------------

CASES = [((1, 3, 3, 1280), [1, 2], False),   # MobileNetV2's global average pool
         ((1, 3, 3, 1280), [1, 2], True),
         ((2, 7, 5, 37), [1, 2], True), ((2, 7, 5, 37), [2, 1], True), ((1, 4, 4, 15), [1, 2], True),
         ((1, 4, 4, 16), [-3, -2], True), ((1, 4, 4, 17), [1, 2], True),
         ((2, 7, 5, 37), [-1], False), ((4, 33), [0], True), ((4, 33), [1], False),
         ((3, 4, 5), [0, 2], False), ((3, 4, 5), [], False), ((2, 7, 5, 37), [0, 1, 2, 3], False),
         ((3, 4, 5), [1, 1], True), ((65,), [0], False), ((2, 3, 4, 5, 6), [1, 3], False)]


@pytest.mark.parametrize("op", ["MEAN", "SUM"])
@pytest.mark.parametrize("dtype", list(DTYPES))
@pytest.mark.parametrize("case", CASES, ids=[f"{s}-{a}-{k}" for s, a, k in CASES])
def test_mean_sum_random(op, dtype, case):
    shape, axes, keep = case
    rng = np.random.default_rng(len(shape) * 10 + len(axes))
    zi, zo = DTYPES[dtype]
    x = _rand(rng, dtype, shape)
    for qin, qout in (((0.05, zi), (0.04, zo)), ((0.1, zi), (0.3, zo)), ((0.02, zi), (0.02, zi))):
        _reduce(op, x, axes, keep, qin, qout)


def test_mean_mobilenet_v2_pool_extremes():
    # every value at the int8 limits and at the zero point, through both MEAN paths
    for v in (-128, 127, -3):
        x = np.full((1, 3, 3, 1280), v, np.int8)
        for keep in (False, True):
            _reduce("MEAN", x, [1, 2], keep, (0.0235, -128), (0.0201, -128))


def test_quantized_reduce_errors():
    x = np.zeros((2, 3), np.int16)
    data = quant_model("MEAN", [Q(x, 0.1, 3), Q(np.array([1], np.int32))],
                       [Q(np.int16, 0.1, 0, shape=(2,))], const=(1,), options={"keep_dims": False})
    with pytest.raises(ModelError, match=r"\(MEAN\).*input 0 .*zero point 3.*INT16"):
        ours(data, [x])
    x8 = np.zeros((2, 3), np.int8)
    data = quant_model("SUM", [Q(x8, 0.1, 0), Q(np.array([1], np.int32))],
                       [Q(np.int8, shape=(2,))], const=(1,), options={"keep_dims": False})
    with pytest.raises(ModelError, match=r"\(SUM\).*output 0 .*no quantization parameters"):
        ours(data, [x8])


# ---- AVERAGE_POOL_2D / MAX_POOL_2D ----------------------------------------------------------------

def _pool(op, x, q, f, s, padding, act=0, out_q=None):
    n, h, w, c = x.shape
    if padding == 0:  # SAME
        oh, ow = -(-h // s[0]), -(-w // s[1])
    else:
        oh, ow = (h - f[0]) // s[0] + 1, (w - f[1]) // s[1] + 1
    opts = {"padding": padding, "stride_h": s[0], "stride_w": s[1], "filter_height": f[0],
            "filter_width": f[1], "fused_activation_function": act}
    return _exact(op, [Q(x, *q)], [Q(x.dtype, *(out_q or q), shape=(n, oh, ow, c))],
                  options=opts)


def test_average_pool_hand_worked_ties():
    # 2x2 VALID windows of one channel, scale 1: (sum +- 2) / 4 truncated = half away from zero
    # sums 6 -> 1.5 -> 2, -6 -> -1.5 -> -2, 5 -> 1.25 -> 1, -5 -> -1; 127s stay 127
    x = np.array([[1, 2, 1, 2, 127, 127], [1, 2, 0, 2, 127, 127],
                  [-1, -2, -1, -2, 0, 0], [-1, -2, 0, -2, 0, 0]], np.int8).reshape(1, 4, 6, 1)
    got = _pool("AVERAGE_POOL_2D", x, (1.0, 0), (2, 2), (2, 2), 1)
    np.testing.assert_array_equal(got.ravel(), [2, 1, 127, -2, -1, 0])
    # SAME padding at the border divides by the in-image taps only: a 3x3 window at the corner
    # of a 2x2 image of 1, 2, 3, 4 averages 4 taps: 10 / 4 = 2.5 -> 3
    x = np.array([1, 2, 3, 4], np.int8).reshape(1, 2, 2, 1)
    got = _pool("AVERAGE_POOL_2D", x, (1.0, 0), (3, 3), (2, 2), 0)
    np.testing.assert_array_equal(got.ravel(), [3])


def test_max_pool_hand_worked_relu6():
    # scale 0.5 zp -10: RELU6 clamps to [zp, zp + 12] = [-10, 2]
    x = np.array([-128, -20, 5, 127, -11, -12, 0, 1], np.int8).reshape(1, 2, 4, 1)
    got = _pool("MAX_POOL_2D", x, (0.5, -10), (2, 2), (2, 2), 1, act=3)
    np.testing.assert_array_equal(got.ravel(), [-10, 2])


POOLS = [((1, 7, 7, 33), (3, 3), (2, 2), 0), ((2, 5, 6, 16), (2, 3), (1, 2), 1),
         ((1, 3, 3, 1280), (3, 3), (1, 1), 1), ((1, 9, 9, 17), (4, 4), (3, 3), 0),
         ((1, 8, 8, 15), (2, 2), (2, 2), 0), ((1, 6, 5, 65), (5, 5), (1, 1), 0)]


@pytest.mark.parametrize("op", ["AVERAGE_POOL_2D", "MAX_POOL_2D"])
@pytest.mark.parametrize("dtype", list(DTYPES))
@pytest.mark.parametrize("case", POOLS, ids=[str(c) for c in POOLS])
@pytest.mark.parametrize("act", [0, 1, 2, 3])
def test_pool_random(op, dtype, case, act):
    shape, f, s, padding = case
    rng = np.random.default_rng(shape[3] + act)
    x = _rand(rng, dtype, shape)
    _pool(op, x, (0.05, DTYPES[dtype][0]), f, s, padding, act=act)


def test_pool_errors():
    x = np.zeros((1, 4, 4, 2), np.int8)
    # LiteRT only debug-checks that the output keeps the input's parameters; interp refuses
    opts = {"padding": 1, "stride_h": 2, "stride_w": 2, "filter_height": 2, "filter_width": 2,
            "fused_activation_function": 0}
    data = quant_model("AVERAGE_POOL_2D", [Q(x, 0.1, 0)], [Q(np.int8, 0.2, 0, shape=(1, 2, 2, 2))],
                       options=opts)
    with pytest.raises(ModelError, match=r"\(AVERAGE_POOL_2D\).*output 0 .*scale 0\.2.*zero "
                                         r"point 0.*input's .*scale 0\.1"):
        ours(data, [x])
    x16 = np.zeros((1, 4, 4, 2), np.int16)
    data = quant_model("MAX_POOL_2D", [Q(x16, 0.1, 4)], [Q(np.int16, 0.1, 4, shape=(1, 2, 2, 2))],
                       options=opts)
    with pytest.raises(ModelError, match=r"\(MAX_POOL_2D\).*zero point 4"):
        ours(data, [x16])
