"""UNIDIRECTIONAL_SEQUENCE_LSTM (float32): kernels/lstm.c through the op, against a numpy float64
LSTM written here from the TFLite semantics (interp/ops/unidirectional_sequence_lstm.py and
kernels.h state them), and against LiteRT (reference kernels) on one-op models written with
interp.writer, and on a TensorFlow-converted Keras LSTM fixture (tests/fixtures/lstm_op.tflite,
made by tests/fixtures/generate_lstm_op.py).

Tolerance: interp sums dot products in float32 lanes and evaluates sigmoid/tanh in double; the
float64 reference differs by float32 rounding accumulated over the steps: rtol 1e-5, atol 1e-5.
LiteRT (float32 throughout): rtol 1e-4, atol 1e-5.
"""
import numpy as np
import pytest

from interp.errors import ModelError
from kernel_runner import run_op
from oneop import litert_outputs
from support import FIXTURES, litert

NONE, RELU, RELU_N1_TO_1, RELU6, TANH, SIGN_BIT = range(6)


def act(code, v):
    if code == RELU:
        return np.maximum(v, 0)
    if code == RELU_N1_TO_1:
        return np.clip(v, -1, 1)
    if code == RELU6:
        return np.clip(v, 0, 6)
    if code == TANH:
        return np.tanh(v)
    if code == SIGN_BIT:
        return np.signbit(v).astype(np.float64)
    return v


def sigmoid(v):
    return 1 / (1 + np.exp(-v))


def make_lstm(rng, n_input, n_cell, n_output=None, cifg=False, peephole=False, projection=False,
              proj_bias=True, layer_norm=False, scale=0.5):
    """The 24 inputs (minus x and the states) as a dict index -> array (None = omitted)."""
    n_output = n_output if projection else n_cell
    w = lambda *shape: (rng.standard_normal(shape) * scale).astype(np.float32)  # noqa: E731
    t = {i: None for i in range(1, 24)}
    for g in range(4):
        if g == 0 and cifg:
            continue
        t[1 + g] = w(n_cell, n_input)
        t[5 + g] = w(n_cell, n_output)
        t[12 + g] = w(n_cell)
        if layer_norm:
            t[20 + g] = (1 + w(n_cell)).astype(np.float32)
    if peephole:
        for i in (9, 10, 11):
            if not (i == 9 and cifg):
                t[i] = w(n_cell)
    if projection:
        t[16] = w(n_output, n_cell)
        if proj_bias:
            t[17] = w(n_output)
    return t, n_output


def reference(x, t, h0, c0, activation=TANH, cell_clip=0.0, proj_clip=0.0, time_major=False):
    """float64 LSTM; returns (y, h, c)."""
    f64 = {k: (None if v is None else v.astype(np.float64)) for k, v in t.items()}
    xs = x.astype(np.float64)
    if not time_major:
        xs = xs.transpose(1, 0, 2)
    h, c = h0.astype(np.float64), c0.astype(np.float64)
    cifg, ln = f64[1] is None, f64[21] is not None
    ys = []

    def gate(g, peep_c=None):
        pre = xs_t @ f64[1 + g].T + h @ f64[5 + g].T
        if not ln:
            pre = pre + f64[12 + g]
        peep = {0: 9, 1: 10, 3: 11}.get(g)
        if peep is not None and f64[peep] is not None:
            pre = pre + f64[peep] * peep_c
        if ln:
            mean = pre.mean(axis=-1, keepdims=True)
            var = ((pre - mean) ** 2).mean(axis=-1, keepdims=True)
            pre = (pre - mean) / np.sqrt(var + 1e-8) * f64[20 + g] + f64[12 + g]
        return pre

    for xs_t in xs:
        f = sigmoid(gate(1, c))
        i = 1 - f if cifg else sigmoid(gate(0, c))
        g = act(activation, gate(2))
        c_new = f * c + i * g
        if cell_clip > 0:
            c_new = np.clip(c_new, -cell_clip, cell_clip)
        o = sigmoid(gate(3, c_new))
        # With activation NONE LiteRT multiplies o by the cell gate g, not by c (observed with
        # every resolver of LiteRT 2.3.0: its NONE activation writes nothing, leaving g in the
        # buffer); interp follows LiteRT.
        m = o * (g if activation == NONE else act(activation, c_new))
        if f64[16] is not None:
            m = m @ f64[16].T + (f64[17] if f64[17] is not None else 0)
            if proj_clip > 0:
                m = np.clip(m, -proj_clip, proj_clip)
        h, c = m, c_new
        ys.append(m)
    y = np.stack(ys)
    if not time_major:
        y = y.transpose(1, 0, 2)
    return y, h, c


