"""Resource variables, CALL_ONCE initializers and hash tables, on files made by TensorFlow's converter
(tests/fixtures/generate_state_fixtures.py). Oracles: TensorFlow's and LiteRT's recorded outputs."""
import json

import numpy as np
import pytest

import interp
from support import FIXTURES, litert

TRAIN = FIXTURES / "train.tflite"


@pytest.fixture(scope="module")
def expected():
    with np.load(FIXTURES / "train_expected.npz") as f:
        return {k: f[k] for k in f.files}


def _replay(it, expected, stop=None):
    """Run the recorded steps on ``it``; compare every output with TF's and LiteRT's numbers."""
    steps = [str(s) for s in expected["steps"]][:stop]
    for i, key in enumerate(steps):
        prefix = f"in_{i}_{key}_"
        inputs = {k[len(prefix):]: v for k, v in expected.items() if k.startswith(prefix)}
        out = it.get_signature_runner(key)(**inputs)
        for name, got in out.items():
            for source in ("tf", "litert"):
                want = expected[f"{source}_{i}_{key}_{name}"]
                if got.dtype.kind == "f":
                    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6,
                                               err_msg=f"step {i} {key}.{name} vs {source}")
                else:
                    np.testing.assert_array_equal(got.reshape(-1), want.reshape(-1))


def test_train_infer_get_set_replay_matches_tensorflow_and_litert(expected):
    it = interp.Interpreter(model_path=str(TRAIN))
    _replay(it, expected)


def test_reset_variables_restores_the_first_infer(expected):
    it = interp.Interpreter(model_path=str(TRAIN))
    x = expected["in_0_infer_x"]
    first = it.get_signature_runner("infer")(x=x)["output"]
    it.get_signature_runner("train")(x=x, y=expected["in_1_train_y"])
    assert not np.allclose(it.get_signature_runner("infer")(x=x)["output"], first)
    it.reset_variables()
    np.testing.assert_array_equal(it.get_signature_runner("infer")(x=x)["output"], first)


def test_variables_api_on_the_initial_values(expected, tmp_path):
    it = interp.Interpreter(model_path=str(TRAIN))
    got = it.get_variables()
    by_shape = {v.shape: k for k, v in got.items()}
    assert len(got) == 4
    for name in ("w1", "b1", "w2", "b2"):
        want = expected["initial_" + name]
        np.testing.assert_array_equal(got[by_shape[want.shape]], want)
    # set one, read it back through the model's own get_weights signature
    w1 = by_shape[(4, 6)]
    it.set_variables({w1: np.ones((4, 6), np.float32)})
    np.testing.assert_array_equal(it.get_signature_runner("get_weights")()["w1"], np.ones((4, 6)))
    path = tmp_path / "vars.npz"
    it.save_variables(path)
    it.reset_variables()
    np.testing.assert_array_equal(it.get_variables()[w1], expected["initial_w1"])
    it.restore_variables(path)
    np.testing.assert_array_equal(it.get_variables()[w1], np.ones((4, 6)))


def test_set_variables_checks_everything_first():
    it = interp.Interpreter(model_path=str(TRAIN))
    names = list(it.get_variables())
    before = it.get_variables()
    with pytest.raises(interp.InputError, match="unknown variable.*'nope'"):
        it.set_variables({"nope": np.zeros(3)})
    good, bad = names[0], names[1]
    with pytest.raises(interp.InputError, match=f"variable '{bad}': shape"):
        it.set_variables({good: np.zeros_like(before[good]), bad: np.zeros((99,))})
    np.testing.assert_array_equal(it.get_variables()[good], before[good])  # untouched


def test_variables_are_shared_by_signatures_and_persist():
    it = interp.Interpreter(model_path=str(TRAIN))
    new = {"w1": np.full((4, 6), 2, np.float32), "b1": np.arange(6, dtype=np.float32),
           "w2": np.zeros((6, 3), np.float32), "b2": np.full(3, -1, np.float32)}
    it.get_signature_runner("set_weights")(**new)
    for _ in range(2):
        got = it.get_signature_runner("get_weights")()
        for k, v in new.items():
            np.testing.assert_array_equal(got[k], v)
    other = interp.Interpreter(model_path=str(TRAIN))  # a second interpreter has its own store
    assert not np.array_equal(other.get_signature_runner("get_weights")()["w1"], new["w1"])


def test_label_map_hash_tables_match_tensorflow():
    cases = json.loads((FIXTURES / "label_map_expected.json").read_text())["cases"]
    it = interp.Interpreter(model_path=str(FIXTURES / "label_map.tflite"))
    for case in cases:
        run = it.get_signature_runner(case["signature"])
        if case["input"] == "words":
            arg = np.array([v.encode() for v in case["values"]], dtype=object)
        else:
            arg = np.array(case["values"], np.int64)
        out = run(**{case["input"]: arg})
        for name, want in case["tf"].items():
            got = [x.decode() if isinstance(x, bytes) else int(x) for x in out[name].reshape(-1)]
            assert got == want == case["litert"][name], (case["signature"], name)


def test_label_map_in_litert_agrees():
    it = litert().Interpreter(model_path=str(FIXTURES / "label_map.tflite"))
    out = it.get_signature_runner("lookup")(words=np.array([b"fish", b"zebra"]))
    assert out["ids"].tolist() == [3, -1]


def test_bake_variables_sets_the_initial_values_litert_sees():
    data = TRAIN.read_bytes()
    new = {"w1": np.full((4, 6), 0.25, np.float32), "b2": np.array([1, 2, 3], np.float32)}
    baked = interp.bake_variables(data, new)
    got = litert().Interpreter(model_content=baked).get_signature_runner("get_weights")()
    np.testing.assert_array_equal(got["w1"], new["w1"])
    np.testing.assert_array_equal(got["b2"], new["b2"])
    with np.load(FIXTURES / "train_expected.npz") as f:
        np.testing.assert_array_equal(got["w2"], f["initial_w2"])  # not baked: unchanged


def test_bake_variables_round_trips_through_interp():
    it = interp.Interpreter(model_path=str(TRAIN))
    values = {k: v + 1 for k, v in it.get_variables().items()}
    baked = interp.Interpreter(model_content=interp.bake_variables(TRAIN.read_bytes(), values))
    for k, v in baked.get_variables().items():
        np.testing.assert_array_equal(v, values[k])


def test_bake_variables_errors_name_the_variable():
    data = TRAIN.read_bytes()
    with pytest.raises(interp.InputError, match="cannot bake 'nope'.*'b1', 'b2', 'w1', 'w2'"):
        interp.bake_variables(data, {"nope": np.zeros(1)})
    with pytest.raises(interp.InputError, match=r"cannot bake 'b1': shape \[7\], the variable is \[6\]"):
        interp.bake_variables(data, {"b1": np.zeros(7, np.float32)})
