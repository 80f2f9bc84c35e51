"""interp.Variable in the converter: resource variables with a CALL_ONCE initializer, run in interp
and in LiteRT. Oracles: numpy (the same SGD written out), LiteRT on the same file."""
import numpy as np
import pytest

import interp
from support import litert

S = interp.TensorSpec
LR = 0.1
RNG = np.random.default_rng(11)
W0 = RNG.standard_normal((4, 3)).astype(np.float32)
X = RNG.standard_normal((8, 4)).astype(np.float32)
Y = RNG.standard_normal((8, 3)).astype(np.float32)


class Trainer(interp.Module):
    def __init__(self):
        super().__init__()
        self.w = interp.Variable(W0)
        self.b = interp.Variable(np.zeros(3, np.float32))
        self.steps = interp.Variable(0, dtype="int32")

    @interp.function(input_signature=[S([8, 4], "float32"), S([8, 3], "float32")])
    def train(self, x, y):
        err = interp.ops.matmul(x, self.w) + self.b - y
        loss = interp.ops.reduce_mean(err * err)
        scale = 2.0 / 24
        self.w.assign_sub(interp.ops.matmul(x, err, transpose_a=True) * (scale * LR))
        self.b.assign_sub(interp.ops.reduce_sum(err, axis=0) * (scale * LR))
        self.steps.assign_add(1)
        return {"loss": loss}

    @interp.function(input_signature=[S([8, 4], "float32")])
    def infer(self, x):
        return {"y": interp.ops.matmul(x, self.w) + self.b}

    @interp.function(input_signature=[])
    def get_weights(self):
        return {"w": self.w, "b": self.b, "steps": self.steps}

    @interp.function(input_signature=[S([4, 3], "float32"), S([3], "float32")])
    def set_weights(self, w, b):
        self.w.assign(w)
        self.b.assign(b)
        return {}


def numpy_replay():
    w, b = W0.astype(np.float64), np.zeros(3)
    out = [X @ w + b]
    for _ in range(3):
        err = X @ w + b - Y
        out.append(np.mean(err * err))
        w = w - X.T @ err * (2.0 / 24 * LR)
        b = b - err.sum(0) * (2.0 / 24 * LR)
    out.append(X @ w + b)
    return out, w, b


@pytest.fixture(scope="module")
def model_bytes():
    return interp.Converter.from_module(Trainer()).convert()


def _open(engine, data):
    return (interp.Interpreter if engine == "interp" else litert().Interpreter)(model_content=data)


@pytest.mark.parametrize("engine", ["interp", "litert"])
def test_train_infer_get_set_replay(engine, model_bytes):
    it = _open(engine, model_bytes)
    run = lambda key, **kw: it.get_signature_runner(key)(**kw)
    got = [run("infer", x=X)["y"]] + [float(run("train", x=X, y=Y)["loss"]) for _ in range(3)]
    got.append(run("infer", x=X)["y"])
    want, w, b = numpy_replay()
    for g, wnt in zip(got, want):
        np.testing.assert_allclose(g, wnt, rtol=1e-5, atol=1e-6)
    weights = run("get_weights")
    np.testing.assert_allclose(weights["w"], w, rtol=1e-5, atol=1e-6)
    assert int(weights["steps"]) == 3
    new_w, new_b = np.ones((4, 3), np.float32), np.arange(3, dtype=np.float32)
    run("set_weights", w=new_w, b=new_b)
    np.testing.assert_allclose(run("infer", x=X)["y"], X @ new_w + new_b, rtol=1e-5)


def test_interp_and_litert_agree_step_by_step(model_bytes):
    a, b = _open("interp", model_bytes), _open("litert", model_bytes)
    for _ in range(4):
        la = a.get_signature_runner("train")(x=X, y=Y)["loss"]
        lb = b.get_signature_runner("train")(x=X, y=Y)["loss"]
        np.testing.assert_allclose(la, lb, rtol=1e-6)


def test_variables_api_names_and_reset(model_bytes):
    it = interp.Interpreter(model_content=model_bytes)
    assert sorted(it.get_variables()) == ["b", "steps", "w"]
    first = it.get_signature_runner("infer")(x=X)["y"]
    it.get_signature_runner("train")(x=X, y=Y)
    it.reset_variables()
    np.testing.assert_array_equal(it.get_signature_runner("infer")(x=X)["y"], first)
    assert int(it.get_variables()["steps"]) == 0


def test_file_layout_is_tensorflows(model_bytes):
    from interp.loader import load_model
    from interp.opnames import builtin_name
    m = load_model(model_bytes)
    assert [s.signature_key for s in m.signature_defs] == ["get_weights", "infer", "set_weights",
                                                           "train"]
    init = m.subgraphs[-1]
    assert init.name == "NoOp" and not init.inputs and not init.outputs
    for sg in m.subgraphs[:-1]:
        first = sg.operators[0]
        assert builtin_name(m.operator_codes[first.opcode_index].builtin_code) == "CALL_ONCE"
        assert first.builtin_options["init_subgraph_index"] == len(m.subgraphs) - 1


def test_a_read_after_an_assign_sees_the_new_value():
    class M(interp.Module):
        def __init__(self):
            super().__init__()
            self.v = interp.Variable(np.float32(1))

        @interp.function(input_signature=[S([], "float32")])
        def f(self, x):
            before = self.v * 1.0
            self.v.assign(x)
            return {"before": before, "after": self.v * 1.0}

    data = interp.Converter.from_module(M()).convert()
    for engine in ("interp", "litert"):
        run = _open(engine, data).get_signature_runner()
        out = run(x=np.float32(5))
        assert (float(out["before"]), float(out["after"])) == (1.0, 5.0)
        out = run(x=np.float32(7))
        assert (float(out["before"]), float(out["after"])) == (5.0, 7.0)


def test_errors_are_clear():
    v = interp.Variable(np.zeros(3, np.float32), name="v")
    with pytest.raises(ValueError, match="inside an @interp.function"):
        v.assign(np.ones(3, np.float32))

    class Bad(interp.Module):
        def __init__(self):
            super().__init__()
            self.v = v

        @interp.function(input_signature=[S([4], "float32")])
        def f(self, x):
            self.v.assign(x)
            return {"y": x}

    with pytest.raises(ValueError, match=r"Variable 'v' has shape \[3\]; cannot assign a value of "
                                         r"shape \[4\]"):
        interp.Converter.from_module(Bad()).convert()
    with pytest.raises(TypeError, match="not supported"):
        interp.Variable(np.array(["a"]))


def test_bake_variables_on_a_converted_model(model_bytes):
    baked = interp.bake_variables(model_bytes, {"w": np.full((4, 3), 2, np.float32)})
    for engine in ("interp", "litert"):
        got = _open(engine, baked).get_signature_runner("get_weights")()
        np.testing.assert_array_equal(got["w"], np.full((4, 3), 2))
