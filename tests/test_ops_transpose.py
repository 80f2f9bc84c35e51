"""TRANSPOSE: golden tests against numpy's ``np.transpose`` (exact: values are only moved), and a
cross-check with LiteRT's reference kernel."""
import itertools

import numpy as np
import pytest

from interp.errors import ModelError
from litert_op import litert_op
from movement_support import DTYPES, TILE_SIZES, assert_same, random_array, run1, strings


def transpose(x, perm, index=np.int32, const=(1,)):
    return run1("TRANSPOSE", [x, np.array(perm, index)], const=const)


def test_hand_worked():
    x = np.array([[1, 2, 3], [4, 5, 6]], np.float32)
    assert_same(transpose(x, [1, 0]), np.array([[1, 4], [2, 5], [3, 6]], np.float32))
    # NaN, inf and -0.0 move bit for bit.
    x = np.array([[np.nan, -0.0], [np.inf, -np.inf]], np.float32)
    out = transpose(x, [1, 0])
    assert np.signbit(out[1, 0]) and np.isnan(out[0, 0]) and out[0, 1] == np.inf


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("rank", [1, 2, 3, 4, 5, 6])
def test_every_permutation_every_dtype(dtype, rank):
    rng = np.random.default_rng(rank)
    shape = (2, 3, 4, 1, 3, 2)[:rank]
    x = random_array(rng, dtype, shape)
    perms = list(itertools.permutations(range(rank)))
    for perm in perms[:: max(1, len(perms) // 24)]:  # every perm up to rank 4, a sample beyond
        assert_same(transpose(x, perm), np.transpose(x, perm))


@pytest.mark.parametrize("n", TILE_SIZES)
@pytest.mark.parametrize("m", [1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 65])
def test_2d_sizes_around_the_tile(n, m):
    rng = np.random.default_rng(n * 100 + m)
    for dtype in (np.float32, np.int8, np.int16, np.int64):
        x = random_array(rng, dtype, (n, m))
        assert_same(transpose(x, [1, 0]), x.T)


@pytest.mark.parametrize("shape, perm", [
    ((1, 17, 4, 33), (0, 2, 1, 3)),   # [1,T,H,D] -> [1,H,T,D]: transformer heads
    ((2, 5, 3, 16), (0, 2, 3, 1)),
    ((3, 33, 17), (2, 1, 0)),
    ((2, 3, 4, 5, 6, 7), (5, 4, 3, 2, 1, 0)),
    ((1, 1, 1, 5), (3, 2, 1, 0)),
])
def test_model_shapes(shape, perm):
    x = random_array(np.random.default_rng(0), np.float32, shape)
    assert_same(transpose(x, perm), np.transpose(x, perm))


def test_int64_perm_strings_and_empty():
    x = np.arange(6, dtype=np.int32).reshape(2, 3)
    assert_same(transpose(x, [1, 0], index=np.int64), x.T)
    s = strings((2, 3, 2))
    assert_same(transpose(s, [2, 0, 1]), np.transpose(s, (2, 0, 1)))
    e = np.zeros((0, 3, 2), np.float32)
    assert_same(transpose(e, [2, 0, 1]), np.zeros((2, 0, 3), np.float32))
    assert_same(transpose(np.array(7.0, np.float32), []), np.array(7.0, np.float32))


def test_perm_computed_while_running():
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    assert_same(transpose(x, [1, 0], const=()), x.T)


@pytest.mark.parametrize("shape, perm", [((2, 3, 4), (1, 2, 0)), ((1, 4, 2, 3), (0, 2, 1, 3)),
                                         ((2, 3, 2, 2, 3), (4, 0, 3, 1, 2))])
def test_against_litert(shape, perm):
    x = random_array(np.random.default_rng(1), np.float32, shape)
    p = np.array(perm, np.int32)
    assert_same(transpose(x, perm), litert_op("TRANSPOSE", [x, p], const=(1,))[0])


def test_errors():
    x = np.zeros((2, 3), np.float32)
    with pytest.raises(ModelError, match=r"perm \(input 1\) \[0, 0\] is not a permutation of 0..1"):
        transpose(x, [0, 0])
    with pytest.raises(ModelError, match=r"perm \(input 1\) \[1, 0, 2\] is not a permutation"):
        transpose(x, [1, 0, 2])
    with pytest.raises(ModelError, match=r"\[-1, 0\] is not a permutation"):
        transpose(x, [-1, 0])  # LiteRT rejects negative entries too
    with pytest.raises(ModelError, match=r"perm \(input 1\) .* must be INT32 or INT64"):
        run1("TRANSPOSE", [x, np.array([1, 0], np.float32)], const=(1,))
    with pytest.raises(ModelError, match="output 0 .* has type INT32 but input 0 is FLOAT32"):
        run1("TRANSPOSE", [x, np.array([1, 0], np.int32)], const=(1,), output_types=[np.int32])
    with pytest.raises(ModelError, match="COMPLEX128.*supported: every type of 1, 2, 4 or 8"):
        transpose(np.zeros((2, 2), np.complex128), [1, 0])
