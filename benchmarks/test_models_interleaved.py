"""The issue's speed targets, measured the way it asks: interp and LiteRT (num_threads=1) timed
interleaved in one process, in blocks of 10 calls whose order alternates, so machine noise hits both
(``interp.bench.benchmark(..., compare="litert")``). Whole signature-runner calls (``mode="call"``),
LiteRT's default resolver (XNNPACK) and BUILTIN_WITHOUT_DEFAULT_DELEGATES. The medians go into the
ratio summary printed at the end of the run; nothing is asserted (speed is not a unit test).
"""
import pathlib

import pytest

import interp
from bench_support import RESULTS

pytest.importorskip("ai_edge_litert.interpreter")
FIXTURES = pathlib.Path(__file__).parent.parent / "tests" / "fixtures"

CASES = {
    "MobileNetV2 interleaved": "mobilenet_v2",
    "transformer interleaved": "transformer_block",
}


@pytest.mark.parametrize("resolver", ["auto", "builtin"])
@pytest.mark.parametrize("case", list(CASES))
def test_interleaved(request, case, resolver):
    config = request.config
    timing_off = (config.getoption("benchmark_disable", default=False)
                  and not config.getoption("benchmark_enable", default=False))
    runs = 20 if timing_off else 600
    res = interp.bench.benchmark(str(FIXTURES / f"{CASES[case]}.tflite"), runs=runs, warmup=20,
                                 compare="litert", mode="call", litert_resolver=resolver)
    assert res.litert is not None and res.ratio > 0
    if timing_off:
        return
    engine = "litert" if resolver == "auto" else "litert_builtin"
    key = f"{case} ({'XNNPACK' if resolver == 'auto' else 'builtin'})"
    RESULTS[(key, "interp")] = res.p50_us * 1e-6
    RESULTS[(key, engine)] = res.litert.p50_us * 1e-6
