"""Whole models made by TensorFlow's converter (tests/fixtures/generate_model_fixtures.py): MobileNetV2
(alpha 0.35, 96x96), a transformer encoder block, an LSTM whose recurrence is a WHILE loop, the same
LSTM fused into one UNIDIRECTIONAL_SEQUENCE_LSTM, and a conv net with a dynamic batch. The Keras
weights are seeded random.

Oracle: the outputs LiteRT 2.3.0 gave on the same inputs, saved in ``<name>_expected.npz`` (OpResolver
BUILTIN_WITHOUT_DEFAULT_DELEGATES, num_threads=1; the default XNNPACK outputs and TensorFlow's own are
saved too). Tolerance: rtol 1e-4, plus an atol floor of 1e-5 x the largest |value| of the expected
output. The floor is there because these outputs are long float32 sums (up to 1280 terms) or
differences of them, so an entry near zero carries an absolute rounding error that scales with the
output's magnitude, not its own; LiteRT's two resolvers already differ by up to 5e-7 x max|output| on
the transformer block (max_diffs in model_fixtures_ops.json), 20x below the floor.

The interp tests need kernels (CONV_2D, WHILE, BATCH_MATMUL...) that other branches add; until those
are merged they fail at interp.Interpreter(...) with a ModelError that lists the unsupported ops.
"""
import json

import numpy as np
import pytest

import interp
from interp.loader import load_model
from interp.opnames import builtin_name
from support import FIXTURES, litert

RTOL = 1e-4
ATOL_FRACTION = 1e-5
ORACLE = "nodelegate"  # LiteRT BUILTIN_WITHOUT_DEFAULT_DELEGATES

STATIC = {  # name -> (input name, output name, input shape, output shape)
    "mobilenet_v2": ("input", "output", (1, 96, 96, 3), (1, 1000)),
    "transformer_block": ("x", "output", (1, 16, 64), (1, 16, 64)),
    "lstm": ("x", "output", (1, 10, 8), (1, 4)),
    "lstm_fused": ("x", "output", (1, 10, 8), (1, 4)),
}
# lstm_fused keeps its LSTM state in variable tensors that persist between invokes (LiteRT's
# behaviour): its run1 starts from run0's final state, so TensorFlow's stateless run1 differs;
# run1_after_reset follows Interpreter.reset_all_variables().
STATEFUL = {("lstm_fused", "run1")}
DYNAMIC = ("dynamic_batch_conv", "image", "probs")
ALL = ["mobilenet_v2", "transformer_block", "lstm", "lstm_fused", "dynamic_batch_conv"]


def _cases(name):
    """{case: {kind: {tensor name: array}}} from <name>_expected.npz, cases in file order."""
    data = np.load(FIXTURES / f"{name}_expected.npz")
    cases = {}
    for key in data.files:
        case, kind, tensor = key.split("__")
        cases.setdefault(case, {}).setdefault(kind, {})[tensor] = data[key]
    return cases


def assert_close(got, want, what, rtol=RTOL):
    got = np.asarray(got)
    assert got.dtype == want.dtype == np.float32, (what, got.dtype, want.dtype)
    assert got.shape == want.shape, (what, got.shape, want.shape)
    atol = ATOL_FRACTION * float(np.max(np.abs(want)))
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, err_msg=what)


def _interp(name):
    return interp.Interpreter(model_path=str(FIXTURES / f"{name}.tflite"))


def _run_cases(it, run, name, in_kind="in"):
    """Yield (case, parts, outputs) running the cases in file order through one interpreter; a case
    '*_after_reset' calls it.reset_all_variables() first."""
    for case, parts in _cases(name).items():
        if case.endswith("_after_reset"):
            it.reset_all_variables()
        yield case, parts, run(**parts[in_kind])


# --------------------------------------------------------------------------
# the fixtures are self-consistent (pass without any new kernel)


