"""Quantized BATCH_MATMUL: int8 (zero points, one requantization), int8 -> int32, int16 and
int16 x int8 (64-bit accumulation, LiteRT's 64-bit requantization) bit-exact against LiteRT
(``tests/quant_op.py``, BUILTIN_WITHOUT_DEFAULT_DELEGATES; max abs difference 0), and the hybrid
path (float LHS quantized per row at run time, int8 RHS) within 1e-4 of LiteRT relative to the
output's largest magnitude. Hand-worked values show the rounding of ties and the saturation."""
import numpy as np
import pytest

from interp.errors import ModelError
from quant_op import Q, feeds_of, ours, quant_model, run_quant

I8, I16, I32, F32 = np.int8, np.int16, np.int32, np.float32


def run_interp(inputs, out, const=(), **options):
    data = quant_model("BATCH_MATMUL", inputs, [out], const, options)
    return ours(data, feeds_of(inputs, const))[0]


# ---- hand-worked --------------------------------------------------------------------------

def test_int8_zero_points_and_tie():
    # (10 - 2) * (4 + 1) + (-3 - 2) * (6 + 1) = 40 - 35 = 5; * 0.5 * 0.5 / 0.5 = 2.5, a tie the
    # doubling high multiply rounds up to 3; + output zero point 1 = 4
    got = run_interp([Q(np.array([[10, -3]], I8), 0.5, 2), Q(np.array([[4], [6]], I8), 0.5, -1)],
                     Q(I8, 0.5, 1))
    np.testing.assert_array_equal(got, [[4]])


def test_int8_saturates():
    x = np.array([[127, 127], [-128, 127]], I8)
    y = np.array([[127, -128], [127, 0]], I8)
    # sums 32258, -16256 / -65 (row 2: -16256 + 16129, 16384) -> clamp to [-128, 127]
    got = run_interp([Q(x, 1.0, 0), Q(y, 1.0, 0)], Q(I8, 1.0, 0))
    np.testing.assert_array_equal(got, [[127, -128], [-127, 127]])


def test_int8_to_int32_raw_sums():
    # LiteRT's int32 output ignores the zero points: 1 + 2 + 3 = 6
    got = run_interp([Q(np.array([[1, 2, 3]], I8), 0.1, 5), Q(np.ones((3, 1), I8), 0.1, 5)],
                     Q(I32))
    assert got.dtype == np.int32
    np.testing.assert_array_equal(got, [[6]])


def test_int16_ties_round_half_up():
    # multiplier 0.5 reduced to 16384 / 2^15: 3 -> 1.5 -> 2, -3 -> -1.5 -> -1, 1 -> 0.5 -> 1
    x = np.array([[3], [-3], [1]], I16)
    got = run_interp([Q(x, 1.0, 0), Q(np.ones((1, 1), I16), 1.0, 0)], Q(I16, 2.0, 0))
    np.testing.assert_array_equal(got, [[2], [-1], [1]])


def test_int16_saturates_and_wraps_like_litert():
    # 2 * 32767^2 = 2147352578 fits int32 after the multiply: clamps to 32767. With 3 terms the
    # requantized value passes int32 and wraps before the clamp, in LiteRT as here (-32768).
    for n, want in ((2, 32767), (3, -32768)):
        x = np.full((1, n), 32767, I16)
        got = run_interp([Q(x, 1.0, 0), Q(np.full((n, 1), 32767, I16), 1.0, 0)], Q(I16, 1.0, 0))
        np.testing.assert_array_equal(got, [[want]])


def test_hybrid_hand_worked():
    # the row [1.27, -1.27] quantizes with scale 0.01 to [127, -127]; y = [1, 2] * 0.5:
    # 0.01 * 0.5 * (127 - 254) = -0.635
    got = run_interp([Q(np.array([[1.27, -1.27]], F32)), Q(np.array([[1], [2]], I8), 0.5, 0)],
                     Q(F32), const=(1,))
    np.testing.assert_allclose(got, [[-0.635]], rtol=1e-6)


# ---- against LiteRT -----------------------------------------------------------------------

SHAPES = [((3, 4), (4, 5)), ((2, 3, 17), (17, 16)), ((2, 1, 5, 33), (3, 33, 2)),
          ((1, 65), (65, 31)), ((4, 2, 3), (4, 3, 2)), ((2, 2, 2, 2, 3), (2, 1, 3, 4)),
          ((2, 15), (15, 64)), ((1, 63), (63, 32)), ((5, 32), (32, 1))]
