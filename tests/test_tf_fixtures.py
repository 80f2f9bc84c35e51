"""Files made by TensorFlow's own converter (tests/fixtures/generate_tf_fixtures.py).

Oracles: outputs saved from TensorFlow (coding) and from LiteRT (dense, arith), and LiteRT run live.
"""
import json

import numpy as np
import pytest

import interp
from support import FIXTURES, litert


def _load(name):
    return interp.Interpreter(model_path=str(FIXTURES / name))


def _float(s):
    return float(s)  # repr strings, including 'nan', 'inf', '-inf'


def test_coding_signature_list_matches_litert_record():
    expected = json.loads((FIXTURES / "coding_expected.json").read_text())
    it = _load("coding.tflite")
    assert it.get_signature_list() == expected["signature_list"]
    assert it.get_signature_list() == {
        "decode": {"inputs": ["x"], "outputs": ["decoded_result"]},
        "encode": {"inputs": ["x"], "outputs": ["encoded_result"]}}


def _cases(expected, key):
    return expected["tensorflow"][key]


def test_coding_encode_gives_tensorflows_strings():
    expected = json.loads((FIXTURES / "coding_expected.json").read_text())
    encode = _load("coding.tflite").get_signature_runner("encode")
    cases = _cases(expected, "encode")
    assert cases
    for case in cases:
        x = np.array([_float(v) for v in case["input"]], dtype=np.float32)
        got = encode(x=x)["encoded_result"]
        want = [s.encode("latin-1") for s in case["output"]["encoded_result"]]
        assert got.dtype == object and list(got) == want, (case, got)


def test_coding_decode_gives_tensorflows_numbers():
    expected = json.loads((FIXTURES / "coding_expected.json").read_text())
    decode = _load("coding.tflite").get_signature_runner("decode")
    cases = _cases(expected, "decode")
    assert cases
    for case in cases:
        x = np.array([s.encode("latin-1") for s in case["input"]], dtype=object)
        got = decode(x=x)["decoded_result"]
        want = np.array([_float(v) for v in case["output"]["decoded_result"]], dtype=np.float32)
        assert got.dtype == np.float32
        np.testing.assert_array_equal(got, want)  # also checks nan positions and -0.0 == 0.0


def test_coding_round_trip_decode_of_encode():
    it = _load("coding.tflite")
    encoded = it.get_signature_runner("encode")(x=np.array([1, 2, 3], np.float32))
    assert list(encoded["encoded_result"]) == [b"1.000000", b"2.000000", b"3.000000"]
    decoded = it.get_signature_runner("decode")(x=encoded["encoded_result"])
    np.testing.assert_array_equal(decoded["decoded_result"], np.array([1, 2, 3], np.float32))


def test_coding_cannot_run_in_stock_litert():
    """The reason interp exists: LiteRT's pip package has no Flex delegate."""
    lr = litert()
    runner = lr.Interpreter(model_path=str(FIXTURES / "coding.tflite")).get_signature_runner("encode")
    with pytest.raises(RuntimeError):
        runner(x=np.array([1.0], np.float32))


@pytest.mark.parametrize("batch", ["b1", "b3"])
def test_dense_matches_saved_litert_outputs(batch):
    data = np.load(FIXTURES / "dense_expected.npz")
    run = _load("dense.tflite").get_signature_runner()
    out = run(keras_tensor=data[f"input_{batch}"])
    assert list(out) == ["output_0"]
    np.testing.assert_allclose(out["output_0"], data[f"output_{batch}_ref"], rtol=1e-6, atol=1e-7)


def test_dense_matches_live_litert_and_details():
    lr = litert()
    path = str(FIXTURES / "dense.tflite")
    ours, theirs = interp.Interpreter(model_path=path), lr.Interpreter(model_path=path)
    assert ours.get_signature_list() == theirs.get_signature_list()
    x = np.random.default_rng(7).standard_normal((5, 4)).astype(np.float32)
    a = ours.get_signature_runner()(keras_tensor=x)
    b = theirs.get_signature_runner()(keras_tensor=x)
    np.testing.assert_allclose(a["output_0"], b["output_0"], rtol=1e-6, atol=1e-7)
    _same_details(ours.get_signature_runner().get_input_details(),
                  theirs.get_signature_runner().get_input_details())
    _same_details(ours.get_signature_runner().get_output_details(),
                  theirs.get_signature_runner().get_output_details())


def _same_details(ours, theirs):
    assert ours.keys() == theirs.keys()
    for name in ours:
        a, b = ours[name], theirs[name]
        assert a.keys() == b.keys()
        for key in a:
            if isinstance(a[key], np.ndarray):
                np.testing.assert_array_equal(a[key], b[key])
                assert a[key].dtype == b[key].dtype
            elif key == "quantization_parameters":
                assert a[key].keys() == b[key].keys()
                for k in a[key]:
                    np.testing.assert_array_equal(a[key][k], b[key][k])
            else:
                assert a[key] == b[key], key


def test_arith_every_signature_matches_saved_litert_outputs():
    data = np.load(FIXTURES / "arith_expected.npz")
    it = _load("arith.tflite")
    expected = json.loads((FIXTURES / "arith_expected.json").read_text())
    assert it.get_signature_list() == expected["signature_list"]
    groups = {}
    for key in data.files:
        if "__" in key:
            prefix, kind, name = key.split("__")
            groups.setdefault(prefix, {}).setdefault(kind, {})[name] = data[key]
    assert len(groups) >= 4
    for prefix, parts in groups.items():
        sig = prefix.split("_b")[0] if prefix.startswith("affine") else prefix
        out = it.get_signature_runner(sig)(**parts["in"])
        assert sorted(out) == sorted(parts["ref"])
        for name, want in parts["ref"].items():
            assert out[name].dtype == want.dtype, (prefix, name)
            np.testing.assert_allclose(out[name], want, rtol=1e-6, atol=1e-7,
                                       err_msg=f"{prefix}/{name}")


def test_coding_decode_of_a_non_number_quotes_it_and_keeps_working():
    decode = _load("coding.tflite").get_signature_runner("decode")
    with pytest.raises(interp.KernelError) as e:
        decode(x=np.array([b"1", b"abc"], dtype=object))
    assert "abc" in str(e.value) and "FlexStringToNumber" in str(e.value)
    np.testing.assert_array_equal(decode(x=np.array(["2.5"]))["decoded_result"],
                                  np.array([2.5], np.float32))
