"""Quantized activations (RELU, RELU6, RELU_N1_TO_1, LEAKY_RELU, HARD_SWISH, LOGISTIC, TANH,
SOFTMAX): hand-worked values (saturation, rounding ties), then every input value of the 8-bit
types and a spread of int16 values against LiteRT (the oracle: ``tests/quant_op.py`` run with
BUILTIN_WITHOUT_DEFAULT_DELEGATES), bit-exact (max abs difference 0); the load-time checks of
the quantization parameters name the op, the tensor and expected vs got."""
import numpy as np
import pytest

from interp.errors import ModelError
from quant_op import Q, feeds_of, ours, quant_model, run_quant

I8, U8, I16 = np.int8, np.uint8, np.int16


def run_interp(op, x, si, zi, dt_out, so, zo, options=None):
    inputs = [Q(x, si, zi)]
    data = quant_model(op, inputs, [Q(dt_out, so, zo, shape=x.shape)], options=options)
    return ours(data, feeds_of(inputs, ()))[0]


def every_value(dt, rng=None):
    """Every value of an 8-bit type; for int16 the extremes plus 4000 spread values."""
    if dt == I16:
        rng = rng or np.random.default_rng(7)
        v = np.concatenate([[-32768, -32767, -1, 0, 1, 32766, 32767],
                            rng.integers(-32768, 32768, 4000)])
        return v.astype(I16)
    info = np.iinfo(dt)
    return np.arange(info.min, info.max + 1).astype(dt)


def assert_bit_exact(op, x, si, zi, dt, so, zo, options=None):
    lite, mine = run_quant(op, [Q(x, si, zi)], [Q(dt, so, zo, shape=x.shape)], options=options)
    assert mine[0].dtype == lite[0].dtype and mine[0].shape == lite[0].shape
    diff = np.abs(mine[0].astype(np.int64) - lite[0].astype(np.int64))
    assert diff.max(initial=0) == 0, (op, si, zi, so, zo, np.flatnonzero(diff)[:10])


# ---- hand-worked --------------------------------------------------------------------------

def test_relu_int8_rounding_ties_and_clamp():
    # in scale 0.5, out scale 1: x / 2, ties away from zero (0.5 -> 1, 1.5 -> 2, 2.5 -> 3,
    # 63.5 -> 64), negatives clamp to the output zero point 0.
    x = np.array([-4, -1, 0, 1, 3, 5, 127], I8)
    np.testing.assert_array_equal(run_interp("RELU", x, 0.5, 0, I8, 1.0, 0),
                                  [0, 0, 0, 1, 2, 3, 64])


def test_relu6_uint8_requantize_and_saturate():
    # (x - 10) * 0.1 / 0.05 + 5, clamped to [5 + 0, 5 + 6 / 0.05] = [5, 125]
    x = np.array([0, 10, 11, 60, 80, 255], U8)
    np.testing.assert_array_equal(run_interp("RELU6", x, 0.1, 10, U8, 0.05, 5),
                                  [5, 5, 7, 105, 125, 125])


def test_relu_int16_halves_with_ties():
    x = np.array([-100, 1, 3, 32767], I16)
    np.testing.assert_array_equal(run_interp("RELU", x, 0.001, 0, I16, 0.002, 0),
                                  [0, 1, 2, 16384])


def test_relu_n1_to_1_int8():
    # scale 0.25 in and out: clamp to [-4, 4]
    x = np.array([-128, -5, -4, 0, 4, 5, 127], I8)
    np.testing.assert_array_equal(run_interp("RELU_N1_TO_1", x, 0.25, 0, I8, 0.25, 0),
                                  [-4, -4, -4, 0, 4, 4, 4])


