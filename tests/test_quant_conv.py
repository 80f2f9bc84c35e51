"""Quantized CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED (int8 per channel and per tensor, uint8
with a filter zero point, 16x8 with int64 or int32 bias).

Oracles:
* hand-worked values (rounding ties, saturation, activation clamps), computed here by hand;
* LiteRT's built-in kernels (``BUILTIN_WITHOUT_DEFAULT_DELEGATES``) through ``tests/quant_op.py``:
  bit-exact (max abs difference 0). Their requantization (interp_qconv_params.rounding): INT8 and
  UINT8 conv and FULLY_CONNECTED and INT8 depthwise take the doubling high multiply, then a right
  shift rounding halves up; UINT8 depthwise and the INT16 conv paths the double rounding of
  FORMAT.md §8 (int64: LiteRT's 16-bit-multiplier variant); INT16 FULLY_CONNECTED one rounding;
* LiteRT's reference kernels (``BUILTIN_REF``) round the INT8/UINT8 paths differently (half away
  from zero, FULLY_CONNECTED in one step), so that comparison allows a difference of 1 in at
  most 1% of the elements.
"""
import numpy as np
import pytest

from interp.errors import ModelError
from quant_op import Q, quant_model, run_quant

REF = "BUILTIN_REF"
OPT = "BUILTIN_WITHOUT_DEFAULT_DELEGATES"
NONE, RELU, RELU_N1_TO_1, RELU6 = 0, 1, 2, 3
SAME, VALID = 0, 1


def _range(dt):
    info = np.iinfo(dt)
    return int(info.min), int(info.max)


