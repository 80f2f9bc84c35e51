"""Post-training quantization of a TensorFlow-made float model: the MobileNetV2 fixture
(tests/fixtures/mobilenet_v2.tflite, random He-scaled weights, see generate_model_fixtures.py).

Calibration: 50 seeded inputs uniform in [-1, 1] (the fixture's preprocessed range), run in
interp. Evaluation: 200 other seeded inputs, top-1 of the float model against the quantized one,
both run in LiteRT (BUILTIN_WITHOUT_DEFAULT_DELEGATES).

Measured (2026-11-22, LiteRT 2.3.0) on these 200 inputs: interp's full-integer file agrees on
0.565 of the top-1 decisions, its dynamic-range file on 0.745. TensorFlow 2.21's own converter on
the same Keras model with the same 50 calibration inputs: 0.555 (full integer) and 0.745 (dynamic
range). This fixture's random, untrained network is chaotic: in the *float* model, uniform input
noise of +-0.004 (the rounding of the int8 input itself, step 2/255) already changes 29 % of the
top-1 decisions (+-0.001: 9 %; +-0.01: 48 %), and int8 rounding noise grows layer by layer
(relative RMS error 0.7 % after the first conv, about 50 % at the logits, for TensorFlow's file and
interp's alike). So no int8 model reaches the issue's 98 % target on this fixture; the target is
tested on a trained MobileNetV2 instead (tests/test_quantize_trained.py: 100 % agreement).
"""
import numpy as np
import pytest

from interp.quantize import quantize_model
from ptq_support import litert_interpreter, run_interp
from support import FIXTURES

PATH = FIXTURES / "mobilenet_v2.tflite"
CALIBRATION = [np.random.default_rng(2024 + i).uniform(-1, 1, (1, 96, 96, 3)).astype(np.float32)
               for i in range(50)]
EVAL = [np.random.default_rng(1000 + i).uniform(-1, 1, (1, 96, 96, 3)).astype(np.float32)
        for i in range(200)]


def litert_outputs(data, inputs):
    runner = litert_interpreter(model_content=data).get_signature_runner()
    return np.stack([runner(input=x)["output"][0] for x in inputs])


@pytest.fixture(scope="module")
def runs():
    raw = PATH.read_bytes()
    full = quantize_model(raw, lambda: ({"input": x} for x in CALIBRATION))
    dynamic = quantize_model(raw)
    return {"float": litert_outputs(raw, EVAL), "full": litert_outputs(full, EVAL),
            "dynamic": litert_outputs(dynamic, EVAL), "full_bytes": full,
            "dynamic_bytes": dynamic}


def agreement(runs, kind):
    return float(np.mean(runs["float"].argmax(1) == runs[kind].argmax(1)))


def test_full_integer_top1_at_least_tensorflows(runs):
    # TensorFlow's own full-integer file agrees on 0.555 of these inputs; interp's on 0.565
    assert agreement(runs, "full") >= 0.5
    # the probabilities stay close: softmax output step 1/256
    assert np.abs(runs["full"] - runs["float"]).max() < 0.8
    assert np.mean(np.abs(runs["full"] - runs["float"])) < 2e-3


def test_dynamic_range_top1(runs):
    assert agreement(runs, "dynamic") >= 0.7  # TensorFlow's dynamic-range file: 0.745


def test_interp_gives_litert_int8_outputs(runs):
    """interp runs the quantized file with LiteRT's exact outputs."""
    data = runs["full_bytes"]
    for i in (0, 1, 2):
        ours = run_interp(data, input=EVAL[i])["output"][0]
        np.testing.assert_array_equal(ours, runs["full"][i])


def test_interp_top1_agreement(runs):
    data = runs["full_bytes"]
    ours = np.stack([run_interp(data, input=x)["output"][0] for x in EVAL])
    np.testing.assert_array_equal(ours, runs["full"])


def test_op_versions_as_tensorflow_writes(runs):
    """Operator codes and versions of TensorFlow 2.21's own quantized files of this model
    (observed; the op order of the operator_codes table differs and is not compared)."""
    from interp.loader import load_model
    from interp.opnames import builtin_name

    def codes(data):
        return {builtin_name(c.builtin_code): c.version for c in load_model(data).operator_codes}

    assert codes(runs["full_bytes"]) == {
        "QUANTIZE": 1, "CONV_2D": 3, "DEPTHWISE_CONV_2D": 3, "ADD": 2, "MEAN": 2,
        "FULLY_CONNECTED": 4, "SOFTMAX": 2, "DEQUANTIZE": 2}
    assert codes(runs["dynamic_bytes"]) == {
        "CONV_2D": 5, "DEPTHWISE_CONV_2D": 6, "ADD": 1, "MEAN": 1, "FULLY_CONNECTED": 12,
        "SOFTMAX": 1}