def test_leaky_relu_int8_alpha_ties():
    # alpha 0.25 = (2^30, shift -1): the tie is decided by the rounding right shift, away from
    # zero: -6 -> -1.5 -> -2, -2 -> -0.5 -> -1; -3 -> -0.75 -> -1.
    x = np.array([-128, -6, -3, -2, 0, 5, 127], I8)
    np.testing.assert_array_equal(
        run_interp("LEAKY_RELU", x, 1.0, 0, I8, 1.0, 0, {"alpha": 0.25}),
        [-32, -2, -1, -1, 0, 5, 127])
    # alpha 0.5 = (2^30, shift 0): the tie is decided by the doubling high multiply, whose
    # nudge sends negative ties toward zero: -3 -> -1.5 -> -1, -1 -> -0.5 -> 0.
    x = np.array([-128, -3, -1, 0, 5, 127], I8)
    np.testing.assert_array_equal(
        run_interp("LEAKY_RELU", x, 1.0, 0, I8, 1.0, 0, {"alpha": 0.5}),
        [-64, -1, 0, 0, 5, 127])


def test_leaky_relu_int16_saturates():
    # identity multiplier 2: 20000 -> 40000 saturates to 32767, -20000 * 0.5 * 2 = -20000
    x = np.array([20000, -20000, 3], I16)
    np.testing.assert_array_equal(
        run_interp("LEAKY_RELU", x, 1.0, 0, I16, 0.5, 0, {"alpha": 0.5}), [32767, -20000, 6])


def test_logistic_int8_saturation():
    # in scale 1/16: 0 -> 0.5 -> 128 - 128 = 0; 127 -> sigmoid(7.94) * 256 = 255.9 -> 256 - 128
    # = 128 saturates to 127; -128 -> sigmoid(-8) * 256 = 0.09 -> 0 -> -128
    x = np.array([-128, 0, 127], I8)
    np.testing.assert_array_equal(run_interp("LOGISTIC", x, 1 / 16, 0, I8, 1 / 256, -128),
                                  [-128, 0, 127])


def test_tanh_uint8_saturation():
    # in scale 1/16 zp 128, out 1/128 zp 128: 128 -> 0 -> 128; 255 -> tanh(7.94) * 128 -> 128
    # + 128 = 256 saturates to 255; 0 -> -128 + 128 = 0
    x = np.array([0, 128, 255], U8)
    np.testing.assert_array_equal(run_interp("TANH", x, 1 / 16, 128, U8, 1 / 128, 128),
                                  [0, 128, 255])


def test_hard_swish_int8():
    # scale 0.05 both sides: hard_swish(5) = 5 -> 100, hard_swish(-5) = 0, hard_swish(0) = 0,
    # hard_swish(1) = 1 * 4 / 6 = 0.667 -> 13.3 -> 13
    x = np.array([100, -100, 0, 20], I8)
    np.testing.assert_array_equal(run_interp("HARD_SWISH", x, 0.05, 0, I8, 0.05, 0),
                                  [100, 0, 0, 13])


# ---- against LiteRT, every input value ----------------------------------------------------

PARAMS_8 = [(0.05, 0, 0.05, 0), (0.0123, -7, 0.031, 11), (0.7, 100, 0.002, -90),
            (0.003, -128, 0.9, 127), (1.3, 5, 1.3, 5)]


def _zp(dt, z):
    if dt == U8:
        return z + 128
    return 0 if dt == I16 else z


@pytest.mark.parametrize("dt", [I8, U8, I16])
@pytest.mark.parametrize("op", ["RELU", "RELU6"])
@pytest.mark.parametrize("si, zi, so, zo", PARAMS_8)
def test_relu_family_vs_litert(op, dt, si, zi, so, zo):
    assert_bit_exact(op, every_value(dt), si, _zp(dt, zi), dt, so, _zp(dt, zo))


@pytest.mark.parametrize("dt", [I8, U8])
@pytest.mark.parametrize("si, zi, so, zo", PARAMS_8)
def test_relu_n1_to_1_vs_litert(dt, si, zi, so, zo):
    assert_bit_exact("RELU_N1_TO_1", every_value(dt), si, _zp(dt, zi), dt, so, _zp(dt, zo))


