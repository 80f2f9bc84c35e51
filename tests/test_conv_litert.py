"""The conv family against LiteRT itself: every one-op fixture of benchmarks/fixtures (made by
generate_conv_ops.py with TensorFlow) and MobileNetV2-0.35/96, run in interp and in LiteRT
(default resolver and BUILTIN_WITHOUT_DEFAULT_DELEGATES) on the same seeded inputs.
Tolerance: 1e-5 relative to the output's largest magnitude (float32 sums in another order).
"""
import pathlib

import numpy as np
import pytest

import interp
from support import litert

FIXTURES = pathlib.Path(__file__).parent.parent / "benchmarks" / "fixtures"
MODELS = sorted(p.name for p in FIXTURES.glob("*.tflite"))


def run(it, inputs):
    """Outputs of one run through the tensor API (the one-op files have no SignatureDefs)."""
    it.allocate_tensors()
    for detail, value in zip(it.get_input_details(), inputs):
        it.set_tensor(detail["index"], value)
    it.invoke()
    return [it.get_tensor(d["index"]) for d in it.get_output_details()]


@pytest.mark.parametrize("name", MODELS)
def test_matches_litert(name):
    lite = litert()
    path = str(FIXTURES / name)
    ours = interp.Interpreter(model_path=path)
    rng = np.random.default_rng(len(name))
    inputs = [rng.standard_normal(d["shape"]).astype(np.float32) for d in ours.get_input_details()]
    got = run(ours, inputs)
    for resolver in (lite.OpResolverType.AUTO,
                     lite.OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES):
        want = run(lite.Interpreter(model_path=path, num_threads=1,
                                    experimental_op_resolver_type=resolver), inputs)
        assert len(got) == len(want)
        for g, w in zip(got, want):
            scale = float(np.max(np.abs(w))) if w.size else 0.0
            np.testing.assert_allclose(g, w, rtol=1e-5, atol=1e-5 * scale,
                                       err_msg=f"{name} vs LiteRT {resolver}")


def test_max_pool_nan_and_inf_like_litert_builtin():
    """MAX_POOL_2D skips NaN and starts from -FLT_MAX, as LiteRT's builtin and reference kernels
    (its XNNPACK delegate differs on such windows)."""
    lite = litert()
    path = str(FIXTURES / "maxpool_2x2s2_48x48x16.tflite")
    x = np.random.default_rng(0).standard_normal((1, 48, 48, 16)).astype(np.float32)
    x[0, 0:2, 0:2, :] = -np.inf
    x[0, 0, 2, :] = np.nan
    x[0, 2:4, 2:4, 0] = np.nan
    got = run(interp.Interpreter(model_path=path), [x])[0]
    for resolver in (lite.OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES,
                     lite.OpResolverType.BUILTIN_REF):
        want = run(lite.Interpreter(model_path=path, num_threads=1,
                                    experimental_op_resolver_type=resolver), [x])[0]
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("name, shape", [("conv_3x3s2_96x96x3_16.tflite", (2, 37, 50, 3)),
                                         ("dw_3x3s2_48x48x48.tflite", (1, 17, 9, 48)),
                                         ("fc_112_40_b3.tflite", (7, 112)),
                                         ("conv_1x1_12x12x16_96.tflite", (3, 5, 4, 16))])
def test_resized_input_matches_litert(name, shape):
    """Prepare runs again after a resize (the packed weights are reused) and still agrees."""
    lite = litert()
    path = str(FIXTURES / name)
    x = np.random.default_rng(1).standard_normal(shape).astype(np.float32)
    results = []
    for it in (interp.Interpreter(model_path=path),
               lite.Interpreter(model_path=path, num_threads=1)):
        run(it, [np.zeros(it.get_input_details()[0]["shape"], np.float32)])
        it.resize_tensor_input(it.get_input_details()[0]["index"], list(shape))
        results.append(run(it, [x])[0])
    got, want = results
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5 * float(np.max(np.abs(want))))
