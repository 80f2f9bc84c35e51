"""``interp serve`` against a real HTTP client (urllib) on 127.0.0.1.

Each server is started by the test (in-process, port 0, or as the ``interp serve`` subprocess) and
stopped in teardown. Oracles: TF Serving's REST API shapes (tensorflow.org/tfx/serving/api_rest),
numpy for the values (softmax(x @ W + b), x @ V + c; float32, rtol 1e-6).
"""
import base64
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import numpy as np
import pytest

import interp
from interp import ops
from interp.server import ModelManager, ModelServer
from support import FIXTURES

sys.path.insert(0, str(FIXTURES))
import make_serving  # noqa: E402

X = [[1.0, 2.0, 3.0, 4.0], [-1.0, 0.5, 0.0, 2.0]]


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def request(url, body=None, method=None, raw=None):
    """(status, decoded JSON) of one request; a body is sent as JSON (or ``raw`` bytes)."""
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    req = urllib.request.Request(url, data=data, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def _version(base, number, content):
    """Drop a version folder in at once (written aside, then renamed), as a deploy would."""
    tmp = base / f".tmp-{number}"
    tmp.mkdir()
    (tmp / "model.tflite").write_bytes(content)
    os.rename(tmp, base / str(number))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("models") / "m"
    base.mkdir()
    _version(base, 1, (FIXTURES / "serving.tflite").read_bytes())
    srv = ModelServer("m", base, port=0, host="127.0.0.1", poll_seconds=0.05).start()
    yield f"{srv.url}/v1/models/m"
    srv.stop()


# -- status and metadata ---------------------------------------------------------------------

def test_status(server):
    ok = {"model_version_status": [{"version": "1", "state": "AVAILABLE",
                                     "status": {"error_code": "OK", "error_message": ""}}]}
    assert request(server) == (200, ok)
    assert request(f"{server}/versions/1") == (200, ok)
    status, body = request(f"{server}/versions/7")
    assert status == 404 and "Servable not found for request: Specific(m, 7)" in body["error"]
    status, body = request(server[:-len("/m")] + "/other")
    assert status == 404 and "this server serves the model 'm'" in body["error"]


def test_metadata(server):
    status, body = request(f"{server}/metadata")
    assert status == 200
    assert body["model_spec"] == {"name": "m", "signature_name": "", "version": "1"}
    defs = body["metadata"]["signature_def"]["signature_def"]
    assert {k: d["method_name"] for k, d in defs.items()} == {
        "classify": "tensorflow/serving/classify", "regress": "tensorflow/serving/regress",
        "serving_default": "tensorflow/serving/predict"}
    assert defs["classify"]["inputs"] == {"inputs": {
        "dtype": "DT_FLOAT", "name": "classify_inputs:0",
        "tensor_shape": {"dim": [{"size": "-1", "name": ""}, {"size": "4", "name": ""}],
                         "unknown_rank": False}}}
    assert defs["classify"]["outputs"]["classes"]["dtype"] == "DT_STRING"
    assert defs["serving_default"]["outputs"]["class_ids"]["dtype"] == "DT_INT64"
    assert request(f"{server}/versions/1/metadata")[1] == body


# -- predict, classify, regress --------------------------------------------------------------

def _expected_probs():
    return _softmax(np.array(X, np.float32) @ make_serving.W + make_serving.B)


def test_predict_row_form(server):
    status, body = request(f"{server}:predict", {"instances": X})
    assert status == 200
    probs = _expected_probs()
    assert [p["class_ids"] for p in body["predictions"]] == probs.argmax(axis=1).tolist()
    np.testing.assert_allclose([p["probabilities"] for p in body["predictions"]], probs,
                               rtol=1e-6)
    named = request(f"{server}:predict", {"signature_name": "serving_default",
                                          "instances": [{"x": row} for row in X]})
    assert named == (200, body)


def test_predict_columnar_form(server):
    status, body = request(f"{server}:predict", {"inputs": {"x": X}})
    assert status == 200
    assert body["outputs"]["class_ids"] == _expected_probs().argmax(axis=1).tolist()
    np.testing.assert_allclose(body["outputs"]["probabilities"], _expected_probs(), rtol=1e-6)
    assert request(f"{server}:predict", {"inputs": X}) == (200, body)  # one input: bare value
    # a single-output signature answers the bare value
    status, reg = request(f"{server}:predict", {"signature_name": "regress", "inputs": X})
    assert status == 200
    np.testing.assert_allclose(reg["outputs"], (np.array(X, np.float32) @ make_serving.V
                                                + make_serving.C)[:, 0], rtol=1e-6)


def test_classify_with_examples_and_context(server):
    body = {"signature_name": "classify", "context": {"f0": 1.0},
            "examples": [{"f1": 2.0, "f2": [3.0, 4.0]}, {"f1": 0.0, "f2": [0.0, 0.0]}]}
    status, out = request(f"{server}:classify", body)
    assert status == 200
    want = _softmax(np.array([[1, 2, 3, 4], [1, 0, 0, 0]], np.float32) @ make_serving.W
                    + make_serving.B)
    assert [[pair[0] for pair in ex] for ex in out["result"]] == [["0", "1", "2"]] * 2
    np.testing.assert_allclose([[pair[1] for pair in ex] for ex in out["result"]], want,
                               rtol=1e-6)


def test_regress_with_examples(server):
    body = {"signature_name": "regress",
            "examples": [{"b": [2.0, 3.0], "a": [0.0, 1.0]}, {"a": [1, 1], "b": [1, 1]}]}
    status, out = request(f"{server}/versions/1:regress", body)
    assert status == 200
    rows = np.array([[0, 1, 2, 3], [1, 1, 1, 1]], np.float32)  # features in sorted name order
    np.testing.assert_allclose(out["result"], (rows @ make_serving.V + make_serving.C)[:, 0],
                               rtol=1e-6)


def test_strings_b64_in_and_text_out(tmp_path):
    base = tmp_path / "coding"
    base.mkdir()
    _version(base, 5, (FIXTURES / "coding.tflite").read_bytes())
    with ModelServer("coding", base, port=0, host="127.0.0.1") as srv:
        url = f"{srv.url}/v1/models/coding"
        b64 = base64.b64encode(b"1.5").decode()
        status, body = request(f"{url}:predict", {"signature_name": "decode",
                                                  "instances": [{"b64": b64}, "-2"]})
        assert (status, body) == (200, {"predictions": [1.5, -2.0]})
        status, body = request(f"{url}:predict", {"signature_name": "encode",
                                                  "inputs": {"x": [1, 2.5]}})
        assert (status, body) == (200, {"outputs": ["1.000000", "2.500000"]})
        status, body = request(f"{url}:predict", {"signature_name": "encode",
                                                  "instances": [{"b64": b64}]})
        assert status == 400 and "only for string inputs" in body["error"]
        assert request(url)[1]["model_version_status"][0]["version"] == "5"


# -- errors ----------------------------------------------------------------------------------

@pytest.mark.parametrize("body, status, message", [
    (b'{"instances": [[1, 2', 400, "JSON Parse error"),
    (b"[1, 2]", 400, "the request body must be a JSON object, got a list"),
    ({"signature_name": "nope", "instances": X}, 400,
     'Serving signature name: "nope" not found in signature def; the model has \'classify\', '
     "'regress', 'serving_default'"),
    ({"instances": [[1.0, 2.0, 3.0]]}, 400,
     "signature 'serving_default' input 'x': shape [1, 3] does not fit the input's shape "
     "signature [-1, 4]"),
    ({"instances": X, "inputs": X}, 400, "only one of 'instances'"),
    ({"signature_name": "serving_default"}, 400, "Missing 'instances'"),
    ({"instances": [{"y": [1, 2, 3, 4]}]}, 400,
     "instances[0]: unknown input(s) 'y'; missing input(s) 'x'"),
    ({"instances": [[1, 2, 3, 4], [1, 2]]}, 400, "ragged"),
    ({"inputs": [["a", "b", "c", "d"]]}, 400, "expected numbers, got a string"),
])
def test_bad_predict_requests(server, body, status, message):
    raw = body if isinstance(body, bytes) else None
    got_status, got = request(f"{server}:predict", None if raw else body, raw=raw)
    assert got_status == status and message in got["error"], got


@pytest.mark.parametrize("verb, body, message", [
    (":classify", {"examples": [{"a": [1, 2, 3, 4]}]},
     "Expected classify signature method_name to be 'tensorflow/serving/classify'; signature "
     "'serving_default' has 'tensorflow/serving/predict'"),
    (":regress", {"signature_name": "classify", "examples": [{"a": [1, 2, 3, 4]}]},
     "Expected regress signature method_name"),
    (":classify", {"signature_name": "classify", "examples": [{"a": [1, 2, 3]}]},
     "each example gives 3 value(s), which do not fit the input's per-example shape [4]"),
    (":classify", {"signature_name": "classify", "context": {"a": 1},
                   "examples": [{"a": [1, 2, 3, 4]}]}, "also in 'context'"),
    (":regress", {"signature_name": "regress"}, "Missing 'examples'"),
    (":regress", {"signature_name": "regress", "examples": [{"a": [1, 2, 3, 4]}, {"a": [1]}]},
     "different numbers of values"),
])
def test_bad_classify_and_regress_requests(server, verb, body, message):
    status, got = request(f"{server}{verb}", body)
    assert status == 400 and message in got["error"], got


def test_bad_routes_and_methods(server):
    status, body = request(f"{server}:predict")  # GET
    assert status == 405 and "takes POST" in body["error"]
    status, body = request(f"{server}:explain", {"instances": X})
    assert status == 404 and "unknown verb ':explain'" in body["error"]
    status, body = request(server.replace("/v1/models/m", "/v2/x"))
    assert status == 404 and "Malformed request" in body["error"]
    status, body = request(f"{server}/labels/stable:predict", {"instances": X})
    assert status == 404 and "labels are not supported" in body["error"]


# -- versions and hot reload -----------------------------------------------------------------

def _scale_model(k):
    @interp.function(input_signature=[interp.TensorSpec([None], "float32", name="x")])
    def serving_default(x):
        return {"y": ops.multiply(x, np.float32(k))}

    return interp.Converter.from_functions([serving_default]).convert()


def test_new_version_under_load_is_served_with_no_failed_request(tmp_path):
    base = tmp_path / "scale"
    base.mkdir()
    _version(base, 1, _scale_model(1.0))
    with ModelServer("scale", base, port=0, host="127.0.0.1", poll_seconds=0.02,
                     num_interpreters=2) as srv:
        url = f"{srv.url}/v1/models/scale:predict"
        failures, seen, stop = [], [], threading.Event()

        def client():
            while not stop.is_set():
                status, body = request(url, {"instances": [3.0]})
                if status != 200 or body["predictions"] not in ([3.0], [6.0]):
                    failures.append((status, body))
                seen.append(body.get("predictions"))

        threads = [threading.Thread(target=client) for _ in range(4)]
        for t in threads:
            t.start()
        try:
            time.sleep(0.3)
            assert [3.0] in seen
            _version(base, 2, _scale_model(2.0))
            deadline = time.time() + 10
            while [6.0] not in seen[-8:] and time.time() < deadline:
                time.sleep(0.02)
            n = len(seen)
            while len(seen) < n + 20 and time.time() < deadline:
                time.sleep(0.02)
        finally:
            stop.set()
            for t in threads:
                t.join()
        assert failures == []
        assert seen[-1] == [6.0] and len(seen) > 40
        status, body = request(url.replace(":predict", ""))
        assert [(v["version"], v["state"]) for v in body["model_version_status"]] == [
            ("2", "AVAILABLE"), ("1", "END")]
        assert request(url.replace("scale:", "scale/versions/2:"), {"instances": [1.0]}) == (
            200, {"predictions": [2.0]})
        assert request(url.replace("scale:", "scale/versions/1:"), {"instances": [1.0]})[0] == 404


def test_in_flight_request_finishes_on_the_old_version(tmp_path):
    base = tmp_path / "scale"
    base.mkdir()
    _version(base, 1, _scale_model(1.0))
    manager = ModelManager("scale", base)
    assert manager.poll()
    old = manager.servable("scale")  # a request takes the servable at its start
    _version(base, 2, _scale_model(2.0))
    assert manager.poll()
    assert manager.servable("scale").version == 2
    assert old.run("serving_default", {"x": np.array([1.0], np.float32)})["y"].tolist() == [1.0]


def test_a_broken_version_is_retried_while_the_old_one_serves(tmp_path):
    base = tmp_path / "scale"
    base.mkdir()
    _version(base, 1, _scale_model(1.0))
    manager = ModelManager("scale", base)
    manager.poll()
    _version(base, 2, b"not a model")
    assert not manager.poll()
    assert manager.servable("scale").version == 1
    assert not manager.poll()  # unchanged: not loaded again
    status = manager.status("scale")["model_version_status"]
    assert [(v["version"], v["state"], v["status"]["error_code"]) for v in status] == [
        ("2", "END", "UNKNOWN"), ("1", "AVAILABLE", "OK")]
    assert "TFL3" in status[0]["status"]["error_message"]
    (base / "2" / "model.tflite").write_bytes(_scale_model(2.0))
    assert manager.poll() and manager.servable("scale").version == 2


def test_num_interpreters_run_requests_side_by_side(tmp_path):
    base = tmp_path / "scale"
    base.mkdir()
    _version(base, 1, _scale_model(2.0))
    manager = ModelManager("scale", base, num_interpreters=3)
    manager.poll()
    servable = manager.servable("scale")
    held = [servable._free.get() for _ in range(3)]  # three requests in flight at once
    assert len({id(next(iter(r.values()))._interpreter) for r in held}) == 3
    for runners in held:
        servable._free.put(runners)
    results = []
    threads = [threading.Thread(target=lambda v=v: results.append(
        (v, servable.run("serving_default", {"x": np.array([v], np.float32)})["y"].tolist())))
        for v in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [(v, [2.0 * v]) for v in range(12)]


def test_no_version_yet_is_404(tmp_path):
    with ModelServer("empty", tmp_path, port=0, host="127.0.0.1") as srv:
        status, body = request(f"{srv.url}/v1/models/empty:predict", {"instances": [1.0]})
        assert status == 404 and "no version of 'empty' is loaded yet" in body["error"]


# -- the command -----------------------------------------------------------------------------

def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_interp_serve_command(tmp_path):
    base = tmp_path / "m"
    base.mkdir()
    _version(base, 3, (FIXTURES / "serving.tflite").read_bytes())
    port = _free_port()
    cwd = os.path.dirname(os.path.dirname(interp.__file__))  # imports the interp under test
    proc = subprocess.Popen([sys.executable, "-m", "interp.cli", "serve", "--model_name", "m",
                             "--model_base_path", str(base), "--rest_api_port", str(port),
                             "--host", "127.0.0.1", "--num_interpreters", "2"],
                            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/v1/models/m"
        deadline = time.time() + 30
        while True:
            try:
                status, body = request(url)
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None and time.time() < deadline, proc.stdout.read()
                time.sleep(0.1)
        assert status == 200 and body["model_version_status"][0]["version"] == "3"
        status, body = request(f"{url}:regress", {"signature_name": "regress",
                                                  "examples": [{"x": [1, 1, 1, 1]}]})
        assert (status, body) == (200, {"result": [2.75]})
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        proc.stdout.close()
