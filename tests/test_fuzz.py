"""Mutation fuzzing: files from anywhere never crash interp, never hang it, and every failure is an
``interp.InterpError``.

Oracle: the process boundary. Each mutant of the fixture models (tests/fuzz_mutators.py: byte flips,
truncations, splices, field-aware edits) is loaded, allocated and invoked in a worker process; a
worker dying (a signal: segfault, abort) is a crash, no answer within the timeout is a hang, any
exception that is not an InterpError is a bug. The campaign is deterministic (seeded).
``INTERP_FUZZ_MUTANTS`` / ``INTERP_FUZZ_SEED`` / ``INTERP_FUZZ_TIMEOUT`` override the size, seed and
per-mutant timeout (docs/robustness.md).
"""
import os
import signal
import time

import pytest

import fuzz_mutators as fm

MUTANTS = int(os.environ.get("INTERP_FUZZ_MUTANTS", "6000"))
SEED = int(os.environ.get("INTERP_FUZZ_SEED", "1"))
TIMEOUT = float(os.environ.get("INTERP_FUZZ_TIMEOUT", "10"))

# Mutants that found bugs: (seed, index) -> what they must give now (an InterpError class name).
REGRESSIONS = {
    (2, 5067): "ModelError",  # sparsity flag on a constant: numpy ValueError in the executor
    (1, 1379): "ModelError",  # zero point beyond int64->int32: OverflowError in get_input_details
    (1, 1560): "ModelError",
    (1, 2761): "ModelError",
    (4, 16794): "ModelError",  # PACK and SPLIT_V write one tensor: heap overflow, segfault at exit
    (3, 3843): "ModelError",  # shapes of 4-12 GiB computed in prepare: numpy MemoryError
    (3, 15743): "ModelError",
    (4, 11649): "ModelError",
    (3, 10930): "ok",  # FlexDenseBincount with size 0, 2-D input with no columns: numpy ValueError
    (4, 14677): "ModelError",
    (4, 410): "ModelError",  # FlexDenseBincount size not a scalar: numpy ValueError
    (5, 11374): "ModelError",  # WHILE body input listed twice: ValueError in copy_in
    (7, 151): "ModelError",  # an op writes a subgraph input: ValueError setting the input
    (6, 12755): "ModelError",  # CONCATENATION input -1: AttributeError
    (6, 3355): "ModelError",  # RESIZE to 5e8 rows: index table loop in prepare (MemoryError)
    (8, 3134): "ModelError",  # VAR_HANDLE output of shape [0]: IndexError
    (10, 6823): "ModelError",
    (8, 6879): "ModelError",  # a constant subgraph input: numpy "assignment destination is read-only"
    (10, 9147): "ModelError",
}
# (The mutants depend on the corpus: if fixtures are added, these regenerate other files; the
# unit tests in test_verifier.py / test_flex_dense_bincount.py pin each bug down directly.)


def test_mutants_are_deterministic_and_varied():
    a = [fm.mutant(7, i) for i in range(40)]
    assert a == [fm.mutant(7, i) for i in range(40)]
    assert len({data for _label, data in a}) > 30
    kinds = {label.split(":")[1].split("@")[0].split("-")[0] for label, _ in a}
    assert {"flip", "truncate", "splice", "field"} <= kinds


def test_field_map_covers_the_schema():
    paths = {f.path for w in fm.corpus().maps for f in w.fields}
    for want in ("Tensor.shape[]", "Tensor.buffer", "Tensor.type", "Operator.opcode_index",
                 "Operator.inputs[]", "Operator.outputs[]", "Buffer.data.length",
                 "QuantizationParameters.scale[]", "QuantizationParameters.zero_point[]",
                 "Operator.builtin_options_type",
                 "FullyConnectedOptions.fused_activation_function", "WhileOptions.body_subgraph_index",
                 "TensorMap.tensor_index", "SignatureDef.subgraph_index"):
        assert want in paths, want


@pytest.mark.parametrize("key", sorted(REGRESSIONS))
def test_regressions(key):
    seed, index = key
    _label, data = fm.mutant(seed, index)
    assert fm.run_one(data, seed + index) == REGRESSIONS[key]


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