@pytest.mark.parametrize("dt", [I8, U8, I16])
@pytest.mark.parametrize("alpha", [0.0, 0.2, 1.7, -0.5])
@pytest.mark.parametrize("si, zi, so, zo", PARAMS_8[:4])
def test_leaky_relu_vs_litert(dt, alpha, si, zi, so, zo):
    assert_bit_exact("LEAKY_RELU", every_value(dt), si, _zp(dt, zi), dt, so, _zp(dt, zo),
                     {"alpha": alpha})


@pytest.mark.parametrize("dt", [I8, U8])
@pytest.mark.parametrize("si, zi, so, zo", PARAMS_8 + [(0.0019, -68, 1.35, 70)])
def test_hard_swish_vs_litert(dt, si, zi, so, zo):
    # the last case has an output exponent below -15 (LiteRT's int16 rounding quirk)
    if si / so / 128 >= 1:
        so = si / 100
    assert_bit_exact("HARD_SWISH", every_value(dt), si, _zp(dt, zi), dt, so, _zp(dt, zo))


@pytest.mark.parametrize("dt", [I8, U8])
@pytest.mark.parametrize("si, zi", [(1 / 16, 0), (0.1, -3), (0.0123, 90), (0.6, -128)])
def test_logistic_8bit_vs_litert(dt, si, zi):
    zo = -128 if dt == I8 else 0
    assert_bit_exact("LOGISTIC", every_value(dt), si, _zp(dt, zi), dt, 1 / 256, zo)


@pytest.mark.parametrize("dt", [I8, U8])
@pytest.mark.parametrize("si, zi, so, zo", [(1 / 16, 0, 1 / 128, 0), (0.1, -3, 0.01, 20),
                                            (0.0123, 90, 1 / 128, 0), (0.6, -128, 0.5, -1)])
def test_tanh_8bit_vs_litert(dt, si, zi, so, zo):
    assert_bit_exact("TANH", every_value(dt), si, _zp(dt, zi), dt, so, _zp(dt, zo))


@pytest.mark.parametrize("n", [15, 16, 17, 31, 32, 33, 63, 64, 65])
@pytest.mark.parametrize("op", ["RELU6", "LEAKY_RELU", "HARD_SWISH", "LOGISTIC", "TANH"])
def test_sizes_around_the_tile(op, n):
    rng = np.random.default_rng(n)
    x = rng.integers(-128, 128, (1, n)).astype(I8)
    so, zo = (1 / 256, -128) if op == "LOGISTIC" else (0.04, 3)
    opts = {"alpha": 0.3} if op == "LEAKY_RELU" else None
    assert_bit_exact(op, x, 0.05, -2, I8, so, zo, opts)


# ---- checks at load -----------------------------------------------------------------------

def _load_error(op, x, si, zi, dt, so, zo, options=None):
    with pytest.raises(ModelError) as e:
        run_interp(op, x, si, zi, dt, so, zo, options)
    return str(e.value)


def test_logistic_int8_output_scale_checked():
    msg = _load_error("LOGISTIC", np.zeros(4, I8), 0.1, 0, I8, 0.1, -128)
    assert "LOGISTIC" in msg and "output" in msg and "0.00390625" in msg and "0.1" in msg


def test_logistic_8bit_output_zero_point_checked():
    """Issue 5's example check: int8 LOGISTIC output 1/256 with zero point -128 (uint8: 0); LiteRT
    itself checks only the scale, interp also the zero point the scheme fixes."""
    msg = _load_error("LOGISTIC", np.zeros(4, I8), 0.1, 0, I8, 1 / 256, 0)
    assert "LOGISTIC" in msg and "zero point -128" in msg and "got scale 0.00390625, zero point 0" in msg
    msg = _load_error("LOGISTIC", np.zeros(4, np.uint8), 0.1, 0, np.uint8, 1 / 256, -128 + 256 - 1)
    assert "zero point 0" in msg and "zero point 127" in msg


