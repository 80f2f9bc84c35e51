"""TF Serving signatures: method names in the file, get_signature_defs(), validate_signature, the
runner's classify / regress, and the converter refusing broken classify / regress signatures.

Oracles: TF's signature_constants values (tf.saved_model.signature_constants, written out here);
numpy for the model's values (softmax(x @ W + b), x @ V + c, float32, rtol 1e-6); LiteRT for loading
and running the file interp writes.
"""
import dataclasses
import sys

import numpy as np
import pytest

import interp
from interp import ops, serving
from interp.convert import ConversionError
from interp.errors import InputError, ModelError
from support import FIXTURES, litert

sys.path.insert(0, str(FIXTURES))
import make_serving  # noqa: E402

PATH = FIXTURES / "serving.tflite"
X = np.array([[1.0, 2.0, 3.0, 4.0], [-1.0, 0.5, 0.0, 2.0], [0.0, 0.0, 0.0, 0.0]], np.float32)


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_constants_have_tf_serving_values():
    assert serving.CLASSIFY_METHOD_NAME == "tensorflow/serving/classify"
    assert serving.REGRESS_METHOD_NAME == "tensorflow/serving/regress"
    assert serving.PREDICT_METHOD_NAME == "tensorflow/serving/predict"
    assert serving.CLASSIFY_INPUTS == "inputs"
    assert serving.CLASSIFY_OUTPUT_CLASSES == "classes"
    assert serving.CLASSIFY_OUTPUT_SCORES == "scores"
    assert serving.REGRESS_INPUTS == "inputs"
    assert serving.REGRESS_OUTPUTS == "outputs"
    assert serving.PREDICT_INPUTS == "inputs"
    assert serving.PREDICT_OUTPUTS == "outputs"
    assert serving.DEFAULT_SERVING_SIGNATURE_DEF_KEY == "serving_default"
    assert interp.serving is serving


def test_fixture_is_what_the_generator_writes():
    assert make_serving.build() == PATH.read_bytes()


def test_signature_defs_from_the_file_alone():
    it = interp.Interpreter(model_path=PATH)  # no allocate_tensors()
    defs = it.get_signature_defs()
    assert list(defs) == ["classify", "regress", "serving_default"]
    c, r, p = defs["classify"], defs["regress"], defs["serving_default"]
    assert c.method_name == "tensorflow/serving/classify"
    assert r.method_name == "tensorflow/serving/regress"
    assert p.method_name == "tensorflow/serving/predict"
    assert c.inputs == {"inputs": serving.TensorInfo("classify_inputs:0", np.dtype(np.float32),
                                                     (-1, 4))}
    assert c.outputs == {
        "classes": serving.TensorInfo("classify/classes", np.dtype(object), (-1, 3)),
        "scores": serving.TensorInfo("classify/scores", np.dtype(np.float32), (-1, 3))}
    assert r.outputs == {"outputs": serving.TensorInfo("regress/outputs", np.dtype(np.float32),
                                                       (-1,))}
    assert p.inputs["x"].shape == (-1, 4) and p.outputs["class_ids"].dtype == np.int64
    for sig in defs.values():
        assert serving.validate_signature(sig) == []


def test_file_without_the_entry_is_predict():
    it = interp.Interpreter(model_path=FIXTURES / "dense.tflite")
    (sig,) = it.get_signature_defs().values()
    assert sig.method_name == serving.PREDICT_METHOD_NAME
    assert it.get_signature_runner().method_name == serving.PREDICT_METHOD_NAME


def test_predict_only_models_get_no_metadata_entry():
    class M(interp.Module):
        @interp.function(input_signature=[interp.TensorSpec([2], "float32")])
        def f(self, x):
            return ops.relu(x)

    model = interp.Converter.from_module(M()).to_model()
    assert model.metadata == ()
    full = interp.Interpreter(model_path=PATH).model
    assert [m.name for m in full.metadata] == [serving.METHOD_NAMES_METADATA]
    assert bytes(full.metadata_bytes(serving.METHOD_NAMES_METADATA)) == (
        b'{"classify":"tensorflow/serving/classify","regress":"tensorflow/serving/regress",'
        b'"serving_default":"tensorflow/serving/predict"}')