def test_expected_files_hold_the_documented_cases():
    for name, (in_name, out_name, in_shape, out_shape) in STATIC.items():
        cases = _cases(name)
        want = ["run0", "run1"] + (["run1_after_reset"] if name == "lstm_fused" else [])
        assert list(cases) == want, name
        for case in cases.values():
            assert case["in"][in_name].shape == in_shape
            for kind in ("default", "nodelegate", "tf"):
                assert case[kind][out_name].shape == out_shape, (name, kind)
        # the two inputs give different outputs: a kernel that ignores its input cannot pass
        a, b = (cases[c][ORACLE][out_name] for c in ("run0", "run1"))
        assert np.max(np.abs(a - b)) > 100 * ATOL_FRACTION * np.max(np.abs(a)), name
    name, in_name, out_name = DYNAMIC
    cases = _cases(name)
    assert list(cases) == ["b1", "b4", "b1_again"]
    assert [c["in"][in_name].shape[0] for c in cases.values()] == [1, 4, 1]
    assert [c[ORACLE][out_name].shape for c in cases.values()] == [(1, 10), (4, 10), (1, 10)]


@pytest.mark.parametrize("name", ALL)
def test_litert_reproduces_the_saved_outputs(name):
    """LiteRT run now on the committed file, in one interpreter per resolver, gives the saved outputs;
    the saved XNNPACK and builtin outputs agree with each other to the interp tolerance. TensorFlow
    ran the Keras graph before conversion (BatchNorm not folded into the convolutions, so other
    roundings): its outputs agree to rtol 1e-3 (MobileNetV2 differs by 2.1e-4 relative)."""
    lr = litert()
    cases = _cases(name)
    resolvers = {"default": lr.OpResolverType.AUTO,
                 "nodelegate": lr.OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES}
    for kind, resolver in resolvers.items():
        it = lr.Interpreter(model_path=str(FIXTURES / f"{name}.tflite"), num_threads=1,
                            experimental_op_resolver_type=resolver)
        assert list(it.get_signature_list()) == ["serving_default"]
        run = it.get_signature_runner("serving_default")
        for case, parts, out in _run_cases(it, run, name):
            assert sorted(out) == sorted(parts[kind])
            for tensor, want in parts[kind].items():
                assert_close(out[tensor], want, f"{name}/{case}/{kind}/{tensor}")
    for case, parts in cases.items():
        for tensor, want in parts[ORACLE].items():
            assert_close(parts["default"][tensor], want, f"{name}/{case}: XNNPACK vs builtin")
            if (name, case) not in STATEFUL:
                assert_close(parts["tf"][tensor], want, f"{name}/{case}: TensorFlow vs builtin",
                             rtol=1e-3)


def test_fused_lstm_state_persists_between_invokes_in_litert():
    cases = _cases("lstm_fused")
    carried, fresh = cases["run1"][ORACLE]["output"], cases["run1_after_reset"][ORACLE]["output"]
    assert np.max(np.abs(carried - fresh)) > 1e-4  # run0's final state changed run1's answer
    assert_close(fresh, cases["run1"]["tf"]["output"], "after reset = stateless TensorFlow")
    model = load_model((FIXTURES / "lstm_fused.tflite").read_bytes())
    assert sum(t.is_variable for t in model.subgraphs[0].tensors) == 2  # h and c


def test_fused_and_while_loop_lstm_compute_the_same_function():
    """Same weights and inputs (the fused op clips the cell state at 10, never reached here)."""
    loop, fused = _cases("lstm"), _cases("lstm_fused")
    assert_close(fused["run0"][ORACLE]["output"], loop["run0"][ORACLE]["output"], "run0")
    assert_close(fused["run1_after_reset"][ORACLE]["output"], loop["run1"][ORACLE]["output"], "run1")


def test_dynamic_net_has_a_dynamic_batch_in_litert():
    lr = litert()
    it = lr.Interpreter(model_path=str(FIXTURES / "dynamic_batch_conv.tflite"))
    (inp,) = it.get_input_details()
    (out,) = it.get_output_details()
    assert inp["shape_signature"].tolist() == [-1, 32, 32, 3]
    assert out["shape_signature"].tolist() == [-1, 10]


