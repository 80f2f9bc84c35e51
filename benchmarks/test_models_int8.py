"""Quantized MobileNetV2 (alpha 0.35, 96x96; tests/fixtures/generate_quant_fixtures.py): one
signature-runner call of the full-integer model (int8 in and out) and of the dynamic-range model
(float I/O, int8 weights, hybrid kernels), timed in interp, in LiteRT with num_threads=1 and its
default XNNPACK delegate ("litert") and in LiteRT with BUILTIN_WITHOUT_DEFAULT_DELEGATES
("litert_builtin"), in the same run. Also the conv-family layers of the int8 model alone (each
CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED cut out into a one-op model, benchmarks/quant_layers.py),
summed: what the conv kernels cost while the other quantized ops are not there yet.

Nothing here asserts a speed; the ratios are printed at the end of the run (see conftest.py). A
model interp cannot run yet makes its interp case skip with interp's message.
"""
import pathlib

import numpy as np
import pytest

import interp
from bench_support import record
from quant_layers import one_op_models

litert = pytest.importorskip("ai_edge_litert.interpreter")
FIXTURES = pathlib.Path(__file__).parent.parent / "tests" / "fixtures"
EXPECTED = FIXTURES / "mobilenet_v2_quant_expected.npz"

MODELS = {"MobileNetV2 int8": "mobilenet_v2_int8",
          "MobileNetV2 dynamic-range": "mobilenet_v2_dynamic"}
ENGINES = ["interp", "litert", "litert_builtin"]


def _litert(content, engine):
    kind = (litert.OpResolverType.AUTO if engine == "litert"
            else litert.OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES)
    return litert.Interpreter(model_content=content, num_threads=1,
                              experimental_op_resolver_type=kind)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", list(MODELS))
def test_quant_model_call(benchmark, case, engine):
    stem = MODELS[case]
    path = FIXTURES / f"{stem}.tflite"
    if not path.exists():
        pytest.skip(f"{path.name} is not in tests/fixtures yet")
    content = path.read_bytes()
    x = np.load(EXPECTED)[f"{stem}__in__case0"]
    if engine == "interp":
        try:
            runner = interp.Interpreter(model_content=content).get_signature_runner()
            runner(input=x)
        except interp.ModelError as e:
            pytest.skip(f"interp cannot run {path.name} yet: {str(e).split('. Supported:')[0][:300]}")
    else:
        runner = _litert(content, engine).get_signature_runner()
        runner(input=x)
    benchmark.group = case
    benchmark(runner, input=x)
    record(benchmark, case, engine)


def _layers():
    path = FIXTURES / "mobilenet_v2_int8.tflite"
    return list(one_op_models(path)) if path.exists() else []


LAYER_CASE = "MobileNetV2 int8 conv layers"


@pytest.mark.parametrize("engine", ENGINES)
def test_int8_conv_layers(benchmark, engine):
    """All conv-family layers of the int8 model, one one-op model each, called in turn."""
    layers = _layers()
    if not layers:
        pytest.skip("mobilenet_v2_int8.tflite is not in tests/fixtures yet")
    calls = []
    for k, _name, xt, _wt, data in layers:
        it = (interp.Interpreter(model_content=data) if engine == "interp"
              else _litert(data, engine))
        it.allocate_tensors()
        x = np.random.default_rng(k).integers(-128, 128, xt.shape).astype(np.int8)
        it.set_tensor(it.get_input_details()[0]["index"], x)
        calls.append(it.invoke)

    def run_all():
        for call in calls:
            call()

    run_all()
    benchmark.group = LAYER_CASE
    benchmark(run_all)
    record(benchmark, LAYER_CASE, engine)
