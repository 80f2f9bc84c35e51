"""SQUEEZE, EXPAND_DIMS, TILE, BROADCAST_TO: golden tests against numpy's squeeze, expand_dims,
tile and broadcast_to (exact: values are only moved), with LiteRT cross-checks."""
import numpy as np
import pytest

from interp.errors import ModelError
from litert_op import litert_op
from movement_support import DTYPES, TILE_SIZES, assert_same, random_array, run1, strings

I32 = np.int32


def squeeze(x, dims=()):
    return run1("SQUEEZE", [x], {"squeeze_dims": list(dims)})


def expand(x, axis, index=I32, const=(1,)):
    return run1("EXPAND_DIMS", [x, np.array(axis, index)], const=const)


def tile(x, mult, index=I32, const=(1,)):
    return run1("TILE", [x, np.array(mult, index)], const=const)


def broadcast_to(x, shape, index=I32):
    return run1("BROADCAST_TO", [x, np.array(shape, index)], const=(1,))


@pytest.mark.parametrize("dtype", DTYPES)
def test_squeeze_expand_every_dtype(dtype):
    x = random_array(np.random.default_rng(0), dtype, (1, 3, 1, 2, 1))
    assert_same(squeeze(x), np.squeeze(x))
    assert_same(squeeze(x, [0, -1]), np.squeeze(x, axis=(0, 4)))
    assert_same(squeeze(x, [2]), np.squeeze(x, axis=2))
    for axis in (-6, -1, 0, 2, 5):
        assert_same(expand(x, axis), np.expand_dims(x, axis))


def test_squeeze_expand_edges():
    assert_same(squeeze(np.ones((1, 1), np.float32)), np.array(1, np.float32))
    assert_same(expand(np.float32(2), 0), np.array([2], np.float32))
    assert_same(expand(np.zeros((0, 2), np.int32), 1, index=np.int64),
                np.zeros((0, 1, 2), np.int32))
    s = strings((1, 3))
    assert_same(squeeze(s), s[0])
    assert_same(expand(s, -1), s[..., None])
    r = np.arange(3, dtype=np.float32)
    assert_same(expand(r, 1, const=()), r[:, None])
    x = np.ones((1, 3, 1), np.float32)
    assert_same(squeeze(x, [2]), litert_op("SQUEEZE", [x], {"squeeze_dims": [2]})[0])
    assert_same(expand(x, -2), litert_op("EXPAND_DIMS", [x, np.array(-2, I32)], const=(1,))[0])


def test_squeeze_expand_errors():
    x = np.zeros((1, 3), np.float32)
    with pytest.raises(ModelError, match=r"cannot squeeze dim 1 of input .*: its size is 3, not 1"):
        squeeze(x, [1])
    with pytest.raises(ModelError, match="squeeze_dims entry 2 is out of range for rank 2"):
        squeeze(x, [2])
    with pytest.raises(ModelError, match=r"axis 3 is out of range for rank 3 \(expected -3 to 2\)"):
        expand(x, 3)
    with pytest.raises(ModelError, match=r"axis \(input 1\) must hold one value"):
        expand(x, [0, 1])


# ---- TILE ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
def test_tile_every_dtype(dtype):
    rng = np.random.default_rng(1)
    for shape, mult in [((3,), (4,)), ((2, 3), (2, 1)), ((2, 1, 3), (1, 3, 2)),
                        ((1, 2, 1, 2), (2, 2, 2, 2)), ((2, 3), (0, 2))]:
        x = random_array(rng, dtype, shape)
        assert_same(tile(x, mult), np.tile(x, mult))


@pytest.mark.parametrize("n", TILE_SIZES)
def test_tile_sizes_around_the_tile(n):
    x = random_array(np.random.default_rng(n), np.float32, (2, n))
    assert_same(tile(x, [3, 2]), np.tile(x, (3, 2)))


def test_tile_edges_and_litert():
    assert_same(tile(np.zeros((0, 2), np.float32), [3, 2]), np.zeros((0, 4), np.float32))
    s = strings((2,))
    assert_same(tile(s, [3]), np.tile(s, 3))
    x = np.arange(6, dtype=np.int64).reshape(2, 3)
    assert_same(tile(x, [2, 2], index=np.int64, const=()), np.tile(x, (2, 2)))
    m = np.array([2, 3], I32)
    assert_same(tile(x, m), litert_op("TILE", [x, m], const=(1,))[0])


def test_tile_errors():
    with pytest.raises(ModelError, match=r"multiples \(input 1\) \[2\] must hold one non-negative "
                                         r"entry per dim"):
        tile(np.zeros((2, 2), np.float32), [2])
    with pytest.raises(ModelError, match=r"\[-1, 1\]"):
        tile(np.zeros((2, 2), np.float32), [-1, 1])
    # rank 7 tiled: 14 dims that cannot merge, more than the strided copy takes
    with pytest.raises(ModelError, match="needs a copy over 14 separate dims; interp supports 12"):
        tile(np.zeros((2,) * 7, np.float32), [2] * 7)


# ---- BROADCAST_TO --------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
def test_broadcast_to_every_dtype(dtype):
    rng = np.random.default_rng(2)
    for shape, to in [((), (3,)), ((3,), (2, 3)), ((2, 1), (2, 5)), ((1, 3, 1), (4, 2, 3, 5)),
                      ((2, 3), (2, 3)), ((1,), (0,)), ((1, 2), (3, 0, 2))]:
        x = random_array(rng, dtype, shape)
        assert_same(broadcast_to(x, to), np.broadcast_to(x, to))


@pytest.mark.parametrize("n", TILE_SIZES)
def test_broadcast_to_sizes_around_the_tile(n):
    x = random_array(np.random.default_rng(n), np.float32, (n, 1))
    assert_same(broadcast_to(x, [2, n, n]), np.broadcast_to(x, (2, n, n)))


def test_broadcast_to_strings_and_litert():
    s = strings((1, 2))
    assert_same(broadcast_to(s, [3, 2]), np.broadcast_to(s, (3, 2)))
    x = np.arange(3, dtype=np.float32).reshape(3, 1)
    to = np.array([2, 3, 4], I32)
    want = litert_op("BROADCAST_TO", [x, to], const=(1,))[0]
    assert_same(broadcast_to(x, to, index=np.int64), want)


def test_broadcast_to_errors():
    with pytest.raises(ModelError, match=r"cannot broadcast input .*\[2,3\].* to shape \[3, 3\]"):
        broadcast_to(np.zeros((2, 3), np.float32), [3, 3])
    with pytest.raises(ModelError, match=r"to shape \[3\]"):
        broadcast_to(np.zeros((2, 3), np.float32), [3])