def inputs_list(x, t, h0, c0, n_inputs=24):
    return [x] + [t[i] for i in range(1, 18)] + [h0, c0] + \
        ([t[i] for i in range(20, 24)] if n_inputs == 24 else [])


def run(x, t, h0, c0, n_inputs=24, **fields):
    """interp's output; ``fields`` override the options (default TANH, no clipping, batch-major)."""
    ins = inputs_list(x, t, h0, c0, n_inputs)
    const = tuple(i for i in range(1, len(ins)) if i not in (18, 19))
    return run_op("UNIDIRECTIONAL_SEQUENCE_LSTM", ins, options={**options(), **fields},
                  const=const)[0]


def options(activation=TANH, cell_clip=0.0, proj_clip=0.0, time_major=False):
    return dict(fused_activation_function=activation, cell_clip=cell_clip, proj_clip=proj_clip,
                time_major=time_major)


CONFIGS = {
    "plain": dict(),
    "cifg": dict(cifg=True),
    "peephole": dict(peephole=True),
    "cifg_peephole": dict(cifg=True, peephole=True),
    "projection": dict(projection=True, n_output=5),
    "projection_no_bias": dict(projection=True, n_output=3, proj_bias=False),
    "layer_norm": dict(layer_norm=True),
    "layer_norm_cifg_peephole_projection": dict(layer_norm=True, cifg=True, peephole=True,
                                                projection=True, n_output=4),
}


def case(name, n_batch=2, n_time=3, n_input=5, n_cell=7, seed=0, time_major=False):
    rng = np.random.default_rng(seed)
    cfg = dict(CONFIGS[name])
    t, n_output = make_lstm(rng, n_input, n_cell, **cfg)
    shape = (n_time, n_batch, n_input) if time_major else (n_batch, n_time, n_input)
    x = rng.standard_normal(shape).astype(np.float32)
    h0 = (rng.standard_normal((n_batch, n_output)) * 0.5).astype(np.float32)
    c0 = (rng.standard_normal((n_batch, n_cell)) * 0.5).astype(np.float32)
    return x, t, h0, c0


# ---- against the float64 reference ----------------------------------------------------------

@pytest.mark.parametrize("name", list(CONFIGS))
@pytest.mark.parametrize("time_major", [False, True])
def test_configurations(name, time_major):
    x, t, h0, c0 = case(name, time_major=time_major)
    got = run(x, t, h0, c0, **options(time_major=time_major))
    want, _, _ = reference(x, t, h0, c0, time_major=time_major)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("activation", [NONE, RELU, RELU_N1_TO_1, RELU6, TANH, SIGN_BIT])
def test_activations(activation):
    x, t, h0, c0 = case("peephole", seed=activation)
    got = run(x, t, h0, c0, **options(activation))
    want, _, _ = reference(x, t, h0, c0, activation)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_clipping():
    x, t, h0, c0 = case("projection", seed=3)
    x *= 4
    for cell_clip, proj_clip in ((0.3, 0.0), (0.0, 0.2), (0.5, 0.1)):
        got = run(x, t, h0, c0, **options(cell_clip=cell_clip, proj_clip=proj_clip))
        want, _, _ = reference(x, t, h0, c0, cell_clip=cell_clip, proj_clip=proj_clip)
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
        unclipped, _, _ = reference(x, t, h0, c0)
        assert not np.allclose(want, unclipped)  # the clip did something
    got = run(x, t, h0, c0, **options(proj_clip=0.2))  # proj_clip bounds the outputs
    assert np.abs(got).max() <= np.float32(0.2)


@pytest.mark.parametrize("n_cell, n_input", [(1, 1), (8, 8), (9, 17), (16, 15), (33, 31)])
def test_sizes_around_the_tile(n_cell, n_input):
    x, t, h0, c0 = case("plain", n_batch=3, n_time=4, n_input=n_input, n_cell=n_cell, seed=n_cell)
    np.testing.assert_allclose(run(x, t, h0, c0), reference(x, t, h0, c0)[0], rtol=1e-5, atol=1e-5)


def test_twenty_input_form_and_empty_time():
    x, t, h0, c0 = case("peephole")
    got = run(x, t, h0, c0, n_inputs=20)
    np.testing.assert_allclose(got, reference(x, t, h0, c0)[0], rtol=1e-5, atol=1e-5)
    empty = run(x[:, :0], t, h0, c0)
    assert empty.shape == (2, 0, 7)


