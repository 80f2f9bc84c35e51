"""interp.ops.while_loop (WHILE), interp.ops.cond (IF) and interp.ops.lstm
(UNIDIRECTIONAL_SEQUENCE_LSTM) through the converter.

Oracle: every model runs in LiteRT (ai_edge_litert) and in interp, and both must match a numpy
reference (exact for ints, rtol/atol 1e-5 for float loops, 1e-5 for the LSTM against a float64
numpy LSTM). The written structure (subgraph order, options, op versions, variable tensors) is
checked against what TensorFlow 2.21's converter writes for tf.while_loop / tf.cond (observed:
WHILE, IF version 1; called subgraphs after the signature's; the cond of a loop with
maximum_iterations is LESS(counter, limit) LOGICAL_AND the user's cond).
"""
import numpy as np
import pytest

import interp
from interp import ops
from interp.convert.tracing import ConversionError, ConversionTypeError
from interp.opnames import builtin_name
from support import litert

RUNTIMES = ["litert", "interp"]
RNG = np.random.default_rng(7)


def convert(fn, specs):
    f = interp.function(fn, input_signature=[interp.TensorSpec(s, d, name=n)
                                             for n, (s, d) in specs.items()])
    return interp.Converter.from_function(f)


def run(data, runtime, **inputs):
    cls = litert().Interpreter if runtime == "litert" else interp.Interpreter
    return cls(model_content=data).get_signature_runner()(**inputs)


def check(conv, runtime, inputs, want, rtol=1e-5, atol=1e-5):
    got = run(conv.convert(), runtime, **inputs)
    assert sorted(got) == sorted(want)
    for k, w in want.items():
        w = np.asarray(w)
        g = np.asarray(got[k])
        assert g.dtype == w.dtype and g.shape == w.shape, (k, g.dtype, g.shape, w.dtype, w.shape)
        if w.dtype.kind == "f":
            np.testing.assert_allclose(g, w, rtol=rtol, atol=atol, err_msg=k)
        else:
            np.testing.assert_array_equal(g, w, err_msg=k)


def structure(conv):
    m = conv.to_model()
    out = []
    for sg in m.subgraphs:
        ops_ = []
        for o in sg.operators:
            code = m.operator_codes[o.opcode_index]
            ops_.append((builtin_name(code.builtin_code), code.version, dict(o.builtin_options)))
        out.append((sg.name, len(sg.inputs), len(sg.outputs), ops_))
    return m, out


# ---------------------------------------------------------------------------------------------
# while_loop

def counter(n):
    i, s = ops.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s + i * i),
                          [np.int32(0), np.int32(0)])
    return {"i": i, "s": s}


@pytest.mark.parametrize("runtime", RUNTIMES)
@pytest.mark.parametrize("n", [0, 1, 5, 17])
def test_counter(runtime, n):
    conv = convert(counter, {"n": ([], "int32")})
    check(conv, runtime, {"n": np.int32(n)},
          {"i": np.int32(max(n, 0)), "s": np.int32(sum(k * k for k in range(n)))})


def test_counter_structure():
    _, s = structure(convert(counter, {"n": ([], "int32")}))
    names = [x[0] for x in s]
    assert names == ["serving_default", "while_cond", "while_body"]
    main_ops = s[0][3]
    assert [(o, v) for o, v, _ in main_ops] == [("WHILE", 1)]
    assert main_ops[0][2] == {"cond_subgraph_index": 1, "body_subgraph_index": 2}
    # loop vars i, s and the captured n (passed through by the body)
    assert s[1][1:3] == (3, 1) and s[2][1:3] == (3, 3)
    assert [o for o, _, _ in s[1][3]] == ["LESS"]


