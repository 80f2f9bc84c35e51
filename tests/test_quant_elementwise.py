"""Quantized ADD, SUB, MUL (INT8, UINT8, INT16), bit-exact against LiteRT 2.3.0's built-in kernels
(BUILTIN_WITHOUT_DEFAULT_DELEGATES, via tests/quant_op.py): every comparison is max abs difference 0.
Hand-worked values are derived in the comments from FORMAT.md §8 (ADD: left shift 20, inputs
rescaled to twice the larger input scale; rounding half away from zero) and also checked against
LiteRT."""
import numpy as np
import pytest

from interp.errors import ModelError
from quant_op import Q, quant_model, ours, run_quant

TILE = (1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65)
DTYPES = {np.int8: (-3, 5, -10), np.uint8: (128, 100, 3), np.int16: (0, 0, 0)}
ACTS = {"NONE": 0, "RELU": 1, "RELU_N1_TO_1": 2, "RELU6": 3}


def _rand(rng, dtype, shape):
    info = np.iinfo(dtype)
    return rng.integers(info.min, info.max + 1, size=shape).astype(dtype)


def _opts(op, act=0, pot=False):
    o = {"fused_activation_function": act}
    if op != "MUL":
        o["pot_scale_int16"] = pot
    return o


def _both(op, a, b, qa, qb, qo, dtype, act=0, pot=False):
    out_shape = np.broadcast_shapes(np.shape(a), np.shape(b))
    lite, mine = run_quant(op, [Q(a, *qa), Q(b, *qb)], [Q(dtype, *qo, shape=out_shape)],
                           options=_opts(op, act, pot))
    return lite[0], mine[0]


def _exact(op, a, b, qa, qb, qo, dtype, act=0, pot=False):
    lite, mine = _both(op, a, b, qa, qb, qo, dtype, act, pot)
    assert mine.dtype == lite.dtype and mine.shape == lite.shape
    diff = np.abs(lite.astype(np.int64) - mine.astype(np.int64))
    assert diff.max(initial=0) == 0, (op, np.nonzero(diff))
    return mine


# ---- hand-worked --------------------------------------------------------------------------------

def test_add_int8_ties_round_half_away_and_saturate():
    # scales 0.5, 0.5 -> out 1.0: each input multiplier 0.5 (q31 2^30, shift 0), output multiplier
    # 1/2^20; the result is (a + b) / 2 rounded half away from zero, then saturated to int8.
    a = np.array([3, -3, 1, -1, 127, -128, 100, 127], np.int8)
    b = np.array([0, 0, 0, 0, 127, -128, 100, 126], np.int8)
    want = np.array([2, -2, 1, -1, 127, -128, 100, 127], np.int8)
    got = _exact("ADD", a, b, (0.5, 0), (0.5, 0), (1.0, 0), np.int8)
    np.testing.assert_array_equal(got, want)
    # saturation: out scale 0.5 -> a + b, beyond int8
    got = _exact("ADD", a, b, (0.5, 0), (0.5, 0), (0.5, 0), np.int8)
    np.testing.assert_array_equal(got, np.clip(a.astype(int) + b, -128, 127).astype(np.int8))


def test_sub_int8_with_zero_points_and_relu():
    # a zp 10, b zp -10, scales 1: real a - b = (a - 10) - (b + 10); out scale 2 zp 1:
    # q = 1 + (a - b - 20) / 2, half away from zero; RELU clamps at the zero point 1.
    a = np.array([31, 11, 20, 0, -5], np.int8)
    b = np.array([0, 0, -10, 0, -15], np.int8)
    # reals: 21 - 10, 1 - 10, 10 - 0, -10 - 10, -15 + 5 = 11, -9, 10, -20, -10
    # -> /2: 5.5 -> 6, -4.5 -> -5, 5, -10, -5; + 1
    got = _exact("SUB", a, b, (1.0, 10), (1.0, -10), (2.0, 1), np.int8)
    np.testing.assert_array_equal(got, [7, -4, 6, -9, -4])
    got = _exact("SUB", a, b, (1.0, 10), (1.0, -10), (2.0, 1), np.int8, act=ACTS["RELU"])
    np.testing.assert_array_equal(got, [7, 1, 6, 1, 1])


