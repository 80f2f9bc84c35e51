"""tests/fixtures/string_ops.tflite: every tf.strings op of issue 4, converted by TensorFlow 2.21
with SELECT_TF_OPS (StringUpper via experimental_select_user_tf_ops). Oracle: the SavedModel's
own signature outputs (string_ops_expected.json), compared exactly; TF's runtime error (Substr
out of range) must be raised too. Stock LiteRT cannot run it (no Flex delegate).

string_split_ragged.tflite (tf.strings.split returning a RaggedTensor) also needs builtins other
branches provide (STRIDED_SLICE, CAST, CUMSUM, ...); until they land it fails at load, and
test_ragged_split_misses_no_flex_op checks that no Flex op is among the missing ones."""
import json

import numpy as np
import pytest

import interp
from interp.errors import KernelError
from flex_oracle import decode, same
from support import FIXTURES, litert

EXPECTED = json.loads((FIXTURES / "string_ops_expected.json").read_text())
RAGGED = json.loads((FIXTURES / "string_split_ragged_expected.json").read_text())


def _runs(expected):
    return [pytest.param(r, id=f"{r['signature']}{i}") for i, r in enumerate(expected["runs"])]


def _check(model, run):
    it = interp.Interpreter(model_path=str(FIXTURES / model))
    runner = it.get_signature_runner(run["signature"])
    feeds = {k: decode(v) for k, v in run["inputs"].items()}
    if "error" in run:
        message = run["error"]["message"].splitlines()[-2].strip()  # TF's op message line
        with pytest.raises(KernelError, match=message.replace("(", r"\(").replace(")", r"\)")):
            runner(**feeds)
        return
    out = runner(**feeds)
    assert sorted(out) == sorted(run["outputs"])
    for k, want in run["outputs"].items():
        assert same(np.asarray(out[k]), want), (k, out[k].tolist(), want["values"])


@pytest.mark.parametrize("run", _runs(EXPECTED))
def test_signature_outputs_match_tensorflow(run):
    _check("string_ops.tflite", run)


def test_every_issue_op_is_in_the_file():
    ops = {op for names in EXPECTED["ops"].values() for op in names}
    assert ops == {"FlexStringJoin", "FlexStringLength", "FlexStringLower", "FlexStringUpper",
                   "FlexSubstr", "FlexStringSplitV2", "FlexStringSplit", "FlexStaticRegexReplace",
                   "FlexStaticRegexFullMatch", "FlexRegexReplace", "FlexRegexFullMatch",
                   "FlexStringStrip", "FlexStringToHashBucketFast"}


def test_stock_litert_cannot_run_it():
    it = litert().Interpreter(model_path=str(FIXTURES / "string_ops.tflite"))
    with pytest.raises(RuntimeError, match=r"Select TensorFlow op\(s\).*FlexStringLength"):
        it.get_signature_runner("length")(a=np.array([b"x"], dtype=object))


def test_ragged_split_misses_no_flex_op():
    try:
        interp.Interpreter(model_path=str(FIXTURES / "string_split_ragged.tflite"))
    except interp.ModelError as exc:
        missing = str(exc).split("Supported:")[0]
        assert "Flex" not in missing, missing


@pytest.mark.parametrize("run", _runs(RAGGED))
def test_ragged_split_matches_tensorflow(run):
    _check("string_split_ragged.tflite", run)


def test_other_flex_ops_are_listed_at_load_by_name():
    """RaggedTensorToTensor (what ``ragged.to_tensor()`` after tf.strings.split emits) has no
    kernel in interp: the load error names it."""
    from interp import dtypes
    from interp.model import (Buffer, Model, Operator, OperatorCode, SignatureDef, SubGraph,
                              Tensor, TensorMap)
    from interp.writer import write_model
    from flex_oracle import flex_options
    tensors = (Tensor(name="x", type=dtypes.STRING, shape=(2,)),
               Tensor(name="y", type=dtypes.STRING, shape=(2,)),
               Tensor(name="z", type=dtypes.STRING, shape=(2,)))
    ops = (Operator(0, (0,), (1,), custom_options=flex_options("StringStrip", 1, {})),
           Operator(1, (1,), (2,), custom_options=flex_options("RaggedTensorToTensor", 1, {})))
    sg = SubGraph(tensors=tensors, inputs=(0,), outputs=(1,), operators=ops, name="main")
    data = write_model(Model(
        (OperatorCode(32, "FlexStringStrip"), OperatorCode(32, "FlexRaggedTensorToTensor")),
        (sg,), (Buffer(),), (SignatureDef("main", (TensorMap("x", 0),), (TensorMap("y", 1),)),)))
    with pytest.raises(interp.ModelError) as e:
        interp.Interpreter(model_content=data)
    missing = str(e.value).split("Supported:")[0]
    assert "1 op(s)" in missing and "FlexRaggedTensorToTensor" in missing
    assert "FlexStringStrip" not in missing
