"""Two threads vs one on the same total work: MobileNetV2 (alpha 0.35, 96x96) signature-runner calls.

Speed-up = time of N calls on one thread (one interpreter) / time of N/2 calls on each of two
threads started together, each with its own interpreter: two separate interpreters, an interpreter
and its ``clone()``, and for comparison two LiteRT interpreters (num_threads=1, default XNNPACK).
Each time is the best of a few repeats. 2.0 is perfect scaling on two free cores; the C kernels
release the GIL, so interp's Python work between kernels is what keeps it below that.

With timing on (``--benchmark-enable``) the speed-ups are printed with LiteRT's in the summary
(``interp / LiteRT (other measurements)``) and on stdout (``-s``); with timing off (the test-suite
default) each case runs a few calls as a smoke test and records nothing. Nothing asserts a speed.
"""
import pathlib
import threading
import time

import numpy as np
import pytest

import interp
from bench_support import record_value

FIXTURES = pathlib.Path(__file__).parent.parent / "tests" / "fixtures"
MODEL = FIXTURES / "mobilenet_v2.tflite"
CASE = "2-thread speed-up, MobileNetV2"


def _input():
    return np.load(FIXTURES / "mobilenet_v2_expected.npz")["run0__in__input"]


def _timed(runners, x, calls_each):
    """Seconds for every runner to make ``calls_each`` calls, each on its own thread."""
    barrier = threading.Barrier(len(runners) + 1)
    errors = []

    def body(run):
        try:
            barrier.wait()
            for _ in range(calls_each):
                run(input=x)
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            errors.append(exc)

    threads = [threading.Thread(target=body, args=(r,)) for r in runners]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise errors[0]
    return elapsed


def _speedup(one, two, x, total, repeats):
    for r in (one, *two):  # warm: prepare, allocate, pack
        r(input=x)
    t_one = min(_timed([one], x, total) for _ in range(repeats))
    t_two = min(_timed(list(two), x, total // 2) for _ in range(repeats))
    return t_one / t_two, t_one, t_two


def _interp_pair(kind):
    a = interp.Interpreter(model_path=str(MODEL))
    b = a.clone() if kind == "clone" else interp.Interpreter(model_path=str(MODEL))
    return a.get_signature_runner(), (a.get_signature_runner(), b.get_signature_runner())


def _litert_pair():
    litert = pytest.importorskip("ai_edge_litert.interpreter")
    make = lambda: litert.Interpreter(model_path=str(MODEL), num_threads=1).get_signature_runner()  # noqa: E731
    first = make()
    return first, (first, make())


@pytest.mark.parametrize("engine", ["interp", "interp_clone", "litert"])
def test_two_threads(request, engine):
    config = request.config
    timing_off = (config.getoption("benchmark_disable", default=False)
                  and not config.getoption("benchmark_enable", default=False))
    total, repeats = (4, 1) if timing_off else (200, 3)
    one, two = (_litert_pair() if engine == "litert"
                else _interp_pair("clone" if engine == "interp_clone" else "separate"))
    x = _input()
    want = one(input=x)["output"]
    for r in two:
        np.testing.assert_allclose(r(input=x)["output"], want, rtol=1e-4,
                                   atol=1e-5 * float(np.max(np.abs(want))))
    speedup, t_one, t_two = _speedup(one, two, x, total, repeats)
    print(f"\n{engine}: {total} calls on 1 thread {t_one * 1e3:.1f} ms, on 2 threads "
          f"{t_two * 1e3:.1f} ms: speed-up {speedup:.2f}x")
    if not timing_off:
        name = {"interp": "interp", "interp_clone": "interp", "litert": "litert"}[engine]
        case = CASE + (" (clone)" if engine == "interp_clone" else "")
        record_value(case, name, speedup * 100, "% of 1 thread")
        if engine == "litert":
            record_value(CASE + " (clone)", "litert", speedup * 100, "% of 1 thread")