@pytest.mark.parametrize("runtime", RUNTIMES)
@pytest.mark.parametrize("limit", [0, 3, 100])
def test_maximum_iterations(runtime, limit):
    def f(n):
        return ops.while_loop(lambda i: i < n, lambda i: (i + 2,), [np.int32(1)],
                              maximum_iterations=limit)

    conv = convert(f, {"n": ([], "int32")})
    i = 1
    for _ in range(limit):
        if not i < 20:
            break
        i += 2
    check(conv, runtime, {"n": np.int32(20)}, {"output_0": np.int32(i)})
    _, s = structure(conv)
    assert [o for o, _, _ in s[1][3]] == ["LESS", "LESS", "LOGICAL_AND"]


def test_maximum_iterations_tensor():
    def f(n, m):
        return ops.while_loop(lambda i: i < n, lambda i: i + 1, np.int32(0),
                              maximum_iterations=m)

    conv = convert(f, {"n": ([], "int32"), "m": ([], "int32")})
    for runtime in RUNTIMES:
        got = run(conv.convert(), runtime, n=np.int32(10), m=np.int32(4))
        assert got["output_0"] == 4


def cumprod(x):
    n = x.shape[0]

    def body(i, p, out):
        p = p * ops.gather(x, i)
        out = ops.where(ops.equal(np.arange(n, dtype=np.int32), i), p, out)
        return i + 1, p, out

    _, _, out = ops.while_loop(lambda i, p, out: i < n, body,
                               [np.int32(0), np.float32(1), np.zeros(n, np.float32)])
    return out


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_loop_over_tensor_cumprod(runtime):
    x = RNG.uniform(0.5, 1.5, 17).astype(np.float32)
    conv = convert(cumprod, {"x": ([17], "float32")})
    check(conv, runtime, {"x": x}, {"output_0": np.cumprod(x.astype(np.float64))
                                   .astype(np.float32)})


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_loop_matrix_power_captures(runtime):
    # the body reads the outer tensor w and an outer constant; w becomes a passed-through var
    def f(x, w):
        def body(k, y):
            return k + 1, ops.matmul(y, w) * np.float32(0.5)
        return ops.while_loop(lambda k, y: k < 4, body, [0, x])[1]

    x = RNG.standard_normal((2, 3)).astype(np.float32)
    w = RNG.standard_normal((3, 3)).astype(np.float32)
    want = x.astype(np.float64)
    for _ in range(4):
        want = want @ w * 0.5
    conv = convert(f, {"x": ([2, 3], "float32"), "w": ([3, 3], "float32")})
    check(conv, runtime, {"x": x, "w": w}, {"output_0": want.astype(np.float32)})
    m, s = structure(conv)
    assert s[2][1:3] == (3, 3)  # k, y, captured w


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_single_tensor_and_dynamic_shape(runtime):
    def f(x):
        return ops.while_loop(lambda y: ops.reduce_sum(y) < 100.0, lambda y: y * 2.0, x)

    conv = convert(f, {"x": ([None], "float32")})
    for x in (np.array([1, 2], np.float32), np.array([3, 1, 1, 0.5], np.float32)):
        want = x.copy()
        while want.sum() < 100:
            want = want * 2
        check(conv, runtime, {"x": x}, {"output_0": want})


# ---------------------------------------------------------------------------------------------
# cond

def branches(x, flag):
    y = ops.cond(flag, lambda: x * 2.0, lambda: x - 1.0)
    z, k = ops.cond(ops.logical_not(flag), lambda: (ops.reduce_sum(x), 1),
                    lambda: (ops.reduce_max(x), 2))
    return {"y": y, "z": z, "k": k}


@pytest.mark.parametrize("runtime", RUNTIMES)
@pytest.mark.parametrize("flag", [True, False])
def test_cond(runtime, flag):
    x = RNG.standard_normal(5).astype(np.float32)
    conv = convert(branches, {"x": ([5], "float32"), "flag": ([], "bool")})
    want = {"y": x * 2 if flag else x - 1,
            "z": np.float32(x.max() if flag else x.sum()),
            "k": np.int32(2 if flag else 1)}
    check(conv, runtime, {"x": x, "flag": np.bool_(flag)}, want)


