"""Reduce-family kernels, interp against LiteRT (num_threads=1, default resolver) in the same
run, on one-op models written with interp.writer (tests/oneop.py): MobileNetV2's global average
pool (MEAN over H, W), a 1000-class SOFTMAX, TOPK_V2 and a small UNIDIRECTIONAL_SEQUENCE_LSTM.
The timed call is ``invoke()`` with the inputs already set."""
import pathlib
import sys

import numpy as np
import pytest

import interp
from bench_support import record

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tests"))
from oneop import one_op_model, run_model  # noqa: E402  (a test helper, found beside the tests)

litert = pytest.importorskip("ai_edge_litert.interpreter")


def _mean():
    x = np.random.default_rng(0).standard_normal((1, 7, 7, 1280)).astype(np.float32)
    return one_op_model("MEAN", [x, np.array([1, 2], np.int32)], [(np.float32, (1, 1280))],
                        const=(1,)), [x]


def _softmax():
    x = np.random.default_rng(1).standard_normal((1, 1000)).astype(np.float32)
    return one_op_model("SOFTMAX", [x], [(np.float32, (1, 1000))], options={"beta": 1.0}), [x]


def _topk():
    x = np.random.default_rng(2).standard_normal((8, 1000)).astype(np.float32)
    return one_op_model("TOPK_V2", [x, np.array([5], np.int32)],
                        [(np.float32, (8, 5)), (np.int32, (8, 5))], const=(1,)), [x]


def _lstm():
    rng = np.random.default_rng(3)
    n_in, n_cell = 64, 128
    w = lambda *shape: (rng.standard_normal(shape) * 0.1).astype(np.float32)  # noqa: E731
    x = w(1, 50, n_in)
    ins = [x] + [w(n_cell, n_in) for _ in range(4)] + [w(n_cell, n_cell) for _ in range(4)] + \
        [None] * 3 + [w(n_cell) for _ in range(4)] + [None, None] + \
        [np.zeros((1, n_cell), np.float32)] * 2 + [None] * 4
    const = tuple(i for i in range(1, 24) if ins[i] is not None and i not in (18, 19))
    return one_op_model("UNIDIRECTIONAL_SEQUENCE_LSTM", ins, [(np.float32, (1, 50, n_cell))],
                        const=const, options={"fused_activation_function": 4},
                        variable=(18, 19)), [x]


CASES = {
    "MEAN [1,7,7,1280] H,W": _mean,
    "SOFTMAX [1,1000]": _softmax,
    "TOPK_V2 [8,1000] k=5": _topk,
    "LSTM b1 t50 64->128": _lstm,
}


@pytest.mark.parametrize("engine", ["interp", "litert"])
@pytest.mark.parametrize("case", list(CASES))
def test_reduce_kernel(benchmark, case, engine):
    content, feeds = CASES[case]()
    ours = interp.Interpreter(model_content=content)
    theirs = litert.Interpreter(model_content=content, num_threads=1)
    got, want = run_model(ours, feeds), run_model(theirs, feeds)
    # The LSTM's first run starts from its variable states, which only LiteRT zeroes so far (the
    # executor's part): its outputs are compared in tests/test_ops_lstm.py, not here.
    if not case.startswith("LSTM"):
        for g, w in zip(got, want):
            np.testing.assert_allclose(g, w, rtol=1e-4, atol=1e-5)
    it = ours if engine == "interp" else theirs
    benchmark.group = case
    benchmark(it.invoke)
    record(benchmark, case, engine)
