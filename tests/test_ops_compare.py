"""EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL, LOGICAL_AND, LOGICAL_OR,
LOGICAL_NOT: golden tests (no model). Oracle: numpy's comparison and logical ufuncs (exact: the
outputs are booleans), hand-worked values, and LiteRT itself on random inputs."""
import numpy as np
import pytest

from elementwise_util import BROADCASTS, TILE_SIZES, random_operand
from interp.errors import ModelError
from kernel_runner import run_op
from litert_oracle import litert_run

F32, I32, I64, BOOL = np.float32, np.int32, np.int64, np.bool_
CMP = {"EQUAL": np.equal, "NOT_EQUAL": np.not_equal, "LESS": np.less, "LESS_EQUAL": np.less_equal,
       "GREATER": np.greater, "GREATER_EQUAL": np.greater_equal}
LOGICAL = {"LOGICAL_AND": np.logical_and, "LOGICAL_OR": np.logical_or}
TYPES = {op: (F32, I32, I64) + ((BOOL,) if op in ("EQUAL", "NOT_EQUAL") else ()) for op in CMP}
TYPES.update({op: (BOOL,) for op in LOGICAL})
REF = {**CMP, **LOGICAL}


def run(op, a, b):
    return run_op(op, [a, b], output_types=[BOOL])[0]


def test_float_comparisons_with_nan_inf_and_zeros():
    a = np.array([1, np.nan, np.nan, -0.0, np.inf, -np.inf, 2], F32)
    b = np.array([np.nan, 1, np.nan, 0.0, np.inf, np.inf, 1], F32)
    np.testing.assert_array_equal(run("EQUAL", a, b), [0, 0, 0, 1, 1, 0, 0])
    np.testing.assert_array_equal(run("NOT_EQUAL", a, b), [1, 1, 1, 0, 0, 1, 1])
    np.testing.assert_array_equal(run("LESS", a, b), [0, 0, 0, 0, 0, 1, 0])
    np.testing.assert_array_equal(run("LESS_EQUAL", a, b), [0, 0, 0, 1, 1, 1, 0])
    np.testing.assert_array_equal(run("GREATER", a, b), [0, 0, 0, 0, 0, 0, 1])
    np.testing.assert_array_equal(run("GREATER_EQUAL", a, b), [0, 0, 0, 1, 1, 0, 1])


def test_integer_extremes():
    for dt in (I32, I64):
        info = np.iinfo(dt)
        a = np.array([info.min, info.max, -1, 0], dt)
        b = np.array([info.max, info.min, 0, 0], dt)
        np.testing.assert_array_equal(run("LESS", a, b), [1, 0, 1, 0])
        np.testing.assert_array_equal(run("GREATER_EQUAL", a, b), [0, 1, 0, 1])


def test_bool_and_logical_truth_tables():
    a = np.array([False, False, True, True])
    b = np.array([False, True, False, True])
    np.testing.assert_array_equal(run("EQUAL", a, b), [1, 0, 0, 1])
    np.testing.assert_array_equal(run("NOT_EQUAL", a, b), [0, 1, 1, 0])
    np.testing.assert_array_equal(run("LOGICAL_AND", a, b), [0, 0, 0, 1])
    np.testing.assert_array_equal(run("LOGICAL_OR", a, b), [0, 1, 1, 1])
    np.testing.assert_array_equal(run_op("LOGICAL_NOT", [a])[0], [1, 1, 0, 0])
    np.testing.assert_array_equal(run_op("LOGICAL_NOT", [np.zeros((0, 3), BOOL)])[0].shape, (0, 3))


def test_strings_equal_not_equal():
    a = np.array([[b"a", b"bb", b""], [b"x", b"\x00", b"abc"]], object)
    b = np.array([b"a", b"b", b""], object)
    np.testing.assert_array_equal(run("EQUAL", a, b), [[1, 0, 1], [0, 0, 0]])
    np.testing.assert_array_equal(run("NOT_EQUAL", a, b), [[0, 1, 0], [1, 1, 1]])
    s = np.array(b"abc", object)  # scalar, as a constant too
    np.testing.assert_array_equal(run_op("EQUAL", [a, s], output_types=[BOOL], const=(1,))[0],
                                  [[0, 0, 0], [0, 0, 1]])


def test_strings_against_litert():
    a = np.array([b"a", b"bb", b"", b"abc"], object)
    b = np.array([b"a", b"b", b"", b"abd"], object)
    for op in ("EQUAL", "NOT_EQUAL"):
        np.testing.assert_array_equal(run(op, a, b), litert_run(op, [a, b], output_types=[BOOL])[0])


@pytest.mark.parametrize("op", sorted(REF))
@pytest.mark.parametrize("n", TILE_SIZES)
def test_tile_sizes_random(op, n):
    rng = np.random.default_rng(n)
    for dtype in TYPES[op]:
        a = random_operand(rng, dtype, (n,))
        b = a.copy()
        b[::3] = random_operand(rng, dtype, b[::3].shape)  # some equal pairs, some not
        for x, y in ((a, b), (a, b[:1].reshape(())), (b[:1].reshape(()), a)):
            got = run(op, x, y)
            assert got.dtype == BOOL
            np.testing.assert_array_equal(got, REF[op](x, y))


@pytest.mark.parametrize("a_shape, b_shape", BROADCASTS)
@pytest.mark.parametrize("op", ["LESS", "EQUAL", "LOGICAL_OR"])
def test_broadcasting_random(op, a_shape, b_shape):
    rng = np.random.default_rng(len(a_shape) * 5 + len(b_shape))
    for dtype in TYPES[op]:
        a = random_operand(rng, dtype, a_shape)
        b = random_operand(rng, dtype, b_shape)
        got, want = run(op, a, b), REF[op](a, b)
        assert got.shape == want.shape
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("op", sorted(REF))
def test_against_litert_random(op):
    rng = np.random.default_rng(5)
    for dtype in TYPES[op]:
        a = random_operand(rng, dtype, (2, 3, 17))
        b = random_operand(rng, dtype, (3, 1))
        if dtype == F32:
            a.reshape(-1)[:3] = [np.nan, np.inf, -0.0]
        np.testing.assert_array_equal(run(op, a, b),
                                      litert_run(op, [a, b], output_types=[BOOL])[0])


def test_errors():
    with pytest.raises(ModelError, match=r"LESS.*output 0 .* has type INT32; LESS gives BOOL"):
        run_op("LESS", [np.ones(2, F32)] * 2, output_types=[I32])
    with pytest.raises(ModelError, match=r"BOOL, which LESS does not support; supported: "
                                         r"FLOAT32, INT32, INT64$"):
        run("LESS", np.ones(2, BOOL), np.ones(2, BOOL))
    with pytest.raises(ModelError, match=r"quantized UINT8 GREATER is not supported yet"):
        run("GREATER", np.ones(2, np.uint8), np.ones(2, np.uint8))
    with pytest.raises(ModelError, match=r"FLOAT32, which LOGICAL_AND does not support"):
        run("LOGICAL_AND", np.ones(2, F32), np.ones(2, F32))
    with pytest.raises(ModelError, match=r"input 1 .* INT64 but input 0 is INT32"):
        run("EQUAL", np.ones(2, I32), np.ones(2, I64))
    with pytest.raises(ModelError, match=r"cannot broadcast input shapes \[3\] and \[2\]"):
        run("EQUAL", np.ones(3, I32), np.ones(2, I32))
    with pytest.raises(ModelError, match=r"INT32, which LOGICAL_NOT does not support"):
        run_op("LOGICAL_NOT", [np.ones(2, I32)])
