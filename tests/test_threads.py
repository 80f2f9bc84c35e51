"""Threads: the runners of one interpreter share its lock; clones run on their own.

Oracles: the LiteRT outputs recorded in the fixtures (``*_expected.npz``: arith's ``ref`` =
LiteRT's reference kernels, MobileNetV2's ``nodelegate`` and LSTM's ``tf``), with the tolerances of
tests/test_tf_models.py for the models and 1e-5 relative for arith; train.tflite's initial variable
values recorded from TensorFlow. No timing is asserted here (benchmarks/test_threads_speedup.py
measures the speed-up).
"""
import sys
import threading

import numpy as np
import pytest

import interp
from interp.ops._kernels import lib
from support import FIXTURES

RTOL, ATOL_FRACTION = 1e-4, 1e-5  # tests/test_tf_models.py's


def _npz(name):
    with np.load(FIXTURES / f"{name}_expected.npz") as f:
        return {k: f[k] for k in f.files}


def _close(got, want, rtol=RTOL):
    np.testing.assert_allclose(got, want, rtol=rtol, atol=ATOL_FRACTION * float(np.max(np.abs(want))))


def _in_threads(n, work):
    """Run ``work(i)`` on ``n`` threads started together; re-raise the first failure."""
    errors, barrier = [], threading.Barrier(n)

    def body(i):
        try:
            barrier.wait()
            work(i)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            errors.append(exc)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


# ---------------------------------------------------------------- one interpreter
ARITH_CASES = [  # (signature, case prefix, inputs, outputs)
    ("affine", "affine_b1", ("x",), ("y", "cls")),
    ("affine", "affine_b3", ("x",), ("y", "cls")),
    ("mix", "mix", ("a", "b"), ("sum", "diff", "prod", "quot", "soft", "flat", "rect")),
    ("iarith", "iarith", ("p", "q"), ("isum", "iprod", "idiff")),
]


def test_eight_threads_share_one_interpreter():
    """Eight threads call the three signatures of one interpreter (affine alternating batch 1 and
    3, so its input is resized and the shared arena re-planned between calls) while a ninth reads
    details and tensors through the classic API; every result is LiteRT's."""
    exp = _npz("arith")
    it = interp.Interpreter(model_path=str(FIXTURES / "arith.tflite"))
    runners = {key: it.get_signature_runner(key) for key in it.get_signature_list()}
    assert all(r._lock is it._lock for r in runners.values())
    for key, case, ins, _ in ARITH_CASES:  # allocated, so the classic reads have data
        runners[key](**{n: exp[f"{case}__in__{n}"] for n in ins})
    stop, reader_errors = threading.Event(), []

    def check(i):
        for step in range(60):
            key, case, ins, outs = ARITH_CASES[(i + step) % len(ARITH_CASES)]
            got = runners[key](**{n: exp[f"{case}__in__{n}"] for n in ins})
            for n in outs:
                want = exp[f"{case}__ref__{n}"]
                if want.dtype.kind == "f":
                    np.testing.assert_allclose(got[n], want, rtol=1e-5, atol=1e-6)
                else:
                    np.testing.assert_array_equal(got[n], want)

    def classic():
        try:
            while not stop.is_set():
                for d in it.get_input_details() + it.get_output_details():
                    assert it.get_tensor(d["index"]).dtype == d["dtype"]
                assert len(it.get_tensor_details()) > 0
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            reader_errors.append(exc)

    reader = threading.Thread(target=classic)
    reader.start()
    try:
        _in_threads(8, check)
    finally:
        stop.set()
        reader.join()
    if reader_errors:
        raise reader_errors[0]


def test_runners_made_on_many_threads_share_executors():
    it = interp.Interpreter(model_path=str(FIXTURES / "arith.tflite"))
    got = [None] * 8

    def make(i):
        got[i] = [it.get_signature_runner(k) for k in ("affine", "mix", "iarith")]

    _in_threads(8, make)
    for j in range(3):
        assert len({id(runners[j]._executor) for runners in got}) == 1
        assert all(runners[j]._lock is it._lock for runners in got)


def test_classic_calls_under_the_interpreter_lock_are_atomic():
    """set_tensor/invoke/get_tensor from several threads, each sequence holding the lock (the lock
    is re-entrant, so the calls inside take it again): every thread reads its own result."""
    exp = _npz("dense")
    it = interp.Interpreter(model_path=str(FIXTURES / "dense.tflite"))
    inp, out = it.get_input_details()[0]["index"], it.get_output_details()[0]["index"]
    cases = [(exp["input_b1"], exp["output_b1_ref"]), (exp["input_b3"], exp["output_b3_ref"])]

    def work(i):
        for step in range(40):
            x, want = cases[(i + step) % 2]
            with it._lock:
                it.resize_tensor_input(inp, x.shape)
                it.allocate_tensors()
                it.set_tensor(inp, x)
                it.invoke()
                got = it.get_tensor(out)
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)

    _in_threads(4, work)