def test_int16_relu_needs_zero_point_0():
    msg = _load_error("RELU", np.zeros(4, I16), 0.1, 3, I16, 0.1, 0)
    assert "RELU" in msg and "input" in msg and "zero point 0, got 3" in msg


def test_int16_leaky_relu_output_zero_point():
    msg = _load_error("LEAKY_RELU", np.zeros(4, I16), 0.1, 0, I16, 0.1, 5, {"alpha": 0.1})
    assert "LEAKY_RELU" in msg and "output" in msg and "got 5" in msg


def test_hard_swish_int16_unsupported():
    msg = _load_error("HARD_SWISH", np.zeros(4, I16), 0.1, 0, I16, 0.1, 0)
    assert "HARD_SWISH" in msg and "INT16" in msg


def test_relu_n1_to_1_int16_unsupported():
    msg = _load_error("RELU_N1_TO_1", np.zeros(4, I16), 0.1, 0, I16, 0.1, 0)
    assert "RELU_N1_TO_1" in msg and "INT16" in msg


def test_missing_quantization():
    with pytest.raises(ModelError) as e:
        data = quant_model("RELU", [Q(np.zeros(4, I8))], [Q(I8, 0.1, 0, shape=(4,))])
        ours(data, [np.zeros(4, I8)])
    assert "RELU" in str(e.value) and "no quantization parameters" in str(e.value)


def test_per_axis_rejected():
    with pytest.raises(ModelError) as e:
        data = quant_model("TANH", [Q(np.zeros((2, 2), I8), [0.1, 0.2], 0, axis=1)],
                           [Q(I8, 0.1, 0, shape=(2, 2))])
        ours(data, [np.zeros((2, 2), I8)])
    assert "TANH" in str(e.value) and "per tensor" in str(e.value)


def test_hard_swish_output_exponent_checked():
    # in scale / out scale / 128 >= 1: LiteRT's prepare fails, so does interp's
    msg = _load_error("HARD_SWISH", np.zeros(4, I8), 300.0, 0, I8, 1.0, 0)
    assert "HARD_SWISH" in msg and "output" in msg


# ---- SOFTMAX ------------------------------------------------------------------------------

def _softmax_interp(x, si, zi, dt_out, so, zo, beta=1.0):
    return run_interp("SOFTMAX", x, si, zi, dt_out, so, zo, {"beta": beta})


def test_softmax_int8_hand_worked():
    # equal inputs: each 1/4 -> 64 / 256 -> 64 - 128 = -64; one dominant input (diff 127 * 0.1
    # = 12.7, exp(-12.7) ~ 3e-6) -> 1.0 saturates to 127 and the rest round to 0 -> -128
    np.testing.assert_array_equal(
        _softmax_interp(np.zeros((1, 4), I8), 0.1, 0, I8, 1 / 256, -128), [[-64] * 4])
    np.testing.assert_array_equal(
        _softmax_interp(np.array([[127, 0, 0]], I8), 0.1, 0, I8, 1 / 256, -128),
        [[127, -128, -128]])


def test_softmax_uint8_and_int16_outputs_hand_worked():
    # two equal inputs: 0.5 -> 128 (uint8, scale 1/256) and 16384 (int16, scale 1/32768)
    np.testing.assert_array_equal(
        _softmax_interp(np.full((1, 2), 7, U8), 0.1, 3, U8, 1 / 256, 0), [[128, 128]])
    np.testing.assert_array_equal(
        _softmax_interp(np.full((1, 2), 7, I8), 0.1, 3, I16, 1 / 32768, 0), [[16384, 16384]])


def test_softmax_int16_hand_worked():
    # equal inputs: exp(0) = 1 each; 1/2 of 32768 is 16384 within the tables' interpolation error
    got = _softmax_interp(np.zeros((1, 2), I16), 1 / 4096, 0, I16, 1 / 32768, 0)
    assert np.abs(got.astype(int) - 16384).max() <= 2
    # one dominant input: the others fall below exp(-10), the end of the exp table, so they get
    # exp(-10) * 32768 ~ 1.5 -> 2 instead of 0 (LiteRT's floor; checked against it below)
    x = np.array([[32767, -32768, 0]], I16)
    got = _softmax_interp(x, 1 / 1024, 0, I16, 1 / 32768, 0)
    np.testing.assert_array_equal(got, [[32764, 2, 2]])
    assert_bit_exact("SOFTMAX", x, 1 / 1024, 0, I16, 1 / 32768, 0, {"beta": 1.0})