def test_cond_structure():
    _, s = structure(convert(branches, {"x": ([5], "float32"), "flag": ([], "bool")}))
    assert [x[0] for x in s] == ["serving_default", "cond_then", "cond_else", "cond_1_then",
                                 "cond_1_else"]
    ifs = [o for o in s[0][3] if o[0] == "IF"]
    assert [(o[1], o[2]) for o in ifs] == [(1, {"then_subgraph_index": 1,
                                                "else_subgraph_index": 2}),
                                           (1, {"then_subgraph_index": 3,
                                                "else_subgraph_index": 4})]
    # first IF: pred + captured x; the branches take x
    assert s[1][1:3] == (1, 1) and s[2][1:3] == (1, 1)


@pytest.mark.parametrize("runtime", RUNTIMES)
@pytest.mark.parametrize("n", [2, 7])
def test_while_inside_cond_and_cond_inside_while(runtime, n):
    def f(x, n):
        def body(i, acc):
            # cond inside the loop body, reading the loop var, the outer x and n
            step = ops.cond(ops.equal(ops.floormod(i, 2), 0), lambda: acc + x,
                            lambda: acc * 2.0 - x)
            return i + 1, step

        def looped():
            return ops.while_loop(lambda i, a: i < n, body, [0, ops.zeros_like(x)])[1]

        # loop inside a branch: n and x are captured twice (outer fn -> IF -> WHILE)
        return ops.cond(n > 3, looped, lambda: x * 10.0)

    x = RNG.standard_normal(4).astype(np.float32)
    acc = np.zeros(4, np.float32)
    if n > 3:
        for i in range(n):
            acc = acc + x if i % 2 == 0 else acc * 2 - x
    else:
        acc = x * 10
    conv = convert(f, {"x": ([4], "float32"), "n": ([], "int32")})
    check(conv, runtime, {"x": x, "n": np.int32(n)}, {"output_0": acc})


@pytest.mark.parametrize("runtime", RUNTIMES)
@pytest.mark.parametrize("flag", [True, False])
def test_cond_constant_results(runtime, flag):
    # a branch returning a constant: the constant is passed into the IF from outside
    def f(x, flag):
        return ops.cond(flag, lambda: np.float32(0.5), lambda: ops.reduce_sum(x))

    x = RNG.standard_normal(3).astype(np.float32)
    conv = convert(f, {"x": ([3], "float32"), "flag": ([], "bool")})
    check(conv, runtime, {"x": x, "flag": np.bool_(flag)},
          {"output_0": np.float32(0.5) if flag else np.float32(x.sum())})


def test_deterministic():
    def f(x, n):
        return branches(x, n > 2)["y"] + cumprod(x) + ops.cast(counter(n)["s"], "float32")

    specs = {"x": ([5], "float32"), "n": ([], "int32")}
    assert convert(f, specs).convert() == convert(f, specs).convert()


# ---------------------------------------------------------------------------------------------
# errors

def refused(fn, specs, exc, *parts):
    with pytest.raises(exc) as info:
        convert(fn, specs).convert()
    for p in parts:
        assert p in str(info.value), str(info.value)


X3 = {"x": ([3], "float32")}


def test_body_changes_shape():
    refused(lambda x: ops.while_loop(lambda y: ops.reduce_sum(y) < 9.0,
                                     lambda y: ops.concat([y, y], 0), [x]),
            X3, ConversionError, "loop variable 0", "[3]", "[6]")


def test_body_changes_dtype():
    refused(lambda x: ops.while_loop(lambda i, y: i < 3,
                                     lambda i, y: (ops.cast(i, "float32"), y), [0, x])[1],
            X3, ConversionTypeError, "dtype of loop variable 0", "int32", "float32")


def test_body_wrong_count():
    refused(lambda x: ops.while_loop(lambda i, y: i < 3, lambda i, y: i + 1, [0, x])[1],
            X3, ConversionError, "body returns 1 values for 2 loop variables")


