"""Quantized ops that LiteRT runs as plain integer ops once the params agree (MAXIMUM, MINIMUM,
REDUCE_MAX, REDUCE_MIN, TOPK_V2): hand-worked values, random inputs bit-exact (max abs difference
0) against LiteRT (the oracle: ``tests/quant_op.py`` with BUILTIN_WITHOUT_DEFAULT_DELEGATES), and
the load-time check naming the tensor whose scale / zero point differs."""
import numpy as np
import pytest

from interp.errors import ModelError
from quant_op import Q, feeds_of, ours, quant_model, run_quant

I8, U8, I16 = np.int8, np.uint8, np.int16
R = np.random.default_rng(11)


def rand(dt, shape):
    info = np.iinfo(dt)
    return R.integers(info.min, info.max + 1, shape).astype(dt)


def assert_same(lite, mine):
    assert len(lite) == len(mine)
    for a, b in zip(lite, mine):
        assert a.dtype == b.dtype and a.shape == b.shape
        diff = np.abs(a.astype(np.int64) - b.astype(np.int64))
        assert diff.max(initial=0) == 0, np.flatnonzero(diff)[:10]


# ---- MAXIMUM / MINIMUM ----------------------------------------------------------------------

def test_maximum_minimum_int8_hand_worked():
    a = np.array([-128, -1, 0, 5, 127], I8)
    b = np.array([127, -2, 0, 6, -128], I8)
    for op, want in (("MAXIMUM", [127, -1, 0, 6, 127]), ("MINIMUM", [-128, -2, 0, 5, -128])):
        inputs = [Q(a, 0.1, 3), Q(b, 0.1, 3)]
        data = quant_model(op, inputs, [Q(I8, 0.1, 3, shape=(5,))])
        np.testing.assert_array_equal(ours(data, feeds_of(inputs, ()))[0], want)


@pytest.mark.parametrize("op", ["MAXIMUM", "MINIMUM"])
@pytest.mark.parametrize("dt,zp", [(I8, -5), (U8, 128), (I16, 0)])
@pytest.mark.parametrize("shapes", [((17,), (17,)), ((2, 3, 16), (3, 1)), ((33,), ()),
                                    ((4, 1, 5), (1, 6, 1))])
def test_maximum_minimum_random_vs_litert(op, dt, zp, shapes):
    a, b = rand(dt, shapes[0]), rand(dt, shapes[1])
    out_shape = np.broadcast_shapes(a.shape, b.shape)
    lite, mine = run_quant(op, [Q(a, 0.02, zp), Q(b, 0.02, zp)], [Q(dt, 0.02, zp, shape=out_shape)])
    assert_same(lite, mine)


@pytest.mark.parametrize("which,bad", [("input 1", (0, 0.03, -5)), ("output 0", (2, 0.02, -4))])
def test_maximum_params_mismatch(which, bad):
    qs = [(0.02, -5)] * 3
    pos, s, z = bad
    qs[pos] = (s, z)
    a, b = rand(I8, (4,)), rand(I8, (4,))
    inputs = [Q(a, *qs[0]), Q(b, *qs[1])]
    data = quant_model("MAXIMUM", inputs, [Q(I8, *qs[2], shape=(4,))])
    with pytest.raises(ModelError, match=f"MAXIMUM.*{which}.*same scale and zero point"):
        ours(data, feeds_of(inputs, ()))


# ---- REDUCE_MAX / REDUCE_MIN ----------------------------------------------------------------

def test_reduce_max_min_hand_worked():
    x = np.array([[-128, 3, -7], [127, -128, 0]], I8)
    for op, want in (("REDUCE_MAX", [3, 127]), ("REDUCE_MIN", [-128, -128])):
        inputs = [Q(x, 0.5, 1), np.array([1], np.int32)]
        data = quant_model(op, inputs, [Q(I8, 0.5, 1, shape=(2,))], const=(1,),
                           options={"keep_dims": False})
        np.testing.assert_array_equal(ours(data, feeds_of(inputs, (1,)))[0], want)