def make_case(rng, op, dt, per_channel, k=3, ic=4, oc=6, hw=7, batch=2, mult=1, act=NONE,
              pad=SAME, stride=1, dil=1, bias_t=None, with_bias=True, keep_num_dims=False):
    """(inputs, outputs, options) of a random quantized one-op model."""
    lo, hi = _range(dt)
    wdt = np.uint8 if dt == np.uint8 else np.int8
    if op == "FULLY_CONNECTED":
        x = rng.integers(lo, hi + 1, (batch, hw, ic) if keep_num_dims else (batch * hw, ic))
        wshape, axis = (oc, ic), 0
        opts = dict(fused_activation_function=act, keep_num_dims=keep_num_dims)
    else:
        x = rng.integers(lo, hi + 1, (batch, hw, hw, ic))
        opts = dict(padding=pad, stride_w=stride, stride_h=stride, dilation_w_factor=dil,
                    dilation_h_factor=dil, fused_activation_function=act)
        if op == "CONV_2D":
            wshape, axis = (oc, k, k, ic), 0
        else:
            oc = ic * mult
            wshape, axis = (1, k, k, oc), 3
            opts["depth_multiplier"] = mult
    x = x.astype(dt)
    w = (rng.integers(0, 256, wshape) if wdt == np.uint8 else rng.integers(-127, 128, wshape))
    w = w.astype(wdt)
    xs = float(rng.uniform(0.01, 0.1))
    xz = 0 if dt == np.int16 else int(rng.integers(lo // 2, hi // 2 + 1)) + (64 if dt == np.uint8 else 0)
    ws = list(rng.uniform(0.001, 0.02, oc)) if per_channel else float(rng.uniform(0.001, 0.02))
    wz = int(rng.integers(100, 156)) if wdt == np.uint8 else 0
    ys = float(rng.uniform(0.2, 1.0)) if dt != np.int16 else float(rng.uniform(0.005, 0.02))
    yz = 0 if dt == np.int16 else int(rng.integers(lo // 2, hi // 2 + 1)) + (64 if dt == np.uint8 else 0)
    bias_t = bias_t or (np.int64 if dt == np.int16 else np.int32)
    bs = list(np.atleast_1d(np.float32(xs) * np.asarray(ws, np.float32)).astype(float))
    b = rng.integers(-20000, 20000, oc).astype(bias_t)
    inputs = [Q(x, xs, xz), Q(w, ws, wz, axis=axis), Q(b, bs, 0) if with_bias else None]
    return inputs, [Q(dt, ys, yz)], opts


def run(op, inputs, outputs, opts, resolver=OPT):
    dt = np.dtype(outputs[0].value)
    version = 4 if dt == np.int16 else 3
    return run_quant(op, inputs, outputs, const=(1, 2), options=opts, version=version,
                     resolver=resolver)


def check_exact(op, inputs, outputs, opts):
    (want,), (got,) = run(op, inputs, outputs, opts)
    assert got.shape == want.shape and got.dtype == want.dtype
    diff = np.abs(got.astype(np.int64) - want.astype(np.int64))
    assert diff.max(initial=0) == 0, f"{int((diff > 0).sum())} of {diff.size} differ"
    return got


DTYPES = [(np.int8, True), (np.int8, False), (np.uint8, False), (np.int16, True),
          (np.int16, False)]


def _id(v):
    return v.__name__ if isinstance(v, type) else str(v)


@pytest.mark.parametrize("dt,pc", DTYPES, ids=lambda v: _id(v))
@pytest.mark.parametrize("act", [NONE, RELU, RELU_N1_TO_1, RELU6])
def test_conv_activations(dt, pc, act):
    rng = np.random.default_rng(act * 10 + len(str(dt)))
    check_exact("CONV_2D", *make_case(rng, "CONV_2D", dt, pc, act=act))


@pytest.mark.parametrize("dt,pc", DTYPES, ids=lambda v: _id(v))
@pytest.mark.parametrize("geom", [(1, SAME, 1, 1), (3, SAME, 2, 1), (3, VALID, 1, 2), (5, SAME, 2, 2),
                                  (2, VALID, 3, 1), (1, VALID, 2, 1)])
def test_conv_geometry(dt, pc, geom):
    k, pad, stride, dil = geom
    rng = np.random.default_rng(k * 100 + stride * 10 + dil)
    check_exact("CONV_2D", *make_case(rng, "CONV_2D", dt, pc, k=k, pad=pad, stride=stride,
                                      dil=dil, hw=9))


@pytest.mark.parametrize("ic,oc", [(1, 1), (3, 15), (8, 16), (17, 17), (16, 33), (32, 64), (5, 65)])
def test_conv_tile_sizes(ic, oc):
    rng = np.random.default_rng(ic * 100 + oc)
    check_exact("CONV_2D", *make_case(rng, "CONV_2D", np.int8, True, ic=ic, oc=oc, hw=6))


def test_conv_16x8_int32_bias():
    """An INT32 bias of a 16x8 conv means the same values as INT64 (oracle: LiteRT on the INT64
    model; LiteRT 2.3 itself misreads an INT32 bias here)."""
    import interp
    from quant_op import feeds_of, run_file
    rng = np.random.default_rng(6)
    inputs, outputs, opts = make_case(rng, "CONV_2D", np.int16, True)
    (want,), _ = run("CONV_2D", inputs, outputs, opts)
    inputs[2] = Q(inputs[2].value.astype(np.int32), inputs[2].scale, 0)
    data = quant_model("CONV_2D", inputs, outputs, const=(1, 2), options=opts, version=4)
    (got,) = run_file(interp.Interpreter(model_content=data), feeds_of(inputs, (1, 2)))
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("dt,pc", DTYPES, ids=lambda v: _id(v))
@pytest.mark.parametrize("act", [NONE, RELU, RELU6, RELU_N1_TO_1])
def test_depthwise_activations(dt, pc, act):
    rng = np.random.default_rng(act * 7 + 3)
    check_exact("DEPTHWISE_CONV_2D", *make_case(rng, "DEPTHWISE_CONV_2D", dt, pc, act=act))


@pytest.mark.parametrize("dt,pc", DTYPES, ids=lambda v: _id(v))
@pytest.mark.parametrize("geom", [(3, SAME, 1, 1, 1), (3, SAME, 2, 1, 2), (3, VALID, 1, 2, 1),
                                  (5, SAME, 2, 1, 3), (1, VALID, 1, 1, 4)])
def test_depthwise_geometry(dt, pc, geom):
    k, pad, stride, dil, mult = geom
    rng = np.random.default_rng(k * 31 + mult)
    check_exact("DEPTHWISE_CONV_2D", *make_case(rng, "DEPTHWISE_CONV_2D", dt, pc, k=k, pad=pad,
                                                stride=stride, dil=dil, mult=mult, hw=9))


@pytest.mark.parametrize("c", [1, 5, 12, 13, 15, 16, 17, 20, 31, 32, 33, 64, 65, 66, 73])
def test_depthwise_tile_sizes(c):
    """Channels past the last multiple of 8 take the reference rounding (as LiteRT's kernel)."""
    rng = np.random.default_rng(c)
    check_exact("DEPTHWISE_CONV_2D", *make_case(rng, "DEPTHWISE_CONV_2D", np.int8, True, ic=c,
                                                hw=5))


@pytest.mark.parametrize("dt,pc", DTYPES, ids=lambda v: _id(v))
@pytest.mark.parametrize("act", [NONE, RELU, RELU6, RELU_N1_TO_1])
def test_fully_connected(dt, pc, act):
    rng = np.random.default_rng(act + 40)
    check_exact("FULLY_CONNECTED", *make_case(rng, "FULLY_CONNECTED", dt, pc, ic=20, oc=24,
                                              act=act))


@pytest.mark.parametrize("depth,units", [(1, 1), (15, 16), (16, 17), (33, 31), (64, 65)])
def test_fully_connected_sizes(depth, units):
    rng = np.random.default_rng(depth * 7 + units)
    check_exact("FULLY_CONNECTED", *make_case(rng, "FULLY_CONNECTED", np.int8, True, ic=depth,
                                              oc=units, hw=3))


def test_fully_connected_keep_num_dims_and_no_bias():
    rng = np.random.default_rng(9)
    got = check_exact("FULLY_CONNECTED", *make_case(rng, "FULLY_CONNECTED", np.int8, False,
                                                    keep_num_dims=True, hw=3, ic=8, oc=5))
    assert got.shape == (2, 3, 5)
    check_exact("FULLY_CONNECTED", *make_case(rng, "FULLY_CONNECTED", np.int8, True,
                                              with_bias=False))


@pytest.mark.parametrize("op", ["CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED"])
@pytest.mark.parametrize("dt,pc", DTYPES, ids=lambda v: _id(v))
def test_against_reference_kernels(op, dt, pc):
    """LiteRT's reference kernels: off by 1 in < 1% (rounding ties, see the module docstring)."""
    rng = np.random.default_rng(77)
    inputs, outputs, opts = make_case(rng, op, dt, pc, ic=8, oc=16, hw=8)
    (want,), (got,) = run(op, inputs, outputs, opts, resolver=REF)
    diff = np.abs(got.astype(np.int64) - want.astype(np.int64))
    assert diff.max() <= 1 and (diff > 0).mean() < 0.01


# ---------------------------------------------------------------------------------------------
# hand-worked values

def _fc1(x, w, xq, wq, yq, bias=None, act=NONE, dt=np.int8):
    """A 1-unit FULLY_CONNECTED on the row x: interp's output and LiteRT's reference output."""
    inputs = [Q(np.array([x], dt), *xq), Q(np.array([w], np.uint8 if dt == np.uint8 else np.int8), *wq),
              None if bias is None else Q(np.array([bias], np.int32), xq[0] * wq[0], 0)]
    (want,), (got,) = run("FULLY_CONNECTED", inputs, [Q(dt, *yq)],
                          dict(fused_activation_function=act))
    return int(got[0, 0]), int(want[0, 0])


def test_hand_rounding_ties_fully_connected():
    # acc = (3 - 1) * 5 = 10; real multiplier 0.25 * 0.5 / 1.0 ... chosen so 10 * M = 2.5:
    # M = 0.25 = 2^30 / 2^31 * 2^-1. The doubling high multiply rounds 10 * 0.5 = 5 exactly, -5
    # likewise; the shift by 1 then rounds halves up: 2.5 -> 3, -2.5 -> -2.
    assert _fc1([3], [5], (0.5, 1), (0.5, 0), (1.0, 0)) == (3, 3)
    assert _fc1([-1], [5], (0.5, 1), (0.5, 0), (1.0, 0)) == (-2, -2)
    # acc = (4 - 1) * 3 = 9: 9 * 0.5 = 4.5 rounds to 5 first, then 5 / 2 = 2.5 -> 3 (2.25 -> 3:
    # the double rounding); acc = (-2 - 1) * 2 = -6: -3 exactly, then -1.5 -> -1
    assert _fc1([4], [3], (0.5, 1), (0.5, 0), (1.0, 0)) == (3, 3)
    assert _fc1([-2], [2], (0.5, 1), (0.5, 0), (1.0, 0)) == (-1, -1)


def test_hand_saturation_and_relu6():
    # acc = 100 * 100 = 10000, M = 1 * 0.1 / 0.5 = 0.2 -> 2000: saturates to 127 (int8)
    assert _fc1([100], [100], (1.0, 0), (0.1, 0), (0.5, 0)) == (127, 127)
    # RELU6 at output scale 0.5, zero point -10: hi = -10 + 12 = 2
    assert _fc1([100], [100], (1.0, 0), (0.1, 0), (0.5, -10), act=RELU6) == (2, 2)
    # negative: -2000 saturates to -128; RELU clamps at the zero point -10
    assert _fc1([-100], [100], (1.0, 0), (0.1, 0), (0.5, -10)) == (-128, -128)
    assert _fc1([-100], [100], (1.0, 0), (0.1, 0), (0.5, -10), act=RELU) == (-10, -10)


def test_hand_uint8_filter_offset():
    # (x - 128) * (w - 120) = (130 - 128) * (126 - 120) = 12, + bias 4 = 16; M = 0.5*0.5/1 -> 4,
    # + output zero point 100 = 104
    assert _fc1([130], [126], (0.5, 128), (0.5, 120), (1.0, 100), bias=4, dt=np.uint8) == (104, 104)


def test_hand_conv_double_rounding_tie():
    # 1x1 conv, acc = 5 * 1 = 5, M = 0.5 (0.5 * 1 / 1): the doubling high multiply of -5 by
    # 2^30 rounds its tie toward zero: 2.5 -> 3 but -2.5 -> -2 (FORMAT.md §8 double rounding)
    x = np.array([5, -5], np.int8).reshape(1, 1, 2, 1)
    w = np.array([1], np.int8).reshape(1, 1, 1, 1)
    inputs = [Q(x, 0.5, 0), Q(w, [1.0], 0), Q(np.zeros(1, np.int32), [0.5], 0)]
    opts = dict(padding=VALID, stride_w=1, stride_h=1, fused_activation_function=NONE)
    got = check_exact("CONV_2D", inputs, [Q(np.int8, 1.0, 0)], opts)
    assert got.ravel().tolist() == [3, -2]


def test_hand_depthwise_padding_uses_zero_point():
    # SAME 3x3 over a 1x1 image: only the centre tap is inside; padding contributes nothing even
    # with input zero point 7: (9 - 7) * 4 = 8, M = 1 -> 8 + output zero point 1 = 9
    x = np.array([9], np.int8).reshape(1, 1, 1, 1)
    w = np.full((1, 3, 3, 1), 4, np.int8)
    inputs = [Q(x, 1.0, 7), Q(w, [1.0], 0, axis=3), Q(np.zeros(1, np.int32), [1.0], 0)]
    opts = dict(padding=SAME, stride_w=1, stride_h=1, fused_activation_function=NONE,
                depth_multiplier=1)
    got = check_exact("DEPTHWISE_CONV_2D", inputs, [Q(np.int8, 1.0, 1)], opts)
    assert got.ravel().tolist() == [9]


# ---------------------------------------------------------------------------------------------
# errors

def _interp_error(op, inputs, outputs, opts):
    import interp
    data = quant_model(op, inputs, outputs, const=(1, 2), options=opts, version=3)
    with pytest.raises(ModelError) as e:
        it = interp.Interpreter(model_content=data)
        it.allocate_tensors()
    return str(e.value)


def test_error_filter_per_channel_wrong_axis():
    rng = np.random.default_rng(1)
    inputs, outputs, opts = make_case(rng, "CONV_2D", np.int8, True, ic=6, oc=6)
    inputs[1].axis = 3
    msg = _interp_error("CONV_2D", inputs, outputs, opts)
    assert "CONV_2D" in msg and "filter" in msg and "dimension 0" in msg


def test_error_filter_not_symmetric():
    rng = np.random.default_rng(2)
    inputs, outputs, opts = make_case(rng, "CONV_2D", np.int8, False)
    inputs[1].zero_point = 3
    msg = _interp_error("CONV_2D", inputs, outputs, opts)
    assert "filter" in msg and "zero point 0" in msg


def test_error_bias_type():
    rng = np.random.default_rng(3)
    inputs, outputs, opts = make_case(rng, "FULLY_CONNECTED", np.int8, True)
    inputs[2] = Q(inputs[2].value.astype(np.int64), inputs[2].scale, 0)
    msg = _interp_error("FULLY_CONNECTED", inputs, outputs, opts)
    assert "bias" in msg and "INT64" in msg and "INT32" in msg


def test_error_bias_scale():
    rng = np.random.default_rng(4)
    inputs, outputs, opts = make_case(rng, "DEPTHWISE_CONV_2D", np.int8, True)
    inputs[2].scale = [s * 1.01 for s in inputs[2].scale]
    msg = _interp_error("DEPTHWISE_CONV_2D", inputs, outputs, opts)
    assert "DEPTHWISE_CONV_2D" in msg and "bias" in msg and "input_scale * filter_scale" in msg


def test_error_missing_output_quantization():
    rng = np.random.default_rng(5)
    inputs, outputs, opts = make_case(rng, "CONV_2D", np.int8, True)
    outputs[0].scale = None
    msg = _interp_error("CONV_2D", inputs, outputs, opts)
    assert "output" in msg and "no quantization" in msg


def test_error_int16_zero_point():
    rng = np.random.default_rng(6)
    inputs, outputs, opts = make_case(rng, "CONV_2D", np.int16, True)
    inputs[0].zero_point = 2
    msg = _interp_error("CONV_2D", inputs, outputs, opts)
    assert "INT16" in msg and "zero point 2" in msg


def test_error_mixed_types():
    rng = np.random.default_rng(7)
    inputs, outputs, opts = make_case(rng, "CONV_2D", np.int8, True)
    outputs[0] = Q(np.uint8, 0.5, 128)
    msg = _interp_error("CONV_2D", inputs, outputs, opts)
    assert "output" in msg and "UINT8" in msg and "INT8" in msg


# ---------------------------------------------------------------------------------------------
# the conv-family layers of the TF-converted MobileNetV2 fixtures, one by one

def _fixture_layers(stem):
    import os
    import sys
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(root, "tests", "fixtures", f"{stem}.tflite")
    if not os.path.exists(path):
        pytest.skip(f"{stem}.tflite is not in tests/fixtures")
    sys.path.insert(0, os.path.join(root, "benchmarks"))
    try:
        from quant_layers import one_op_models
    finally:
        sys.path.pop(0)
    return list(one_op_models(path))


@pytest.mark.parametrize("stem", ["mobilenet_v2_int8", "mobilenet_v2_dynamic"])
def test_mobilenet_layers(stem):
    """Every CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED of the fixture cut out into a one-op
    model, on random inputs: int8 bit-exact, hybrid within 1e-4 of the largest output, against
    LiteRT's built-in kernels."""
    import interp
    from interp import dtypes
    from quant_op import litert
    for k, name, xt, _wt, data in _fixture_layers(stem):
        rng = np.random.default_rng(k)
        if xt.type == dtypes.INT8:
            x = rng.integers(-128, 128, xt.shape).astype(np.int8)
        else:
            x = rng.standard_normal(xt.shape).astype(np.float32)
        (want,) = litert(data, [x], OPT)
        it = interp.Interpreter(model_content=data)
        it.allocate_tensors()
        it.set_tensor(it.get_input_details()[0]["index"], x)
        it.invoke()
        got = it.get_tensor(it.get_output_details()[0]["index"])
        diff = np.abs(got.astype(np.float64) - want)
        if xt.type == dtypes.INT8:
            assert diff.max() == 0, f"node {k} ({name})"
        else:
            assert diff.max() <= 1e-4 * np.abs(want).max(), f"node {k} ({name})"
