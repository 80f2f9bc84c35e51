"""interp's post-training quantization on a trained network: the MobileNetV2 of
tests/fixtures/generate_trained_fixture.py (same architecture as the float fixture, trained on the
synthetic 10-class task of tests/synthetic_images.py; 99.8% held-out accuracy in TensorFlow).

Issue 5's acceptance: top-1 of the quantized model agrees with the float model on at least 98% of
200 seeded inputs, and LiteRT gives identical int8 outputs on the same file. Calibration: 50 seeded
images of the task, a different seed from the evaluation images. Oracles: the float model (run in
interp, itself checked against LiteRT's saved outputs) and LiteRT (BUILTIN_WITHOUT_DEFAULT_DELEGATES)
on the quantized file.
(The random-weight fixture is chaotic, see test_quantize_mobilenet.py: no int8 model reaches 98% on
it, TensorFlow's own included.)
"""
import os

import numpy as np
import pytest

import interp
from interp.quantize import quantize_model
from synthetic_images import sample

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
PATH = os.path.join(FIXTURES, "mobilenet_v2_trained.tflite")
CAL, _ = sample(seed=30, n=50)
EVAL, LABELS = sample(seed=31, n=200)


def outputs(runner, images):
    return np.stack([runner(input=images[i:i + 1])["output"][0] for i in range(len(images))])


@pytest.fixture(scope="module")
def models():
    raw = open(PATH, "rb").read()
    full = quantize_model(raw, lambda: ({"input": CAL[i:i + 1]} for i in range(len(CAL))),
                          inference_input_type=np.int8, inference_output_type=np.int8)
    dynamic = quantize_model(raw)
    floats = outputs(interp.Interpreter(model_content=raw).get_signature_runner(), EVAL)
    return {"raw": raw, "full": full, "dynamic": dynamic, "float": floats}


def test_float_model_matches_litert_and_labels(models):
    saved = np.load(os.path.join(FIXTURES, "mobilenet_v2_trained_expected.npz"))
    x, labels = sample(seed=5, n=8)
    np.testing.assert_array_equal(labels, saved["labels"])
    got = outputs(interp.Interpreter(model_content=models["raw"]).get_signature_runner(), x)
    np.testing.assert_allclose(got, saved["nodelegate"], rtol=1e-4, atol=1e-6)
    assert np.mean(models["float"].argmax(1) == LABELS) >= 0.98


def test_full_integer_top1_agreement_and_litert_bits(models):
    it = interp.Interpreter(model_content=models["full"])
    (d,) = it.get_input_details()
    assert d["dtype"] == np.int8 and it.get_output_details()[0]["dtype"] == np.int8
    ours = outputs(it.get_signature_runner(float_io=True), EVAL)
    agreement = np.mean(ours.argmax(1) == models["float"].argmax(1))
    assert agreement >= 0.98, f"top-1 agreement {agreement:.3f}"
    # the same int8 inputs through LiteRT give the same int8 outputs
    lite = pytest.importorskip("ai_edge_litert.interpreter")
    theirs = lite.Interpreter(model_content=models["full"], experimental_op_resolver_type=lite
                              .OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES)
    raw_ours = it.get_signature_runner()
    raw_theirs = theirs.get_signature_runner()
    scale, zp = d["quantization"]
    for i in range(0, len(EVAL), 10):
        q = np.clip(np.round(EVAL[i:i + 1] / scale) + zp, -128, 127).astype(np.int8)
        np.testing.assert_array_equal(raw_ours(input=q)["output"], raw_theirs(input=q)["output"])


def test_dynamic_range_top1_agreement(models):
    ours = outputs(interp.Interpreter(model_content=models["dynamic"]).get_signature_runner(), EVAL)
    agreement = np.mean(ours.argmax(1) == models["float"].argmax(1))
    assert agreement >= 0.98, f"top-1 agreement {agreement:.3f}"