def test_mul_uint8_hand_worked():
    # scales 0.5 * 0.5 / out 0.5 = multiplier 0.5 (q31 2^30, shift 0): q = zp_o + (a - 128)(b - 128)
    # / 2 by the rounding doubling high multiply alone, whose nudge (1 - 2^30 for negative
    # products) rounds a positive tie up and a negative tie toward zero.
    a = np.array([131, 125, 129, 127, 255, 0], np.uint8)
    b = np.array([129, 129, 129, 129, 255, 255], np.uint8)
    # products 3, -3, 1, -1, 127*127, -128*127 -> 1.5 -> 2, -1.5 -> -1, 1, 0, big, -big; + 128
    got = _exact("MUL", a, b, (0.5, 128), (0.5, 128), (0.5, 128), np.uint8)
    np.testing.assert_array_equal(got, [130, 127, 129, 128, 255, 0])


def test_add_int16_power_of_two_path():
    # scales 2^-8 (input 0), 2^-10 (input 1), out 2^-8, zero points 0, pot_scale_int16: input 1 is
    # divided by 4 rounding half away from zero, then a saturating int16 sum.
    a = np.array([0, 0, 0, 0, 32767, -32768, 100], np.int16)
    b = np.array([2, -2, 6, -6, 4, -4, -400], np.int16)
    want = np.array([1, -1, 2, -2, 32767, -32768, 0], np.int16)
    got = _exact("ADD", a, b, (2 ** -8, 0), (2 ** -10, 0), (2 ** -8, 0), np.int16, pot=True)
    np.testing.assert_array_equal(got, want)
    got = _exact("SUB", a, b, (2 ** -8, 0), (2 ** -10, 0), (2 ** -8, 0), np.int16, pot=True)
    np.testing.assert_array_equal(got, [-1, 1, -2, 2, 32766, -32767, 200])


# ---- random, bit-exact against LiteRT -----------------------------------------------------------

@pytest.mark.parametrize("op", ["ADD", "SUB", "MUL"])
@pytest.mark.parametrize("dtype", list(DTYPES))
@pytest.mark.parametrize("n", TILE)
def test_random_same_shape(op, dtype, n):
    rng = np.random.default_rng(n)
    za, zb, zo = DTYPES[dtype]
    for scales in ((0.05, 0.031, 0.07), (0.5, 0.013, 0.6), (0.02, 0.09, 0.05)):
        a, b = _rand(rng, dtype, (n,)), _rand(rng, dtype, (n,))
        _exact(op, a, b, (scales[0], za), (scales[1], zb), (scales[2], zo), dtype)


@pytest.mark.parametrize("op", ["ADD", "SUB", "MUL"])
@pytest.mark.parametrize("dtype", list(DTYPES))
@pytest.mark.parametrize("shapes", [((2, 3, 17), (3, 1)), ((4, 64), (64,)), ((4, 65), (4, 1)),
                                    ((3, 40), ()), ((), (33,)), ((2, 1, 5), (1, 7, 1)),
                                    ((1, 6), (6,)), ((2, 3, 4, 5, 6), (3, 1, 5, 1))])
def test_random_broadcast(op, dtype, shapes):
    rng = np.random.default_rng(len(shapes[0]) * 7 + len(shapes[1]))
    za, zb, zo = DTYPES[dtype]
    a, b = _rand(rng, dtype, shapes[0]), _rand(rng, dtype, shapes[1])
    _exact(op, a, b, (0.05, za), (0.031, zb), (0.07, zo), dtype)


@pytest.mark.parametrize("op", ["ADD", "SUB", "MUL"])
@pytest.mark.parametrize("dtype", list(DTYPES))
@pytest.mark.parametrize("act", list(ACTS))
def test_random_activations(op, dtype, act):
    rng = np.random.default_rng(3)
    za, zb, zo = DTYPES[dtype]
    for shapes in (((70,), (70,)), ((5, 14), (14,))):
        a, b = _rand(rng, dtype, shapes[0]), _rand(rng, dtype, shapes[1])
        _exact(op, a, b, (0.02, za), (0.03, zb), (0.01, zo), dtype, act=ACTS[act])


@pytest.mark.parametrize("op", ["ADD", "SUB"])
@pytest.mark.parametrize("dtype", list(DTYPES))
def test_every_tie_of_the_block_rounding(op, dtype):
    # Same-shape UINT8/INT16 ADD: LiteRT rounds whole SIMD blocks differently from the tail; all
    # 65536 uint8 pairs (or 65541 random int16/int8 pairs) hit its ties, with a 5-element tail.
    za, zb, zo = DTYPES[dtype]
    if dtype == np.uint8:
        a, b = np.meshgrid(np.arange(256), np.arange(256))
        a = np.concatenate([a.ravel(), [1, 2, 3, 4, 5]]).astype(dtype)
        b = np.concatenate([b.ravel(), [9, 8, 7, 6, 5]]).astype(dtype)
    else:
        rng = np.random.default_rng(5)
        a, b = _rand(rng, dtype, (65541,)), _rand(rng, dtype, (65541,))
    for scales in ((0.05, 0.031, 0.07), (0.5, 0.013, 0.6)):
        _exact(op, a, b, (scales[0], za), (scales[1], zb), (scales[2], zo), dtype)


