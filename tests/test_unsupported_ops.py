"""A model with ops interp cannot run fails at load with every one of them listed."""
import pytest

import interp
from interp import dtypes
from interp.model import Model, Operator, OperatorCode, SignatureDef, SubGraph, Tensor, TensorMap, Buffer
from interp.writer import write_model


def _model():
    f = dtypes.FLOAT32
    tensors = tuple(Tensor(name=f"t{i}", type=f, shape=(1, 4), buffer=i + 1) for i in range(5))
    codes = (OperatorCode(15), OperatorCode(32, "FlexFooBar"), OperatorCode(0), OperatorCode(32, "MyCustom"))
    ops = (
        Operator(0, (0,), (1,)),            # LSH_PROJECTION: no kernel
        Operator(1, (1,), (2,)),            # a Select-TF op interp does not know
        Operator(2, (2, 2), (3,), 11, {"fused_activation_function": 0}),  # ADD: supported
        Operator(3, (3,), (4,)),            # an unregistered custom op
    )
    sg = SubGraph(tensors=tensors, inputs=(0,), outputs=(4,), operators=ops, name="main")
    sig = SignatureDef("serving_default", (TensorMap("x", 0),), (TensorMap("y", 4),), 0)
    return write_model(Model(codes, (sg,), tuple(Buffer() for _ in range(6)), (sig,)))


def test_every_unsupported_op_is_listed_at_load():
    with pytest.raises(interp.ModelError) as e:
        interp.Interpreter(model_content=_model())
    msg = str(e.value)
    assert "3 op(s)" in msg
    assert "LSH_PROJECTION" in msg and "node 0" in msg
    assert "FlexFooBar" in msg and "node 1" in msg
    assert "MyCustom" in msg and "node 3" in msg
    assert "Supported:" in msg and "FULLY_CONNECTED" in msg and "FlexAsString" in msg
