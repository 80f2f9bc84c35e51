"""Converter.from_graph_def: the JSON format of docs/graph_def.md."""
import copy
import json
import pathlib

import numpy as np
import pytest

import interp
from interp.convert import ConversionError
from support import litert

S = interp.TensorSpec
ROOT = pathlib.Path(__file__).resolve().parent.parent
DENSE_JSON = ROOT / "examples" / "dense_graph_def.json"
CODING_JSON = ROOT / "examples" / "coding_graph_def.json"


def dense_doc():
    return json.loads(DENSE_JSON.read_text())


def constants(doc):
    out = {}
    for name, spec in doc["constants"].items():
        if "value" in spec:
            out[name] = np.asarray(spec["value"], np.float32).reshape(spec["shape"])
        else:
            import base64
            raw = base64.b64decode(spec["base64"])
            out[name] = np.frombuffer(raw, "<f4").reshape(spec["shape"])
    return out


def python_twin(doc):
    """The Python-traced model making the same interp.ops calls as examples/dense_graph_def.json."""
    c = constants(doc)

    class Dense(interp.Module):
        @interp.function(input_signature=[S([None, 4], "float32")])
        def serving_default(self, x):
            hidden = interp.ops.dense(x, c["w1"], c["b1"], activation="relu", name="hidden")
            logits = interp.ops.dense(hidden, c["w2"], c["b2"], name="logits")
            return {"probs": interp.ops.softmax(logits, name="probs")}

        @interp.function(input_signature=[S([None, 4], "float32")])
        def label(self, x):
            hidden = interp.ops.dense(x, c["w1"], c["b1"], activation="relu", name="hidden")
            logits = interp.ops.dense(hidden, c["w2"], c["b2"], name="logits")
            scaled = interp.ops.multiply(logits, 2.0, name="scaled")
            return {"label": interp.ops.argmax(scaled, axis=-1, output_type="int32", name="label"),
                    "logits": logits}

    m = Dense()
    return interp.Converter.from_module(m, signatures={"serving_default": m.serving_default,
                                                       "label": m.label})


def test_json_file_dict_and_text_give_identical_bytes():
    a = interp.Converter.from_graph_def(DENSE_JSON).convert()
    b = interp.Converter.from_graph_def(str(DENSE_JSON)).convert()
    c = interp.Converter.from_graph_def(dense_doc()).convert()
    d = interp.Converter.from_graph_def(DENSE_JSON.read_text()).convert()
    assert a == b == c == d


def test_json_model_is_byte_identical_to_python_traced_twin():
    doc = dense_doc()
    from_json = interp.Converter.from_graph_def(doc).convert()
    from_python = python_twin(doc).convert()
    assert from_json == from_python


def test_json_model_runs_in_litert():
    doc = dense_doc()
    c = constants(doc)
    data = interp.Converter.from_graph_def(doc).convert()
    it = litert().Interpreter(model_content=data)
    assert it.get_signature_list() == {
        "label": {"inputs": ["x"], "outputs": ["label", "logits"]},
        "serving_default": {"inputs": ["x"], "outputs": ["probs"]},
    }
    x = np.random.default_rng(3).standard_normal((6, 4)).astype(np.float32)
    logits = np.maximum(x @ c["w1"] + c["b1"], 0) @ c["w2"] + c["b2"]
    e = np.exp(logits - logits.max(1, keepdims=True))
    probs = it.get_signature_runner("serving_default")(x=x)["probs"]
    np.testing.assert_allclose(probs, e / e.sum(1, keepdims=True), rtol=1e-5, atol=1e-6)
    out = it.get_signature_runner("label")(x=x)
    np.testing.assert_array_equal(out["label"], np.argmax(logits, 1).astype(np.int32))
    np.testing.assert_allclose(out["logits"], logits, rtol=1e-5, atol=1e-5)


