"""The conv family's kernels, interp against LiteRT (num_threads=1) in the same run: every one-op
model of benchmarks/fixtures (generate_conv_ops.py: mostly MobileNetV2-0.35/96 layers), the whole
MobileNetV2-0.35/96, and FULLY_CONNECTED / BATCH_MATMUL shapes built with interp's converter.

Each case times ``invoke()`` (inputs set once) on three engines: interp, LiteRT's default resolver
(XNNPACK) and LiteRT's BUILTIN_WITHOUT_DEFAULT_DELEGATES (its own optimized kernels). The summary
lists "<case>" as interp / LiteRT-XNNPACK and "<case> [builtin]" as interp / LiteRT-builtin.
"""
import pathlib

import numpy as np
import pytest

import interp
from bench_support import record

litert = pytest.importorskip("ai_edge_litert.interpreter")

FIXTURES = pathlib.Path(__file__).parent / "fixtures"


def _fc(batch, depth, units):
    rng = np.random.default_rng(0)
    w = rng.standard_normal((depth, units)).astype(np.float32)
    b = rng.standard_normal(units).astype(np.float32)

    @interp.function(input_signature=[interp.TensorSpec([batch, depth], "float32", name="x")])
    def fc(x):
        return {"y": interp.ops.relu(x @ w + b)}

    return interp.Converter.from_function(fc).convert()


CASES = {p.stem: (lambda p=p: p.read_bytes()) for p in sorted(FIXTURES.glob("*.tflite"))}
CASES.update({
    "fc_1280_1000_b1": lambda: _fc(1, 1280, 1000),
    "fc_1024_512_b1": lambda: _fc(1, 1024, 512),
    "fc_1024_512_b32": lambda: _fc(32, 1024, 512),
})
ENGINES = ["interp", "litert", "litert_builtin"]


def _make(engine, content):
    if engine == "interp":
        return interp.Interpreter(model_content=content)
    resolver = (litert.OpResolverType.AUTO if engine == "litert"
                else litert.OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES)
    return litert.Interpreter(model_content=content, num_threads=1,
                              experimental_op_resolver_type=resolver)


def _prepared(it, inputs):
    it.allocate_tensors()
    for d, v in zip(it.get_input_details(), inputs):
        it.set_tensor(d["index"], v)
    return it


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", list(CASES))
def test_conv_kernel(benchmark, case, engine):
    content = CASES[case]()
    ours = interp.Interpreter(model_content=content)
    rng = np.random.default_rng(0)
    inputs = [rng.standard_normal(d["shape"]).astype(np.float32) for d in ours.get_input_details()]
    it = _prepared(_make(engine, content), inputs)
    benchmark.group = case
    benchmark(it.invoke)
    got = it.get_tensor(it.get_output_details()[0]["index"])
    want = _prepared(_make("litert_builtin", content), inputs)
    want.invoke()
    want = want.get_tensor(want.get_output_details()[0]["index"])
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4 * float(np.max(np.abs(want))))
    if engine == "interp":
        record(benchmark, case, "interp")
        record(benchmark, case + " [builtin]", "interp")
    elif engine == "litert":
        record(benchmark, case, "litert")
    else:
        record(benchmark, case + " [builtin]", "litert")
