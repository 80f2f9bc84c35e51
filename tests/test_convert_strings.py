"""``interp.ops.strings`` (tf.strings' names) converted with interp, checked against the
TF-converted tests/fixtures/string_ops.tflite: the same Flex NodeDefs (op, inputs, attrs; TF's
debug info aside) and, run in interp, TensorFlow's signature outputs (string_ops_expected.json)."""
import json
from collections import Counter

import numpy as np
import pytest

import interp
from interp.convert.tracing import ConversionError
from interp.flex.custom_options import decode_flex_options
from interp.loader import load_model
from flex_oracle import decode, same
from support import FIXTURES, litert

st = interp.ops.strings
S = interp.TensorSpec(shape=[None], dtype="string")
SCALAR = interp.TensorSpec(shape=[], dtype="string")
I = interp.TensorSpec(shape=[None], dtype="int32")
EXPECTED = json.loads((FIXTURES / "string_ops_expected.json").read_text())


class StringOps(interp.Module):
    @interp.function(input_signature=[S, S])
    def join(self, a, b):
        return {"joined": st.join([a, b, "!"], separator="-"), "concat": st.join([a, b])}

    @interp.function(input_signature=[S])
    def length(self, a):
        return {"bytes": st.length(a), "chars": st.length(a, unit="UTF8_CHAR")}

    @interp.function(input_signature=[S])
    def case(self, a):
        return {"lower": st.lower(a), "upper": st.upper(a),
                "lower_utf8": st.lower(a, encoding="utf-8"),
                "upper_utf8": st.upper(a, encoding="utf-8")}

    @interp.function(input_signature=[S, I, I])
    def substr(self, a, pos, length):
        return {"bytes": st.substr(a, pos, length), "chars": st.substr(a, 0, 2, unit="UTF8_CHAR")}

    @interp.function(input_signature=[S])
    def regex(self, a):
        return {"all": st.regex_replace(a, "(\\w+)@(\\w+)", "\\2 at \\1"),
                "first": st.regex_replace(a, "[aeiou]", "_", replace_global=False),
                "digits": st.regex_full_match(a, "[[:digit:]]+"),
                "squash": st.regex_replace(a, "\\s+", " ")}

    @interp.function(input_signature=[S, SCALAR, SCALAR])
    def regex_dynamic(self, a, pattern, rewrite):
        return {"replaced": st.regex_replace(a, pattern, rewrite),
                "matches": st.regex_full_match(a, pattern)}

    @interp.function(input_signature=[S])
    def strip_hash(self, a):
        return {"stripped": st.strip(a), "bucket": st.to_hash_bucket_fast(a, 1000),
                "bucket_big": st.to_hash_bucket_fast(a, 2 ** 40 + 7)}


SIGNATURES = ["join", "length", "case", "substr", "regex", "regex_dynamic", "strip_hash"]


@pytest.fixture(scope="module")
def converted():
    m = StringOps()
    return interp.Converter.from_module(
        m, signatures={k: getattr(m, k) for k in SIGNATURES}).convert()


def _nodedefs(data):
    """{signature: Counter of (op, inputs, attrs)} of a model's Flex ops."""
    model = load_model(data)
    out = {}
    for sig in model.signature_defs:
        sg = model.subgraphs[sig.subgraph_index]
        found = Counter()
        for op in sg.operators:
            code = model.operator_codes[op.opcode_index].custom_code
            if code and code.startswith("Flex"):
                name, nd = decode_flex_options(bytes(op.custom_options))
                assert code == "Flex" + name == "Flex" + nd.op
                found[(nd.op, nd.inputs, tuple(sorted(nd.attrs.items())))] += 1
        out[sig.signature_key] = found
    return out


def test_same_nodedefs_as_tensorflow(converted):
    ours = _nodedefs(converted)
    theirs = _nodedefs((FIXTURES / "string_ops.tflite").read_bytes())
    for sig in SIGNATURES:
        assert ours[sig] == theirs[sig], sig


@pytest.mark.parametrize("run", [r for r in EXPECTED["runs"] if r["signature"] in SIGNATURES],
                         ids=lambda r: r["signature"])
def test_outputs_match_tensorflow(converted, run):
    runner = interp.Interpreter(model_content=converted).get_signature_runner(run["signature"])
    feeds = {k: decode(v) for k, v in run["inputs"].items()}
    if "error" in run:
        with pytest.raises(interp.KernelError, match="out of range"):
            runner(**feeds)
        return
    out = runner(**feeds)
    for k, want in run["outputs"].items():
        assert same(np.asarray(out[k]), want), k


def test_litert_loads_it_but_has_no_flex_delegate(converted):
    it = litert().Interpreter(model_content=converted)
    assert sorted(it.get_signature_list()) == sorted(SIGNATURES)
    with pytest.raises(RuntimeError, match="Select TensorFlow op"):
        it.get_signature_runner("length")(a=np.array([b"x"], dtype=object))


def test_conversion_errors():
    with pytest.raises(ConversionError, match="input shapes do not match"):
        interp.Converter.from_function(
            interp.function(lambda a, b: {"y": st.join([a, b])}, input_signature=[
                interp.TensorSpec(shape=[2], dtype="string"),
                interp.TensorSpec(shape=[3], dtype="string")])).convert()
    with pytest.raises(ConversionError, match="num_buckets must be an int >= 1"):
        interp.Converter.from_function(
            interp.function(lambda a: {"y": st.to_hash_bucket_fast(a, 0)},
                            input_signature=[S])).convert()
