"""Converted models run in LiteRT (the oracle) and in interp, and agree with numpy."""
import numpy as np
import pytest

import interp
from support import litert

S = interp.TensorSpec
RTOL = 1e-6
ENGINES = ["litert", "interp"]


def runner(data, engine, key=None):
    if engine == "litert":
        it = litert().Interpreter(model_content=data)
    else:
        it = interp.Interpreter(model_content=data)
    return it, it.get_signature_runner(key)


def run(data, engine, key=None, **inputs):
    return runner(data, engine, key)[1](**inputs)


def close(got, want, rtol=RTOL, atol=1e-6):
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert got.shape == want.shape, (got.shape, want.shape)
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)


def softmax(z):
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


RNG = np.random.default_rng(7)
W1 = RNG.standard_normal((4, 8)).astype(np.float32)
B1 = RNG.standard_normal(8).astype(np.float32)
W2 = RNG.standard_normal((8, 3)).astype(np.float32)
B2 = RNG.standard_normal(3).astype(np.float32)


@interp.function(input_signature=[S([None, 4], "float32")])
def two_layer(x):
    h = interp.ops.dense(x, W1, B1, activation="relu")
    return interp.ops.dense(h, W2, B2, activation="softmax")


def two_layer_ref(x):
    return softmax(np.maximum(x @ W1 + B1, 0) @ W2 + B2)


@pytest.mark.parametrize("engine", ENGINES)
def test_two_layer_dense_from_function(engine):
    data = interp.Converter.from_function(two_layer).convert()
    it, run_ = runner(data, engine)
    assert it.get_signature_list() == {
        "serving_default": {"inputs": ["x"], "outputs": ["output_0"]}}
    for batch in (1, 3, 5):
        x = RNG.standard_normal((batch, 4)).astype(np.float32)
        close(run_(x=x)["output_0"], two_layer_ref(x))


def test_two_layer_dense_layout_like_tf():
    """Same op list as TF's converter makes for Keras Dense(relu) -> Dense(softmax)."""
    m = interp.Converter.from_function(two_layer).to_model()
    sg = m.subgraphs[0]
    ops = [m.operator_codes[o.opcode_index].builtin_code for o in sg.operators]
    assert ops == [9, 9, 25]  # FULLY_CONNECTED (relu fused), FULLY_CONNECTED, SOFTMAX
    fc1, fc2, sm = sg.operators
    assert fc1.builtin_options["fused_activation_function"] == 1
    assert fc2.builtin_options["fused_activation_function"] == 0
    assert sm.builtin_options == {"beta": 1.0}
    x = sg.tensors[sg.inputs[0]]
    assert (x.name, x.shape, x.shape_signature) == ("serving_default_x:0", (1, 4), (-1, 4))
    w = sg.tensors[fc1.inputs[1]]
    assert w.shape == (8, 4)  # stored [out, in]
    np.testing.assert_array_equal(np.frombuffer(m.buffers[w.buffer].data, np.float32).reshape(8, 4),
                                  W1.T)
    assert m.buffers[0].data is None and m.version == 3
    assert m.subgraphs[0].name == "serving_default"


def test_matmul_plus_bias_is_written_like_dense():
    @interp.function(input_signature=[S([None, 4], "float32")])
    def f(x):
        h = interp.ops.relu(interp.ops.matmul(x, W1) + B1)
        return interp.ops.softmax(h @ W2 + B2)

    a = interp.Converter.from_function(f).to_model()
    b = interp.Converter.from_function(two_layer).to_model()
    assert [o.inputs for o in a.subgraphs[0].operators] == \
        [o.inputs for o in b.subgraphs[0].operators]
    assert [bf.data for bf in a.buffers] == [bf.data for bf in b.buffers]


# -- each op -----------------------------------------------------------------------------------