@pytest.mark.parametrize("op", ["REDUCE_MAX", "REDUCE_MIN"])
@pytest.mark.parametrize("dt,zp", [(I8, 7), (U8, 100)])
@pytest.mark.parametrize("shape,axes,keep", [((3, 17), [1], False), ((2, 16, 5), [1], True),
                                             ((4, 3, 33), [0, 2], False), ((65,), [0], True)])
def test_reduce_max_min_random_vs_litert(op, dt, zp, shape, axes, keep):
    x = rand(dt, shape)
    out_shape = tuple(1 if d in axes else n for d, n in enumerate(shape)) if keep else \
        tuple(n for d, n in enumerate(shape) if d not in axes)
    lite, mine = run_quant(op, [Q(x, 0.05, zp), np.array(axes, np.int32)],
                           [Q(dt, 0.05, zp, shape=out_shape)], const=(1,),
                           options={"keep_dims": keep})
    assert_same(lite, mine)


def test_reduce_min_params_mismatch():
    inputs = [Q(rand(U8, (2, 3)), 0.05, 100), np.array([1], np.int32)]
    data = quant_model("REDUCE_MIN", inputs, [Q(U8, 0.05, 101, shape=(2,))], const=(1,),
                       options={"keep_dims": False})
    with pytest.raises(ModelError, match="REDUCE_MIN.*output 0.*zero point 101.*zero point 100"):
        ours(data, feeds_of(inputs, (1,)))


# ---- TOPK_V2 --------------------------------------------------------------------------------

def test_topk_int8_hand_worked_ties_keep_lower_index():
    x = np.array([[5, -128, 5, 127, 0]], I8)
    inputs = [Q(x, 0.1, 0), np.array(3, np.int32)]
    data = quant_model("TOPK_V2", inputs, [Q(I8, 0.1, 0, shape=(1, 3)), Q(np.int32, shape=(1, 3))],
                       const=(1,))
    values, idx = ours(data, feeds_of(inputs, (1,)))
    np.testing.assert_array_equal(values, [[127, 5, 5]])
    np.testing.assert_array_equal(idx, [[3, 0, 2]])


@pytest.mark.parametrize("dt,zp", [(I8, -3), (U8, 130)])
@pytest.mark.parametrize("rows,n,k", [(3, 16, 4), (2, 17, 17), (5, 8, 1), (1, 33, 0)])
def test_topk_random_vs_litert(dt, zp, rows, n, k):
    x = rand(dt, (rows, n)) // 16  # many equal values
    lite, mine = run_quant("TOPK_V2", [Q(x.astype(dt), 0.1, zp), np.array(k, np.int32)],
                           [Q(dt, 0.1, zp, shape=(rows, k)), Q(np.int32, shape=(rows, k))],
                           const=(1,))
    assert_same(lite, mine)


def test_topk_params_mismatch():
    inputs = [Q(rand(I8, (2, 5)), 0.1, 0), np.array(2, np.int32)]
    data = quant_model("TOPK_V2", inputs, [Q(I8, 0.2, 0, shape=(2, 2)), Q(np.int32, shape=(2, 2))],
                       const=(1,))
    with pytest.raises(ModelError, match="TOPK_V2.*output 0.*scale 0.2"):
        ours(data, feeds_of(inputs, (1,)))


# ---- ELU, GELU (8-bit tables computed in float) ---------------------------------------------

def every(dt):
    info = np.iinfo(dt)
    return np.arange(info.min, info.max + 1).astype(dt)


def test_elu_int8_hand_worked():
    # in scale 0.1: -1.0 -> e^-1 - 1 = -0.632 -> / 0.01 = -63.2 -> -63; +0.5 -> 50; 127 * 0.1 / 0.01
    # = 1270 saturates to 127; -12.8 -> -0.99999 -> -100.
    x = np.array([-10, 5, 127, -128, 0], I8)
    inputs = [Q(x, 0.1, 0)]
    data = quant_model("ELU", inputs, [Q(I8, 0.01, 0, shape=(5,))])
    np.testing.assert_array_equal(ours(data, feeds_of(inputs, ()))[0], [-63, 50, 127, -100, 0])