@pytest.mark.parametrize("op", ["ADD", "SUB"])
@pytest.mark.parametrize("dtype", list(DTYPES))
@pytest.mark.parametrize("shapes", [((256, 259), (259,)), ((256, 259), (256, 1)),
                                    ((256, 259), ()), ((), (259, 256))])
def test_ties_of_broadcast_rows(op, dtype, shapes):
    # LiteRT's broadcasting ADD rounds 8-lane blocks of each row its own way (kernels.h,
    # INTERP_QADD_SIMD_*); rows of 259 leave a 3-element tail.
    rng = np.random.default_rng(9)
    za, zb, zo = DTYPES[dtype]
    a, b = _rand(rng, dtype, shapes[0]), _rand(rng, dtype, shapes[1])
    for scales in ((0.05, 0.031, 0.07), (0.5, 0.013, 0.6)):
        _exact(op, a, b, (scales[0], za), (scales[1], zb), (scales[2], zo), dtype)


@pytest.mark.parametrize("op", ["ADD", "SUB"])
@pytest.mark.parametrize("n", (1, 15, 16, 17, 33))
def test_random_int16_power_of_two(op, n):
    rng = np.random.default_rng(n)
    a, b = _rand(rng, np.int16, (n,)), _rand(rng, np.int16, (n,))
    for sa, sb, so in ((2 ** -8, 2 ** -12, 2 ** -8), (2 ** -11, 2 ** -9, 2 ** -9),
                       (2 ** -9, 2 ** -9, 2 ** -9)):
        for act in (0, 1):
            _exact(op, a, b, (sa, 0), (sb, 0), (so, 0), np.int16, act=act, pot=True)


# ---- errors -------------------------------------------------------------------------------------

def _ours_error(op, inputs, outputs, options=None):
    data = quant_model(op, inputs, outputs, options=options)
    feeds = [np.asarray(q.value) for q in inputs]
    with pytest.raises(ModelError) as info:
        ours(data, feeds)
    return str(info.value)


@pytest.mark.parametrize("op", ["ADD", "SUB", "MUL"])
def test_int16_needs_zero_point_0(op):
    a = np.zeros(4, np.int16)
    msg = _ours_error(op, [Q(a, 0.1, 0), Q(a, 0.1, 3)], [Q(np.int16, 0.1, 0, shape=(4,))])
    assert f"({op})" in msg and "input 1" in msg and "zero point 3" in msg


def test_missing_and_per_axis_parameters():
    a = np.zeros((2, 3), np.int8)
    msg = _ours_error("ADD", [Q(a, 0.1, 0), Q(a)], [Q(np.int8, 0.1, 0, shape=(2, 3))])
    assert "(ADD)" in msg and "input 1" in msg and "no quantization parameters" in msg
    msg = _ours_error("MUL", [Q(a, 0.1, 0), Q(a, 0.1, 0)],
                      [Q(np.int8, [0.1, 0.2], 0, axis=0, shape=(2, 3))])
    assert "output 0" in msg and "per tensor" in msg


def test_mixed_types_and_pot_broadcast():
    a = np.zeros(4, np.int8)
    msg = _ours_error("ADD", [Q(a, 0.1, 0), Q(a.astype(np.uint8), 0.1, 0)],
                      [Q(np.int8, 0.1, 0, shape=(4,))])
    assert "input 1" in msg and "UINT8" in msg
    b = np.zeros((3, 4), np.int16)
    msg = _ours_error("ADD", [Q(b, 2 ** -8, 0), Q(a.astype(np.int16), 2 ** -8, 0)],
                      [Q(np.int16, 2 ** -8, 0, shape=(3, 4))], options=_opts("ADD", pot=True))
    assert "does not broadcast" in msg


def test_output_rescale_must_be_below_one():
    # twice_max / (2^20 * out_scale) >= 1: LiteRT rejects these parameters
    a = np.zeros(4, np.int8)
    msg = _ours_error("ADD", [Q(a, 1.0, 0), Q(a, 1.0, 0)], [Q(np.int8, 1e-7, 0, shape=(4,))])
    assert "output rescale factor" in msg and "< 1" in msg
