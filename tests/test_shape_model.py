"""TF-converted models of the `shape` family's ops (tests/fixtures/shape_ops.tflite and
shape_dynamic.tflite, made by tests/fixtures/generate_shape_fixtures.py): interp against LiteRT
run live. Data movement is compared exactly; RESIZE_BILINEAR to 1e-6 (the C blend may fuse
multiply-adds). The dynamic model needs the executor that prepares ops at invoke time (main's);
on an executor without it the test is skipped, saying why."""
import numpy as np
import pytest

import interp
from support import FIXTURES, litert

MODEL = str(FIXTURES / "shape_ops.tflite")


def check_against_litert(path, n_outputs, **inputs):
    """Run the file's one signature in interp and in LiteRT (reference kernels) and compare."""
    lite = litert()
    got = interp.Interpreter(model_path=path).get_signature_runner()(**inputs)
    ref = lite.Interpreter(model_path=path,
                           experimental_op_resolver_type=lite.OpResolverType.BUILTIN_REF)
    want = ref.get_signature_runner()(**inputs)
    assert sorted(got) == sorted(want) and len(got) == n_outputs
    for name in want:
        assert got[name].shape == want[name].shape, name
        assert got[name].dtype == want[name].dtype, name
        if name == "bilinear":
            np.testing.assert_allclose(got[name], want[name], rtol=1e-6, atol=1e-6)
        else:
            np.testing.assert_array_equal(got[name], want[name], err_msg=name)


@pytest.mark.parametrize("seed", [0, 1])
def test_every_output_matches_litert(seed):
    x = np.random.default_rng(seed).standard_normal((2, 8, 8, 4)).astype(np.float32)
    idx = np.array([1, 3, 200], np.int32) if seed == 0 else np.array([0, 7, 255], np.int32)
    check_against_litert(MODEL, 25, x=x, idx=idx)


def test_out_of_range_gather_index_is_reported_and_the_interpreter_stays_usable():
    run = interp.Interpreter(model_path=MODEL).get_signature_runner()
    x = np.zeros((2, 8, 8, 4), np.float32)
    with pytest.raises(interp.errors.KernelError, match=r"node \d+ \(GATHER\): index 256 at "
                                                        r"position \[2\]"):
        run(x=x, idx=np.array([0, 1, 256], np.int32))
    out = run(x=x, idx=np.array([0, 1, 2], np.int32))
    assert out["gather"].shape == (2, 3)


def _executor_prepares_at_run_time():
    import inspect

    import interp.subgraph
    return "DynamicShape" in inspect.getsource(interp.subgraph)


@pytest.mark.skipif(not _executor_prepares_at_run_time(),
                    reason="this executor cannot prepare ops at invoke time (node.value protocol)")
@pytest.mark.parametrize("batch", [3, 1, 5, 3])
def test_shapes_computed_while_running_match_litert(batch):
    x = np.random.default_rng(batch).standard_normal((batch, 4)).astype(np.float32)
    k = np.arange(batch + 1, dtype=np.int32)
    check_against_litert(str(FIXTURES / "shape_dynamic.tflite"), 11, x=x, k=k)
