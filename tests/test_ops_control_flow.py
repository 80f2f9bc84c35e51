"""WHILE and IF running other subgraphs. Oracles: values worked by hand, and LiteRT on the same
hand-built files."""
import numpy as np
import pytest

import interp
from interp import dtypes
from interp import model as M
from interp.opnames import BUILTIN_CODES
from interp.schema_generated import UNIONS
from interp.writer import write_model
from support import litert

OPTION_TYPES = {name: i + 1 for i, name in enumerate(UNIONS["BuiltinOptions"])}
OPS = ["WHILE", "IF", "LESS", "ADD", "MUL"]
OPTIONS = {"WHILE": "WhileOptions", "IF": "IfOptions", "LESS": "LessOptions",
           "ADD": "AddOptions", "MUL": "MulOptions"}


def op(name, inputs, outputs, **options):
    return M.Operator(OPS.index(name), tuple(inputs), tuple(outputs),
                      OPTION_TYPES[OPTIONS[name]], options)


def build(subgraphs, consts):
    """``consts``: list of numpy arrays; buffer k + 1 holds consts[k]."""
    buffers = (M.Buffer(),) + tuple(M.Buffer(np.ascontiguousarray(c).tobytes()) for c in consts)
    codes = tuple(M.OperatorCode(BUILTIN_CODES[n]) for n in OPS)
    main = subgraphs[0]
    sig = M.SignatureDef("serving_default",
                         tuple(M.TensorMap(main.tensors[i].name, i) for i in main.inputs),
                         tuple(M.TensorMap(main.tensors[i].name, i) for i in main.outputs), 0)
    return write_model(M.Model(codes, tuple(subgraphs), buffers, (sig,)))


T = M.Tensor
I32, F32, BOOL = dtypes.INT32, dtypes.FLOAT32, dtypes.BOOL


def while_model(limit=5, n=4):
    main = M.SubGraph(
        (T("i", I32, ()), T("x", F32, (n,)), T("i_out", I32, ()), T("x_out", F32, (n,))),
        (0, 1), (2, 3),
        (op("WHILE", [0, 1], [2, 3], cond_subgraph_index=1, body_subgraph_index=2),), "main")
    cond = M.SubGraph(
        (T("i", I32, ()), T("x", F32, (n,)), T("limit", I32, (), buffer=1), T("go", BOOL, ())),
        (0, 1), (3,), (op("LESS", [0, 2], [3]),), "while_cond")
    body = M.SubGraph(
        (T("i", I32, ()), T("x", F32, (n,)), T("one", I32, (), buffer=2),
         T("two", F32, (), buffer=3), T("i_next", I32, ()), T("x_next", F32, (n,))),
        (0, 1), (4, 5),
        (op("ADD", [0, 2], [4], fused_activation_function=0),
         op("MUL", [1, 3], [5], fused_activation_function=0)), "while_body")
    return build([main, cond, body], [np.int32(limit), np.int32(1), np.float32(2)])


def if_model():
    main = M.SubGraph(
        (T("c", BOOL, ()), T("x", F32, (3,)), T("y", F32, (3,))), (0, 1), (2,),
        (op("IF", [0, 1], [2], then_subgraph_index=1, else_subgraph_index=2),), "main")
    then = M.SubGraph((T("x", F32, (3,)), T("one", F32, (), buffer=1), T("y", F32, (3,))),
                      (0,), (2,), (op("ADD", [0, 1], [2], fused_activation_function=0),), "then")
    other = M.SubGraph((T("x", F32, (3,)), T("three", F32, (), buffer=2), T("y", F32, (3,))),
                       (0,), (2,), (op("MUL", [0, 1], [2], fused_activation_function=0),), "else")
    return build([main, then, other], [np.float32(1), np.float32(3)])


ENGINES = ["interp", "litert"]


def runner(data, engine):
    cls = interp.Interpreter if engine == "interp" else litert().Interpreter
    return cls(model_content=data).get_signature_runner()


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("start, iterations", [(0, 5), (3, 2), (5, 0), (9, 0)])
def test_while_counts_to_the_limit(engine, start, iterations):
    run = runner(while_model(), engine)
    x = np.array([1, -2, 0.5, 3], np.float32)
    out = run(i=np.int32(start), x=x)
    assert int(out["i_out"]) == max(start, 5)
    np.testing.assert_array_equal(out["x_out"], x * 2.0 ** iterations)


def test_while_runs_again_with_fresh_state():
    run = runner(while_model(limit=3, n=2), "interp")
    for _ in range(3):
        out = run(i=np.int32(0), x=np.ones(2, np.float32))
        np.testing.assert_array_equal(out["x_out"], [8, 8])


def test_while_subgraphs_get_their_own_arena():
    it = interp.Interpreter(model_content=while_model(n=256))
    it.get_signature_runner()(i=np.int32(0), x=np.ones(256, np.float32))
    ex = it._subgraphs.callee(2)
    assert ex.arena is not it._subgraphs.shared
    assert it._subgraphs.entry(0).arena is it._subgraphs.shared


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("c", [True, False])
def test_if_picks_a_branch(engine, c):
    run = runner(if_model(), engine)
    x = np.array([1, 2, -4], np.float32)
    want = x + 1 if c else x * 3
    np.testing.assert_array_equal(run(c=np.bool_(c), x=x)["y"], want)


def test_if_switches_branch_between_calls():
    run = runner(if_model(), "interp")
    x = np.array([1, 2, -4], np.float32)
    for c in (True, False, False, True):
        np.testing.assert_array_equal(run(c=np.bool_(c), x=x)["y"], x + 1 if c else x * 3)


def test_while_body_that_calls_itself_is_refused():
    main = M.SubGraph((T("x", F32, (1,)), T("y", F32, (1,))), (0,), (1,),
                      (op("WHILE", [0], [1], cond_subgraph_index=1, body_subgraph_index=0),), "main")
    cond = M.SubGraph((T("x", F32, (1,)), T("go", BOOL, (), buffer=1)), (0,), (1,), (), "cond")
    data = build([main, cond], [np.bool_(False)])
    with pytest.raises(interp.ModelError, match="calling itself"):
        interp.Interpreter(model_content=data).get_signature_runner()(x=np.ones(1, np.float32))


def test_while_cond_with_wrong_output_type_is_refused():
    main = M.SubGraph((T("x", F32, (1,)), T("y", F32, (1,))), (0,), (1,),
                      (op("WHILE", [0], [1], cond_subgraph_index=1, body_subgraph_index=1),), "main")
    ident = M.SubGraph((T("x", F32, (1,)),), (0,), (0,), (), "ident")
    data = build([main, ident], [])
    with pytest.raises(interp.ModelError, match=r"cond subgraph 1 output 0 is FLOAT32"):
        interp.Interpreter(model_content=data).get_signature_runner()(x=np.ones(1, np.float32))
