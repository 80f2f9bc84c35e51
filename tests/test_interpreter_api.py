"""The drop-in API and the error contract (issue: Errors), on TensorFlow-made fixtures.

Oracles: LiteRT run live on the same file, saved LiteRT outputs, and numpy.
"""
import threading

import numpy as np
import pytest

import interp
from support import FIXTURES, litert

DENSE = str(FIXTURES / "dense.tflite")
ARITH = str(FIXTURES / "arith.tflite")


def dense():
    return interp.Interpreter(model_path=DENSE)


def test_errors_are_value_errors_and_interp_errors():
    assert issubclass(interp.ModelError, ValueError) and issubclass(interp.ModelError, interp.InterpError)
    assert issubclass(interp.InputError, ValueError) and issubclass(interp.InputError, interp.InterpError)


def test_constructor_arguments():
    with pytest.raises(interp.InputError, match="both"):
        interp.Interpreter(model_path=DENSE, model_content=b"x")
    with pytest.raises(interp.InputError, match="must be specified"):
        interp.Interpreter()
    with pytest.raises(interp.InputError, match="num_threads should >= 1"):
        interp.Interpreter(model_path=DENSE, num_threads=0)
    with pytest.raises(interp.InputError, match="should be int"):
        interp.Interpreter(model_path=DENSE, num_threads="x")
    with pytest.raises(interp.ModelError, match="Could not open '/nonexistent.tflite'"):
        interp.Interpreter(model_path="/nonexistent.tflite")
    interp.Interpreter(model_path=DENSE, num_threads=4)


def test_model_content_and_model_path_agree():
    content = (FIXTURES / "dense.tflite").read_bytes()
    x = np.ones((2, 4), np.float32)
    a = interp.Interpreter(model_content=content).get_signature_runner()(keras_tensor=x)
    b = dense().get_signature_runner()(keras_tensor=x)
    np.testing.assert_array_equal(a["output_0"], b["output_0"])


def test_not_a_model():
    with pytest.raises(interp.ModelError):
        interp.Interpreter(model_content=b"<html><body>404</body></html>")
    with pytest.raises(interp.ModelError):
        interp.Interpreter(model_content=b"")


def test_unknown_signature_key_lists_the_keys():
    it = interp.Interpreter(model_path=ARITH)
    with pytest.raises(interp.InputError) as e:
        it.get_signature_runner("nope")
    msg = str(e.value)
    assert '"nope"' in msg and "'affine'" in msg and "'iarith'" in msg and "'mix'" in msg


def test_key_none_needs_exactly_one_signature():
    it = interp.Interpreter(model_path=ARITH)
    with pytest.raises(interp.InputError) as e:
        it.get_signature_runner()
    assert "3 signatures" in str(e.value) and "'mix'" in str(e.value)
    assert dense().get_signature_runner().signature_key == "serving_default"


def test_unknown_and_missing_inputs_list_expected_names():
    run = interp.Interpreter(model_path=ARITH).get_signature_runner("mix")
    a, b = np.ones((2, 3), np.float32), np.ones(3, np.float32)
    with pytest.raises(interp.InputError) as e:
        run(a=a, c=b)
    msg = str(e.value)
    assert "'mix'" in msg and "unknown input(s) 'c'" in msg and "missing input(s) 'b'" in msg
    assert "Expected inputs: 'a', 'b'" in msg
    with pytest.raises(interp.InputError, match="missing input"):
        run(a=a)
    with pytest.raises(TypeError):
        run(a)  # keyword arguments only, as in LiteRT


def test_wrong_dtype_names_input_and_both_dtypes():
    run = dense().get_signature_runner()
    with pytest.raises(interp.InputError) as e:
        run(keras_tensor=np.ones((1, 4), np.float64))
    msg = str(e.value)
    assert "keras_tensor" in msg and "FLOAT32" in msg and "FLOAT64" in msg


def test_shape_outside_signature_names_both_shapes():
    run = dense().get_signature_runner()
    with pytest.raises(interp.InputError) as e:
        run(keras_tensor=np.ones((2, 5), np.float32))
    msg = str(e.value)
    assert "keras_tensor" in msg and "[2, 5]" in msg and "[-1, 4]" in msg
    with pytest.raises(interp.InputError, match=r"\[4\]"):
        run(keras_tensor=np.ones(4, np.float32))


def test_interpreter_keeps_working_after_every_error():
    run = dense().get_signature_runner()
    x = np.random.default_rng(0).standard_normal((3, 4)).astype(np.float32)
    good = run(keras_tensor=x)["output_0"]
    for bad in (dict(keras_tensor=np.ones((1, 5), np.float32)),
                dict(keras_tensor=np.ones((1, 4), np.int32)),
                dict(other=x), dict()):
        with pytest.raises(interp.InputError):
            run(**bad)
        np.testing.assert_array_equal(run(keras_tensor=x)["output_0"], good)


def test_batch_resize_by_itself_and_outputs_are_owned_copies():
    data = np.load(FIXTURES / "dense_expected.npz")
    run = dense().get_signature_runner()
    out1 = run(keras_tensor=data["input_b1"])["output_0"]
    out3 = run(keras_tensor=data["input_b3"])["output_0"]
    np.testing.assert_allclose(out3, data["output_b3_ref"], rtol=1e-6, atol=1e-7)
    assert out1.shape == (1, 3) and out3.shape == (3, 3)
    assert out3.flags.owndata and out3.base is None
    out3[...] = 0
    np.testing.assert_allclose(run(keras_tensor=data["input_b3"])["output_0"],
                               data["output_b3_ref"], rtol=1e-6, atol=1e-7)
    details = run.get_input_details()["keras_tensor"]
    assert list(details["shape"]) == [3, 4] and list(details["shape_signature"]) == [-1, 4]