def test_gelu_uint8_hand_worked():
    # x = (v - 128) * 0.05; gelu(0) = 0 -> zp 100; gelu(2.0) = 1.9545 -> 100 + 97.7 = 198;
    # gelu(-2.0) = -0.0455 -> 100 - 2.3 -> 98; gelu(6.35) -> 100 + 317 saturates to 255
    x = np.array([128, 168, 88, 255], U8)
    inputs = [Q(x, 0.05, 128)]
    data = quant_model("GELU", inputs, [Q(U8, 0.02, 100, shape=(4,))])
    np.testing.assert_array_equal(ours(data, feeds_of(inputs, ()))[0], [100, 198, 98, 255])


@pytest.mark.parametrize("si,zi,so,zo", [(0.05, 0, 0.02, -20), (0.1, -30, 0.05, 0),
                                         (0.02, 10, 0.0078125, 127), (0.5, 0, 0.25, 0)])
def test_elu_int8_every_value_vs_litert(si, zi, so, zo):
    x = every(I8)
    lite, mine = run_quant("ELU", [Q(x, si, zi)], [Q(I8, so, zo, shape=x.shape)])
    assert_same(lite, mine)


@pytest.mark.parametrize("dt", [I8, U8])
@pytest.mark.parametrize("approximate", [False, True])
@pytest.mark.parametrize("si,zi,so,zo", [(0.05, 0, 0.02, -20), (0.1, -30, 0.05, 0),
                                         (0.02, 10, 0.0078125, 100), (0.04, 5, 0.03, -128)])
def test_gelu_every_value_vs_litert(dt, approximate, si, zi, so, zo):
    x = every(dt)
    if dt == U8:
        zi, zo = zi + 128, zo + 128
    lite, mine = run_quant("GELU", [Q(x, si, zi)], [Q(dt, so, zo, shape=x.shape)],
                           options={"approximate": approximate})
    assert_same(lite, mine)


def test_elu_uint8_is_refused():
    inputs = [Q(every(U8), 0.1, 128)]
    data = quant_model("ELU", inputs, [Q(U8, 0.1, 128, shape=(256,))])
    with pytest.raises(ModelError, match="ELU.*UINT8"):
        ours(data, feeds_of(inputs, ()))


def test_gelu_missing_output_params():
    inputs = [Q(every(I8), 0.1, 0)]
    data = quant_model("GELU", inputs, [Q(I8, shape=(256,))])
    with pytest.raises(ModelError, match="GELU.*output.*no quantization parameters"):
        ours(data, feeds_of(inputs, ()))


# ---- PRELU ----------------------------------------------------------------------------------

def test_prelu_int8_hand_worked_ties():
    # in scale 0.5 zp 0, alpha scale 0.25 zp 0 (alpha q 1 = 0.25), out scale 1 zp 0:
    # x >= 0: q / 2, ties away from zero (1 -> 1, 3 -> 2, 5 -> 3, 127 -> 64); x < 0: q * 1 / 8,
    # ties away from zero too (-4 -> -0.5 -> -1, -12 -> -1.5 -> -2, -20 -> -2.5 -> -3), -128 -> -16.
    x = np.array([1, 3, 5, -4, -12, -20, 127, -128], I8)
    alpha = np.array([1], I8)
    inputs = [Q(x, 0.5, 0), Q(alpha, 0.25, 0)]
    data = quant_model("PRELU", inputs, [Q(I8, 1.0, 0, shape=(8,))], const=(1,))
    np.testing.assert_array_equal(ours(data, feeds_of(inputs, (1,)))[0],
                                  [1, 2, 3, -1, -2, -3, 64, -16])


@pytest.mark.parametrize("dt", [I8, U8])
@pytest.mark.parametrize("xs,as_", [((1, 4, 4, 8), (8,)), ((2, 3, 17), (3, 17)), ((33,), (33,)),
                                    ((1, 5, 5, 16), (1, 1, 16))])