SOFTMAX_TYPES = [(I8, I8, 1 / 256, -128), (U8, U8, 1 / 256, 0), (I8, I16, 1 / 32768, 0),
                 (U8, I16, 1 / 32768, -32768)]


@pytest.mark.parametrize("depth", [1, 2, 15, 16, 17, 31, 32, 33, 63, 64, 65, 300])
@pytest.mark.parametrize("dt, dto, so, zo", SOFTMAX_TYPES)
def test_softmax_8bit_vs_litert(dt, dto, so, zo, depth):
    rng = np.random.default_rng(depth)
    info = np.iinfo(dt)
    x = rng.integers(info.min, info.max + 1, (3, depth)).astype(dt)
    for si, zi, beta in ((0.1, 0, 1.0), (0.0123, int(info.min) + 40, 2.3), (0.7, 5, 0.5)):
        assert_bit_exact("SOFTMAX", x, si, zi, dto, so, zo, {"beta": beta})


@pytest.mark.parametrize("depth", [1, 2, 15, 16, 17, 33, 64, 65, 300])
@pytest.mark.parametrize("spread", [100, 3000, 32767])
def test_softmax_int16_vs_litert(depth, spread):
    rng = np.random.default_rng(depth * 7 + spread)
    x = rng.integers(-spread, spread + 1, (2, 1, depth)).astype(I16)
    for si, beta in ((1 / 4096, 1.0), (3.1e-4, 2.3), (0.01, 0.5)):
        assert_bit_exact("SOFTMAX", x, si, 0, I16, 1 / 32768, 0, {"beta": beta})


def test_softmax_int8_output_params_checked():
    msg = _load_error("SOFTMAX", np.zeros((1, 4), I8), 0.1, 0, I8, 1 / 256, 0)
    assert "SOFTMAX" in msg and "output" in msg and "zero point -128" in msg and "got" in msg
    msg = _load_error("SOFTMAX", np.zeros((1, 4), I8), 0.1, 0, I8, 0.01, -128)
    assert "scale 0.00390625" in msg and "got scale 0.0099999" in msg


def test_softmax_int16_params_checked():
    msg = _load_error("SOFTMAX", np.zeros((1, 4), I16), 0.1, 0, I16, 1 / 256, 0)
    assert "SOFTMAX" in msg and "3.0517578125e-05" in msg
    msg = _load_error("SOFTMAX", np.zeros((1, 4), I16), 0.1, 4, I16, 1 / 32768, 0)
    assert "input" in msg and "zero point 0, got 4" in msg
    msg = _load_error("SOFTMAX", np.zeros((1, 1, 1, 1, 4), I16), 0.1, 0, I16, 1 / 32768, 0)
    assert "ranks 1 to 4" in msg


def test_softmax_output_type_checked():
    msg = _load_error("SOFTMAX", np.zeros((1, 4), I8), 0.1, 0, U8, 1 / 256, 0)
    assert "SOFTMAX" in msg and "UINT8" in msg and "INT8 or INT16" in msg


# ---- LOGISTIC, TANH int16 -----------------------------------------------------------------

ALL_I16 = np.arange(-32768, 32768, dtype=np.int64).astype(I16)