TYPES = [(I8, I8, I8), (I8, I8, I32), (I16, I16, I16), (I16, I8, I16)]


def _operands(rng, xs, ys, xt, yt, adj_x, adj_y):
    x = rng.integers(np.iinfo(xt).min, np.iinfo(xt).max + 1, xs).astype(xt)
    y = rng.integers(np.iinfo(yt).min, np.iinfo(yt).max + 1, ys).astype(yt)
    if adj_x:
        x = np.swapaxes(x, -1, -2).copy()
    if adj_y:
        y = np.swapaxes(y, -1, -2).copy()
    return x, y


@pytest.mark.parametrize("adj_x, adj_y", [(False, False), (True, False), (False, True),
                                          (True, True)])
@pytest.mark.parametrize("types", TYPES, ids=lambda t: "x".join(np.dtype(d).name for d in t))
@pytest.mark.parametrize("shapes", SHAPES, ids=str)
def test_quantized_vs_litert(shapes, types, adj_x, adj_y):
    xs, ys = shapes
    xt, yt, ot = types
    rng = np.random.default_rng(abs(hash((shapes, adj_x, adj_y))) % 2**32)
    x, y = _operands(rng, xs, ys, xt, yt, adj_x, adj_y)
    if xt == I8:
        zx, zy, zo = (int(v) for v in rng.integers(-128, 128, 3))
    else:
        zx = zy = zo = 0
    sx, sy = (float(v) for v in np.exp(rng.uniform(-5, 0, 2)))
    k = xs[-1]
    # an output scale that uses most of the output range, so both rounding and saturation occur
    so = sx * sy * np.sqrt(k) * (64 if xt == I8 else 16000) / np.iinfo(ot).max
    so *= float(rng.uniform(0.3, 3))
    out = Q(ot) if ot == I32 else Q(ot, so, zo)
    for const in ((), (1,)):
        lite, mine = run_quant("BATCH_MATMUL", [Q(x, sx, zx), Q(y, sy, zy)], [out], const=const,
                               options={"adj_x": adj_x, "adj_y": adj_y})
        assert mine[0].dtype == lite[0].dtype and mine[0].shape == lite[0].shape
        diff = np.abs(mine[0].astype(np.int64) - lite[0].astype(np.int64))
        assert diff.max(initial=0) == 0


@pytest.mark.parametrize("asymmetric", [False, True])
@pytest.mark.parametrize("per_channel", [False, True])
@pytest.mark.parametrize("adj_x, adj_y", [(False, False), (True, True)])
@pytest.mark.parametrize("shapes", SHAPES[:4] + SHAPES[6:], ids=str)
def test_hybrid_vs_litert(shapes, adj_x, adj_y, per_channel, asymmetric):
    xs, ys = shapes
    rng = np.random.default_rng(len(xs) * 100 + xs[-1])
    x = rng.standard_normal(xs).astype(F32) + (0.7 if asymmetric else 0)
    y = rng.integers(-127, 128, ys).astype(I8)
    if adj_x:
        x = np.swapaxes(x, -1, -2).copy()
    if adj_y:
        y = np.swapaxes(y, -1, -2).copy()
    n = ys[-1]
    axis = len(ys) - (2 if adj_y else 1)
    yq = Q(y, list(rng.uniform(0.01, 0.05, n)), 0, axis=axis) if per_channel else Q(y, 0.02, 0)
    lite, mine = run_quant("BATCH_MATMUL", [Q(x), yq], [Q(F32)], const=(1,),
                           options={"adj_x": adj_x, "adj_y": adj_y,
                                    "asymmetric_quantize_inputs": asymmetric})
    assert mine[0].shape == lite[0].shape
    scale = np.abs(lite[0]).max()
    assert np.abs(mine[0] - lite[0]).max() <= 1e-4 * scale