def test_litert_loads_and_runs_the_file():
    lite = litert().Interpreter(model_path=str(PATH))
    ours = interp.Interpreter(model_path=PATH)
    assert lite.get_signature_list() == ours.get_signature_list()
    got = lite.get_signature_runner("regress")(inputs=X)["outputs"]
    np.testing.assert_allclose(got, ours.get_signature_runner("regress").regress(X), rtol=1e-6)
    got = lite.get_signature_runner("serving_default")(x=X)
    want = ours.get_signature_runner("serving_default")(x=X)
    np.testing.assert_allclose(got["probabilities"], want["probabilities"], rtol=1e-6)
    np.testing.assert_array_equal(got["class_ids"], want["class_ids"])


def test_runner_classify_and_regress_against_numpy():
    it = interp.Interpreter(model_path=PATH)
    c = it.get_signature_runner("classify")
    assert c.method_name == serving.CLASSIFY_METHOD_NAME
    out = c.classify(X)
    assert sorted(out) == ["classes", "scores"]
    np.testing.assert_allclose(out["scores"], _softmax(X @ make_serving.W + make_serving.B),
                               rtol=1e-6)
    assert out["classes"].tolist() == [[b"0", b"1", b"2"]] * 3
    assert c.classify({"inputs": X[:1]})["scores"].shape == (1, 3)
    r = it.get_signature_runner("regress")
    np.testing.assert_allclose(r.regress(X), (X @ make_serving.V + make_serving.C)[:, 0],
                               rtol=1e-6)


def test_runner_helpers_refuse_other_methods():
    it = interp.Interpreter(model_path=PATH)
    with pytest.raises(InputError, match=r"signature 'serving_default' is a predict signature "
                                         r"\(method_name 'tensorflow/serving/predict'\), so "
                                         r"classify\(\) cannot run it"):
        it.get_signature_runner("serving_default").classify(X)
    with pytest.raises(InputError, match=r"'classify' is a classify signature.*regress\(\) needs "
                                         r"method_name 'tensorflow/serving/regress'"):
        it.get_signature_runner("classify").regress(X)


# -- broken variants ------------------------------------------------------------------------

def _info(dtype, shape=(-1, 3)):
    return serving.TensorInfo("t", None if dtype is None else np.dtype(dtype), shape)


def test_validate_broken_classify_lists_every_problem():
    sig = serving.SignatureDef(serving.CLASSIFY_METHOD_NAME,
                               {"x": _info(np.float32), "y": _info(np.float32)},
                               {"labels": _info(np.float32)})
    problems = serving.validate_signature(sig)
    assert problems == [
        "a classify signature has exactly one input; it has 2 ('x', 'y')",
        "the classify input must be keyed 'inputs'; it has 'x', 'y'",
        "a classify signature needs an output 'classes' (string) and/or 'scores' (float32); it "
        "has outputs 'labels'",
        "a classify signature has only the outputs 'classes' and 'scores'; remove 'labels'"]
    sig = serving.SignatureDef(serving.CLASSIFY_METHOD_NAME, {"inputs": _info(np.float32)},
                               {"classes": _info(np.int64), "scores": _info(np.float64)})
    assert serving.validate_signature(sig) == [
        "classify output 'classes' must be string, got int64",
        "classify output 'scores' must be float32, got float64"]
    only_scores = serving.SignatureDef(serving.CLASSIFY_METHOD_NAME, {"inputs": _info(object)},
                                       {"scores": _info(np.float32)})
    assert serving.validate_signature(only_scores) == []


