"""interp.bench and ``interp bench`` (oracles: the fixtures' README for ops, shapes and signatures;
LiteRT's behaviour for the comparison; no timing asserted beyond the order of percentiles)."""
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import types

import numpy as np
import pytest

import interp
from interp import bench
from interp.cli import main
from interp.errors import InputError
from support import FIXTURES

DENSE = str(FIXTURES / "dense.tflite")
ARITH = str(FIXTURES / "arith.tflite")
CODING = str(FIXTURES / "coding.tflite")

# The keys docs/bench.md documents for --json / BenchResult.as_dict().
KEYS = {"model", "signature", "subgraph", "mode", "runs", "warmup", "seed", "inputs",
        "latencies_us", "mean_us", "min_us", "p50_us", "p90_us", "p99_us", "profile",
        "profile_total_us", "arena_bytes", "peak_rss_bytes", "litert", "ratio"}
LATENCY_KEYS = {"latencies_us", "mean_us", "min_us", "p50_us", "p90_us", "p99_us"}
ROW_KEYS = {"op", "node", "subgraph", "output_shapes", "calls", "total_us", "per_call_us", "share"}


def _check_latency(stats, runs):
    assert len(stats["latencies_us"]) == runs
    assert all(v > 0 for v in stats["latencies_us"])
    assert stats["min_us"] <= stats["p50_us"] <= stats["p90_us"] <= stats["p99_us"]
    assert stats["min_us"] == min(stats["latencies_us"])
    assert stats["p50_us"] == pytest.approx(float(np.median(stats["latencies_us"])))


def _plan_nodes(path, key, **values):
    """(op, node index) of every entry of the executor's plan, from a fresh interpreter."""
    runner = interp.Interpreter(model_path=path).get_signature_runner(key)
    runner(**values)
    return sorted((node.op_name, node.index) for node, _ in runner._executor.plan)


def test_result_keys_and_percentiles_are_ordered():
    r = bench.benchmark(DENSE, shapes={"keras_tensor": [3, 4]}, runs=25, warmup=2)
    d = r.as_dict()
    assert set(d) == KEYS
    _check_latency(d, 25)
    assert d["signature"] == "serving_default" and d["mode"] == "invoke"
    assert d["inputs"] == [{"name": "keras_tensor", "dtype": "float32", "shape": [3, 4],
                            "source": "random"}]
    assert d["profile"] is None and d["litert"] is None and d["ratio"] is None
    json.dumps(d)  # plain data


def test_profile_rows_cover_every_node_of_the_plan():
    r = bench.benchmark(ARITH, "mix", runs=20, warmup=1, profile=True)
    # mix: 9 ops, per the fixtures README: ADD, SUB, MUL+LOGISTIC, DIV+TANH, SOFTMAX, RESHAPE, RELU
    assert len(r.profile) == 9
    a, b = np.zeros((2, 3), np.float32), np.ones(3, np.float32)
    assert sorted((row.op, row.node) for row in r.profile) == _plan_nodes(ARITH, "mix", a=a, b=b)
    assert sum(row.share for row in r.profile) == pytest.approx(1.0, abs=1e-9)
    shares = [row.share for row in r.profile]
    assert shares == sorted(shares, reverse=True)
    for row in r.profile:
        assert set(dataclasses.asdict(row)) == ROW_KEYS
        assert row.calls == 20 and row.subgraph == r.subgraph
        assert row.per_call_us == pytest.approx(row.total_us / 20)
        assert row.output_shapes == ([[6]] if row.op == "RESHAPE" else [[2, 3]])
    assert r.profile_total_us == pytest.approx(sum(row.per_call_us for row in r.profile))
    table = r.format_table()
    assert "per-op profile" in table and "RESHAPE" in table and "[6]" in table