# ---------------------------------------------------------------------- clones
def test_clones_on_threads_match_litert():
    exp = _npz("mobilenet_v2")
    it = interp.Interpreter(model_path=str(FIXTURES / "mobilenet_v2.tflite"))
    runner = it.get_signature_runner()
    first = {case: runner(input=exp[f"{case}__in__input"])["output"] for case in ("run0", "run1")}
    clones = [it.clone() for _ in range(4)]

    def work(i):
        r = clones[i].get_signature_runner()
        for step in range(4):
            case = ("run0", "run1")[(i + step) % 2]
            got = r(input=exp[f"{case}__in__input"])["output"]
            _close(got, exp[f"{case}__nodelegate__output"])
            np.testing.assert_array_equal(got, first[case])  # same kernels, same bits

    _in_threads(4, work)
    np.testing.assert_array_equal(runner(input=exp["run0__in__input"])["output"], first["run0"])


def test_clone_shares_weights_and_packs_not_runtime_state():
    it = interp.Interpreter(model_path=str(FIXTURES / "mobilenet_v2.tflite"))
    it.get_signature_runner()(input=np.zeros((1, 96, 96, 3), np.float32))
    c = it.clone()
    c.get_signature_runner()(input=np.zeros((1, 96, 96, 3), np.float32))
    a, b = it._subgraphs.entry(0), c._subgraphs.entry(0)
    assert c.model is it.model
    consts = [(s, t) for s, t in zip(a.tensors, b.tensors) if it.model.tensor_data(s.spec) is not None]
    assert consts and all(s.data is t.data for s, t in consts)
    packs = [(m, n) for m, n in zip(a.nodes, b.nodes) if isinstance(m.state, dict) and "packed" in m.state]
    assert packs and all(m.state["packed"] is n.state["packed"] for m, n in packs)
    assert a.arena is not b.arena and it._lock is not c._lock
    assert it._subgraphs.resources is not c._subgraphs.resources
    for i in a.inputs + a.outputs:
        assert not np.shares_memory(a.tensors[i].data, b.tensors[i].data)


def test_clone_variables_start_from_the_initial_state():
    exp = _npz("train")
    it = interp.Interpreter(model_path=str(FIXTURES / "train.tflite"))
    x, y = exp["in_0_infer_x"], exp["in_1_train_y"]
    it.get_signature_runner("train")(x=x, y=y)
    trained = it.get_variables()
    c = it.clone()
    got = c.get_variables()
    by_shape = {v.shape: k for k, v in got.items()}
    for name in ("w1", "b1", "w2", "b2"):
        want = exp["initial_" + name]
        np.testing.assert_array_equal(got[by_shape[want.shape]], want)
    c.get_signature_runner("train")(x=x, y=y)  # the clone's state is its own
    c.get_signature_runner("train")(x=x, y=y)
    for k, v in it.get_variables().items():
        np.testing.assert_array_equal(v, trained[k])


def test_clone_variable_tensors_start_at_zero():
    """LSTM state (variable tensors): the clone's first run is a first run, whatever the original
    ran before."""
    data = _npz("lstm_fused")
    cases = {}
    for key, v in data.items():
        case, kind, name = key.split("__")
        cases.setdefault(case, {}).setdefault(kind, {})[name] = v
    first = next(iter(cases))
    ins = cases[first]["in"]
    it = interp.Interpreter(model_path=str(FIXTURES / "lstm_fused.tflite"))
    r = it.get_signature_runner()
    r(**ins)
    r(**ins)
    got = it.clone().get_signature_runner()(**ins)
    for name, want in cases[first]["tf"].items():
        _close(got[name], want)


def test_clone_of_a_closed_interpreter_is_a_state_error():
    it = interp.Interpreter(model_path=str(FIXTURES / "dense.tflite"))
    it.close()
    with pytest.raises(interp.StateError, match="closed"):
        it.clone()


# ------------------------------------------------------------------- the GIL
def _released_during(call, repeat):
    """True when the main thread runs while another thread is calling ``call()`` up to ``repeat``
    times. With a switch interval of 60 s that thread gives up the GIL only where C code releases
    it; it stops early once the main thread got in."""
    started, state = threading.Event(), {"done": False, "seen": False}

    def body():
        started.set()
        for _ in range(repeat):
            if state["seen"]:
                break
            call()
        state["done"] = True

    old = sys.getswitchinterval()
    sys.setswitchinterval(60.0)
    try:
        t = threading.Thread(target=body)
        t.start()
        started.wait()
        got_in = not state["done"]
        state["seen"] = True
        t.join()
    finally:
        sys.setswitchinterval(old)
    return got_in


def test_fused_plan_releases_the_gil():
    it = interp.Interpreter(model_path=str(FIXTURES / "mobilenet_v2.tflite"))
    it.get_signature_runner()(input=np.zeros((1, 96, 96, 3), np.float32))
    runs = [run for nodes, run, failed in it._subgraphs.entry(0).runs if failed is not None]
    assert runs and all(getattr(r, "func", None) is lib.interp_run_plan for r in runs)
    longest = max(runs, key=lambda r: r.args[1])
    assert _released_during(longest, 20000)


def test_a_runner_call_releases_the_gil():
    it = interp.Interpreter(model_path=str(FIXTURES / "mobilenet_v2.tflite"))
    r = it.get_signature_runner()
    x = np.zeros((1, 96, 96, 3), np.float32)
    r(input=x)
    assert _released_during(lambda: r(input=x), 300)


def test_the_gil_probe_sees_code_that_holds_the_gil():
    """The probe's control: pure Python work never lets the main thread in."""
    assert not _released_during(lambda: sum(range(2000)), 300)
