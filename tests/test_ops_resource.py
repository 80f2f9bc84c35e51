"""VAR_HANDLE / ASSIGN_VARIABLE / READ_VARIABLE on a hand-built model without an initializer:
hand-worked values and the errors for misuse (TF-made files: tests/test_variables.py)."""
import numpy as np
import pytest

import interp
from interp import dtypes
from interp import model as M
from interp.opnames import BUILTIN_CODES
from interp.schema_generated import UNIONS
from interp.writer import write_model

OPTION_TYPES = {name: i + 1 for i, name in enumerate(UNIONS["BuiltinOptions"])}
T = M.Tensor
F32, RES = dtypes.FLOAT32, dtypes.RESOURCE


def _model(ops, tensors, inputs, outputs):
    names = sorted({o[0] for o in ops})
    codes = tuple(M.OperatorCode(BUILTIN_CODES[n]) for n in names)
    operators = []
    for name, ins, outs, opts in ops:
        otype = {"VAR_HANDLE": OPTION_TYPES["VarHandleOptions"]}.get(name, 0)
        operators.append(M.Operator(names.index(name), tuple(ins), tuple(outs), otype, opts))
    sg = M.SubGraph(tuple(tensors), tuple(inputs), tuple(outputs), tuple(operators), "main")
    sig = M.SignatureDef("serving_default",
                         tuple(M.TensorMap(tensors[i].name, i) for i in inputs),
                         tuple(M.TensorMap(tensors[i].name, i) for i in outputs), 0)
    return write_model(M.Model(codes, (sg,), (M.Buffer(),), (sig,)))


def assign_then_read():
    # y = (v := x); z = read(v)  -- and a second call sees the value the first one stored
    tensors = [T("x", F32, (3,)), T("h", RES, ()), T("before", F32, (3,)), T("after", F32, (3,))]
    ops = [("VAR_HANDLE", [], [1], {"container": "", "shared_name": "v"}),
           ("READ_VARIABLE", [1], [2], {}),
           ("ASSIGN_VARIABLE", [1, 0], [], {}),
           ("READ_VARIABLE", [1], [3], {})]
    return _model(ops, tensors, [0], [2, 3])


def test_read_before_any_assignment_fails_clearly():
    run = interp.Interpreter(model_content=assign_then_read()).get_signature_runner()
    with pytest.raises(interp.KernelError, match="variable 'v' is read before anything assigned"):
        run(x=np.ones(3, np.float32))


def test_assign_then_read_after_seeding():
    it = interp.Interpreter(model_content=assign_then_read())
    run = it.get_signature_runner()
    it._subgraphs.resources.assign(it._subgraphs.resources.variable_id("", "v"),
                                   np.zeros(3, np.float32))
    out = run(x=np.array([1, 2, 3], np.float32))
    np.testing.assert_array_equal(out["before"], [0, 0, 0])
    np.testing.assert_array_equal(out["after"], [1, 2, 3])
    out = run(x=np.array([4, 5, 6], np.float32))
    np.testing.assert_array_equal(out["before"], [1, 2, 3])
    assert list(it.get_variables()) == ["v"]


def test_handle_input_must_be_a_resource():
    tensors = [T("x", F32, (3,)), T("y", F32, (3,))]
    data = _model([("READ_VARIABLE", [0], [1], {})], tensors, [0], [1])
    with pytest.raises(interp.ModelError, match="input 0 must be a RESOURCE handle"):
        interp.Interpreter(model_content=data).get_signature_runner()(x=np.ones(3, np.float32))
