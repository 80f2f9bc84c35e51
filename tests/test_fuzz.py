"""Mutation fuzzing: files from anywhere never crash interp, never hang it, and every failure is an
``interp.InterpError``.

Oracle: the process boundary. Each mutant of the fixture models (tests/fuzz_mutators.py: byte flips,
truncations, splices, field-aware edits) is loaded, allocated and invoked in a worker process; a
worker dying (a signal: segfault, abort) is a crash, no answer within the timeout is a hang, any
exception that is not an InterpError is a bug. The campaign is deterministic (seeded).
``INTERP_FUZZ_MUTANTS`` / ``INTERP_FUZZ_SEED`` / ``INTERP_FUZZ_TIMEOUT`` override the size, seed and
per-mutant timeout (docs/robustness.md).
"""
import json
import os
import signal
import time
from pathlib import Path

import pytest

import fuzz_mutators as fm

MUTANTS = int(os.environ.get("INTERP_FUZZ_MUTANTS", "6000"))
SEED = int(os.environ.get("INTERP_FUZZ_SEED", "1"))
TIMEOUT = float(os.environ.get("INTERP_FUZZ_TIMEOUT", "10"))

# Every mutant that found a bug, stored as small patches of its corpus file
# (tests/fuzz_regressions.json: fixture, size, [offset, hex bytes] patches, what it must give now,
# the bug), run in a child process (one of them segfaulted). Each bug also has a direct unit test
# (test_verifier.py, test_sniff.py or the op's test file).
REGRESSIONS = json.loads((Path(__file__).parent / "fuzz_regressions.json").read_text())


def regression_bytes(entry):
    c = fm.corpus()
    data = bytearray(c.files[c.names.index(entry["fixture"])][:entry["size"]])
    for offset, hexbytes in entry["patches"]:
        patch = bytes.fromhex(hexbytes)
        data[offset:offset + len(patch)] = patch
    return bytes(data)


def test_mutants_are_deterministic_and_varied():
    a = [fm.mutant(7, i) for i in range(40)]
    assert a == [fm.mutant(7, i) for i in range(40)]
    assert len({data for _label, data in a}) > 30
    kinds = {label.split(":")[1].split("@")[0].split("-")[0] for label, _ in a}
    assert {"flip", "truncate", "splice", "field", "model"} <= kinds


def test_field_map_covers_the_schema():
    paths = {f.path for w in fm.corpus().maps for f in w.fields}
    for want in ("Tensor.shape[]", "Tensor.buffer", "Tensor.type", "Operator.opcode_index",
                 "Operator.inputs[]", "Operator.outputs[]", "Buffer.data.length",
                 "QuantizationParameters.scale[]", "QuantizationParameters.zero_point[]",
                 "Operator.builtin_options_type",
                 "FullyConnectedOptions.fused_activation_function", "WhileOptions.body_subgraph_index",
                 "TensorMap.tensor_index", "SignatureDef.subgraph_index"):
        assert want in paths, want


@pytest.mark.parametrize("entry", REGRESSIONS, ids=lambda e: "seed%d-mutant%d" % tuple(e["found_by"]))
def test_regressions(entry):
    assert fm.run_isolated(regression_bytes(entry)) == entry["expect"], entry["bug"]


def _crash_on_3_hang_on_5(data, seed):
    if seed == 3:
        os.kill(os.getpid(), signal.SIGSEGV)
    if seed == 5:
        time.sleep(60)
    if seed == 6:
        raise IndexError("boom")
    return "ok"


def test_harness_reports_crashes_hangs_and_other_exceptions():
    out = fm.run_mutants(0, 8, timeout=2.0, runner=_crash_on_3_hang_on_5)
    assert out.count == 8
    assert out.tally == {"ok": 5, "crash": 1, "hang": 1, "other": 1}
    kinds = sorted((kind, index) for kind, index, _label, _detail in out.failures)
    assert kinds == [("crash", 3), ("hang", 5), ("other", 6)]
    assert "IndexError: boom" in [d for k, _i, _l, d in out.failures if k == "other"][0]


def test_fuzz_campaign(capsys):
    out = fm.run_mutants(SEED, MUTANTS, timeout=TIMEOUT)
    with capsys.disabled():
        print("\n" + out.report())
    assert out.count == MUTANTS
    assert out.tally["crash"] == 0 and out.tally["hang"] == 0 and out.tally["other"] == 0, \
        out.report()
    assert set(out.tally) <= {"ok", "ModelError", "InputError", "KernelError", "StateError"}, \
        out.report()
    assert out.tally["ok"] > MUTANTS // 50  # mutants still reach the kernels