@pytest.mark.parametrize("qp", [((0.05, 3), (0.01, -2), (0.04, 5)), ((0.1, -20), (0.3, 0), (0.2, 0))])
def test_prelu_random_vs_litert(dt, xs, as_, qp):
    (si, zi), (sa, za), (so, zo) = qp
    if dt == U8:
        zi, za, zo = zi + 128, za + 128, zo + 128
    x, a = rand(dt, xs), rand(dt, as_)
    out_shape = np.broadcast_shapes(xs, as_)
    lite, mine = run_quant("PRELU", [Q(x, si, zi), Q(a, sa, za)], [Q(dt, so, zo, shape=out_shape)],
                           const=(1,))
    assert_same(lite, mine)


def test_prelu_alpha_without_params():
    inputs = [Q(rand(I8, (4,)), 0.1, 0), Q(rand(I8, (4,)))]
    data = quant_model("PRELU", inputs, [Q(I8, 0.1, 0, shape=(4,))], const=(1,))
    with pytest.raises(ModelError, match="PRELU.*input 1 \\(alpha\\).*no quantization"):
        ours(data, feeds_of(inputs, (1,)))


# ---- L2_NORMALIZATION -----------------------------------------------------------------------

def test_l2_normalization_int8_hand_worked():
    # rows (3, 4) -> (0.6, 0.8) * 128 = (76.8, 102.4) -> (77, 102); (-5, 0) -> -128 (saturates
    # from -128 exactly); (0, 0) -> 0; (1, 0): sum 1 takes the max multiplier -> 128 -> 127.
    x = np.array([[3, 4], [-5, 0], [0, 0], [1, 0]], I8)
    inputs = [Q(x, 0.3, 0)]
    data = quant_model("L2_NORMALIZATION", inputs, [Q(I8, 1 / 128, 0, shape=x.shape)])
    np.testing.assert_array_equal(ours(data, feeds_of(inputs, ()))[0],
                                  [[77, 102], [-128, 0], [0, 0], [127, 0]])


@pytest.mark.parametrize("dt,zi,zo", [(I8, 0, 0), (I8, -7, 0), (U8, 128, 128), (U8, 90, 128)])
@pytest.mark.parametrize("shape", [(3, 16), (2, 4, 17), (1, 64), (5, 1), (2, 8), (300, 17)])
def test_l2_normalization_random_vs_litert(dt, zi, zo, shape):
    x = rand(dt, shape)
    x[0, ...] = zi  # an all-zero row
    lite, mine = run_quant("L2_NORMALIZATION", [Q(x, 0.05, zi)], [Q(dt, 1 / 128, zo, shape=shape)],
                           options={"fused_activation_function": 0})
    assert_same(lite, mine)


def test_l2_normalization_small_values_vs_litert():
    x = (R.integers(-3, 4, (40, 8))).astype(I8)
    lite, mine = run_quant("L2_NORMALIZATION", [Q(x, 0.05, 0)], [Q(I8, 1 / 128, 0, shape=x.shape)],
                           options={"fused_activation_function": 0})
    assert_same(lite, mine)


def test_l2_normalization_wrong_output_params():
    inputs = [Q(rand(U8, (2, 4)), 0.1, 128)]
    data = quant_model("L2_NORMALIZATION", inputs, [Q(U8, 1 / 128, 0, shape=(2, 4))])
    with pytest.raises(ModelError, match="L2_NORMALIZATION.*output 0.*zero point 128.*zero point 0"):
        ours(data, feeds_of(inputs, ()))


# ---- SQUARED_DIFFERENCE ---------------------------------------------------------------------

def test_squared_difference_int8_hand_worked():
    # scales 0.1 both, out 0.05: (a - b)^2 * 0.01 / 0.05 = (a - b)^2 / 5; 10 - 0 -> 20;
    # 3 -> 1.8 -> 2; -128 - 127 -> 255^2 / 5 saturates to 127; equal values -> out zp -10
    a = np.array([10, 3, -128, 7], I8)
    b = np.array([0, 0, 127, 7], I8)
    inputs = [Q(a, 0.1, 0), Q(b, 0.1, 0)]
    data = quant_model("SQUARED_DIFFERENCE", inputs, [Q(I8, 0.05, -10, shape=(4,))])
    np.testing.assert_array_equal(ours(data, feeds_of(inputs, ()))[0], [10, -8, 127, -10])


