"""TF-converted quantized MobileNetV2 (tests/fixtures/generate_quant_fixtures.py) against the outputs
LiteRT 2.3.0 computed with BUILTIN_WITHOUT_DEFAULT_DELEGATES (its built-in kernels, no XNNPACK),
saved in mobilenet_v2_quant_expected.npz.

Full-integer files must give LiteRT's bits exactly (max abs difference 0); the dynamic-range file
(float activations, int8 weights, hybrid kernels) must agree within 1e-4 relative to the output's
largest value."""
import os

import numpy as np
import pytest

import interp

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
EXPECTED = np.load(os.path.join(FIXTURES, "mobilenet_v2_quant_expected.npz"))
CASES = sorted({k.rsplit("__", 1)[1] for k in EXPECTED.files})


def runner(stem):
    it = interp.Interpreter(model_path=os.path.join(FIXTURES, f"{stem}.tflite"))
    return it.get_signature_runner()


@pytest.mark.parametrize("stem", ["mobilenet_v2_int8", "mobilenet_v2_int8_fio"])
def test_full_integer_bit_exact(stem):
    run = runner(stem)
    for case in CASES:
        got = run(input=EXPECTED[f"{stem}__in__{case}"])["output"]
        want = EXPECTED[f"{stem}__nodelegate__{case}"]
        assert got.dtype == want.dtype and got.shape == want.shape
        diff = np.abs(got.astype(np.float64) - want).max()
        assert diff == 0, f"{stem} {case}: max abs difference {diff}"


def test_dynamic_range_within_1e4():
    run = runner("mobilenet_v2_dynamic")
    for case in CASES:
        got = run(input=EXPECTED[f"mobilenet_v2_dynamic__in__{case}"])["output"]
        want = EXPECTED[f"mobilenet_v2_dynamic__nodelegate__{case}"]
        rel = np.abs(got.astype(np.float64) - want).max() / np.abs(want).max()
        assert rel <= 1e-4, f"{case}: max difference {rel:.3g} of the largest output"


def test_int8_model_details_show_quantization():
    it = interp.Interpreter(model_path=os.path.join(FIXTURES, "mobilenet_v2_int8.tflite"))
    (d,) = it.get_input_details()
    assert d["dtype"] == np.int8
    scale, zp = d["quantization"]
    assert scale > 0 and -128 <= zp <= 127
    assert d["quantization_parameters"]["scales"].shape == (1,)