def test_profile_on_a_dynamic_batch_shows_the_shape_asked_for():
    r = bench.benchmark(ARITH, "affine", shapes={"x": [5, 4]}, runs=5, warmup=0, profile=True)
    rows = {row.op: row for row in r.profile}
    assert set(rows) == {"FULLY_CONNECTED", "ARG_MAX"}
    assert rows["FULLY_CONNECTED"].output_shapes == [[5, 5]]
    assert rows["ARG_MAX"].output_shapes == [[5]]


def test_random_inputs_are_seeded_and_in_range():
    runner = interp.Interpreter(model_path=ARITH).get_signature_runner("iarith")
    v1, infos = bench.make_inputs(runner, seed=7)
    v2, _ = bench.make_inputs(runner, seed=7)
    v3, _ = bench.make_inputs(runner, seed=8)
    assert [i.name for i in infos] == ["p", "q"]
    assert v1["p"].dtype == np.int32 and v1["p"].shape == (2, 2) and v1["q"].shape == (2,)
    assert all(np.array_equal(v1[k], v2[k]) for k in v1)
    assert not all(np.array_equal(v1[k], v3[k]) for k in v1)
    rng = np.random.default_rng(0)
    for dt in (np.float16, np.float32, np.float64):
        f = bench.random_values(np.dtype(dt), (4000,), rng)
        assert f.dtype == dt and f.min() >= -1 and f.max() < 1 and f.min() < -0.9 < 0.9 < f.max()
    i = bench.random_values(np.dtype(np.int64), (4000,), rng)
    assert i.dtype == np.int64 and set(np.unique(i)) == set(range(bench.INT_HIGH))
    u = bench.random_values(np.dtype(np.uint8), (50,), rng)
    assert u.dtype == np.uint8 and u.max() < bench.INT_HIGH
    bools = bench.random_values(np.dtype(np.bool_), (4000,), rng)
    assert bools.dtype == np.bool_ and 0.4 < bools.mean() < 0.6


def test_given_inputs_from_npy_and_arrays(tmp_path):
    path = tmp_path / "x.npy"
    np.save(path, np.arange(8, dtype=np.float64).reshape(2, 4))  # float64 -> float32 (same kind)
    r = bench.benchmark(ARITH, "affine", runs=3, warmup=0, inputs={"x": str(path)})
    assert r.inputs[0].source == "given" and r.inputs[0].shape == [2, 4]
    assert r.inputs[0].dtype == "float32"
    r = bench.benchmark((FIXTURES / "coding.tflite").read_bytes(), "decode", runs=3, warmup=0,
                        inputs={"x": np.array([b"1", b"2.5"])})
    assert r.model == "<bytes>" and r.inputs[0].dtype == "bytes" and r.inputs[0].shape == [2]
    with pytest.raises(InputError, match="input 'p'.*float64.*int32"):
        bench.benchmark(ARITH, "iarith", runs=1, inputs={"p": np.zeros((2, 2))})
    with pytest.raises(InputError, match=r"input 'b': shape \[4\] does not fit .*\[3\]"):
        bench.benchmark(ARITH, "mix", runs=1, inputs={"b": np.zeros(4, np.float32)})
    with pytest.raises(InputError, match="cannot read .* as a .npy file"):
        bench.benchmark(ARITH, "mix", runs=1, inputs={"b": str(tmp_path / "missing.npy")})


def test_errors_name_what_is_wrong():
    with pytest.raises(InputError, match="Invalid signature_key provided: \"nope\".*'affine'"):
        bench.benchmark(ARITH, "nope", runs=1)
    with pytest.raises(InputError, match=r"signature 'affine' input 'x' has the dynamic shape "
                                         r"signature \[-1, 4\].*--shape x=1,4"):
        bench.benchmark(ARITH, "affine", runs=1)
    with pytest.raises(InputError, match="signature 'decode' input 'x' is a STRING tensor.*"
                                         "--input x=file.npy"):
        bench.benchmark(CODING, "decode", runs=1, shapes={"x": [3]})
    with pytest.raises(InputError, match="shapes: signature 'mix' has no input 'c'; its inputs "
                                         "are 'a', 'b'"):
        bench.benchmark(ARITH, "mix", runs=1, shapes={"c": [1]})
    with pytest.raises(InputError, match=r"shape \[2, 5\] does not fit .*\[-1, 4\]"):
        bench.benchmark(ARITH, "affine", runs=1, shapes={"x": [2, 5]})
    with pytest.raises(InputError, match="runs must be an integer >= 1, got 0"):
        bench.benchmark(ARITH, "mix", runs=0)
    with pytest.raises(InputError, match="compare must be None or one of litert"):
        bench.benchmark(ARITH, "mix", runs=1, compare="tflite")


