"""GATHER, GATHER_ND, ONE_HOT: golden tests against numpy (``np.take``, advanced indexing, a
one-hot built with ``==``; exact), with LiteRT cross-checks. An out-of-range index must fail the
run with a KernelError naming the node and the index, never crash."""
import numpy as np
import pytest

from interp.errors import KernelError, ModelError
from litert_op import litert_op
from movement_support import DTYPES, TILE_SIZES, assert_same, random_array, run1, strings

I32, I64 = np.int32, np.int64


def gather(x, idx, axis=0, batch_dims=0, const=()):
    return run1("GATHER", [x, idx], {"axis": axis, "batch_dims": batch_dims}, const=const)


def take_batched(x, idx, axis, bd):
    """numpy reference with batch_dims: np.take per batch element."""
    if bd == 0:
        return np.take(x, idx, axis=axis)
    return np.stack([take_batched(x[i], idx[i], axis - 1, bd - 1) for i in range(x.shape[0])])


def test_gather_hand_worked():
    x = np.array([[1, 2], [3, 4], [5, 6]], np.float32)
    assert_same(gather(x, np.array([2, 0, 2], I32)), np.array([[5, 6], [1, 2], [5, 6]], np.float32))
    assert_same(gather(x, np.array([[1], [0]], I64), axis=1),
                np.array([[[2], [1]], [[4], [3]], [[6], [5]]], np.float32))
    assert_same(gather(x, np.array(1, I32)), np.array([3, 4], np.float32))  # scalar index
    assert_same(gather(x, np.zeros(0, I32)), np.zeros((0, 2), np.float32))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("index", [np.int16, I32, I64])  # LiteRT takes INT16 positions too
def test_gather_random_every_dtype(dtype, index):
    rng = np.random.default_rng(5)
    x = random_array(rng, dtype, (4, 5, 3))
    for axis in (0, 1, 2, -1, -2):
        n = x.shape[axis]
        idx = rng.integers(0, n, size=(2, 3)).astype(index)
        assert_same(gather(x, idx, axis), np.take(x, idx, axis=axis))


@pytest.mark.parametrize("axis, bd, ibd", [(1, 1, 1), (2, 1, 1), (2, 2, 2), (3, 2, 2),
                                           (-1, -1, 2)])  # -1 counts from the indices' rank
def test_gather_batch_dims(axis, bd, ibd):
    rng = np.random.default_rng(axis + 7 * ibd + 20)
    x = random_array(rng, np.float32, (2, 3, 4, 5))
    idx = rng.integers(0, x.shape[axis], size=x.shape[:ibd] + (3,)).astype(I32)
    want = take_batched(x, idx, axis % 4, ibd)
    assert_same(gather(x, idx, axis, bd), want)
    assert_same(gather(x, idx, axis, bd),
                litert_op("GATHER", [x, idx], {"axis": axis, "batch_dims": bd})[0])


@pytest.mark.parametrize("n", TILE_SIZES)
def test_gather_rows_around_the_tile(n):
    rng = np.random.default_rng(n)
    table = random_array(rng, np.float32, (50, n))  # an embedding table
    idx = rng.integers(0, 50, size=(7,)).astype(I32)
    assert_same(gather(table, idx, const=(0,)), table[idx])


def test_gather_int16_positions_against_litert():
    x = random_array(np.random.default_rng(4), np.float32, (5, 3))
    idx = np.array([4, 0, 4, 2], np.int16)
    want = litert_op("GATHER", [x, idx], {"axis": 0, "batch_dims": 0})[0]
    assert_same(gather(x, idx), want)


def test_gather_strings_and_litert():
    s = strings((4, 2))
    assert_same(gather(s, np.array([3, 3, 0], I32)), s[[3, 3, 0]])
    x = random_array(np.random.default_rng(0), np.int32, (5, 4))
    idx = np.array([[3, 0], [1, 1]], I64)
    assert_same(gather(x, idx, 1), litert_op("GATHER", [x, idx], {"axis": 1, "batch_dims": 0})[0])


@pytest.mark.parametrize("bad", [5, -1, 2**31 - 1])
def test_gather_out_of_range_index_is_a_kernel_error(bad):
    x = np.arange(10, dtype=np.float32).reshape(5, 2)
    idx = np.array([[0, 1], [bad, 2]], I32)
    with pytest.raises(KernelError, match=rf"test node 0 \(GATHER\): index {bad} at position "
                                          rf"\[1, 0\] of indices .* out of range for an axis of "
                                          rf"size 5"):
        gather(x, idx)
    with pytest.raises(KernelError, match=rf"index {bad} at position \[1\]"):
        gather(strings((5,)), np.array([0, bad], I64))


def test_gather_errors():
    x = np.zeros((3, 2), np.float32)
    with pytest.raises(ModelError, match=r"indices .* must be one of INT16, INT32, INT64"):
        gather(x, np.array([0], np.float32))
    with pytest.raises(ModelError, match="axis 2 is out of range for rank 2"):
        gather(x, np.array([0], I32), axis=2)
    with pytest.raises(ModelError, match="batch_dims 1 does not fit"):
        gather(x, np.array([0], I32), axis=0, batch_dims=1)


# ---- GATHER_ND -----------------------------------------------------------------------------------

def gather_nd(x, idx):
    return run1("GATHER_ND", [x, idx])