def test_logistic_tanh_int16_hand_worked():
    # 0 -> 1/2 (16384) and 0; far out the table saturates: LOGISTIC to 32767 above and, below,
    # to (2^25 - 32767 * 2^10 + 2^9 - 1) >> 10 = 1 (not 0: the table's top entry is 0x7FFF);
    # TANH to about +-32767
    x = np.array([0, 32767, -32768], I16)
    np.testing.assert_array_equal(run_interp("LOGISTIC", x, 0.01, 0, I16, 1 / 32768, 0),
                                  [16384, 32767, 1])
    got = run_interp("TANH", x, 0.01, 0, I16, 1 / 32768, 0)
    assert got[0] == 0 and got[1] >= 32766 and got[2] <= -32766
    # the power-of-two path (gemmlowp fixed point, input Q3.12): 0 -> 16384 and 0
    np.testing.assert_array_equal(
        run_interp("LOGISTIC", np.array([0], I16), 2 ** -12, 0, I16, 1 / 32768, 0), [16384])
    np.testing.assert_array_equal(
        run_interp("TANH", np.array([0], I16), 2 ** -11, 0, I16, 1 / 32768, 0), [0])


@pytest.mark.parametrize("op", ["LOGISTIC", "TANH"])
@pytest.mark.parametrize("si", [1 / 3000, 1.3 / 4096, 1e-3, 0.01, 0.3, 1e-5, 2 ** -13, 2 ** -10])
def test_logistic_tanh_int16_table_path_vs_litert(op, si):
    # every int16 input value
    assert_bit_exact(op, ALL_I16, si, 0, I16, 1 / 32768, 0)


@pytest.mark.parametrize("op, si", [("LOGISTIC", 2 ** -12), ("TANH", 2 ** -12),
                                    ("TANH", 2 ** -11), ("LOGISTIC", 2 ** -11)])
def test_logistic_tanh_int16_power_of_two_vs_litert(op, si):
    # LOGISTIC 2^-11 takes the table path (LiteRT's fixed-point path needs shift 0)
    assert_bit_exact(op, ALL_I16, si, 0, I16, 1 / 32768, 0)


def test_logistic_int16_output_checked():
    msg = _load_error("LOGISTIC", np.zeros(4, I16), 0.01, 0, I16, 1 / 256, 0)
    assert "LOGISTIC" in msg and "output" in msg and "3.0517578125e-05" in msg


def test_tanh_int16_output_and_zero_points_checked():
    msg = _load_error("TANH", np.zeros(4, I16), 0.01, 0, I16, 0.001, 0)
    assert "TANH" in msg and "output" in msg and "2^-15" in msg and "0.001" in msg
    msg = _load_error("TANH", np.zeros(4, I16), 0.01, 7, I16, 1 / 32768, 0)
    assert "TANH" in msg and "input" in msg and "zero point 0, got 7" in msg


@pytest.mark.parametrize("op, dt, so, zo", [("RELU", I8, 0.1, 0), ("LOGISTIC", I16, 1 / 32768, 0),
                                            ("TANH", U8, 0.01, 128),
                                            ("LEAKY_RELU", I16, 0.1, 0)])
def test_empty_input(op, dt, so, zo):
    x = np.zeros((0, 3), dt)
    opts = {"alpha": 0.1} if op == "LEAKY_RELU" else None
    zi = 128 if dt == U8 else 0
    lite, mine = run_quant(op, [Q(x, 0.01, zi)], [Q(dt, so, zo, shape=(0, 3))], options=opts)
    assert mine[0].shape == lite[0].shape == (0, 3)


@pytest.mark.parametrize("dt, dto, so, zo", [(I8, I8, 1 / 256, -128), (I16, I16, 1 / 32768, 0)])
def test_softmax_empty_input(dt, dto, so, zo):
    x = np.zeros((0, 4), dt)
    lite, mine = run_quant("SOFTMAX", [Q(x, 0.01, 0)], [Q(dto, so, zo, shape=(0, 4))],
                           options={"beta": 1.0})
    assert mine[0].shape == lite[0].shape == (0, 4)


def test_output_type_must_match():
    msg = _load_error("RELU6", np.zeros(4, I8), 0.1, 0, U8, 0.1, 0)
    assert "RELU6" in msg and "output 0" in msg and "UINT8" in msg and "INT8" in msg