def test_hybrid_zero_row():
    # an all-zero row quantizes to zeros with scale 1 (no division by zero)
    x = np.zeros((2, 3), F32)
    x[1] = [0.5, -1.0, 2.0]
    y = np.array([[1, 2], [3, 4], [5, 6]], I8)
    lite, mine = run_quant("BATCH_MATMUL", [Q(x), Q(y, 0.1, 0)], [Q(F32)], const=(1,))
    np.testing.assert_allclose(mine[0], lite[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(mine[0][0], [0, 0])


# ---- checks at load -----------------------------------------------------------------------

def _error(inputs, out, const=(), **options):
    with pytest.raises(ModelError) as e:
        run_interp(inputs, out, const, **options)
    return str(e.value)


def test_int16_zero_points_checked():
    msg = _error([Q(np.ones((2, 2), I16), 0.1, 0), Q(np.ones((2, 2), I16), 0.1, 3)],
                 Q(I16, 0.1, 0))
    assert "BATCH_MATMUL" in msg and "input 1" in msg and "zero point 0, got 3" in msg


def test_unsupported_type_combination():
    msg = _error([Q(np.ones((2, 2), I8), 0.1, 0), Q(np.ones((2, 2), I16), 0.1, 0)],
                 Q(I8, 0.1, 0))
    assert "BATCH_MATMUL" in msg and "INT8, INT16 -> INT8" not in msg and "INT16" in msg


def test_int8_output_type_checked():
    msg = _error([Q(np.ones((2, 2), I8), 0.1, 0), Q(np.ones((2, 2), I8), 0.1, 0)],
                 Q(I16, 0.1, 0))
    assert "output" in msg and "INT8, INT8 -> INT8" in msg


def test_missing_quantization():
    msg = _error([Q(np.ones((2, 2), I8), 0.1, 0), Q(np.ones((2, 2), I8))], Q(I8, 0.1, 0))
    assert "input 1" in msg and "no quantization parameters" in msg


def test_per_axis_lhs_rejected():
    msg = _error([Q(np.ones((2, 2), I8), [0.1, 0.2], 0, axis=1), Q(np.ones((2, 2), I8), 0.1, 0)],
                 Q(I8, 0.1, 0))
    assert "input 0" in msg and "per tensor" in msg


def test_hybrid_output_must_be_float():
    msg = _error([Q(np.ones((2, 2), F32)), Q(np.ones((2, 2), I8), 0.1, 0)], Q(I8, 0.1, 0),
                 const=(1,))
    assert "hybrid" in msg and "FLOAT32" in msg


def test_hybrid_per_channel_axis_checked():
    # per-channel scales must run along the output columns (the last axis without adj_y)
    msg = _error([Q(np.ones((2, 3), F32)), Q(np.ones((3, 2), I8), [0.1, 0.2, 0.3], 0, axis=0)],
                 Q(F32), const=(1,))
    assert "input 1" in msg and "3 scales along dimension 0" in msg


def test_empty_operands():
    # an empty batch, and k = 0 (each output is the output zero point: a sum over nothing)
    x = np.zeros((0, 2, 3), I8)
    lite, mine = run_quant("BATCH_MATMUL", [Q(x, 0.1, 1), Q(np.ones((3, 4), I8), 0.1, 0)],
                           [Q(I8, 0.1, 0)], const=(1,))
    assert mine[0].shape == lite[0].shape == (0, 2, 4)
    lite, mine = run_quant("BATCH_MATMUL", [Q(np.zeros((2, 0), I8), 0.1, 1),
                                            Q(np.ones((0, 4), I8), 0.1, 0)], [Q(I8, 0.1, 3)])
    np.testing.assert_array_equal(mine[0], lite[0])
    np.testing.assert_array_equal(mine[0], np.full((2, 4), 3))
    # hybrid with k = 0: zeros (LiteRT itself does not survive this case, so interp only)
    got = run_interp([Q(np.zeros((2, 0), F32)), Q(np.ones((0, 4), I8), 0.1, 0)], Q(F32),
                     const=(1,))
    np.testing.assert_array_equal(got, np.zeros((2, 4)))


def test_hybrid_computed_rhs():
    # the int8 weights as a model input rather than a constant
    rng = np.random.default_rng(11)
    x = rng.standard_normal((2, 3, 17)).astype(F32)
    y = rng.integers(-127, 128, (17, 5)).astype(I8)
    lite, mine = run_quant("BATCH_MATMUL", [Q(x), Q(y, 0.03, 0)], [Q(F32)])
    assert np.abs(mine[0] - lite[0]).max() <= 1e-4 * np.abs(lite[0]).max()