def test_state_is_updated_in_place():
    # The kernel leaves the final states in the state inputs: a second run from those states
    # continues the sequence.
    x, t, h0, c0 = case("cifg_peephole", n_time=4, seed=9)
    whole, h_end, c_end = reference(x, t, h0, c0)
    first, h_mid, c_mid = reference(x[:, :2], t, h0, c0)
    second, _, _ = reference(x[:, 2:], t, h_mid, c_mid)
    np.testing.assert_allclose(np.concatenate([first, second], axis=1), whole, atol=1e-12)
    from interp import model
    from interp.ops import registry
    from interp.tensor import RuntimeTensor
    from interp.dtypes import FLOAT32
    ins = inputs_list(x, t, h0, c0)
    tensors = []
    for i, a in enumerate(ins):
        if a is None:
            tensors.append(None)
            continue
        rt = RuntimeTensor(i, model.Tensor(f"t{i}", FLOAT32, a.shape, is_variable=i in (18, 19)))
        rt.allocate()
        rt.data[...] = a
        tensors.append(rt)
    out = RuntimeTensor(99, model.Tensor("y", FLOAT32, ()))
    module = registry.lookup(44, None)
    op = model.Operator(0, tuple(range(24)), (99,), 71, options())
    node = registry.Node(0, "test", "UNIDIRECTIONAL_SEQUENCE_LSTM", op, module, tensors, [out])
    module.prepare(node)
    out.allocate()
    node.scratch = np.zeros(node.scratch_bytes, np.uint8)
    call = module.bind(node)
    assert call() == 0
    np.testing.assert_allclose(out.data, whole, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(tensors[18].data, h_end, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(tensors[19].data, c_end, rtol=1e-5, atol=1e-5)
    assert module.FOLDABLE is False


# ---- against LiteRT ------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(CONFIGS))
@pytest.mark.parametrize("time_major", [False, True])
def test_against_litert(name, time_major):
    litert()
    x, t, h0, c0 = case(name, time_major=time_major, seed=4)
    h0[...] = 0  # LiteRT's variable states start at zero
    c0[...] = 0
    opts = options(cell_clip=0.8, proj_clip=0.6, time_major=time_major)
    ins = inputs_list(x, t, h0, c0)
    const = tuple(i for i in range(1, 24) if i not in (18, 19))
    want, = litert_outputs("UNIDIRECTIONAL_SEQUENCE_LSTM", ins,
                           [(np.float32, reference(x, t, h0, c0, time_major=time_major)[0].shape)],
                           const=const, options=opts, variable=(18, 19))
    got = run(x, t, h0, c0, **opts)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("activation", [NONE, RELU, RELU_N1_TO_1, RELU6, TANH, SIGN_BIT])
def test_activations_against_litert(activation):
    litert()
    x, t, h0, c0 = case("peephole", seed=4)
    h0[...] = 0
    c0[...] = 0
    ins = inputs_list(x, t, h0, c0)
    const = tuple(i for i in range(1, 24) if i not in (18, 19))
    want, = litert_outputs("UNIDIRECTIONAL_SEQUENCE_LSTM", ins, [(np.float32, (2, 3, 7))],
                           const=const, options=options(activation), variable=(18, 19))
    np.testing.assert_allclose(run(x, t, h0, c0, **options(activation)), want, rtol=1e-4, atol=1e-5)


def test_twenty_input_form_against_litert():
    litert()
    x, t, h0, c0 = case("peephole", seed=4)
    h0[...] = 0
    c0[...] = 0
    ins = inputs_list(x, t, h0, c0, n_inputs=20)
    const = tuple(i for i in range(1, 20) if i not in (18, 19))
    want, = litert_outputs("UNIDIRECTIONAL_SEQUENCE_LSTM", ins, [(np.float32, (2, 3, 7))],
                           const=const, options=options(), variable=(18, 19))
    np.testing.assert_allclose(run(x, t, h0, c0, n_inputs=20), want, rtol=1e-4, atol=1e-5)


def test_litert_keeps_the_state_across_invokes():
    # What the executor must reproduce: LiteRT's second invoke continues from the first's state.
    lite = litert()
    from oneop import one_op_model
    x, t, h0, c0 = case("plain", seed=6)
    h0[...] = 0
    c0[...] = 0
    ins = inputs_list(x, t, h0, c0)
    const = tuple(i for i in range(1, 24) if i not in (18, 19))
    data = one_op_model("UNIDIRECTIONAL_SEQUENCE_LSTM", ins, [(np.float32, (2, 3, 7))],
                        const=const, options=options(), variable=(18, 19))
    it = lite.Interpreter(model_content=data,
                          experimental_op_resolver_type=lite.OpResolverType.BUILTIN_REF)
    it.allocate_tensors()
    xi, yi = it.get_input_details()[0]["index"], it.get_output_details()[0]["index"]
    it.set_tensor(xi, x)
    it.invoke()
    it.set_tensor(xi, x)
    it.invoke()
    second = it.get_tensor(yi)
    _, h1, c1 = reference(x, t, h0, c0)
    want, _, _ = reference(x, t, h1.astype(np.float32), c1.astype(np.float32))
    np.testing.assert_allclose(second, want, rtol=1e-4, atol=1e-5)


# ---- errors --------------------------------------------------------------------------------

def test_errors():
    x, t, h0, c0 = case("plain")
    with pytest.raises(ModelError, match="expects 20 or 24 inputs"):
        run_op("UNIDIRECTIONAL_SEQUENCE_LSTM", inputs_list(x, t, h0, c0)[:19])
    bad = dict(t)
    bad[3] = bad[3][:, :4]
    with pytest.raises(ModelError, match=r"input 3 \(input-to-cell weights\) .* must have shape "
                                         r"\[7, 5\]"):
        run(x, bad, h0, c0)
    bad = dict(t)
    bad[2] = bad[2].astype(np.int8)
    with pytest.raises(ModelError, match="hybrid or quantized UNIDIRECTIONAL_SEQUENCE_LSTM is "
                                         "not supported yet"):
        run(x, bad, h0, c0)
    bad = dict(t)
    bad[10] = t[12]
    with pytest.raises(ModelError, match="peephole weights .* all given or all omitted"):
        run(x, bad, h0, c0)
    with pytest.raises(ModelError, match="must have rank 3"):
        run(x[0], t, h0, c0)
    with pytest.raises(ModelError, match=r"input 19 \(cell state\) .* must have shape \[2, 7\]"):
        run(x, t, h0, c0[:1])
    with pytest.raises(ModelError, match="cell_clip .* must be >= 0"):
        run(x, t, h0, c0, cell_clip=-1.0)
    ins = inputs_list(x, t, h0, c0)
    with pytest.raises(ModelError, match="must be a variable tensor, not a constant"):
        run_op("UNIDIRECTIONAL_SEQUENCE_LSTM", ins, options=options(), const=tuple(range(1, 24)))


# ---- a model made by TensorFlow's converter ------------------------------------------------

def _fixture_op_inputs(x):
    """The fixture's one op, as run_op inputs: its constants read from the file, the variable
    states as zeros (LiteRT's value at allocation), ``x`` as the input."""
    from interp import dtypes
    from interp.loader import load_model
    m = load_model((FIXTURES / "lstm_op.tflite").read_bytes())
    sub = m.subgraphs[0]
    (op,) = sub.operators
    ins, const = [], []
    for pos, i in enumerate(op.inputs):
        if i < 0:
            ins.append(None)
            continue
        t = sub.tensors[i]
        data = m.tensor_data(t)
        if data is not None:
            ins.append(np.frombuffer(data, dtypes.NUMPY[t.type]).reshape(t.shape))
            const.append(pos)
        elif t.is_variable:
            ins.append(np.zeros(t.shape, np.float32))
        else:
            ins.append(x)
    return ins, tuple(const), dict(op.builtin_options)


def test_tf_converted_fixture():
    expected = np.load(FIXTURES / "lstm_op_expected.npz")
    x1, x2 = expected["x1"], expected["x2"]
    ins, const, opts = _fixture_op_inputs(x1)
    assert [i for i, a in enumerate(ins) if a is None] == [9, 10, 11, 16, 17, 20, 21, 22, 23]
    assert opts["fused_activation_function"] == TANH and opts["time_major"] is False
    got = run_op("UNIDIRECTIONAL_SEQUENCE_LSTM", ins, options=opts, const=const)[0]
    np.testing.assert_allclose(got, expected["litert_y1"], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(got, expected["tf_y1"], rtol=1e-4, atol=1e-5)
    # LiteRT's second invoke continued from the first's final state: the same as running the two
    # sequences back to back.
    ins, const, opts = _fixture_op_inputs(np.concatenate([x1, x2], axis=1))
    both = run_op("UNIDIRECTIONAL_SEQUENCE_LSTM", ins, options=opts, const=const)[0]
    np.testing.assert_allclose(both[:, x1.shape[1]:], expected["litert_y2"], rtol=1e-4, atol=1e-5)


def test_tf_converted_fixture_through_the_interpreter():
    import interp
    expected = np.load(FIXTURES / "lstm_op_expected.npz")
    run = interp.Interpreter(model_path=str(FIXTURES / "lstm_op.tflite")).get_signature_runner()
    (name,) = run.get_output_details()
    y1 = run(x=expected["x1"])[name]
    np.testing.assert_allclose(y1, expected["litert_y1"], rtol=1e-4, atol=1e-5)
    y2 = run(x=expected["x2"])[name]  # continues from the state the first call left
    np.testing.assert_allclose(y2, expected["litert_y2"], rtol=1e-4, atol=1e-5)
    run._interpreter.reset_all_variables()  # back to zero state: the first answer again
    np.testing.assert_allclose(run(x=expected["x1"])[name], y1, rtol=0, atol=0)
