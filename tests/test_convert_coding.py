"""TensorFlow's signatures guide (encode = AsString, decode = StringToNumber) rebuilt with interp,
checked against the TF-converted fixture tests/fixtures/coding.tflite."""
import importlib.util

import numpy as np
import pytest

import interp
from interp.flex.custom_options import decode_flex_options, encode_flex_options
from interp.flex.nodedef import AttrValue, NodeDef
from interp.loader import load_model
from support import FIXTURES, litert

EXPECTED_SIGNATURES = {"decode": {"inputs": ["x"], "outputs": ["decoded_result"]},
                       "encode": {"inputs": ["x"], "outputs": ["encoded_result"]}}


class Model(interp.Module):
    @interp.function(input_signature=[interp.TensorSpec(shape=[None], dtype="float32")])
    def encode(self, x):
        return {"encoded_result": interp.ops.as_string(x)}

    @interp.function(input_signature=[interp.TensorSpec(shape=[None], dtype="string")])
    def decode(self, x):
        return {"decoded_result": interp.ops.string_to_number(x)}


def converted():
    m = Model()
    return {
        "from_module": interp.Converter.from_module(
            m, signatures={"encode": m.encode, "decode": m.decode}).convert(),
        "from_functions": interp.Converter.from_functions([m.encode, m.decode], m).convert(),
    }


@pytest.fixture(scope="module")
def tf_model():
    return load_model((FIXTURES / "coding.tflite").read_bytes())


def flex_ops(model):
    """{custom_code: custom_options bytes} of a loaded model."""
    out = {}
    for sg in model.subgraphs:
        for op in sg.operators:
            out[model.operator_codes[op.opcode_index].custom_code] = bytes(op.custom_options)
    return out


@pytest.mark.parametrize("entry", ["from_module", "from_functions"])
def test_signature_list_in_litert(entry):
    data = converted()[entry]
    it = litert().Interpreter(model_content=data)
    assert it.get_signature_list() == EXPECTED_SIGNATURES
    # LiteRT's pip package has no Flex delegate: it refuses to run them, as for TF's own file
    with pytest.raises(RuntimeError, match="Select TensorFlow op"):
        it.get_signature_runner("encode")(x=np.array([1.0], np.float32))


def test_both_entry_points_give_the_same_bytes():
    files = converted()
    assert files["from_module"] == files["from_functions"]


def test_layout_matches_tf_fixture(tf_model):
    ours = load_model(converted()["from_module"])
    assert [sg.name for sg in ours.subgraphs] == ["decode", "encode"]
    assert [(c.builtin_code, c.custom_code, c.version) for c in ours.operator_codes] == \
        [(c.builtin_code, c.custom_code, c.version) for c in tf_model.operator_codes]
    for a, b in zip(ours.subgraphs, tf_model.subgraphs):
        ta, tb = a.tensors[a.inputs[0]], b.tensors[b.inputs[0]]
        assert (ta.name, ta.type, ta.shape, ta.signature) == \
            (tb.name, tb.type, tb.shape, tb.signature)
        oa, ob = a.tensors[a.outputs[0]], b.tensors[b.outputs[0]]
        assert (oa.type, oa.shape, oa.signature) == (ob.type, ob.shape, ob.signature)
        assert [(o.inputs, o.outputs, o.builtin_options_type) for o in a.operators] == \
            [(o.inputs, o.outputs, o.builtin_options_type) for o in b.operators]
    def sigs(model):
        return [(s.signature_key, s.subgraph_index, s.inputs, s.outputs)
                for s in model.signature_defs]
    assert sigs(ours) == sigs(tf_model)


@pytest.mark.parametrize("code", ["FlexAsString", "FlexStringToNumber"])
def test_flex_nodedef_matches_tf(tf_model, code):
    ours_raw = flex_ops(load_model(converted()["from_module"]))[code]
    tf_raw = flex_ops(tf_model)[code]
    ours_name, ours = decode_flex_options(ours_raw)
    tf_name, tf = decode_flex_options(tf_raw)
    assert ours_name == tf_name == code[len("Flex"):]
    assert ours.op == tf.op and ours.inputs == tf.inputs == ("",)
    assert dict(ours.attrs) == dict(tf.attrs)
    assert list(ours.attrs) == list(tf.attrs)  # same (sorted) order
    assert ours.name == tf.name == ""
    # TF's NodeDef also carries debug info naming its functions; without it the bytes are ours
    assert tf.experimental_debug_info is not None and ours.experimental_debug_info is None
    assert encode_flex_options(tf) == tf_raw
    stripped = NodeDef(op=tf.op, inputs=tf.inputs, attrs=tf.attrs)
    assert encode_flex_options(stripped) == ours_raw


def test_as_string_attrs_written_in_full():
    @interp.function(input_signature=[interp.TensorSpec([3], "int64")])
    def f(x):
        return interp.ops.as_string(x, width=5, fill="0")

    m = interp.Converter.from_function(f).to_model()
    _, nd = decode_flex_options(m.subgraphs[0].operators[0].custom_options)
    assert dict(nd.attrs) == {
        "T": AttrValue("type", 9), "fill": AttrValue("s", b"0"), "precision": AttrValue("i", -1),
        "scientific": AttrValue("b", False), "shortest": AttrValue("b", False),
        "width": AttrValue("i", 5)}


@pytest.mark.parametrize("out_type,code", [("float32", 1), ("float64", 2), ("int32", 3),
                                           ("int64", 9)])
def test_string_to_number_out_type(out_type, code):
    @interp.function(input_signature=[interp.TensorSpec([None], "string")])
    def f(x):
        return interp.ops.string_to_number(x, out_type=out_type)

    m = interp.Converter.from_function(f).to_model()
    sg = m.subgraphs[0]
    _, nd = decode_flex_options(sg.operators[0].custom_options)
    assert dict(nd.attrs) == {"out_type": AttrValue("type", code)}
    assert interp.convert.tracing.dtype_name(sg.tensors[sg.outputs[0]].type) == out_type


def _has_kernel(name):
    try:
        return importlib.util.find_spec(f"interp.ops.{name}") is not None
    except ImportError:
        return False


@pytest.mark.skipif(not (_has_kernel("as_string") and _has_kernel("string_to_number")),
                    reason="interp's Flex string kernels are not written yet")
def test_interp_runs_the_converted_model():
    it = interp.Interpreter(model_content=converted()["from_module"])
    assert it.get_signature_list() == EXPECTED_SIGNATURES
    enc = it.get_signature_runner("encode")(x=np.array([1, 2.5, -0.125], np.float32))
    assert enc["encoded_result"].tolist() == [b"1.000000", b"2.500000", b"-0.125000"]
    dec = it.get_signature_runner("decode")(x=np.array([b"1e3", b" 2", b"-0.5"]))
    np.testing.assert_array_equal(dec["decoded_result"], np.array([1000, 2, -0.5], np.float32))
