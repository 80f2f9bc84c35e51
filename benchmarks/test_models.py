"""Whole models from TensorFlow's converter (tests/fixtures/generate_model_fixtures.py): one
signature-runner call of MobileNetV2 (alpha 0.35, 96x96) and of a transformer encoder block, timed in
interp, in LiteRT with num_threads=1 and its default XNNPACK delegate ("litert") and in LiteRT with
BUILTIN_WITHOUT_DEFAULT_DELEGATES ("litert_builtin"), in the same run; and the peak RSS of a fresh
Python that loads MobileNetV2 and calls it 100 times, for interp and for LiteRT.

Nothing here asserts a speed; the ratios are printed at the end of the run (see conftest.py). A model
interp cannot run yet (missing kernels) makes its interp cases skip with interp's message; the LiteRT
cases still run.
"""
import json
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

import interp
from bench_support import record, record_value

litert = pytest.importorskip("ai_edge_litert.interpreter")
FIXTURES = pathlib.Path(__file__).parent.parent / "tests" / "fixtures"

MODELS = {  # case -> (file stem, input name)
    "MobileNetV2 0.35 96x96": ("mobilenet_v2", "input"),
    "transformer block 16x64": ("transformer_block", "x"),
}
ENGINES = ["interp", "litert", "litert_builtin"]


def _inputs(stem, in_name):
    return {in_name: np.load(FIXTURES / f"{stem}_expected.npz")[f"run0__in__{in_name}"]}


def _litert_runner(content, engine):
    kind = (litert.OpResolverType.AUTO if engine == "litert"
            else litert.OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES)
    it = litert.Interpreter(model_content=content, num_threads=1, experimental_op_resolver_type=kind)
    return it.get_signature_runner("serving_default")


def _skip_unsupported(stem, message):
    """Skip with the head of interp's message (it lists every unsupported node)."""
    head = message.split(". Supported:")[0]
    pytest.skip(f"interp cannot run {stem}.tflite yet: {head[:300]}{'...' if len(head) > 300 else ''}")


def _interp_runner(content, stem):
    try:
        it = interp.Interpreter(model_content=content)
    except interp.ModelError as e:
        _skip_unsupported(stem, str(e))
    return it.get_signature_runner("serving_default")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", list(MODELS))
def test_model_call(benchmark, case, engine):
    stem, in_name = MODELS[case]
    content = (FIXTURES / f"{stem}.tflite").read_bytes()
    inputs = _inputs(stem, in_name)
    want = _litert_runner(content, "litert_builtin")(**inputs)
    runner = _interp_runner(content, stem) if engine == "interp" else _litert_runner(content, engine)
    got = runner(**inputs)
    for name in want:  # the benchmark times a correct call (tolerance of tests/test_tf_models.py)
        np.testing.assert_allclose(got[name], want[name], rtol=1e-4,
                                   atol=1e-5 * float(np.max(np.abs(want[name]))))
    benchmark.group = case
    benchmark(runner, **inputs)
    record(benchmark, case, engine)


# --------------------------------------------------------------------------
# peak resident memory, each engine in a fresh Python

RSS_CASE = "peak RSS, MobileNetV2 x100"
RSS_CALLS = 100
_RSS_SCRIPT = r"""
import json, resource, sys
import numpy as np
engine, path, calls = sys.argv[1], sys.argv[2], int(sys.argv[3])
def peak_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
def hwm_kb():
    with open("/proc/self/status") as f:
        return int(next(l for l in f if l.startswith("VmHWM:")).split()[1])
x = np.load(path.replace(".tflite", "_expected.npz"))["run0__in__input"]
if engine == "interp":
    import interp
    make = lambda: interp.Interpreter(model_path=path)
    error = interp.ModelError
else:
    from ai_edge_litert.interpreter import Interpreter
    make = lambda: Interpreter(model_path=path, num_threads=1)
    error = ()
report = {"after_import_kib": peak_kb()}
try:
    run = make().get_signature_runner("serving_default")
except error as e:
    report["error"] = str(e)
    print(json.dumps(report))
    sys.exit(0)
report["after_load_kib"] = peak_kb()
for _ in range(calls):
    out = run(input=x)
report["after_calls_kib"] = peak_kb()
report["vm_hwm_kib"] = hwm_kb()
report["output_sum"] = float(out["output"].sum())
print(json.dumps(report))
"""


def _peak_rss(engine, calls):
    env = dict(os.environ)
    package_root = str(pathlib.Path(interp.__file__).resolve().parent.parent)  # the interp under test
    env["PYTHONPATH"] = os.pathsep.join([package_root] + [p for p in [env.get("PYTHONPATH")] if p])
    # Linux keeps ru_maxrss across execve: a Python started straight from pytest would report pytest's
    # own peak. A shell that forks the Python (the "; exit" keeps it from exec-ing in place) gives a
    # process whose peak starts from the shell's few MiB.
    cmd = [sys.executable, "-c", _RSS_SCRIPT, engine, str(FIXTURES / "mobilenet_v2.tflite"), str(calls)]
    proc = subprocess.run(["/bin/sh", "-c", '"$@"; exit $?', "sh"] + cmd,
                          capture_output=True, text=True, env=env, timeout=600,
                          cwd=str(FIXTURES))  # not the repo root: `-c` would import its source tree
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_peak_rss_mobilenet(request):
    """ru_maxrss of a fresh Python after importing numpy and the engine, loading MobileNetV2 and
    calling it 100 times (2 calls, a smoke run, when timing is off; then nothing is recorded). The
    report also holds the peak after import and after load, and /proc's VmHWM as a cross-check."""
    config = request.config
    timing_off = (config.getoption("benchmark_disable", default=False)
                  and not config.getoption("benchmark_enable", default=False))
    calls = 2 if timing_off else RSS_CALLS
    theirs = _peak_rss("litert", calls)
    assert "error" not in theirs, theirs
    if not timing_off:
        record_value(RSS_CASE, "litert", theirs["after_calls_kib"], "KiB")
    ours = _peak_rss("interp", calls)
    print(f"peak RSS (KiB) litert {theirs} interp {ours}")
    if "error" in ours:
        _skip_unsupported("mobilenet_v2", ours["error"])
    # both engines ran the same model on the same input
    assert abs(ours["output_sum"] - theirs["output_sum"]) < 1e-4, (ours, theirs)
    if not timing_off:
        record_value(RSS_CASE, "interp", ours["after_calls_kib"], "KiB")
