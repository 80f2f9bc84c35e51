"""Interpreter.close(), the context manager, and resident memory over many calls and many
interpreters (no leaks).

The memory tests run a fresh Python in a subprocess whose cwd is a temporary directory (not the
repository root), warm up, then read the resident set size from /proc/self/statm before and after;
growth must stay under 1 MiB. Linux only (they skip elsewhere).
"""
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

import interp
from interp.errors import StateError
from support import FIXTURES

PACKAGE_ROOT = pathlib.Path(interp.__file__).resolve().parent.parent  # the interp under test
DENSE = FIXTURES / "dense.tflite"
MIB = 1 << 20


def _mapped(path):
    with open("/proc/self/maps") as f:
        return str(path) in f.read()


linux = pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs Linux /proc")
# AddressSanitizer (tests/sanitize.sh) holds freed memory in quarantine: RSS says nothing there.
no_asan = pytest.mark.skipif("libasan" in os.environ.get("LD_PRELOAD", ""),
                             reason="resident memory under AddressSanitizer includes its quarantine")


def test_close_makes_every_call_a_state_error():
    it = interp.Interpreter(model_path=str(DENSE))
    runner = it.get_signature_runner()
    x = np.ones((2, 4), np.float32)
    runner(keras_tensor=x)
    view = it.tensor(it.get_input_details()[0]["index"])
    it.close()
    assert it.closed
    it.close()  # twice is fine
    calls = [
        lambda: runner(keras_tensor=x), it.allocate_tensors, it.invoke, it.get_input_details,
        it.get_output_details, it.get_tensor_details, lambda: it.get_tensor(0),
        lambda: it.set_tensor(0, x), lambda: it.resize_tensor_input(0, [2, 4]), lambda: it.tensor(0),
        view, it.get_signature_list, it.get_signature_runner, it.num_subgraphs, it.get_variables,
        it.reset_all_variables, it.memory_plan, it.get_signature_defs, lambda: it.model, it.clone,
    ]
    for call in calls:
        with pytest.raises(StateError, match="closed"):
            call()


def test_context_manager_closes():
    with interp.Interpreter(model_path=str(DENSE)) as it:
        out = it.get_signature_runner()(keras_tensor=np.zeros((1, 4), np.float32))
        assert out["output_0"].shape == (1, 3)
        assert not it.closed
    assert it.closed
    with pytest.raises(StateError):
        it.get_signature_runner()


def test_context_manager_closes_on_an_exception():
    """The context manager closes on an exception and does not swallow it."""
    with pytest.raises(ZeroDivisionError):
        with interp.Interpreter(model_path=str(DENSE)) as it:
            1 / 0
    assert it.closed


@linux
def test_close_unmaps_the_file(tmp_path):
    path = tmp_path / "m.tflite"
    path.write_bytes(DENSE.read_bytes())
    it = interp.Interpreter(model_path=str(path))
    it.get_signature_runner()(keras_tensor=np.ones((1, 4), np.float32))
    assert _mapped(path)
    it.close()
    assert not _mapped(path)


@linux
def test_a_clone_keeps_the_file_mapped_until_it_closes(tmp_path):
    import gc
    path = tmp_path / "m.tflite"
    path.write_bytes(DENSE.read_bytes())
    x = np.ones((1, 4), np.float32)
    it = interp.Interpreter(model_path=str(path))
    want = it.get_signature_runner()(keras_tensor=x)["output_0"]
    c = it.clone()
    it.close()
    assert _mapped(path)
    np.testing.assert_array_equal(c.get_signature_runner()(keras_tensor=x)["output_0"], want)
    c.close()
    gc.collect()
    assert not _mapped(path)


def test_model_content_close():
    content = DENSE.read_bytes()
    it = interp.Interpreter(model_content=content)
    it.close()
    with pytest.raises(StateError):
        it.invoke()


def _rss_growth(body, tmp_path):
    """Run ``body`` (Python source defining warm() and work()) in a fresh interpreter; return the
    resident growth in bytes over work() after warm()."""
    script = tmp_path / "rss.py"
    script.write_text(f"""
import gc, os, sys
import numpy as np
import interp
DENSE = {str(DENSE)!r}
PAGE = os.sysconf("SC_PAGE_SIZE")
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE
{body}
warm()
gc.collect()
before = rss()
work()
gc.collect()
print(rss() - before)
""")
    env = dict(os.environ, PYTHONPATH=str(PACKAGE_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return int(out.stdout.split()[-1])


@linux
@no_asan
def test_runner_calls_do_not_grow_memory(tmp_path):
    growth = _rss_growth("""
it = interp.Interpreter(model_path=DENSE)
run = it.get_signature_runner()
xs = [np.full((1, 4), 0.5, np.float32), np.full((3, 4), -1.0, np.float32)]
def warm():
    for i in range(2000):
        run(keras_tensor=xs[i % 2])
def work():
    for i in range(100_000):  # the same shape: the fast path
        run(keras_tensor=xs[0])
    for i in range(2000):  # alternating batch sizes: re-prepare, re-plan, re-bind every call
        run(keras_tensor=xs[i % 2])
""", tmp_path)
    assert growth <= MIB, f"resident memory grew {growth} bytes over 102,000 runner calls"


@linux
@no_asan
def test_create_close_cycles_do_not_grow_memory(tmp_path):
    growth = _rss_growth("""
x = np.ones((2, 4), np.float32)
def cycle():
    it = interp.Interpreter(model_path=DENSE)
    it.get_signature_runner()(keras_tensor=x)
    c = it.clone()
    c.get_signature_runner()(keras_tensor=x)
    c.close()
    it.close()
    with interp.Interpreter(model_content=open(DENSE, "rb").read()) as it:
        it.allocate_tensors()
        it.set_tensor(it.get_input_details()[0]["index"], np.ones((1, 4), np.float32))
        it.invoke()
def warm():
    for _ in range(100):
        cycle()
def work():
    for _ in range(1000):
        cycle()
""", tmp_path)
    assert growth <= MIB, f"resident memory grew {growth} bytes over 1,000 create/close cycles"