X34 = RNG.standard_normal((3, 4)).astype(np.float32) * 3
UNARY = {
    "relu": (interp.ops.relu, lambda x: np.maximum(x, 0)),
    "relu6": (interp.ops.relu6, lambda x: np.clip(x, 0, 6)),
    "sigmoid": (interp.ops.sigmoid, sigmoid),
    "tanh": (interp.ops.tanh, np.tanh),
    "softmax": (interp.ops.softmax, softmax),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("op", sorted(UNARY))
def test_unary_op(op, engine):
    fn, ref = UNARY[op]

    @interp.function(input_signature=[S([None, 4], "float32", name="v")])
    def f(x):
        return {"out": fn(x)}

    data = interp.Converter.from_function(f).convert()
    close(run(data, engine, v=X34)["out"], ref(X34).astype(np.float32))


BINARY = {
    "add": (lambda a, b: a + b, np.add),
    "subtract": (lambda a, b: a - b, np.subtract),
    "multiply": (lambda a, b: a * b, np.multiply),
    "divide": (lambda a, b: a / b, np.divide),
}
BROADCASTS = [
    ([2, 3], [2, 3]),
    ([2, 3], [3]),
    ([3], [2, 3]),
    ([2, 1, 4], [3, 1]),
    ([4, 1, 3, 1], [1, 5, 1, 2]),
    ([2, 1, 2, 1, 3], [2, 1, 2, 1]),
    ([], [2, 2]),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("a_shape,b_shape", BROADCASTS)
@pytest.mark.parametrize("op", sorted(BINARY))
def test_binary_broadcasting(op, a_shape, b_shape, engine):
    traced, ref = BINARY[op]

    @interp.function(input_signature=[S(a_shape, "float32"), S(b_shape, "float32")])
    def f(a, b):
        return {"r": traced(a, b)}

    a = RNG.standard_normal(a_shape).astype(np.float32)
    b = (RNG.uniform(0.5, 2, b_shape) * RNG.choice([-1, 1], b_shape)).astype(np.float32)
    data = interp.Converter.from_function(f).convert()
    close(run(data, engine, a=a, b=b)["r"], ref(a, b).astype(np.float32))


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("dtype", ["int32", "int64"])
def test_integer_arithmetic(dtype, engine):
    @interp.function(input_signature=[S([None, 3], dtype, name="p"), S([3], dtype, name="q")])
    def f(p, q):
        return {"isum": p + q, "idiff": p - q, "iprod": p * q, "scaled": p * 3 + 1,
                "neg": 10 - q}

    p = RNG.integers(-1000, 1000, (4, 3)).astype(dtype)
    q = RNG.integers(-1000, 1000, (3,)).astype(dtype)
    data = interp.Converter.from_function(f).convert()
    it, run_ = runner(data, engine)
    assert it.get_signature_list() == {"serving_default": {
        "inputs": ["p", "q"], "outputs": ["idiff", "iprod", "isum", "neg", "scaled"]}}
    out = run_(p=p, q=q)
    for name, want in [("isum", p + q), ("idiff", p - q), ("iprod", p * q),
                       ("scaled", p * 3 + 1), ("neg", 10 - q)]:
        np.testing.assert_array_equal(out[name], want.astype(dtype))
        assert out[name].dtype == np.dtype(dtype)


@pytest.mark.parametrize("engine", ENGINES)
def test_truncatediv_int32(engine):
    @interp.function(input_signature=[S([4], "int32"), S([4], "int32")])
    def f(a, b):
        return interp.ops.truncatediv(a, b)

    a = np.array([7, -7, 7, -7], np.int32)
    b = np.array([2, 2, -2, -2], np.int32)
    data = interp.Converter.from_function(f).convert()
    np.testing.assert_array_equal(run(data, engine, a=a, b=b)["output_0"], [3, -3, -3, 3])


def test_int64_op_versions_like_tf():
    @interp.function(input_signature=[S([2], "int64"), S([2], "int64")])
    def f(a, b):
        return {"s": a + b, "d": a - b, "p": a * b}

    m = interp.Converter.from_function(f).to_model()
    assert {(c.builtin_code, c.version) for c in m.operator_codes} == {(0, 4), (41, 4), (18, 5)}


@pytest.mark.parametrize("engine", ENGINES)
def test_python_scalars_and_numpy_constants(engine):
    k = np.array([1.0, 2.0, 4.0], np.float32)

    @interp.function(input_signature=[S([None, 3], "float32")])
    def f(x):
        return {"a": (x * 2.0 + 1) / k - 0.5, "b": 3.0 - x, "c": k * x, "d": -x}

    x = RNG.standard_normal((2, 3)).astype(np.float32)
    data = interp.Converter.from_function(f).convert()
    out = run(data, engine, x=x)
    close(out["a"], ((x * 2 + 1) / k - 0.5).astype(np.float32))
    close(out["b"], (3 - x).astype(np.float32))
    close(out["c"], k * x)
    close(out["d"], -x)


@pytest.mark.parametrize("engine", ENGINES)
def test_reshape_static_and_dynamic(engine):
    @interp.function(input_signature=[S([None, 6], "float32")])
    def f(x):
        return {"flat": interp.ops.reshape(x, [-1]),
                "cube": interp.ops.reshape(x, [-1, 2, 3]),
                "pairs": interp.ops.reshape(x, [None, 2])}

    conv = interp.Converter.from_function(f)
    sg = conv.to_model().subgraphs[0]
    shapes = {t.name: t.shape_signature for t in sg.tensors}
    assert shapes["serving_default/flat"] == (-1,)
    assert shapes["serving_default/cube"] == (-1, 2, 3)
    data = conv.convert()
    for batch in (1, 4):
        x = RNG.standard_normal((batch, 6)).astype(np.float32)
        out = run(data, engine, x=x)
        close(out["flat"], x.reshape(-1))
        close(out["cube"], x.reshape(-1, 2, 3))
        close(out["pairs"], x.reshape(-1, 2))


@pytest.mark.parametrize("engine", ENGINES)
def test_reshape_fully_static(engine):
    @interp.function(input_signature=[S([2, 3, 4], "int32")])
    def f(x):
        return interp.ops.reshape(x, [4, -1])

    m = interp.Converter.from_function(f).to_model()
    out_t = m.subgraphs[0].tensors[m.subgraphs[0].outputs[0]]
    assert out_t.shape == (4, 6) and out_t.shape_signature is None
    reshape_op = m.subgraphs[0].operators[0]
    assert reshape_op.builtin_options_type == 0
    shape_t = m.subgraphs[0].tensors[reshape_op.inputs[1]]
    assert shape_t.type == 2 and shape_t.shape == (2,)
    assert np.frombuffer(m.buffers[shape_t.buffer].data, "<i4").tolist() == [4, -1]
    x = np.arange(24, dtype=np.int32).reshape(2, 3, 4)
    data = interp.Converter.from_function(f).convert()
    np.testing.assert_array_equal(run(data, engine, x=x)["output_0"], x.reshape(4, 6))


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("output_type", ["int64", "int32"])
def test_argmax(output_type, engine):
    @interp.function(input_signature=[S([None, 5], "float32")])
    def f(x):
        return {"last": interp.ops.argmax(x, axis=-1, output_type=output_type),
                "first": interp.ops.argmax(x, output_type=output_type)}

    conv = interp.Converter.from_function(f)
    m = conv.to_model()
    for op in m.subgraphs[0].operators:
        assert op.builtin_options == {"output_type": 4 if output_type == "int64" else 2}
    x = RNG.standard_normal((3, 5)).astype(np.float32)
    out = run(conv.convert(), engine, x=x)
    np.testing.assert_array_equal(out["last"], np.argmax(x, -1).astype(output_type))
    np.testing.assert_array_equal(out["first"], np.argmax(x, 0).astype(output_type))
    assert out["last"].dtype == np.dtype(output_type)


def test_argmax_default_output_type_is_int64():
    @interp.function(input_signature=[S([3], "float32")])
    def f(x):
        return interp.ops.argmax(x)

    sg = interp.Converter.from_function(f).to_model().subgraphs[0]
    assert sg.tensors[sg.outputs[0]].type == 4


@pytest.mark.parametrize("engine", ENGINES)
def test_matmul_rank3_keeps_dims(engine):
    @interp.function(input_signature=[S([None, 2, 4], "float32")])
    def f(x):
        return x @ W1

    conv = interp.Converter.from_function(f)
    m = conv.to_model()
    assert m.subgraphs[0].operators[0].builtin_options["keep_num_dims"] is True
    assert m.operator_codes[0].version == 5
    x = RNG.standard_normal((3, 2, 4)).astype(np.float32)
    close(run(conv.convert(), engine, x=x)["output_0"], x @ W1, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("engine", ENGINES)
def test_dynamic_batch_resize(engine):
    data = interp.Converter.from_function(two_layer).convert()
    it, run_ = runner(data, engine)
    details = run_.get_input_details()["x"]
    assert list(details["shape_signature"]) == [-1, 4]
    for batch in (7, 2):
        x = RNG.standard_normal((batch, 4)).astype(np.float32)
        close(run_(x=x)["output_0"], two_layer_ref(x))


# -- several signatures ------------------------------------------------------------------------

class Shared(interp.Module):
    def __init__(self):
        super().__init__()
        self.w = RNG.standard_normal((4, 3)).astype(np.float32)
        self.b = RNG.standard_normal(3).astype(np.float32)

    @interp.function(input_signature=[S([None, 4], "float32")])
    def logits(self, x):
        return {"logits": x @ self.w + self.b}

    @interp.function(input_signature=[S([None, 4], "float32")])
    def probs(self, x):
        return {"probs": interp.ops.softmax(x @ self.w + self.b)}

    @interp.function(input_signature=[S([None, 4], "float32")])
    def label(self, x):
        return {"label": interp.ops.argmax(x @ self.w + self.b, axis=1)}


@pytest.mark.parametrize("engine", ENGINES)
def test_multi_signature_shares_weights(engine):
    m = Shared()
    conv = interp.Converter.from_module(m, signatures={"logits": m.logits, "probs": m.probs,
                                                       "label": m.label})
    model = conv.to_model()
    w_bytes = np.ascontiguousarray(m.w.T).tobytes()
    holding = [i for i, b in enumerate(model.buffers)
               if b.data is not None and bytes(b.data) == w_bytes]
    assert len(holding) == 1, "the shared weight must be stored once"
    b_bytes = m.b.tobytes()
    assert sum(1 for b in model.buffers if b.data is not None and bytes(b.data) == b_bytes) == 1
    used = {t.buffer for sg in model.subgraphs for t in sg.tensors if t.name.endswith("/kernel")}
    assert used == set(holding)
    assert [sg.name for sg in model.subgraphs] == ["label", "logits", "probs"]

    data = conv.convert()
    it, _ = runner(data, engine, "probs")
    assert it.get_signature_list() == {
        "label": {"inputs": ["x"], "outputs": ["label"]},
        "logits": {"inputs": ["x"], "outputs": ["logits"]},
        "probs": {"inputs": ["x"], "outputs": ["probs"]},
    }
    x = RNG.standard_normal((5, 4)).astype(np.float32)
    z = x @ m.w + m.b
    close(run(data, engine, "logits", x=x)["logits"], z, rtol=1e-5)
    close(run(data, engine, "probs", x=x)["probs"], softmax(z), rtol=1e-5)
    np.testing.assert_array_equal(run(data, engine, "label", x=x)["label"], np.argmax(z, 1))


def test_from_module_default_signatures_are_all_functions():
    m = Shared()
    conv = interp.Converter.from_module(m)
    assert conv.signature_keys == ["label", "logits", "probs"]


def test_unfused_conversion_gives_same_values():
    conv = interp.Converter.from_function(two_layer)
    conv.fuse_activations = False
    m = conv.to_model()
    ops = [m.operator_codes[o.opcode_index].builtin_code for o in m.subgraphs[0].operators]
    assert ops == [9, 19, 9, 25]
    x = RNG.standard_normal((3, 4)).astype(np.float32)
    close(run(conv.convert(), "litert", x=x)["output_0"], two_layer_ref(x))


def test_activation_not_fused_when_intermediate_is_output_or_shared():
    @interp.function(input_signature=[S([None, 4], "float32")])
    def f(x):
        h = x @ W1
        return {"h": h, "r": interp.ops.relu(h)}

    @interp.function(input_signature=[S([None, 4], "float32")])
    def g(x):
        s = x + 1.0
        return {"r": interp.ops.relu(s), "t": interp.ops.tanh(s)}

    for fn, n_ops in ((f, 2), (g, 3)):
        conv = interp.Converter.from_function(fn)
        m = conv.to_model()
        assert len(m.subgraphs[0].operators) == n_ops
        assert all(o.builtin_options.get("fused_activation_function", 0) == 0
                   for o in m.subgraphs[0].operators)
    x = RNG.standard_normal((2, 4)).astype(np.float32)
    out = run(interp.Converter.from_function(f).convert(), "litert", x=x)
    close(out["h"], x @ W1, rtol=1e-5, atol=1e-5)
    close(out["r"], np.maximum(x @ W1, 0), rtol=1e-5, atol=1e-5)


def test_unused_ops_are_pruned():
    @interp.function(input_signature=[S([3], "float32")])
    def f(x):
        interp.ops.tanh(x)  # result never used
        return x + 1.0

    m = interp.Converter.from_function(f).to_model()
    assert len(m.subgraphs[0].operators) == 1
    assert len(m.subgraphs[0].tensors) == 3


@pytest.mark.parametrize("engine", ENGINES)
def test_input_returned_as_output(engine):
    @interp.function(input_signature=[S([3], "float32")])
    def f(x):
        return {"same": x, "plus": x + 1.0}

    data = interp.Converter.from_function(f).convert()
    x = np.array([1, 2, 3], np.float32)
    out = run(data, engine, x=x)
    close(out["same"], x)
    close(out["plus"], x + 1)


@pytest.mark.parametrize("engine", ["litert", "interp"])
def test_reshape_to_scalar(engine):
    # the shape constant has no elements, so its buffer is empty (LiteRT reads it as shape [])
    @interp.function(input_signature=[S([1, 1], "float32")])
    def f(x):
        return interp.ops.reshape(x, []) * 2.0

    data = interp.Converter.from_function(f).convert()
    out = run(data, engine, x=np.array([[3.0]], np.float32))["output_0"]
    assert out.shape == () and out == 6.0