def test_shared_weights_stored_once_across_signatures():
    m = interp.Converter.from_graph_def(DENSE_JSON).to_model()
    sizes = sorted(len(b.data) for b in m.buffers if b.data is not None and len(b.data))
    assert sizes == [4, 4, 12, 32, 96, 128]


def test_coding_example_signatures():
    m = interp.Converter.from_graph_def(CODING_JSON).to_model()
    assert [(s.signature_key, [t.name for t in s.inputs], [t.name for t in s.outputs])
            for s in m.signature_defs] == [("decode", ["x"], ["decoded_result"]),
                                           ("encode", ["x"], ["encoded_result"])]
    assert [c.custom_code for c in m.operator_codes] == ["FlexStringToNumber", "FlexAsString"]


def test_every_op_and_inline_constants():
    doc = {
        "signatures": {
            "all": {
                "inputs": [{"name": "a", "dtype": "float32", "shape": [None, 4]},
                           {"name": "i", "dtype": "int32", "shape": [4]},
                           {"name": "s", "dtype": "string", "shape": [2]}],
                "nodes": [
                    {"name": "k", "op": "constant", "attrs": {"value": [1, 2, 3, 4],
                                                              "dtype": "float32"}},
                    {"name": "add", "op": "add", "inputs": ["a", "k"]},
                    {"name": "sub", "op": "subtract", "inputs": ["add", {"value": 1}]},
                    {"name": "mul", "op": "multiply",
                     "inputs": ["sub", {"value": [[2.0]], "dtype": "float32"}]},
                    {"name": "div", "op": "divide", "inputs": ["mul", {"value": 4.0}]},
                    {"name": "mm", "op": "matmul",
                     "inputs": ["div", {"value": [[1, 0], [0, 1], [1, 1], [0, 0]],
                                        "dtype": "float32"}]},
                    {"name": "r", "op": "relu", "inputs": ["mm"]},
                    {"name": "r6", "op": "relu6", "inputs": ["r"]},
                    {"name": "sg", "op": "sigmoid", "inputs": ["r6"]},
                    {"name": "th", "op": "tanh", "inputs": ["sg"]},
                    {"name": "sm", "op": "softmax", "inputs": ["th"], "attrs": {"axis": -1}},
                    {"name": "rs", "op": "reshape", "inputs": ["sm"], "attrs": {"shape": [-1]}},
                    {"name": "am", "op": "argmax", "inputs": ["a"], "attrs": {"axis": 1}},
                    {"name": "td", "op": "truncatediv", "inputs": ["i", {"value": 2}]},
                    {"name": "str", "op": "as_string", "inputs": ["i"], "attrs": {"width": 3}},
                    {"name": "num", "op": "string_to_number", "inputs": ["s"],
                     "attrs": {"out_type": "int64"}},
                    {"name": "nan", "op": "add",
                     "inputs": ["a", {"value": "nan", "dtype": "float32"}]},
                ],
                "outputs": {"rs": "rs", "am": "am", "td": "td", "str": "str", "num": "num",
                            "nan": "nan"},
            }
        }
    }
    m = interp.Converter.from_graph_def(doc).to_model()
    ops = sorted({c.custom_code or c.builtin_code for c in m.operator_codes}, key=str)
    # the relu is fused into the FULLY_CONNECTED
    assert ops == sorted([0, 41, 18, 42, 9, 21, 14, 28, 25, 22, 56, "FlexAsString",
                          "FlexStringToNumber"], key=str)
    fc = [o for o in m.subgraphs[0].operators if o.builtin_options_type == 8]
    assert fc[0].builtin_options["fused_activation_function"] == 1


# -- errors ------------------------------------------------------------------------------------

def broken(mutate):
    doc = dense_doc()
    mutate(doc)
    return doc