@pytest.mark.parametrize("shapes", [((17,), (17,)), ((2, 3, 16), (3, 1)), ((33,), ()),
                                    ((4, 1, 5), (1, 6, 1)), ((1, 6, 6, 4), (1, 6, 6, 4))])
@pytest.mark.parametrize("qp", [((0.02, 3), (0.02, 3), (0.01, -128)),
                                ((0.05, -10), (0.02, 4), (0.3, -100)),
                                ((0.01, 0), (0.04, 0), (0.002, -128))])
def test_squared_difference_int8_random_vs_litert(shapes, qp):
    (sa, za), (sb, zb), (so, zo) = qp
    a, b = rand(I8, shapes[0]), rand(I8, shapes[1])
    out_shape = np.broadcast_shapes(a.shape, b.shape)
    lite, mine = run_quant("SQUARED_DIFFERENCE", [Q(a, sa, za), Q(b, sb, zb)],
                           [Q(I8, so, zo, shape=out_shape)])
    assert_same(lite, mine)


def test_squared_difference_missing_params():
    inputs = [Q(rand(I8, (4,)), 0.1, 0), Q(rand(I8, (4,)))]
    data = quant_model("SQUARED_DIFFERENCE", inputs, [Q(I8, 0.1, 0, shape=(4,))])
    with pytest.raises(ModelError, match="SQUARED_DIFFERENCE.*input 1.*no quantization"):
        ours(data, feeds_of(inputs, ()))


# ---- RESIZE_BILINEAR ------------------------------------------------------------------------

def test_resize_bilinear_int8_hand_worked_ties():
    # 1x2 -> 1x4 without half pixels: scale 512/1024, positions 0, 0.5, 1, 1.5 (clamped to
    # column 1): -3, (-3 + 2) / 2 = -0.5 -> -1 (half away from zero), 2, 2.
    x = np.array([-3, 2], I8).reshape(1, 1, 2, 1)
    inputs = [Q(x, 0.1, 0), np.array([1, 4], np.int32)]
    data = quant_model("RESIZE_BILINEAR", inputs, [Q(I8, 0.1, 0, shape=(1, 1, 4, 1))], const=(1,),
                       options={"align_corners": False, "half_pixel_centers": False})
    np.testing.assert_array_equal(ours(data, feeds_of(inputs, (1,)))[0].ravel(), [-3, -1, 2, 2])


@pytest.mark.parametrize("dt,zp", [(I8, -4), (I8, 100)])
@pytest.mark.parametrize("opts", [(False, False), (True, False), (False, True)])
@pytest.mark.parametrize("shape,size", [((1, 6, 6, 4), (9, 9)), ((2, 3, 5, 16), (8, 17)),
                                        ((1, 8, 8, 3), (4, 4)), ((1, 1, 7, 2), (1, 16))])
def test_resize_bilinear_random_vs_litert(dt, zp, opts, shape, size):
    x = rand(dt, shape)
    lite, mine = run_quant("RESIZE_BILINEAR", [Q(x, 0.05, zp), np.array(size, np.int32)],
                           [Q(dt, 0.05, zp, shape=(shape[0],) + size + (shape[3],))], const=(1,),
                           options={"align_corners": opts[0], "half_pixel_centers": opts[1]})
    assert_same(lite, mine)


def test_resize_bilinear_other_output_params_copy_stored_values_as_litert():
    # LiteRT does not requantize: the output holds the interpolated stored values (oracle: LiteRT)
    x = rand(I8, (1, 4, 4, 3))
    lite, mine = run_quant("RESIZE_BILINEAR", [Q(x, 0.1, 0), np.array([7, 5], np.int32)],
                           [Q(I8, 0.2, 10, shape=(1, 7, 5, 3))], const=(1,),
                           options={"align_corners": False, "half_pixel_centers": True})
    assert_same(lite, mine)


