"""DEPTH_TO_SPACE, SPACE_TO_DEPTH, SPACE_TO_BATCH_ND, BATCH_TO_SPACE_ND: golden tests against
numpy references written as TensorFlow documents the ops (pad / reshape / transpose / reshape /
crop; exact), with LiteRT cross-checks."""
import numpy as np
import pytest

from interp.errors import ModelError
from litert_op import litert_op
from movement_support import DTYPES, assert_same, random_array, run1

I32 = np.int32


def d2s(x, b):
    return run1("DEPTH_TO_SPACE", [x], {"block_size": b})


def s2d(x, b):
    return run1("SPACE_TO_DEPTH", [x], {"block_size": b})


def s2b(x, block, pads, const=(1, 2)):
    return run1("SPACE_TO_BATCH_ND", [x, np.array(block, I32), np.array(pads, I32).reshape(-1, 2)],
                const=const)


def b2s(x, block, crops, const=(1, 2)):
    return run1("BATCH_TO_SPACE_ND", [x, np.array(block, I32), np.array(crops, I32).reshape(-1, 2)],
                const=const)


def ref_d2s(x, b):
    n, h, w, c = x.shape
    return x.reshape(n, h, w, b, b, c // (b * b)).transpose(0, 1, 3, 2, 4, 5).reshape(
        n, h * b, w * b, c // (b * b))


def ref_s2d(x, b):
    n, h, w, c = x.shape
    return x.reshape(n, h // b, b, w // b, b, c).transpose(0, 1, 3, 2, 4, 5).reshape(
        n, h // b, w // b, b * b * c)


def ref_s2b(x, block, pads):
    m = len(block)
    padded = np.pad(x, [(0, 0)] + [tuple(p) for p in pads] + [(0, 0)] * (x.ndim - 1 - m))
    batch, rest = x.shape[0], x.shape[m + 1:]
    shape = [batch]
    for s, b in zip(padded.shape[1:m + 1], block):
        shape += [s // b, b]
    r = padded.reshape(shape + list(rest))
    perm = [2 + 2 * i for i in range(m)] + [0] + [1 + 2 * i for i in range(m)] + \
        list(range(1 + 2 * m, r.ndim))
    return r.transpose(perm).reshape([batch * int(np.prod(block))] + shape[1::2] + list(rest))


def ref_b2s(x, block, crops):
    m = len(block)
    nb = int(np.prod(block))
    batch, spatial, rest = x.shape[0] // nb, x.shape[1:m + 1], x.shape[m + 1:]
    r = x.reshape(list(block) + [batch] + list(x.shape[1:]))
    perm = [m]
    for i in range(m):
        perm += [m + 1 + i, i]
    perm += list(range(2 * m + 1, r.ndim))
    r = r.transpose(perm).reshape([batch] + [s * b for s, b in zip(spatial, block)] + list(rest))
    index = (slice(None),) + tuple(slice(a, r.shape[1 + i] - c) for i, (a, c) in enumerate(crops))
    return r[index]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("b", [1, 2, 3])
def test_depth_space_every_dtype(dtype, b):
    rng = np.random.default_rng(b)
    x = random_array(rng, dtype, (2, 3, 2, b * b * 5))
    y = d2s(x, b)
    assert_same(y, ref_d2s(x, b))
    assert_same(s2d(y, b), x)  # the inverse
    z = random_array(rng, dtype, (1, 2 * b, 3 * b, 17))
    assert_same(s2d(z, b), ref_s2d(z, b))


def test_depth_space_hand_worked_and_litert():
    x = np.arange(8, dtype=np.float32).reshape(1, 1, 2, 4)
    # pixel (0,0) holds 0..3 -> a 2x2 block [[0,1],[2,3]]; pixel (0,1) -> [[4,5],[6,7]]
    assert_same(d2s(x, 2), np.array([[[[0], [1], [4], [5]], [[2], [3], [6], [7]]]], np.float32))
    y = random_array(np.random.default_rng(0), np.float32, (2, 4, 6, 3))
    assert_same(s2d(y, 2), litert_op("SPACE_TO_DEPTH", [y], {"block_size": 2})[0])
    z = random_array(np.random.default_rng(1), np.int32, (1, 2, 3, 8))
    assert_same(d2s(z, 2), litert_op("DEPTH_TO_SPACE", [z], {"block_size": 2})[0])


def test_depth_space_errors():
    with pytest.raises(ModelError, match=r"depth 6 of input .* multiple of block_size\^2 = 4"):
        d2s(np.zeros((1, 1, 1, 6), np.float32), 2)
    with pytest.raises(ModelError, match="height 3 and width 4 .* multiples of block_size 2"):
        s2d(np.zeros((1, 3, 4, 1), np.float32), 2)
    with pytest.raises(ModelError, match="must have rank 4"):
        s2d(np.zeros((3, 4, 1), np.float32), 1)
    with pytest.raises(ModelError, match="block_size is 0"):
        d2s(np.zeros((1, 1, 1, 1), np.float32), 0)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape, block, pads", [
    ((1, 4, 4, 1), (2, 2), ((0, 0), (0, 0))),
    ((2, 3, 5, 2), (2, 3), ((1, 0), (0, 1))),
    ((1, 2, 2, 3), (2, 2), ((1, 1), (2, 0))),
    ((2, 5, 3), (3,), ((1, 0),)),            # 3-D: one spatial dim
    ((3, 4, 2), (2,), ((0, 0),)),
])
def test_space_batch_round_trip_every_dtype(dtype, shape, block, pads):
    rng = np.random.default_rng(len(shape))
    x = random_array(rng, dtype, shape)
    y = s2b(x, block, pads)
    assert_same(y, ref_s2b(x, block, pads))
    assert_same(b2s(y, block, pads), x)  # cropping the padding gives the input back
    assert_same(b2s(y, block, pads), ref_b2s(y, block, pads))


def test_batch_space_crops_and_litert():
    rng = np.random.default_rng(3)
    x = random_array(rng, np.float32, (8, 2, 3, 2))
    block, crops = np.array([2, 2], I32), np.array([[1, 2], [0, 3]], I32)
    want = litert_op("BATCH_TO_SPACE_ND", [x, block, crops], const=(1, 2))[0]
    assert_same(b2s(x, block, crops), want)
    assert_same(b2s(x, block, crops), ref_b2s(x, block, crops))
    z = random_array(rng, np.float32, (2, 3, 5, 1))
    block, pads = np.array([2, 3], I32), np.array([[1, 0], [2, 2]], I32)
    want = litert_op("SPACE_TO_BATCH_ND", [z, block, pads], const=(1, 2))[0]
    assert_same(s2b(z, block, pads, const=()), want)  # block and paddings known at run time only


def test_space_batch_errors():
    x = np.zeros((1, 3, 4, 1), np.float32)
    with pytest.raises(ModelError, match=r"spatial dim 1 of input .* padded by \[0, 0\] is not a "
                                         r"multiple of block 2"):
        s2b(x, [2, 2], [[0, 0], [0, 0]])
    with pytest.raises(ModelError, match=r"batch 3 of input .* multiple of the block count 4"):
        b2s(np.zeros((3, 1, 1, 1), np.float32), [2, 2], [[0, 0], [0, 0]])
    with pytest.raises(ModelError, match=r"crops \[2, 1\] of spatial dim 1 exceed its size 2"):
        b2s(np.zeros((4, 1, 1, 1), np.float32), [2, 2], [[2, 1], [0, 0]])
