"""TOPK_V2: golden tests of kernels/topk_v2.c through the op (no model), and LiteRT one-op models.
Exact comparisons. The numpy reference is a stable sort of the negated keys (NaN last), which gives
LiteRT's order: descending values, the lower index first among equals."""
import numpy as np
import pytest

from interp.errors import ModelError
from kernel_runner import run_op
from oneop import run_both, run_both_interpreters
from support import litert

TYPES = [np.float32, np.int32, np.int64]
nan, inf = np.nan, np.inf


def topk(x, k, const=(1,), k_type=np.int32):
    return run_op("TOPK_V2", [x, np.asarray(k, k_type)], const=const,
                  output_types=[x.dtype, np.int32])


def reference(x, k):
    if x.dtype == np.float32:
        key = np.where(np.isnan(x), np.inf, -x.astype(np.float64))
    else:
        key = -x.astype(object)  # exact for INT64 extremes
        key = np.argsort(np.argsort(key, axis=-1, kind="stable"), axis=-1)  # ranks
    idx = np.argsort(key, axis=-1, kind="stable")[..., :k]
    return np.take_along_axis(x, idx, axis=-1), idx.astype(np.int32)


def test_hand_worked():
    # LiteRT 2.3.0's answers (observed).
    v = np.array([[1, 3, 3, nan, 2, 3, -inf, inf]], np.float32)
    values, idx = topk(v, [3])
    np.testing.assert_array_equal(values, [[inf, 3, 3]])
    np.testing.assert_array_equal(idx, [[7, 1, 2]])
    values, idx = topk(np.array([[1, 3, 3, 5, 2, 3, 7, 0]], np.float32), [5])
    np.testing.assert_array_equal(values, [[7, 5, 3, 3, 3]])
    np.testing.assert_array_equal(idx, [[6, 3, 1, 2, 5]])
    values, idx = topk(np.array([[1, nan, 3, nan, 2]], np.float32), [5])
    np.testing.assert_array_equal(values, [[3, 2, 1, nan, nan]])
    np.testing.assert_array_equal(idx, [[2, 4, 0, 1, 3]])
    values, idx = topk(np.array([5, 9, 1], np.int64), 2)  # a scalar k is accepted too
    np.testing.assert_array_equal(values, [9, 5])
    np.testing.assert_array_equal(idx, [1, 0])
    values, idx = topk(np.array([[1, 2]], np.float32), [0])
    assert values.shape == idx.shape == (1, 0)
    values, idx = topk(np.array([[-2**63, 2**63 - 1, -2**63]], np.int64), [3])
    np.testing.assert_array_equal(values, [[2**63 - 1, -2**63, -2**63]])
    np.testing.assert_array_equal(idx, [[1, 0, 2]])


@pytest.mark.parametrize("dtype", TYPES)
@pytest.mark.parametrize("n", [1, 2, 7, 8, 9, 16, 17, 33, 65, 200])
def test_random(dtype, n):
    rng = np.random.default_rng(n)
    if dtype == np.float32:
        x = rng.standard_normal((3, n)).astype(np.float32)
        x[rng.random(x.shape) < 0.2] = 0.5  # ties
        x[rng.random(x.shape) < 0.05] = nan
    else:
        x = rng.integers(-5, 5, size=(3, n)).astype(dtype)
    for k in sorted({0, 1, n // 3, n // 2, n - 1, n} - {-1}):
        values, idx = topk(x, [k])
        want_v, want_i = reference(x, k)
        np.testing.assert_array_equal(idx, want_i)
        np.testing.assert_array_equal(values, want_v)


def test_int16_k():
    values, idx = topk(np.array([3, 1, 2], np.int32), [2], k_type=np.int16)  # LiteRT takes it too
    np.testing.assert_array_equal(idx, [0, 2])


def test_ranks():
    x = np.random.default_rng(0).standard_normal((2, 3, 9)).astype(np.float32)
    values, idx = topk(x, [4])
    assert values.shape == idx.shape == (2, 3, 4)
    np.testing.assert_array_equal(idx, reference(x, 4)[1])
    values, idx = topk(np.zeros((0, 5), np.float32), [2])
    assert values.shape == (0, 2)


def test_k_computed_while_running():
    values, idx = topk(np.array([3, 1, 2], np.int32), [2], const=())
    np.testing.assert_array_equal(idx, [0, 2])


@pytest.mark.parametrize("dtype", TYPES)
def test_against_litert(dtype):
    litert()
    rng = np.random.default_rng(7)
    x = (rng.standard_normal((4, 33)) * 4).astype(dtype)
    for k in (1, 5, 33):
        theirs, ours = run_both("TOPK_V2", [x, np.array([k], np.int32)],
                                [(dtype, (4, k)), (np.int32, (4, k))], const=(1,))
        np.testing.assert_array_equal(ours[0], theirs[0])
        np.testing.assert_array_equal(ours[1], theirs[1])


def test_model_against_litert():
    # Two outputs through the whole path (a .tflite file and interp.Interpreter).
    litert()
    x = np.random.default_rng(9).standard_normal((3, 40)).astype(np.float32)
    theirs, ours = run_both_interpreters("TOPK_V2", [x, np.array([6], np.int32)],
                                         [(np.float32, (3, 6)), (np.int32, (3, 6))], const=(1,))
    np.testing.assert_array_equal(ours[0], theirs[0])
    np.testing.assert_array_equal(ours[1], theirs[1])


def test_errors():
    x = np.ones((2, 3), np.float32)
    with pytest.raises(ModelError, match=r"k = 4 is outside \[0, 3\]"):
        topk(x, [4])
    with pytest.raises(ModelError, match=r"k = -1 is outside"):
        topk(x, [-1])
    with pytest.raises(ModelError, match=r"must be one INT32 \(or INT16\) value"):
        topk(x, [1], k_type=np.int64)
    with pytest.raises(ModelError, match="must have rank >= 1"):
        topk(np.array(1.0, np.float32), [1])
    with pytest.raises(ModelError, match="quantized INT16 TOPK_V2 is not supported yet"):
        topk(np.ones(3, np.int16), [1])
    with pytest.raises(ModelError, match=r"output 1 \(indices\) .* INT64, which TOPK_V2"):
        run_op("TOPK_V2", [x, np.array([1], np.int32)], const=(1,),
               output_types=[np.float32, np.int64])
