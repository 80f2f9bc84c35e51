"""Hybrid (dynamic-range) FULLY_CONNECTED, CONV_2D and DEPTHWISE_CONV_2D: FLOAT32 input and output,
INT8 filter with per-tensor or per-channel scales; the input is quantized per image (per row for
FULLY_CONNECTED) at run time.

Oracle: LiteRT (``BUILTIN_WITHOUT_DEFAULT_DELEGATES``) on the same one-op model, within 1e-4 of the
output's largest magnitude (the integer part is exact; only float rounding of the rescale and
bias differs), plus hand-worked values.
"""
import numpy as np
import pytest

from interp.errors import ModelError
from quant_op import Q, quant_model, run_quant

NONE, RELU, RELU_N1_TO_1, RELU6 = 0, 1, 2, 3
SAME, VALID = 0, 1


def make(rng, op, pc, asym=False, k=3, ic=5, oc=7, hw=6, batch=2, act=NONE, pad=SAME, stride=1,
         dil=1, mult=1, bias=True, scale_x=1.0):
    if op == "FULLY_CONNECTED":
        x = rng.standard_normal((batch * 3, ic)) * scale_x
        wshape, axis = (oc, ic), 0
        opts = dict(fused_activation_function=act, asymmetric_quantize_inputs=asym)
    else:
        x = rng.standard_normal((batch, hw, hw, ic)) * scale_x + (0.5 if asym else 0.0)
        opts = dict(padding=pad, stride_w=stride, stride_h=stride, dilation_w_factor=dil,
                    dilation_h_factor=dil, fused_activation_function=act)
        if op == "CONV_2D":
            wshape, axis = (oc, k, k, ic), 0
        else:
            oc = ic * mult
            wshape, axis = (1, k, k, oc), 3
            opts["depth_multiplier"] = mult
    w = rng.integers(-127, 128, wshape).astype(np.int8)
    ws = list(rng.uniform(0.001, 0.02, oc)) if pc else float(rng.uniform(0.001, 0.02))
    b = Q(rng.standard_normal(oc).astype(np.float32)) if bias else None
    return [Q(x.astype(np.float32)), Q(w, ws, 0, axis=axis), b], [Q(np.float32)], opts


def check(op, inputs, outputs, opts):
    (want,), (got,) = run_quant(op, inputs, outputs, const=(1, 2), options=opts)
    assert got.shape == want.shape and got.dtype == np.float32
    tol = 1e-4 * max(float(np.abs(want).max(initial=0)), 1e-6)
    np.testing.assert_allclose(got, want, rtol=0, atol=tol)
    return got


@pytest.mark.parametrize("pc", [False, True])
@pytest.mark.parametrize("asym", [False, True])
@pytest.mark.parametrize("act", [NONE, RELU, RELU_N1_TO_1, RELU6])
def test_fully_connected(pc, asym, act):
    rng = np.random.default_rng(act * 4 + 2 * pc + asym)
    check("FULLY_CONNECTED", *make(rng, "FULLY_CONNECTED", pc, asym, act=act))


@pytest.mark.parametrize("depth,units", [(1, 1), (15, 16), (16, 17), (33, 31), (64, 65)])
def test_fully_connected_sizes(depth, units):
    rng = np.random.default_rng(depth + units)
    check("FULLY_CONNECTED", *make(rng, "FULLY_CONNECTED", True, ic=depth, oc=units))


def test_fully_connected_no_bias_and_zero_rows():
    rng = np.random.default_rng(3)
    inputs, outputs, opts = make(rng, "FULLY_CONNECTED", False, bias=False)
    inputs[0].value[1] = 0.0  # an all-zero row: scale 1, output = bias (here 0)
    got = check("FULLY_CONNECTED", inputs, outputs, opts)
    assert not got[1].any()


@pytest.mark.parametrize("pc", [False, True])
@pytest.mark.parametrize("act", [NONE, RELU, RELU6, RELU_N1_TO_1])
@pytest.mark.parametrize("geom", [(3, SAME, 1, 1), (3, VALID, 2, 1), (1, SAME, 1, 1), (3, SAME, 1, 2),
                                  (5, SAME, 2, 1)])
def test_conv(pc, act, geom):
    k, pad, stride, dil = geom
    rng = np.random.default_rng(k * 10 + stride + dil * 3 + act)
    check("CONV_2D", *make(rng, "CONV_2D", pc, k=k, pad=pad, stride=stride, dil=dil, act=act,
                           ic=6, oc=17))


@pytest.mark.parametrize("act", [NONE, RELU, RELU6])
@pytest.mark.parametrize("geom", [(3, SAME, 1, 1, 1), (3, SAME, 2, 1, 2), (3, VALID, 1, 2, 1),
                                  (5, SAME, 1, 1, 3)])
def test_depthwise(act, geom):
    k, pad, stride, dil, mult = geom
    rng = np.random.default_rng(k + stride * 5 + mult * 7 + act)
    check("DEPTHWISE_CONV_2D", *make(rng, "DEPTHWISE_CONV_2D", True, k=k, pad=pad, stride=stride,
                                     dil=dil, mult=mult, act=act, ic=16))


def test_hand_symmetric_fully_connected():
    # row [1, -2]: range 2, scale 2/127, q = [64 (63.5 rounds away), -127]; w = [3, 1] scale 0.5:
    # acc = 192 - 127 = 65; y = 65 * (0.5 * 2/127) + 0.25 = 0.7618...
    x = np.array([[1.0, -2.0]], np.float32)
    w = np.array([[3, 1]], np.int8)
    inputs = [Q(x), Q(w, 0.5, 0), Q(np.array([0.25], np.float32))]
    got = check("FULLY_CONNECTED", inputs, [Q(np.float32)], dict(fused_activation_function=NONE))
    want = np.float32(65) * (np.float32(0.5) * (np.float32(2.0) / np.float32(127))) + 0.25
    np.testing.assert_allclose(got[0, 0], want, rtol=1e-6)


def _interp_error(op, inputs, outputs, opts):
    import interp
    data = quant_model(op, inputs, outputs, const=(1, 2), options=opts)
    with pytest.raises(ModelError) as e:
        interp.Interpreter(model_content=data).allocate_tensors()
    return str(e.value)


def test_error_depthwise_per_tensor():
    rng = np.random.default_rng(1)
    inputs, outputs, opts = make(rng, "DEPTHWISE_CONV_2D", False)
    msg = _interp_error("DEPTHWISE_CONV_2D", inputs, outputs, opts)
    assert "DEPTHWISE_CONV_2D" in msg and "filter" in msg and "got 1" in msg


def test_error_uint8_filter():
    rng = np.random.default_rng(2)
    inputs, outputs, opts = make(rng, "FULLY_CONNECTED", False)
    inputs[1] = Q(inputs[1].value.astype(np.uint8), 0.1, 128)
    msg = _interp_error("FULLY_CONNECTED", inputs, outputs, opts)
    assert "INT8 filter" in msg and "UINT8" in msg


def test_error_int8_output():
    rng = np.random.default_rng(3)
    inputs, outputs, opts = make(rng, "CONV_2D", True)
    msg = _interp_error("CONV_2D", inputs, [Q(np.int8, 0.1, 0)], opts)
    assert "output" in msg and "FLOAT32" in msg