def test_cond_not_bool():
    refused(lambda x: ops.while_loop(lambda y: ops.reduce_sum(y), lambda y: y, [x])[0],
            X3, ConversionTypeError, "cond must return a bool scalar")
    refused(lambda x: ops.while_loop(lambda y: y < 1.0, lambda y: y, [x])[0],
            X3, ConversionTypeError, "cond must return a bool scalar", "[3]")


def test_branches_mismatch():
    refused(lambda x: ops.cond(ops.reduce_sum(x) > 0, lambda: x, lambda: (x, x)),
            X3, ConversionError, "true_fn returns 1 values but false_fn 2")
    refused(lambda x: ops.cond(ops.reduce_sum(x) > 0, lambda: x, lambda: ops.cast(x, "int32")),
            X3, ConversionTypeError, "output 0 is float32 in true_fn but int32")
    refused(lambda x: ops.cond(ops.reduce_sum(x) > 0, lambda: x, lambda: x[:2]),
            X3, ConversionError, "output 0 has shape [3] in true_fn but [2]")
    refused(lambda x: ops.cond(x > 0, lambda: x, lambda: x),
            X3, ConversionTypeError, "pred must be a bool scalar")


def test_cross_signature_tensor_refused():
    saved = {}

    @interp.function(input_signature=[interp.TensorSpec([3], "float32")])
    def a(x):
        saved["x"] = x
        return x * 2.0

    @interp.function(input_signature=[interp.TensorSpec([3], "float32")])
    def b(y):
        return ops.cond(ops.reduce_sum(y) > 0, lambda: saved["x"] + 1.0, lambda: y)

    with pytest.raises(ConversionError, match="cannot cross signatures"):
        interp.Converter.from_functions([a, b]).convert()


# ---------------------------------------------------------------------------------------------
# lstm

def _sig(v):
    return 1 / (1 + np.exp(-v))


def lstm_ref(x, k, r, b, time_major=False, act=np.tanh, cell_clip=0.0, proj=None, proj_b=None,
             proj_clip=0.0, peep=None, steps=None):
    """float64 numpy LSTM (Keras layout, gates i, f, c, o); returns (outputs, (h, c))."""
    x = x.astype(np.float64)
    if time_major:
        x = x.transpose(1, 0, 2)
    batch, time, _ = x.shape
    units = k.shape[1] // 4
    n_out = units if proj is None else proj.shape[1]
    h, c = (np.zeros((batch, n_out)), np.zeros((batch, units))) if steps is None else steps
    out = []
    for t in range(time):
        z = x[:, t] @ k + h @ r + b
        zi, zf, zg, zo = np.split(z, 4, axis=1)
        if peep is not None:
            zi, zf = zi + peep[0] * c, zf + peep[1] * c
        c = _sig(zf) * c + _sig(zi) * act(zg)
        if cell_clip:
            c = np.clip(c, -cell_clip, cell_clip)
        if peep is not None:
            zo = zo + peep[2] * c
        h = _sig(zo) * act(c)
        if proj is not None:
            h = h @ proj + (0 if proj_b is None else proj_b)
            if proj_clip:
                h = np.clip(h, -proj_clip, proj_clip)
        out.append(h)
    y = np.stack(out, 1)
    if time_major:
        y = y.transpose(1, 0, 2)
    return y.astype(np.float32), (h, c)


def weights(n_in, units, n_out=None, scale=0.5):
    n_out = n_out or units
    f = lambda *s: (RNG.standard_normal(s) * scale).astype(np.float32)  # noqa: E731
    return f(n_in, 4 * units), f(n_out, 4 * units), f(4 * units)


LSTM_CASES = {
    "basic": dict(),
    "time_major": dict(time_major=True),
    "relu_clip": dict(activation="relu", cell_clip=0.7),
    "projection_peephole": dict(projection=True, peepholes=True, proj_clip=0.3),
}


