"""Requests per second of ``:predict`` through a live ``interp serve`` (a subprocess, one
interpreter) on the Keras two-layer dense model (tests/fixtures/dense.tflite), one example per
request.

* one client on one keep-alive connection: pytest-benchmark times each round trip (its OPS column
  is requests per second); the median goes to the summary via ``bench_support.record``;
* four clients at once for about two seconds: the requests per second are stored in the
  benchmark's ``extra_info`` (``--benchmark-json``) and printed.

With ``--benchmark-disable`` (the test suite's default) one request is sent as a smoke test.
No speed is asserted.
"""
import http.client
import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import threading
import time

import pytest

import interp
from bench_support import record

FIXTURES = pathlib.Path(__file__).parent.parent / "tests" / "fixtures"
CASE = "serve :predict dense (1 client)"
BODY = json.dumps({"instances": [[1.0, 2.0, 3.0, 4.0]]}).encode()
PATH = "/v1/models/dense:predict"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("serve") / "dense"
    (base / "1").mkdir(parents=True)
    shutil.copy(FIXTURES / "dense.tflite", base / "1" / "model.tflite")
    port = _free_port()
    cwd = os.path.dirname(os.path.dirname(interp.__file__))
    proc = subprocess.Popen([sys.executable, "-m", "interp.cli", "serve", "--model_name", "dense",
                             "--model_base_path", str(base), "--rest_api_port", str(port),
                             "--host", "127.0.0.1"], cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while True:
        try:
            if _post(http.client.HTTPConnection("127.0.0.1", port, timeout=30))[0] == 200:
                break
        except OSError:
            pass
        assert proc.poll() is None and time.time() < deadline, "interp serve did not start"
        time.sleep(0.1)
    yield port
    proc.terminate()
    proc.wait(timeout=30)


def _post(conn):
    conn.request("POST", PATH, body=BODY, headers={"Content-Type": "application/json"})
    resp = conn.getresponse()
    return resp.status, resp.read()


def _throughput(port, clients=4, seconds=2.0):
    counts, errors = [0] * clients, []
    stop = time.perf_counter() + seconds

    def client(i):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < stop:
            status, _ = _post(conn)
            if status != 200:
                errors.append(status)
            counts[i] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.perf_counter() - start), errors


def test_serve_predict_requests_per_second(benchmark, server):
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=30)
    status, data = _post(conn)
    assert status == 200 and len(json.loads(data)["predictions"][0]) == 3
    benchmark.group = "interp serve"
    benchmark(_post, conn)
    conn.close()
    record(benchmark, CASE, "interp")
    if not benchmark.disabled:
        rps, errors = _throughput(server)
        assert errors == []
        benchmark.extra_info["requests_per_second_4_clients"] = round(rps, 1)
        stats = benchmark.stats.stats
        benchmark.extra_info["requests_per_second_1_client"] = round(1 / stats.median, 1)
        print(f"\ninterp serve :predict: {1 / stats.median:.0f} req/s with 1 client "
              f"(median {stats.median * 1e3:.2f} ms), {rps:.0f} req/s with 4 clients")