def reference_nd(x, idx):
    k = idx.shape[-1]
    flat = idx.reshape(-1, k)
    out = np.zeros((flat.shape[0],) + x.shape[k:], x.dtype)
    for i, row in enumerate(flat):
        out[i] = x[tuple(row)]
    return out.reshape(idx.shape[:-1] + x.shape[k:])


def test_gather_nd_hand_worked():
    x = np.array([[1, 2], [3, 4]], np.int32)
    assert_same(gather_nd(x, np.array([[0, 0], [1, 1]], I32)), np.array([1, 4], np.int32))
    assert_same(gather_nd(x, np.array([[1], [0]], I64)), np.array([[3, 4], [1, 2]], np.int32))
    assert_same(gather_nd(x, np.array([1, 0], I32)), np.array(3, np.int32))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("index", [np.int16, I32, I64])
def test_gather_nd_random_every_dtype(dtype, index):
    rng = np.random.default_rng(9)
    x = random_array(rng, dtype, (3, 4, 5))
    for k in (1, 2, 3):
        idx = np.stack([rng.integers(0, x.shape[j], size=(2, 3)) for j in range(k)], -1)
        idx = idx.astype(index)
        assert_same(gather_nd(x, idx), reference_nd(x, idx))


def test_gather_nd_strings_and_litert():
    s = strings((3, 2))
    idx = np.array([[2, 1], [0, 0]], I32)
    assert_same(gather_nd(s, idx), reference_nd(s, idx))
    x = random_array(np.random.default_rng(1), np.float32, (4, 3, 2))
    idx = np.array([[[3, 1]], [[0, 2]]], I64)
    assert_same(gather_nd(x, idx), litert_op("GATHER_ND", [x, idx])[0])


def test_gather_nd_out_of_range_and_errors():
    x = np.zeros((3, 4), np.float32)
    with pytest.raises(KernelError, match=r"GATHER_ND\): index 4 at position \[1, 1\] of indices "
                                          r".* out of range for dim 1 of params .* \(size 4\)"):
        gather_nd(x, np.array([[0, 0], [2, 4]], I32))
    with pytest.raises(KernelError, match=r"index -1 at position \[0, 0\]"):
        gather_nd(strings((3,)), np.array([[-1]], I64))
    with pytest.raises(ModelError, match=r"indices .* address 3 dims but params .* has 2"):
        gather_nd(x, np.array([[0, 0, 0]], I32))


# ---- ONE_HOT -------------------------------------------------------------------------------------

def one_hot(idx, depth, on, off, axis=-1, const=(1,)):
    on, off = np.asarray(on), np.asarray(off)
    return run1("ONE_HOT", [idx, np.array(depth, I32), on, off], {"axis": axis}, const=const,
                output_types=[on.dtype])


def reference_one_hot(idx, depth, on, off, axis):
    hot = idx[..., None] == np.arange(depth)
    out = np.where(hot, on, off).astype(np.asarray(on).dtype)
    return np.moveaxis(out, -1, axis if axis >= 0 else out.ndim + axis)


def test_one_hot_hand_worked():
    idx = np.array([0, 2, -1, 3], I32)  # -1 and 3 are outside depth 3: rows of off
    want = np.array([[1, 0, 0], [0, 0, 1], [0, 0, 0], [0, 0, 0]], np.float32)
    assert_same(one_hot(idx, 3, np.float32(1), np.float32(0)), want)
    assert_same(one_hot(idx, 3, np.float32(1), np.float32(0), axis=0), want.T)


@pytest.mark.parametrize("dtype", [np.float32, np.int32, np.int64, np.bool_, np.int8, np.uint8])
@pytest.mark.parametrize("axis", [-1, 0, 1, 2])
def test_one_hot_every_dtype_and_axis(dtype, axis):
    rng = np.random.default_rng(axis + 2)
    idx = rng.integers(-1, 6, size=(3, 4)).astype(I64 if axis % 2 else I32)
    if dtype == np.bool_:
        on, off = np.array(True), np.array(False)
    else:
        on, off = np.array(7, dtype), np.array(3 if dtype == np.uint8 else -2, dtype)
    assert_same(one_hot(idx, 5, on, off, axis), reference_one_hot(idx, 5, on, off, axis))


@pytest.mark.parametrize("depth", [1, 15, 16, 17, 33])
def test_one_hot_depths_and_litert(depth):
    idx = np.arange(-1, 9, dtype=I32).reshape(2, 5)
    on, off = np.float32(0.5), np.float32(-0.25)
    got = one_hot(idx, depth, on, off)
    assert_same(got, reference_one_hot(idx, depth, on, off, -1))
    want = litert_op("ONE_HOT", [idx, np.array(depth, I32), np.array(on), np.array(off)],
                     {"axis": -1}, const=(1,))
    assert_same(got, want[0])


def test_one_hot_errors():
    idx = np.array([0], I32)
    with pytest.raises(ModelError, match=r"depth \(input 1\) must be one non-negative value"):
        one_hot(idx, -1, np.float32(1), np.float32(0))
    with pytest.raises(ModelError, match=r"off_value \(input 3\) .* INT32 but on_value "
                                         r"\(input 2\) is FLOAT32"):
        one_hot(idx, 2, np.float32(1), np.int32(0))
    with pytest.raises(ModelError, match=r"indices .* must be one of INT32, INT64"):
        one_hot(np.array([0.0], np.float32), 2, np.float32(1), np.float32(0))