def test_interleaving_alternates_blocks_and_who_goes_first():
    calls = []
    fns = [lambda: calls.append("a"), lambda: calls.append("b")]
    samples = bench.time_interleaved(fns, 25, block=10)
    assert "".join(calls) == "a" * 10 + "b" * 20 + "a" * 15 + "b" * 5
    assert [len(s) for s in samples] == [25, 25] and all((s > 0).all() for s in samples)


def test_arena_bytes_comes_from_memory_plan(monkeypatch):
    r = bench.benchmark(ARITH, "mix", runs=2, warmup=0)
    if not hasattr(interp.Interpreter, "memory_plan"):
        assert r.arena_bytes is None and "arena: n/a" in r.format_table()
    monkeypatch.setattr(interp.Interpreter, "memory_plan",
                        lambda self: types.SimpleNamespace(arena_bytes=4096), raising=False)
    r = bench.benchmark(ARITH, "mix", runs=2, warmup=0)
    assert r.arena_bytes == 4096 and "arena: 4.0 KiB (4096 bytes)" in r.format_table()


@pytest.mark.skipif(sys.platform == "win32", reason="no ru_maxrss on Windows")
def test_peak_rss_is_in_bytes():
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # A Python with numpy loaded holds well over 8 MiB; ru_maxrss counts KiB on Linux, bytes on macOS
    assert bench.peak_rss_bytes() >= 8 << 20
    assert bench.peak_rss_bytes() in (peak, peak * 1024)


def test_compare_litert_in_both_modes_and_resolvers():
    pytest.importorskip("ai_edge_litert.interpreter")
    r = bench.benchmark(ARITH, "mix", runs=20, warmup=2, compare="litert")
    lt = dataclasses.asdict(r.litert)
    assert set(lt) == LATENCY_KEYS | {"resolver", "num_threads", "version"}
    _check_latency(lt, 20)
    assert lt["num_threads"] == 1 and lt["resolver"] == "auto"
    assert r.ratio == pytest.approx(r.p50_us / r.litert.p50_us)
    assert "interp/litert (p50)" in r.format_table()
    r = bench.benchmark(DENSE, shapes={"keras_tensor": [2, 4]}, runs=10, warmup=1,
                        compare="litert", mode="call", litert_resolver="builtin")
    assert r.mode == "call" and r.litert.resolver == "builtin" and r.ratio > 0


def test_compare_litert_on_a_file_without_signature_defs():
    pytest.importorskip("ai_edge_litert.interpreter")
    from interp.loader import load_model
    from interp.writer import write_model

    model = load_model((FIXTURES / "dense.tflite").read_bytes())
    bare = write_model(dataclasses.replace(model, signature_defs=()))
    for mode in ("invoke", "call"):
        r = bench.benchmark(bare, runs=5, warmup=1, compare="litert", mode=mode,
                            shapes={"serving_default_keras_tensor:0": [3, 4]})
        assert r.signature == "serving_default" and len(r.litert.latencies_us) == 5


