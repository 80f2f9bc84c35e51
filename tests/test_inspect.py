"""``interp inspect MODEL [--json]`` (oracle: the models' contents, known by construction)."""
import json
import types

import numpy as np

from interp import dtypes
from interp.cli import main
from interp.interpreter import Interpreter
from interp.model import (Buffer, Metadata, Model, Operator, OperatorCode, Quantization,
                          SignatureDef, SubGraph, Tensor, TensorMap)
from interp.writer import write_model
from support import FIXTURES

SERVING = str(FIXTURES / "serving.tflite")


def _inspect(capsys, *args):
    assert main(["inspect", *args]) == 0
    return capsys.readouterr().out


def test_text_shows_signatures_ops_tensors_metadata(capsys):
    out = _inspect(capsys, SERVING)
    assert "  classify: tensorflow/serving/classify (subgraph 0)" in out
    assert "  regress: tensorflow/serving/regress (subgraph 1)" in out
    assert "  serving_default: tensorflow/serving/predict (subgraph 2)" in out
    assert "    input  inputs: float32 [-1,4]  (tensor 'classify_inputs:0')" in out
    assert "    output classes: string [-1,3]  (tensor 'classify/classes')" in out
    assert "ops (10):" in out and "      3 x FULLY_CONNECTED" in out
    assert 'fused_activation_function="NONE"' in out and "beta=1.0" in out
    assert 'output_type="INT64"' in out and '"precision": 0' in out  # builtin and Flex options
    assert "     1 dense/kernel: FLOAT32 [3,4]  (const 48 B)" in out
    assert ("  interp.signature_method_names: 128 bytes: {\"classify\":"
            "\"tensorflow/serving/classify\"") in out
    assert "\nmemory plan: arena " in out
    assert "unsupported ops (0):\n  none: interp can run every op" in out


def test_json_has_every_section(capsys):
    info = json.loads(_inspect(capsys, SERVING, "--json"))
    assert sorted(info) == ["description", "memory_plan", "metadata", "ops", "path",
                            "signatures", "size_bytes", "subgraphs", "unsupported_ops",
                            "version"]
    sig = info["signatures"]["regress"]
    assert sig == {"method_name": "tensorflow/serving/regress", "subgraph_index": 1,
                   "inputs": {"inputs": {"name": "regress_inputs:0", "dtype": "float32",
                                         "shape": [-1, 4]}},
                   "outputs": {"outputs": {"name": "regress/outputs", "dtype": "float32",
                                           "shape": [-1]}},
                   "problems": []}
    ops = {o["op"]: o for o in info["ops"]}
    assert ops["SOFTMAX"] == {"op": "SOFTMAX", "count": 2,
                              "options": [{"options": {"beta": 1.0}, "count": 2}]}
    assert [t["name"] for t in info["subgraphs"][1]["tensors"]] == [
        "regress_inputs:0", "dense/kernel", "dense/bias", "Reshape/shape", "dense",
        "regress/outputs"]


def _odd_model():
    """int8 tensors with quantization, an op interp cannot run, two metadata entries."""
    i8 = dtypes.INT8
    q = Quantization(scale=(0.5,), zero_point=(3,))
    per_axis = Quantization(scale=(0.25, 0.5), zero_point=(0, 0), quantized_dimension=1)
    tensors = (Tensor("in", i8, (1, 2), 1, quantization=q),
               Tensor("w", i8, (1, 2), 2, quantization=per_axis),
               Tensor("out", dtypes.FLOAT32, (1, 2), 3))
    ops = (Operator(0, (0, 1), (2,)),)
    buffers = (Buffer(), Buffer(), Buffer(data=np.array([1, 2], np.int8).tobytes()), Buffer(),
               Buffer(data=b"1.14.0".ljust(16, b"\0")), Buffer(data=bytes(range(40))))
    sg = SubGraph(tensors, (0,), (2,), ops, name="main")
    sig = SignatureDef("serving_default", (TensorMap("x", 0),), (TensorMap("y", 2),), 0)
    return Model((OperatorCode(32, "MyCustom"),), (sg,), buffers, (sig,),
                 (Metadata("min_runtime_version", 4), Metadata("blob", 5)))


def test_quantization_unsupported_ops_and_metadata(tmp_path, capsys):
    path = tmp_path / "odd.tflite"
    path.write_bytes(write_model(_odd_model()))
    out = _inspect(capsys, str(path))
    assert "     0 in: INT8 [1,2]  (quant scale=[0.5] zero_point=[3])" in out
    assert "     1 w: INT8 [1,2]  (const 2 B; quant scale=[0.25, 0.5] zero_point=[0, 0] axis=1)" \
        in out
    assert "  min_runtime_version: 16 bytes: 1.14.0" in out
    assert "  blob: 40 bytes: 0x000102030405060708090a0b0c0d0e0f10111213" in out
    assert "unsupported ops (1):\n  MyCustom (subgraph 0, node 0)" in out
    assert "memory plan: arena n/a, weights n/a (n/a: the model has ops interp cannot run)" in out
    info = json.loads(_inspect(capsys, str(path), "--json"))
    assert info["subgraphs"][0]["tensors"][1]["quantization"] == {
        "scale": [0.25, 0.5], "zero_point": [0, 0], "quantized_dimension": 1}
    assert info["unsupported_ops"] == [{"op": "MyCustom", "subgraph": 0, "node": 0}]
    assert info["ops"] == [{"op": "MyCustom", "count": 1,
                            "options": [{"options": {"custom_options_bytes": 0}, "count": 1}]}]


def test_memory_plan_comes_from_the_interpreter(monkeypatch, capsys):
    plan = types.SimpleNamespace(arena_bytes=2048, weight_bytes=60)
    monkeypatch.setattr(Interpreter, "memory_plan", lambda self: plan, raising=False)
    out = _inspect(capsys, SERVING)
    assert "memory plan: arena 2.0 KiB, weights 60 B\n" in out
    info = json.loads(_inspect(capsys, SERVING, "--json"))
    assert info["memory_plan"] == {"arena_bytes": 2048, "weight_bytes": 60, "note": ""}


def test_a_missing_file_is_reported(capsys, tmp_path):
    assert main(["inspect", str(tmp_path / "none.tflite")]) == 2
    assert "Could not open" in capsys.readouterr().err