@pytest.mark.parametrize("runtime", RUNTIMES)
@pytest.mark.parametrize("case", sorted(LSTM_CASES))
def test_lstm(runtime, case):
    opts = dict(LSTM_CASES[case])
    batch, time, n_in, units = 2, 7, 5, 17
    n_out = 6 if opts.get("projection") else units
    k, r, b = weights(n_in, units, n_out)
    kwargs, ref_kwargs = {}, {}
    if opts.pop("projection", False):
        p = (RNG.standard_normal((units, n_out)) * 0.5).astype(np.float32)
        pb = (RNG.standard_normal(n_out) * 0.5).astype(np.float32)
        kwargs.update(projection=p, projection_bias=pb)
        ref_kwargs.update(proj=p, proj_b=pb)
    if opts.pop("peepholes", False):
        peep = tuple((RNG.standard_normal(units) * 0.5).astype(np.float32) for _ in range(3))
        kwargs["peepholes"] = peep
        ref_kwargs["peep"] = peep
    act = opts.pop("activation", "tanh")
    kwargs.update(opts, activation=act)
    ref_kwargs.update(time_major=opts.get("time_major", False),
                      act={"tanh": np.tanh, "relu": lambda v: np.maximum(v, 0)}[act],
                      cell_clip=opts.get("cell_clip", 0.0), proj_clip=opts.get("proj_clip", 0.0))
    shape = [time, batch, n_in] if opts.get("time_major") else [batch, time, n_in]
    conv = convert(lambda x: ops.lstm(x, k, r, b, **kwargs), {"x": (shape, "float32")})
    x = RNG.standard_normal(shape).astype(np.float32)
    want, _ = lstm_ref(x, k, r, b, **ref_kwargs)
    check(conv, runtime, {"x": x}, {"output_0": want}, rtol=1e-5, atol=1e-5)


