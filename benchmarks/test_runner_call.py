"""A signature-runner call, interp against LiteRT (num_threads=1), on a one-op ADD model and on the
Keras two-layer dense model made by TensorFlow's converter. Target: a one-op call costs at most 1.5x
LiteRT's. Ratios are printed at the end of the run (see conftest.py)."""
import pathlib

import numpy as np
import pytest

import interp
from bench_support import record

litert = pytest.importorskip("ai_edge_litert.interpreter")
FIXTURES = pathlib.Path(__file__).parent.parent / "tests" / "fixtures"


def _add_model():
    @interp.function(input_signature=[interp.TensorSpec([1, 8], "float32", name="a"),
                                      interp.TensorSpec([1, 8], "float32", name="b")])
    def add(a, b):
        return {"out": interp.ops.add(a, b)}

    return interp.Converter.from_function(add).convert()


def _runners(content):
    ours = interp.Interpreter(model_content=content).get_signature_runner()
    theirs = litert.Interpreter(model_content=content, num_threads=1).get_signature_runner()
    return ours, theirs


CASES = {
    "one-op ADD [1,8]": (_add_model, lambda rng: {"a": rng.standard_normal((1, 8)).astype(np.float32),
                                                  "b": rng.standard_normal((1, 8)).astype(np.float32)}),
    "dense 4-8-3, batch 1": (lambda: (FIXTURES / "dense.tflite").read_bytes(),
                             lambda rng: {"keras_tensor": rng.standard_normal((1, 4)).astype(np.float32)}),
}


@pytest.mark.parametrize("engine", ["interp", "litert"])
@pytest.mark.parametrize("case", list(CASES))
def test_runner_call(benchmark, case, engine):
    make_model, make_inputs = CASES[case]
    ours, theirs = _runners(make_model())
    inputs = make_inputs(np.random.default_rng(0))
    want = theirs(**inputs)
    runner = ours if engine == "interp" else theirs
    got = runner(**inputs)
    for name in want:  # the benchmark times a correct call
        np.testing.assert_allclose(got[name], want[name], rtol=1e-6, atol=1e-7)
    benchmark.group = case
    benchmark(runner, **inputs)
    record(benchmark, case, engine)