@pytest.mark.parametrize("mutate,match", [
    (lambda d: d["signatures"]["label"]["nodes"][2].update(op="conv3d"),
     r"signatures\.label\.nodes\[2\] \('scaled'\)\.op: unknown op 'conv3d'"),
    (lambda d: d["signatures"]["label"]["nodes"][2].update(inputs=["logits", "nowhere"]),
     r"nodes\[2\] \('scaled'\)\.inputs\[1\]: 'nowhere' is not an input, constant or earlier node"),
    (lambda d: d["signatures"]["label"]["nodes"][2].update(inputs=["logits"]),
     r"nodes\[2\] \('scaled'\)\.inputs: multiply takes 2 input\(s\)"),
    (lambda d: d["signatures"]["label"]["nodes"][3]["attrs"].update(axes=1),
     r"nodes\[3\] \('label'\)\.attrs: unknown field\(s\) \['axes'\]"),
    (lambda d: d["signatures"]["label"]["nodes"][1].update(name="hidden"),
     r"nodes\[1\] \('hidden'\)\.name: 'hidden' is already a node"),
    (lambda d: d["signatures"]["label"]["inputs"][0].update(dtype="float33"),
     r"signatures\.label\.inputs\[0\]\.dtype: unknown dtype 'float33'"),
    (lambda d: d["signatures"]["label"]["inputs"][0].update(shape=[-1, 4]),
     r"inputs\[0\]\.shape: dims must be ints >= 0 or null"),
    (lambda d: d["signatures"]["label"].pop("outputs"),
     r"signatures\.label: the field 'outputs' is required"),
    (lambda d: d["signatures"]["label"]["outputs"].update(bad="w1"),
     r"outputs\.bad: 'w1' is a constant"),
    (lambda d: d["constants"]["w1"].pop("dtype"),
     r"constants\.w1: the field 'dtype' is required"),
    (lambda d: d["constants"]["b1"].update(shape=[9]),
     r"constants\.b1\.value: holds 8 values; shape \[9\] needs 9"),
    (lambda d: d["constants"]["b2"].update(base64="!!"), r"constants\.b2\.base64: is not valid"),
    (lambda d: d.update(version=2), r"version: must be 1"),
    (lambda d: d.update(extra=1), r"document: unknown field\(s\) \['extra'\]"),
])
def test_structural_errors_name_the_place(mutate, match):
    with pytest.raises(ConversionError, match=match):
        interp.Converter.from_graph_def(broken(mutate))


@pytest.mark.parametrize("mutate,match", [
    (lambda d: d["signatures"]["label"]["nodes"][3]["attrs"].update(axis=5),
     r"nodes\[3\] \('label'\): argmax: axis 5 is out of range"),
    (lambda d: d["signatures"]["label"]["nodes"][2]["inputs"][1].update(value=2, dtype="int32"),
     r"nodes\[2\] \('scaled'\): multiply: x and y must have the same dtype, got float32 \(x\) "
     r"and int32 \(y\)"),
    (lambda d: d["signatures"]["label"]["nodes"][1].update(inputs=["hidden", "w1", "b2"]),
     r"nodes\[1\] \('logits'\): dense: x has shape \[None, 8\] but the weights have 4 input"),
    (lambda d: d["signatures"]["serving_default"]["nodes"][2].update(attrs={"axis": 0}),
     r"nodes\[2\] \('probs'\): softmax: only the last axis"),
])
def test_op_errors_name_the_node(mutate, match):
    conv = interp.Converter.from_graph_def(broken(mutate))
    with pytest.raises(ConversionError, match=match):
        conv.convert()


def test_duplicate_output_names_in_json_text(tmp_path):
    text = DENSE_JSON.read_text().replace('"outputs": {"probs": "probs"}',
                                          '"outputs": {"probs": "probs", "probs": "hidden"}')
    path = tmp_path / "dup.json"
    path.write_text(text)
    with pytest.raises(ConversionError, match="the key 'probs' appears twice"):
        interp.Converter.from_graph_def(path)


def test_duplicate_input_names():
    doc = broken(lambda d: d["signatures"]["label"]["inputs"].append(
        {"name": "x", "dtype": "float32", "shape": [4]}))
    with pytest.raises(ConversionError, match=r"inputs\[1\]\.name: 'x' is already an input"):
        interp.Converter.from_graph_def(doc)