def test_validate_broken_regress_and_predict():
    sig = serving.SignatureDef(serving.REGRESS_METHOD_NAME, {},
                               {"y": _info(np.int32), "z": _info(np.float32)})
    assert serving.validate_signature(sig) == [
        "a regress signature has exactly one input; it has 0 (none)",
        "a regress signature has exactly one output; it has 2 ('y', 'z')",
        "the regress output must be keyed 'outputs'; it has 'y', 'z'"]
    sig = serving.SignatureDef(serving.REGRESS_METHOD_NAME, {"inputs": _info(np.float32)},
                               {"outputs": _info(np.int32)})
    assert serving.validate_signature(sig) == [
        "regress output 'outputs' must be float32, got int32"]
    assert serving.validate_signature(serving.SignatureDef(serving.PREDICT_METHOD_NAME, {}, {})) \
        == ["a predict signature needs at least one input; it has none",
            "a predict signature needs at least one output; it has none"]
    bad = serving.validate_signature(serving.SignatureDef("tensorflow/serving/foo", {}, {}))
    assert bad == ["method_name 'tensorflow/serving/foo' is not a TF Serving method (one of "
                   "'tensorflow/serving/classify', 'tensorflow/serving/regress', "
                   "'tensorflow/serving/predict')"]


def test_converter_refuses_broken_classify_and_regress_listing_every_rule():
    class Broken(interp.Module):
        @interp.function(input_signature=[interp.TensorSpec([None, 4]),
                                          interp.TensorSpec([None, 4])], method_name="classify")
        def cls(self, a, b):
            return {"classes": ops.add(a, b), "extra": ops.relu(a)}

        @interp.function(input_signature=[interp.TensorSpec([None, 4], name="inputs")],
                         method_name=serving.REGRESS_METHOD_NAME)
        def reg(self, inputs):
            return {"y": ops.argmax(inputs, axis=1)}

    with pytest.raises(ConversionError) as err:
        interp.Converter.from_module(Broken()).convert()
    msg = str(err.value)
    for part in ("signature 'cls' (classify): a classify signature has exactly one input; it "
                 "has 2 ('a', 'b')",
                 "signature 'cls' (classify): the classify input must be keyed 'inputs'",
                 "signature 'cls' (classify): a classify signature has only the outputs "
                 "'classes' and 'scores'; remove 'extra'",
                 "signature 'cls' (classify): classify output 'classes' must be string, got "
                 "float32",
                 "signature 'reg' (regress): the regress output must be keyed 'outputs'; it has "
                 "'y'"):
        assert part in msg, msg
    assert msg.count("\n") == 5  # five problems, one per line after the header


def test_unknown_method_name_is_refused_at_decoration():
    with pytest.raises(ConversionError, match=r"interp.function\(f\): method_name 'serve' is "
                                              r"not a TF Serving method"):
        @interp.function(input_signature=[interp.TensorSpec([1])], method_name="serve")
        def f(x):
            return x


def test_from_functions_and_graph_def_carry_method_names():
    @interp.function(input_signature=[interp.TensorSpec([None, 4], name="inputs")],
                     method_name="regress")
    def reg(inputs):
        return {"outputs": ops.reshape(ops.dense(inputs, make_serving.V), [-1])}

    it = interp.Interpreter(model_content=interp.Converter.from_functions([reg]).convert())
    assert it.get_signature_defs()["reg"].method_name == serving.REGRESS_METHOD_NAME
    doc = {"signatures": {"r": {
        "method_name": "tensorflow/serving/regress",
        "inputs": [{"name": "inputs", "dtype": "float32", "shape": [None, 2]}],
        "nodes": [{"name": "s", "op": "reshape", "inputs": ["inputs"], "attrs": {"shape": [-1]}}],
        "outputs": {"outputs": "s"}}}}
    it = interp.Interpreter(model_content=interp.Converter.from_graph_def(doc).convert())
    assert it.get_signature_defs()["r"].method_name == serving.REGRESS_METHOD_NAME
    doc["signatures"]["r"]["method_name"] = "nope"
    with pytest.raises(ConversionError, match=r"signatures.r.method_name: method_name 'nope'"):
        interp.Converter.from_graph_def(doc)


def test_corrupt_method_entry_is_a_model_error():
    from interp.writer import write_model
    model = interp.Interpreter(model_path=PATH).model
    index = model.metadata[0].buffer
    buffers = list(model.buffers)
    buffers[index] = dataclasses.replace(buffers[index], data=b"{not json")
    it = interp.Interpreter(model_content=bytes(write_model(
        dataclasses.replace(model, buffers=tuple(buffers)))))
    with pytest.raises(ModelError, match="metadata entry 'interp.signature_method_names' is not "
                                         "UTF-8 JSON"):
        it.get_signature_defs()
