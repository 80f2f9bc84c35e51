"""Plain TensorFlow training code converted to .tflite (tests/fixtures/train_naive.tflite): a
4-8-2 MLP in a tf.Module with tf.Variables, train(x[None,4], y[None,2]) with tf.nn.relu, MSE,
tf.GradientTape and v.assign_sub, infer(x); converted with [TFLITE_BUILTINS, SELECT_TF_OPS] and
resource variables. The gradient needs FlexBroadcastGradientArgs and FlexReluGrad, so stock
LiteRT cannot run train.

Oracle: TensorFlow 2.21's own SavedModel signatures (train_naive_expected.npz / .json, made by
tests/fixtures/generate_flex_fixtures.py): infer before, the losses of 3 train steps (batches of
5, 3, 6 rows), infer after. Tolerance: 1e-5 relative (float32 reassociation).

The replay also needs the resource-variable ops (VAR_HANDLE, READ_VARIABLE, ASSIGN_VARIABLE,
CALL_ONCE) and builtin kernels (BATCH_MATMUL, SQUARED_DIFFERENCE, MEAN, SUM, TILE, GATHER, ...)
that other branches provide; until those land it fails at load with the list of missing ops, and
test_no_flex_op_is_missing checks that list names no Flex op.
"""
import json

import numpy as np
import pytest

import interp
from interp.loader import load_model
from interp.ops import registry
from support import FIXTURES, litert

MODEL = FIXTURES / "train_naive.tflite"
EXPECTED = json.loads((FIXTURES / "train_naive_expected.json").read_text())
ARRAYS = np.load(FIXTURES / "train_naive_expected.npz")
RTOL = 1e-5


def _flex_codes():
    model = load_model(MODEL.read_bytes())
    return sorted({c.custom_code for c in model.operator_codes
                   if c.custom_code and c.custom_code.startswith("Flex")})


def test_the_flex_ops_it_needs_are_registered():
    assert _flex_codes() == ["FlexBroadcastGradientArgs", "FlexReluGrad"] == EXPECTED["flex_ops"]
    for code in _flex_codes():
        assert code[4:] in registry.FLEX


def test_stock_litert_cannot_run_train():
    Interpreter = litert().Interpreter
    with pytest.raises(RuntimeError, match=r"Select TensorFlow op\(s\).*FlexBroadcastGradientArgs"):
        Interpreter(model_path=str(MODEL)).get_signature_runner("train")(
            x=ARRAYS["x0"], y=ARRAYS["y0"])
    # infer has no Flex op: LiteRT runs it and agrees with TF
    out = Interpreter(model_path=str(MODEL)).get_signature_runner("infer")(x=ARRAYS["x_eval"])
    np.testing.assert_allclose(out["y"], ARRAYS["infer0"], rtol=RTOL, atol=1e-6)


def test_no_flex_op_is_missing():
    try:
        interp.Interpreter(model_path=str(MODEL))
    except interp.ModelError as exc:
        missing = str(exc).split("Supported:")[0]
        assert "cannot run" in missing
        assert "Flex" not in missing, missing


def test_replay_infer_train3_infer_matches_tensorflow():
    it = interp.Interpreter(model_path=str(MODEL))
    infer, train = it.get_signature_runner("infer"), it.get_signature_runner("train")
    np.testing.assert_allclose(infer(x=ARRAYS["x_eval"])["y"], ARRAYS["infer0"], rtol=RTOL,
                               atol=1e-6)
    losses = [float(train(x=ARRAYS[f"x{i}"], y=ARRAYS[f"y{i}"])["loss"]) for i in range(3)]
    np.testing.assert_allclose(losses, [float(v) for v in EXPECTED["losses"]], rtol=RTOL)
    np.testing.assert_allclose(infer(x=ARRAYS["x_eval"])["y"], ARRAYS["infer1"], rtol=RTOL,
                               atol=1e-6)