def test_op_record_matches_the_committed_files():
    """model_fixtures_ops.json (what the kernels must cover) describes the files as they are."""
    record = json.loads((FIXTURES / "model_fixtures_ops.json").read_text())
    assert list(record["models"]) == ALL
    for name, info in record["models"].items():
        data = (FIXTURES / info["file"]).read_bytes()
        assert len(data) == info["size_bytes"]
        model = load_model(data)
        per_subgraph = []
        for sg in model.subgraphs:
            hist = {}
            for op in sg.operators:
                code = model.operator_codes[op.opcode_index]
                key = code.custom_code or builtin_name(code.builtin_code)
                hist[key] = hist.get(key, 0) + 1
            per_subgraph.append(hist)
        assert per_subgraph == [s["ops"] for s in info["subgraphs"]], name
        assert sum(n for v in info["op_variants"].values() for n in (x["count"] for x in v)) == \
            sum(len(sg.operators) for sg in model.subgraphs)
    lstm = record["models"]["lstm"]
    assert len(lstm["subgraphs"]) == 3 and lstm["ops"]["WHILE"] == 1
    assert "UNIDIRECTIONAL_SEQUENCE_LSTM" not in lstm["ops"]
    fused = record["models"]["lstm_fused"]
    assert len(fused["subgraphs"]) == 1 and fused["ops"]["UNIDIRECTIONAL_SEQUENCE_LSTM"] == 1
    assert record["models"]["mobilenet_v2"]["compute"]["macs"] > 10_000_000


# --------------------------------------------------------------------------
# interp against the saved LiteRT outputs (need the kernel branches merged)


@pytest.mark.parametrize("name", list(STATIC))
def test_signature_runner_matches_litert(name):
    in_name, out_name, _in_shape, _out_shape = STATIC[name]
    it = _interp(name)
    assert it.get_signature_list() == {"serving_default": {"inputs": [in_name],
                                                           "outputs": [out_name]}}
    run = it.get_signature_runner("serving_default")
    for case, parts, out in _run_cases(it, run, name):  # run0 then run1 through one interpreter
        assert list(out) == [out_name]
        assert_close(out[out_name], parts[ORACLE][out_name], f"{name}/{case}")


def test_mobilenet_classic_tensor_api_matches_litert():
    it = _interp("mobilenet_v2")
    it.allocate_tensors()
    (inp,) = it.get_input_details()
    (out,) = it.get_output_details()
    assert inp["shape"].tolist() == [1, 96, 96, 3] and inp["dtype"] == np.float32
    assert out["shape"].tolist() == [1, 1000]
    for case, parts in _cases("mobilenet_v2").items():
        it.set_tensor(inp["index"], parts["in"]["input"])
        it.invoke()
        assert_close(it.get_tensor(out["index"]), parts[ORACLE]["output"], f"classic/{case}")


def test_dynamic_batch_signature_runner_1_4_1():
    name, in_name, out_name = DYNAMIC
    it = _interp(name)
    run = it.get_signature_runner("serving_default")
    assert run.get_input_details()[in_name]["shape_signature"].tolist() == [-1, 32, 32, 3]
    for case, parts in _cases(name).items():  # batch 1, 4, then 1 again in one interpreter
        out = run(**parts["in"])
        assert_close(out[out_name], parts[ORACLE][out_name], f"{name}/{case}")


def test_dynamic_batch_classic_resize_1_4_1():
    name, in_name, out_name = DYNAMIC
    it = _interp(name)
    (inp,) = it.get_input_details()
    (out,) = it.get_output_details()
    for case, parts in _cases(name).items():
        x = parts["in"][in_name]
        it.resize_input_tensor(inp["index"], list(x.shape))
        it.allocate_tensors()
        it.set_tensor(inp["index"], x)
        it.invoke()
        got = it.get_tensor(out["index"])
        assert got.shape == (x.shape[0], 10)
        assert_close(got, parts[ORACLE][out_name], f"classic/{case}")