def test_resize_bilinear_uint8_is_refused():
    inputs = [Q(rand(U8, (1, 2, 2, 1)), 0.1, 128), np.array([3, 3], np.int32)]
    data = quant_model("RESIZE_BILINEAR", inputs, [Q(U8, 0.1, 128, shape=(1, 3, 3, 1))],
                       const=(1,), options={"align_corners": False, "half_pixel_centers": False})
    with pytest.raises(ModelError, match="RESIZE_BILINEAR.*UINT8"):
        ours(data, feeds_of(inputs, (1,)))


# ---- TRANSPOSE_CONV (int8, per-channel filter, int32 bias) ------------------------------------

def tconv(x, w, bias, out_shape, sx, zx, ws, so, zo, padding, stride, act=0):
    inputs = [np.array(out_shape, np.int32), Q(w, ws, 0, axis=0), Q(x, sx, zx)]
    const = (0, 1)
    if bias is not None:
        inputs.append(Q(bias, [sx * s for s in np.atleast_1d(ws)], 0, axis=0))
        const = (0, 1, 3)
    opts = {"padding": padding, "stride_w": stride, "stride_h": stride,
            "fused_activation_function": act}
    return inputs, [Q(I8, so, zo, shape=tuple(out_shape))], const, opts


def test_transpose_conv_int8_hand_worked():
    # 1x1 input, 1x1 filter, stride 1: y = mbqm((x - zx) * w + bias) + zo; x 3 (zx 0), w 5, bias 1,
    # in 0.5 * filter 0.1 / out 0.1 = 0.5: (15 + 1) * 0.5 = 8; x -3: (-15 + 1) * 0.5 = -7;
    # x 1: (5 + 1) / 2 = 3; x 127 saturates (318).
    x = np.array([3, -3, 1, 127], I8).reshape(1, 2, 2, 1)
    w = np.array([5], I8).reshape(1, 1, 1, 1)
    inputs, outputs, const, opts = tconv(x, w, np.array([1], np.int32), (1, 2, 2, 1), 0.5, 0,
                                         [0.1], 0.1, 0, 1, 1)
    data = quant_model("TRANSPOSE_CONV", inputs, outputs, const=const, options=opts)
    np.testing.assert_array_equal(ours(data, feeds_of(inputs, const))[0].ravel(), [8, -7, 3, 127])


@pytest.mark.parametrize("ic,oc", [(4, 4), (3, 8), (16, 17)])
@pytest.mark.parametrize("padding,stride,k,hw,out_hw", [(0, 2, 3, 6, 12), (1, 2, 3, 5, 11),
                                                        (0, 1, 3, 5, 5), (1, 3, 2, 4, 11)])
@pytest.mark.parametrize("with_bias", [False, True])
@pytest.mark.parametrize("act", [0, 1])
def test_transpose_conv_int8_random_vs_litert(ic, oc, padding, stride, k, hw, out_hw, with_bias, act):
    x = rand(I8, (1, hw, hw, ic))
    w = rand(I8, (oc, k, k, ic))
    w[0] = 0  # a zero filter channel
    ws = list(R.uniform(0.002, 0.02, oc))
    bias = R.integers(-3000, 3000, oc).astype(np.int32) if with_bias else None
    inputs, outputs, const, opts = tconv(x, w, bias, (1, out_hw, out_hw, oc), 0.05, -3, ws, 0.5,
                                         6, padding, stride, act)
    lite, mine = run_quant("TRANSPOSE_CONV", inputs, outputs, const=const, options=opts,
                           version=3)
    assert_same(lite, mine)


def test_transpose_conv_int8_filter_needs_symmetric():
    x = rand(I8, (1, 2, 2, 2))
    w = rand(I8, (2, 1, 1, 2))
    inputs = [np.array([1, 2, 2, 2], np.int32), Q(w, [0.1, 0.1], 3, axis=0), Q(x, 0.1, 0)]
    data = quant_model("TRANSPOSE_CONV", inputs, [Q(I8, 0.1, 0, shape=(1, 2, 2, 2))], const=(0, 1),
                       options={"padding": 1, "stride_w": 1, "stride_h": 1})
    with pytest.raises(ModelError, match="TRANSPOSE_CONV.*filter.*symmetric"):
        ours(data, feeds_of(inputs, (0, 1)))