def test_lstm_structure_and_state():
    k, r, b = weights(3, 4)
    conv = convert(lambda x: ops.lstm(x, k, r, b), {"x": ([2, 5, 3], "float32")})
    m = conv.to_model()
    (op,) = m.subgraphs[0].operators
    code = m.operator_codes[op.opcode_index]
    assert (builtin_name(code.builtin_code), code.version) == ("UNIDIRECTIONAL_SEQUENCE_LSTM", 1)
    assert len(op.inputs) == 24
    assert [i for i, t in enumerate(op.inputs) if t == -1] == [9, 10, 11, 16, 17, 20, 21, 22, 23]
    tensors = m.subgraphs[0].tensors
    assert [tensors[op.inputs[i]].is_variable for i in (18, 19)] == [True, True]
    assert tensors[op.inputs[18]].shape == (2, 4) and tensors[op.inputs[19]].shape == (2, 4)
    assert not any(t.is_variable for i, t in enumerate(tensors)
                   if i not in (op.inputs[18], op.inputs[19]))
    assert dict(op.builtin_options) == {
        "fused_activation_function": 4, "cell_clip": 0.0, "proj_clip": 0.0, "time_major": False,
        "asymmetric_quantize_inputs": False, "diagonal_recurrent_tensors": False}


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_lstm_state_persists_across_invokes(runtime):
    # the state tensors are variables: a second invoke continues from the first one's state
    k, r, b = weights(3, 4)
    conv = convert(lambda x: ops.lstm(x, k, r, b), {"x": ([2, 5, 3], "float32")})
    cls = litert().Interpreter if runtime == "litert" else interp.Interpreter
    runner = cls(model_content=conv.convert()).get_signature_runner()
    x1, x2 = (RNG.standard_normal((2, 5, 3)).astype(np.float32) for _ in range(2))
    want1, state = lstm_ref(x1, k, r, b)
    want2, _ = lstm_ref(x2, k, r, b, steps=state)
    np.testing.assert_allclose(runner(x=x1)["output_0"], want1, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(runner(x=x2)["output_0"], want2, rtol=1e-5, atol=1e-5)


def test_lstm_errors():
    k, r, b = weights(3, 4)
    refused(lambda x: ops.lstm(x, k, r, b), {"x": ([None, 5, 3], "float32")},
            ConversionError, "batch and feature dims of x must be static")
    refused(lambda x: ops.lstm(x, k[:2], r, b), {"x": ([2, 5, 3], "float32")},
            ConversionError, "kernel has shape [2, 16], expected [3, 4*units]")
    refused(lambda x: ops.lstm(x, k, r[:, :8], b), {"x": ([2, 5, 3], "float32")},
            ConversionError, "recurrent_kernel has shape [4, 8], expected [4, 16]")
    refused(lambda x: ops.lstm(x, k, r, b, activation="sigmoid"),
            {"x": ([2, 5, 3], "float32")}, ConversionError, "activation 'sigmoid'")
    refused(lambda x, w: ops.lstm(x, w, r, b), {"x": ([2, 5, 3], "float32"),
                                                "w": ([3, 16], "float32")},
            ConversionTypeError, "kernel must be a numpy array")
    refused(lambda x: ops.lstm(x, k, r, b), {"x": ([2, 5, 3], "int32")},
            ConversionTypeError, "x has dtype int32")
    refused(lambda x: ops.lstm(x, k, r, b, cell_clip=-1.0), {"x": ([2, 5, 3], "float32")},
            ConversionError, "cell_clip must be a number >= 0")


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_variable_assigned_in_loop(runtime):
    # the body assigns a Variable: the WHILE is kept without outputs, and the read after the
    # loop (after a read before it) sees the new value; the state lasts across calls
    class M(interp.Module):
        def __init__(self):
            super().__init__()
            self.v = interp.Variable(np.zeros(3, np.float32))

        @interp.function(input_signature=[interp.TensorSpec([3], "float32", name="x")])
        def f(self, x):
            before = self.v + 0.0

            def body(i):
                self.v.assign(self.v + x)
                return i + 1

            ops.while_loop(lambda i: i < 3, body, np.int32(0))
            return {"before": before, "after": self.v + 0.0}

    m = M()
    data = interp.Converter.from_module(m).convert()
    cls = litert().Interpreter if runtime == "litert" else interp.Interpreter
    runner = cls(model_content=data).get_signature_runner("f")
    x = np.array([1, 2, 3], np.float32)
    got = runner(x=x)
    np.testing.assert_array_equal(got["before"], np.zeros(3, np.float32))
    np.testing.assert_array_equal(got["after"], 3 * x)
    got = runner(x=x)
    np.testing.assert_array_equal(got["before"], 3 * x)
    np.testing.assert_array_equal(got["after"], 6 * x)


@pytest.mark.parametrize("runtime", RUNTIMES)
@pytest.mark.parametrize("flag", [True, False])
def test_pass_through_values(runtime, flag):
    # body outputs that are its inputs, a cond returning a loop variable, branches returning
    # the captured tensors themselves
    def f(x, y, flag):
        go, k, same = ops.while_loop(lambda go, k, s: go,
                                     lambda go, k, s: (k < 4, k + 1, s), [flag, 0, x])
        return {"k": k, "same": same, "pick": ops.cond(flag, lambda: x, lambda: y)}

    x, y = (RNG.standard_normal(3).astype(np.float32) for _ in range(2))
    conv = convert(f, {"x": ([3], "float32"), "y": ([3], "float32"), "flag": ([], "bool")})
    check(conv, runtime, {"x": x, "y": y, "flag": np.bool_(flag)},
          {"k": np.int32(5 if flag else 0), "same": x, "pick": x if flag else y})


def test_tensor_of_another_branch_refused():
    saved = {}

    def f(x):
        def then():
            saved["t"] = x * 2.0
            return saved["t"]
        return ops.cond(ops.reduce_sum(x) > 0, then, lambda: saved["t"] + 1.0)

    refused(f, X3, ConversionError, "a tensor of the then of 'cond'",
            "while tracing the else of 'cond'")


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_lstm_dynamic_time(runtime):
    k, r, b = weights(3, 4)
    conv = convert(lambda x: ops.lstm(x, k, r, b), {"x": ([2, None, 3], "float32")})
    for time in (1, 9):
        x = RNG.standard_normal((2, time, 3)).astype(np.float32)
        check(conv, runtime, {"x": x}, {"output_0": lstm_ref(x, k, r, b)[0]})


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_nested_while(runtime):
    # for i < n: for j < i: s += x[j] * m   (m captured two levels down, n one level)
    def f(x, n, m):
        def outer(i, s):
            def inner(j, t):
                return j + 1, t + ops.gather(x, j) * m
            _, s = ops.while_loop(lambda j, t: j < i, inner, [0, s])
            return i + 1, s
        return ops.while_loop(lambda i, s: i < n, outer, [0, np.float32(0)])[1]

    x = RNG.standard_normal(6).astype(np.float32)
    want = np.float32(0)
    for i in range(5):
        for j in range(i):
            want = np.float32(want + x[j] * np.float32(1.5))
    conv = convert(f, {"x": ([6], "float32"), "n": ([], "int32"), "m": ([], "float32")})
    check(conv, runtime, {"x": x, "n": np.int32(5), "m": np.float32(1.5)}, {"output_0": want})
    _, s = structure(conv)
    assert [x[0] for x in s] == ["serving_default", "while_cond", "while_body", "while_cond_1",
                                 "while_body_1"]
    # the outer loop carries i, s and the captured n, x, m; the inner one j, t, i, x, m
    assert s[2][1] == 5 and s[4][1] == 5


def test_growing_loop_variable():
    # a dynamic dim lets the converter accept a body that changes the actual shape: LiteRT runs
    # it, interp's WHILE refuses it when it prepares (it runs loops whose variables keep shapes)
    def f(x):
        return ops.while_loop(lambda y: ops.reduce_sum(y) < 20.0,
                              lambda y: ops.concat([y, y], 0), x)

    data = convert(f, {"x": ([None], "float32")}).convert()
    x = np.array([1, 2], np.float32)
    got = litert().Interpreter(model_content=data).get_signature_runner()(x=x)["output_0"]
    np.testing.assert_array_equal(got, np.tile(x, 8))
    with pytest.raises(interp.errors.InterpError, match="changes the shape of loop variable 0"):
        interp.Interpreter(model_content=data).get_signature_runner()(x=x)


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_two_signatures_and_initializer(runtime):
    # subgraphs: the signatures (sorted), NoOp, then the called graphs in signature order
    class M(interp.Module):
        def __init__(self):
            super().__init__()
            self.total = interp.Variable(np.int32(0))

        @interp.function(input_signature=[interp.TensorSpec([], "int32", name="n")])
        def b_add(self, n):
            i = ops.while_loop(lambda i: i < n, lambda i: i + 1, np.int32(0))
            self.total.assign_add(i)
            return {"i": i}

        @interp.function(input_signature=[interp.TensorSpec([], "bool", name="flag")])
        def a_get(self, flag):
            return {"t": ops.cond(flag, lambda: self.total + 0, lambda: self.total * 0)}

    conv = interp.Converter.from_module(M())
    m = conv.to_model()
    assert [sg.name for sg in m.subgraphs] == ["a_get", "b_add", "NoOp", "cond_then", "cond_else",
                                               "while_cond", "while_body"]
    assert conv.convert() == interp.Converter.from_module(M()).convert()
    cls = litert().Interpreter if runtime == "litert" else interp.Interpreter
    it = cls(model_content=conv.convert())
    add, get = it.get_signature_runner("b_add"), it.get_signature_runner("a_get")
    assert int(add(n=np.int32(3))["i"]) == 3
    assert int(add(n=np.int32(4))["i"]) == 4
    assert int(get(flag=np.bool_(True))["t"]) == 7
    assert int(get(flag=np.bool_(False))["t"]) == 0