def test_python_lists_are_accepted_when_safe():
    run = dense().get_signature_runner()
    out = run(keras_tensor=[[0.5, 1.0, -1.0, 2.0]])
    ref = run(keras_tensor=np.array([[0.5, 1.0, -1.0, 2.0]], np.float32))
    np.testing.assert_array_equal(out["output_0"], ref["output_0"])


def test_classic_api_matches_litert():
    lr = litert()
    ours, theirs = dense(), lr.Interpreter(model_path=DENSE)
    with pytest.raises(interp.StateError, match="allocate_tensors"):
        ours.invoke()
    with pytest.raises(interp.StateError):
        ours.set_tensor(0, np.ones((1, 4), np.float32))
    x = np.random.default_rng(1).standard_normal((2, 4)).astype(np.float32)
    for it in (ours, theirs):
        it.resize_tensor_input(0, [2, 4])
        it.allocate_tensors()
        it.set_tensor(it.get_input_details()[0]["index"], x)
        it.invoke()
    out_index = theirs.get_output_details()[0]["index"]
    assert ours.get_output_details()[0]["index"] == out_index
    np.testing.assert_allclose(ours.get_tensor(out_index), theirs.get_tensor(out_index),
                               rtol=1e-6, atol=1e-7)
    for a, b in zip(ours.get_input_details() + ours.get_output_details(),
                    theirs.get_input_details() + theirs.get_output_details()):
        assert a.keys() == b.keys()
        assert a["name"] == b["name"] and a["index"] == b["index"] and a["dtype"] == b["dtype"]
        np.testing.assert_array_equal(a["shape"], b["shape"])
        np.testing.assert_array_equal(a["shape_signature"], b["shape_signature"])
        assert a["quantization"] == b["quantization"]
    assert len(ours.get_tensor_details()) == len(theirs.get_tensor_details())


def test_set_tensor_errors_and_tensor_view():
    it = dense()
    it.allocate_tensors()
    with pytest.raises(interp.InputError, match="shape"):
        it.set_tensor(0, np.ones((2, 4), np.float32))
    with pytest.raises(interp.InputError, match="FLOAT32"):
        it.set_tensor(0, np.ones((1, 4), np.int64))
    with pytest.raises(interp.InputError, match="Invalid tensor index 99"):
        it.get_tensor(99)
    view = it.tensor(0)
    view()[...] = 1.0  # writes through, as LiteRT's tensor() does
    it.invoke()
    out = it.get_tensor(it.get_output_details()[0]["index"])
    ref = dense().get_signature_runner()(keras_tensor=np.ones((1, 4), np.float32))["output_0"]
    np.testing.assert_array_equal(out, ref)


def test_resize_strict_only_changes_dynamic_dims():
    it = dense()
    with pytest.raises(interp.InputError, match="strict"):
        it.resize_input_tensor(0, [1, 5], strict=True)
    it.resize_input_tensor(0, [7, 4], strict=True)
    it.allocate_tensors()
    assert list(it.get_input_details()[0]["shape"]) == [7, 4]
    assert list(it.get_output_details()[0]["shape"]) == [7, 3]


def test_runners_share_one_lock_and_threads_get_correct_results():
    it = interp.Interpreter(model_path=ARITH)
    mix, affine = it.get_signature_runner("mix"), it.get_signature_runner("affine")
    assert mix._lock is affine._lock is it._lock
    rng = np.random.default_rng(3)
    a = rng.standard_normal((2, 3)).astype(np.float32)
    b = rng.uniform(0.5, 2.0, 3).astype(np.float32)
    want_sum = a + b
    xs = [rng.standard_normal((i % 4 + 1, 4)).astype(np.float32) for i in range(8)]
    want_y = [affine(x=x)["y"] for x in xs]
    errors = []

    def work(i):
        try:
            for _ in range(50):
                np.testing.assert_allclose(mix(a=a, b=b)["sum"], want_sum, rtol=1e-6)
                np.testing.assert_array_equal(affine(x=xs[i])["y"], want_y[i])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[0]


def test_file_without_signature_defs_gets_serving_default_over_subgraph_0():
    import dataclasses

    from interp.loader import load_model
    from interp.writer import write_model

    model = load_model((FIXTURES / "dense.tflite").read_bytes())
    bare = write_model(dataclasses.replace(model, signature_defs=()))
    it = interp.Interpreter(model_content=bare)
    assert it.get_signature_list() == {"serving_default": {
        "inputs": ["serving_default_keras_tensor:0"], "outputs": ["StatefulPartitionedCall_1:0"]}}
    data = np.load(FIXTURES / "dense_expected.npz")
    out = it.get_signature_runner()(**{"serving_default_keras_tensor:0": data["input_b3"]})
    np.testing.assert_allclose(out["StatefulPartitionedCall_1:0"], data["output_b3_ref"],
                               rtol=1e-6, atol=1e-7)


def test_scalar_outputs_are_numpy_scalars_as_in_litert():
    @interp.function(input_signature=[interp.TensorSpec([], "float32")])
    def double(x):
        return {"y": x * 2.0}

    data = interp.Converter.from_function(double).convert()
    ours = interp.Interpreter(model_content=data)
    theirs = litert().Interpreter(model_content=data)
    a = ours.get_signature_runner()(x=np.float32(3))["y"]
    b = theirs.get_signature_runner()(x=np.float32(3))["y"]
    assert type(a) is type(b) is np.float32 and a == b == 6
    ours.allocate_tensors()
    ours.set_tensor(0, np.float32(4))
    ours.invoke()
    got = ours.get_tensor(ours.get_output_details()[0]["index"])
    assert type(got) is np.float32 and got == 8