def test_compare_reports_what_litert_cannot_do(monkeypatch, capsys):
    pytest.importorskip("ai_edge_litert.interpreter")
    args = ["bench", CODING, "--signature", "encode", "--shape", "x=3", "--compare", "litert"]
    assert main(args) == 2  # stock LiteRT has no Flex delegate (fixtures README)
    assert "LiteRT cannot run signature 'encode'" in capsys.readouterr().err
    monkeypatch.setitem(sys.modules, "ai_edge_litert", None)  # as if not installed
    monkeypatch.setitem(sys.modules, "ai_edge_litert.interpreter", None)
    with pytest.raises(bench.CompareUnavailable, match="ai_edge_litert .* not installed"):
        bench.benchmark(ARITH, "mix", runs=1, compare="litert")
    assert main(["bench", ARITH, "--signature", "mix", "--compare", "litert"]) == 2
    assert "not installed" in capsys.readouterr().err


def test_cli_json_and_table(capsys, tmp_path):
    assert main(["bench", ARITH, "--signature", "mix", "--runs", "7", "--warmup", "1",
                 "--json", "--profile"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert set(d) == KEYS and d["runs"] == 7 and len(d["profile"]) == 9
    assert all(set(row) == ROW_KEYS for row in d["profile"])
    _check_latency(d, 7)
    path = tmp_path / "q.npy"
    np.save(path, np.array([3, 4], np.int32))
    assert main(["bench", ARITH, "--signature", "iarith", "--runs", "3", "--input",
                 f"q=@{path}", "--seed", "5"]) == 0
    out = capsys.readouterr().out
    assert "input q: int32[2] (given)" in out and "input p: int32[2,2] (random, seed 5)" in out
    assert "p50" in out and "peak RSS" in out
    assert main(["bench", ARITH, "--signature", "affine", "--shape", "x=2,x"]) == 2
    assert "dims must be integers" in capsys.readouterr().err
    assert main(["bench", ARITH, "--signature", "affine", "--shape", "x"]) == 2
    assert "must look like NAME=D0,D1" in capsys.readouterr().err


def test_console_command_in_a_subprocess(tmp_path):
    beside = os.path.join(os.path.dirname(sys.executable), "interp")
    exe = beside if os.path.exists(beside) else shutil.which("interp")
    cmd = [exe] if exe else [sys.executable, "-m", "interp.cli"]
    # cwd outside the repository; PYTHONPATH makes the subprocess import the interp under test
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(interp.__file__)))
    result = subprocess.run(cmd + ["bench", DENSE, "--shape", "keras_tensor=2,4", "--runs", "5",
                                   "--profile", "--json"],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    d = json.loads(result.stdout)
    assert d["inputs"][0]["shape"] == [2, 4]
    assert sorted(row["op"] for row in d["profile"]) == ["FULLY_CONNECTED", "FULLY_CONNECTED",
                                                         "SOFTMAX"]
    result = subprocess.run(cmd + ["bench", DENSE], capture_output=True, text=True, timeout=120,
                            cwd=tmp_path, env=env)
    assert result.returncode == 2 and "--shape keras_tensor=1,4" in result.stderr


def test_import_interp_reaches_bench_lazily(tmp_path):
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(interp.__file__)))
    code = ("import sys, interp; assert 'interp.bench' not in sys.modules; "
            "print(interp.bench.benchmark.__name__)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "benchmark"


def test_scalar_inputs_of_a_converted_model():
    @interp.function(input_signature=[interp.TensorSpec(shape=[], dtype="float32"),
                                      interp.TensorSpec(shape=[], dtype="int32")])
    def f(x, n):
        return {"y": interp.ops.add(x, x), "m": interp.ops.multiply(n, n)}

    data = interp.Converter.from_function(f).convert()
    r = bench.benchmark(data, runs=4, warmup=0, profile=True)
    assert [(i.name, i.dtype, i.shape) for i in r.inputs] == [("n", "int32", []),
                                                                ("x", "float32", [])]
    assert sorted(row.op for row in r.profile) == ["ADD", "MUL"]
    assert all(row.output_shapes == [[]] for row in r.profile)
    for dt in ("float16", "float32", "int8", "bool", "complex64"):
        v = bench.random_values(np.dtype(dt), (), np.random.default_rng(0))
        assert type(v) is np.ndarray and v.shape == () and v.dtype == dt
