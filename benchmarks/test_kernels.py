"""Kernel-bound runner calls, interp against LiteRT (num_threads=1) in the same run: a
FULLY_CONNECTED 1024 -> 512 with bias and RELU at batch 1 and 32, and a broadcasting ADD."""
import numpy as np
import pytest

import interp
from bench_support import record

litert = pytest.importorskip("ai_edge_litert.interpreter")


def _fc_model(batch):
    rng = np.random.default_rng(0)
    w = rng.standard_normal((1024, 512)).astype(np.float32)
    b = rng.standard_normal(512).astype(np.float32)

    @interp.function(input_signature=[interp.TensorSpec([batch, 1024], "float32", name="x")])
    def fc(x):
        return {"y": interp.ops.relu(x @ w + b)}

    return interp.Converter.from_function(fc).convert(), {"x": rng.standard_normal((batch, 1024)).astype(np.float32)}


def _add_model():
    rng = np.random.default_rng(1)

    @interp.function(input_signature=[interp.TensorSpec([8, 64, 64], "float32", name="a"),
                                      interp.TensorSpec([64], "float32", name="b")])
    def add(a, b):
        return {"out": a + b}

    return interp.Converter.from_function(add).convert(), {
        "a": rng.standard_normal((8, 64, 64)).astype(np.float32),
        "b": rng.standard_normal(64).astype(np.float32)}


CASES = {
    "FC 1024->512 relu, batch 1": lambda: _fc_model(1),
    "FC 1024->512 relu, batch 32": lambda: _fc_model(32),
    "ADD [8,64,64]+[64]": _add_model,
}


@pytest.mark.parametrize("engine", ["interp", "litert"])
@pytest.mark.parametrize("case", list(CASES))
def test_kernel(benchmark, case, engine):
    content, inputs = CASES[case]()
    ours = interp.Interpreter(model_content=content).get_signature_runner()
    theirs = litert.Interpreter(model_content=content, num_threads=1).get_signature_runner()
    want = theirs(**inputs)
    runner = ours if engine == "interp" else theirs
    got = runner(**inputs)
    for name in want:
        np.testing.assert_allclose(got[name], want[name], rtol=1e-5, atol=1e-4)
    benchmark.group = case
    benchmark(runner, **inputs)
    record(benchmark, case, engine)
