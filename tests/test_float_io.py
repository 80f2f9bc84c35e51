"""get_signature_runner(key, float_io=True): quantize float inputs, dequantize outputs, with the
tensors' own parameters. Oracles: hand-worked affine quantization (FORMAT.md §8), and LiteRT running
TF's float-I/O twin of the int8 MobileNetV2 (its QUANTIZE / DEQUANTIZE ops do the same conversion)."""
import os

import numpy as np
import pytest

import interp
from interp.errors import InputError
from quant_op import Q, quant_model

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")


def reshape_model(in_type=np.int8, scale=0.5, zp=-3, per_axis=False):
    s = [0.5, 0.25] if per_axis else scale
    return quant_model("RESHAPE", [Q(np.zeros((2, 2), in_type), s, zp, axis=1),
                                   np.array([4], np.int32)],
                       [Q(in_type, scale, zp, shape=(4,))], const=(1,))


def test_round_trip_hand_worked():
    run = interp.Interpreter(model_content=reshape_model()).get_signature_runner(float_io=True)
    # x / 0.5 + (-3): 1.25 -> 2.5 -> 3 (half away from zero) -> 0; -1.25 -> -2.5 -> -3 -> -6;
    # 100 -> 200 - 3 saturates at 127; -100 -> -203 saturates at -128
    x = np.array([[1.25, -1.25], [100.0, -100.0]], np.float32)
    out = run(in0=x)
    (name,) = out
    np.testing.assert_array_equal(out[name], np.array([1.5, -1.5, 65.0, -62.5], np.float32))
    assert out[name].dtype == np.float32


def test_uint8_and_plain_runner_unchanged():
    data = reshape_model(np.uint8, 0.1, 128)
    it = interp.Interpreter(model_content=data)
    fio = it.get_signature_runner(float_io=True)
    (out,) = fio(in0=np.array([[0.0, 0.05], [-0.05, 12.7]], np.float32)).values()
    # 0.05 / 0.1 = 0.5 in float32 -> rounds away to 1; 12.7/0.1 + 128 = 255
    np.testing.assert_allclose(out, [0.0, 0.1, -0.1, 12.7], rtol=1e-6)
    raw = it.get_signature_runner()
    (q,) = raw(in0=np.array([[128, 129], [127, 255]], np.uint8)).values()
    assert q.dtype == np.uint8
    assert fio.get_input_details()["in0"]["dtype"] == np.float32
    assert raw.get_input_details()["in0"]["dtype"] == np.uint8


def test_per_axis_input_refused():
    it = interp.Interpreter(model_content=reshape_model(per_axis=True))
    with pytest.raises(InputError, match="per axis"):
        it.get_signature_runner(float_io=True)


def test_nan_and_non_numeric_refused():
    run = interp.Interpreter(model_content=reshape_model()).get_signature_runner(float_io=True)
    with pytest.raises(InputError, match="in0.*NaN"):
        run(in0=np.array([[np.nan, 0], [0, 0]], np.float32))
    with pytest.raises(InputError, match="real numbers"):
        run(in0=np.array([["a", "b"], ["c", "d"]]))


def test_mobilenet_int8_float_io_matches_litert_float_io_twin():
    """interp's int8 model behind float_io = LiteRT's float-I/O model (QUANTIZE ... DEQUANTIZE)."""
    lite = pytest.importorskip("ai_edge_litert.interpreter")
    x = np.random.default_rng(5).uniform(-1, 1, (1, 96, 96, 3)).astype(np.float32)
    ours = interp.Interpreter(model_path=os.path.join(FIXTURES, "mobilenet_v2_int8.tflite"))
    got = ours.get_signature_runner(float_io=True)(input=x)["output"]
    twin = lite.Interpreter(model_path=os.path.join(FIXTURES, "mobilenet_v2_int8_fio.tflite"),
                            experimental_op_resolver_type=lite.OpResolverType
                            .BUILTIN_WITHOUT_DEFAULT_DELEGATES)
    want = twin.get_signature_runner()(input=x)["output"]
    np.testing.assert_array_equal(got, want)