def test_unreadable_sources(tmp_path):
    with pytest.raises(ConversionError, match="cannot read"):
        interp.Converter.from_graph_def(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(ConversionError, match="is not valid JSON"):
        interp.Converter.from_graph_def(tmp_path / "bad.json")
    with pytest.raises(TypeError, match="give a dict"):
        interp.Converter.from_graph_def(42)


def test_document_is_not_modified():
    doc = dense_doc()
    before = copy.deepcopy(doc)
    interp.Converter.from_graph_def(doc).convert()
    assert doc == before


# -- the issue-3 ops in the JSON format --------------------------------------------------------

def test_issue3_ops_in_graph_def_match_the_python_calls():
    w = np.arange(3 * 3 * 2 * 4, dtype=np.float32).reshape(3, 3, 2, 4) / 50
    doc = {
        "constants": {"w": {"dtype": "float32", "shape": [3, 3, 2, 4],
                            "value": w.reshape(-1).tolist()}},
        "signatures": {"serving_default": {
            "inputs": [{"name": "x", "dtype": "float32", "shape": [None, 8, 8, 2]}],
            "nodes": [
                {"name": "conv", "op": "conv2d", "inputs": ["x", "w"],
                 "attrs": {"strides": 2, "padding": "SAME", "bias": [0.5, 0, 0, -0.5],
                           "activation": "relu"}},
                {"name": "pool", "op": "max_pool2d", "inputs": ["conv"],
                 "attrs": {"ksize": 2, "strides": 2, "padding": "VALID"}},
                {"name": "mean", "op": "reduce_mean", "inputs": ["pool"],
                 "attrs": {"axis": [1, 2]}},
                {"name": "t", "op": "transpose", "inputs": ["mean"]},
                {"name": "g", "op": "gelu", "inputs": ["t"], "attrs": {"approximate": True}},
                {"name": "big", "op": "greater", "inputs": ["g", {"value": 0.1}]},
                {"name": "sel", "op": "where", "inputs": ["big", "g", {"value": 0.0}]},
                {"name": "idx", "op": "argmin", "inputs": ["sel"], "attrs": {"axis": 0}},
            ],
            "outputs": {"idx": "idx", "sel": "sel"}}}}

    @interp.function(input_signature=[S([None, 8, 8, 2], "float32", name="x")])
    def twin(x):
        o = interp.ops
        conv = o.conv2d(x, w, strides=2, padding="SAME", bias=[0.5, 0, 0, -0.5],
                        activation="relu", name="conv")
        pool = o.max_pool2d(conv, ksize=2, strides=2, padding="VALID", name="pool")
        mean = o.reduce_mean(pool, axis=[1, 2], name="mean")
        g = o.gelu(o.transpose(mean, name="t"), approximate=True, name="g")
        sel = o.where(o.greater(g, 0.1, name="big"), g, 0.0, name="sel")
        return {"idx": o.argmin(sel, axis=0, name="idx"), "sel": sel}

    data = interp.Converter.from_graph_def(doc).convert()
    assert data == interp.Converter.from_function(twin).convert()
    it = litert().Interpreter(model_content=data)
    out = it.get_signature_runner()(x=np.ones((3, 8, 8, 2), np.float32))
    assert out["sel"].shape == (4, 3) and out["idx"].shape == (3,)


def test_graph_def_refuses_multi_result_ops():
    doc = {"signatures": {"s": {
        "inputs": [{"name": "x", "dtype": "float32", "shape": [2, 4]}],
        "nodes": [{"name": "parts", "op": "split", "inputs": ["x"],
                   "attrs": {"num_or_size_splits": 2}}],
        "outputs": {"y": "parts"}}}}
    with pytest.raises(ConversionError, match="unknown op 'split'"):
        interp.Converter.from_graph_def(doc).convert()
