"""SLICE and STRIDED_SLICE: golden tests against numpy basic indexing (exact: values are only
moved). The STRIDED_SLICE reference turns the spec into a Python index tuple: the ellipsis bit is
``...``, a new_axis bit ``None``, a shrink bit the integer ``begin``, otherwise
``slice(begin or None, end or None, stride)`` with None where the begin/end mask bit is set; numpy
clamps out-of-range bounds the way LiteRT does. A random sample is also checked against LiteRT."""
import numpy as np
import pytest

from interp.errors import ModelError
from litert_op import litert_op
from movement_support import DTYPES, TILE_SIZES, assert_same, random_array, run1, strings

I32 = np.int32


# ---- SLICE -----------------------------------------------------------------------------------

def slice_op(x, begin, size, index=I32, const=(1, 2)):
    return run1("SLICE", [x, np.array(begin, index), np.array(size, index)], const=const)


def test_slice_hand_worked():
    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    assert_same(slice_op(x, [1, 1], [2, 2]), np.array([[5, 6], [9, 10]], np.float32))
    assert_same(slice_op(x, [1, 2], [-1, -1]), np.array([[6, 7], [10, 11]], np.float32))
    assert_same(slice_op(x, [0, 4], [3, 0]), np.zeros((3, 0), np.float32))
    assert_same(slice_op(x, [1, 0], [1, 4], index=np.int64), x[1:2])


@pytest.mark.parametrize("dtype", DTYPES)
def test_slice_random_every_dtype(dtype):
    rng = np.random.default_rng(3)
    for shape in [(17,), (4, 33), (2, 3, 16), (2, 3, 4, 5), (1, 2, 3, 4, 5, 2)]:
        x = random_array(rng, dtype, shape)
        begin = [int(rng.integers(0, n + 1)) for n in shape]
        size = [int(rng.integers(0, n - b + 1)) if rng.random() < 0.7 else -1
                for b, n in zip(begin, shape)]
        want = x[tuple(slice(b, None if s == -1 else b + s) for b, s in zip(begin, size))]
        assert_same(slice_op(x, begin, size), want)


def test_slice_strings_and_runtime_begin():
    s = strings((3, 4))
    assert_same(slice_op(s, [1, 1], [2, -1]), s[1:3, 1:])
    x = np.arange(10, dtype=np.int64)
    assert_same(slice_op(x, [3], [4], const=()), x[3:7])


def test_slice_against_litert():
    x = random_array(np.random.default_rng(4), np.float32, (3, 5, 7))
    b, s = np.array([1, 0, 2], I32), np.array([2, -1, 4], I32)
    assert_same(slice_op(x, b, s), litert_op("SLICE", [x, b, s], const=(1, 2))[0])


def test_slice_errors():
    x = np.zeros((3, 4), np.float32)
    with pytest.raises(ModelError, match=r"slice of dim 1 from 2 with size 3 does not fit input "
                                         r".*\[3,4\].* \(dim size 4\)"):
        slice_op(x, [0, 2], [1, 3])
    with pytest.raises(ModelError, match="from -1"):
        slice_op(x, [-1, 0], [1, 1])
    with pytest.raises(ModelError, match=r"must have one entry per dim"):
        slice_op(x, [0], [1])


# ---- STRIDED_SLICE ---------------------------------------------------------------------------

def strided(x, begin, end, steps, const=(1, 2, 3), **masks):
    inputs = [x, np.array(begin, I32), np.array(end, I32), np.array(steps, I32)]
    return run1("STRIDED_SLICE", inputs, options=masks, const=const)


def reference(x, begin, end, steps, begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0,
              shrink_axis_mask=0):
    index = []
    for k, (b, e, s) in enumerate(zip(begin, end, steps)):
        if ellipsis_mask >> k & 1:
            index.append(Ellipsis)
        elif new_axis_mask >> k & 1:
            index.append(None)
        elif shrink_axis_mask >> k & 1:
            index.append(b)
        else:
            index.append(slice(None if begin_mask >> k & 1 else b,
                               None if end_mask >> k & 1 else e, s))
    return x[tuple(index)]


def test_strided_hand_worked():
    x = np.arange(10, dtype=np.float32)
    assert_same(strided(x, [1], [8], [3]), np.array([1, 4, 7], np.float32))
    assert_same(strided(x, [8], [1], [-3]), np.array([8, 5, 2], np.float32))
    assert_same(strided(x, [-1], [0], [-1], end_mask=1), x[::-1])
    assert_same(strided(x, [0], [0], [-2], begin_mask=1, end_mask=1), x[::-2])
    assert_same(strided(x, [-100], [100], [1]), x)  # bounds clamp
    assert_same(strided(x, [5], [2], [1]), np.zeros(0, np.float32))  # empty
    m = np.arange(12, dtype=np.int32).reshape(3, 4)
    assert_same(strided(m, [1, 0], [2, 4], [1, 1], shrink_axis_mask=1), m[1])
    assert_same(strided(m, [-1, 0], [0, 4], [1, 1], shrink_axis_mask=3), m[-1, 0])
    assert_same(strided(m, [0, 1], [0, 3], [1, 1], new_axis_mask=1), m[None, 1:3])
    assert_same(strided(m, [0, 1], [0, 3], [1, 1], ellipsis_mask=1), m[..., 1:3])
    assert_same(strided(m, [2], [3], [1]), m[2:3])  # short spec: the rest whole


def test_strided_litert_quirks():
    # LiteRT 2.3.0, observed, where numpy would differ: an ellipsis takes a dim even when the rest
    # of the spec covers every dim (here x[..., ::3] is x[:, ::3], leaving dim 1 whole), and a
    # shrink dim with its begin_mask bit set takes the first element whatever begin says.
    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    assert_same(strided(x, [0, 0, 0], [0, 0, 0], [1, 1, 3], ellipsis_mask=1, end_mask=6), x)
    assert_same(strided(x, [2, 0], [3, 4], [1, 1], shrink_axis_mask=1, begin_mask=1), x[0])
    # A shrink index outside the dim makes LiteRT read out of bounds; interp refuses it.
    with pytest.raises(ModelError, match=r"shrink_axis index 7 \(spec position 0\) is out of "
                                         r"range for a dim of size 3"):
        strided(x, [7, 0], [8, 4], [1, 1], shrink_axis_mask=1)


def test_strided_offset_counts_end_from_begin():
    # LiteRT 2.3.0, observed: with offset, end is a size: begin 2, end 3 -> x[2:5]; begin -3 ->
    # x[7:9] for end 2.
    x = np.arange(10, dtype=np.float32)
    assert_same(strided(x, [2], [3], [1], offset=True), x[2:5])
    assert_same(strided(x, [-3], [2], [1], offset=True), x[7:9])
    assert_same(strided(x, [1], [7], [3], offset=True), x[1:8:3])
    with pytest.raises(ModelError, match="falls outside input"):  # LiteRT reads past the end
        strided(x, [8], [5], [1], offset=True)


def _random_spec(rng, rank):
    """A valid spec (begin, end, strides, masks) for a rank-``rank`` input, numpy-checkable."""
    while True:
        n = int(rng.integers(1, rank + 3))
        ell = int(rng.integers(0, n)) if rng.random() < 0.4 else -1
        new = [k != ell and rng.random() < 0.2 for k in range(n)]
        consumed = sum(1 for k in range(n) if k != ell and not new[k])
        if consumed > rank or (ell >= 0 and consumed == rank):
            continue  # LiteRT's ellipsis always takes a dim (see test_strided_litert_quirks)
        shrink = [k != ell and not new[k] and rng.random() < 0.25 for k in range(n)]
        return n, ell, new, shrink


def _masks(ell, new, shrink, bm, em):
    bits = lambda flags: sum(1 << k for k, f in enumerate(flags) if f)  # noqa: E731
    return dict(begin_mask=bits(bm), end_mask=bits(em), ellipsis_mask=(1 << ell) if ell >= 0 else 0,
                new_axis_mask=bits(new), shrink_axis_mask=bits(shrink))


def _dims_of_spec(n, ell, new, rank):
    """The input dim each spec position refers to (None for ellipsis / new axis)."""
    consumed = sum(1 for k in range(n) if k != ell and not new[k])
    dims, d = [], 0
    for k in range(n):
        if k == ell:
            dims.append(None)
            d += rank - consumed
        elif new[k]:
            dims.append(None)
        else:
            dims.append(d)
            d += 1
    return dims


@pytest.mark.parametrize("rank", [1, 2, 3, 4, 5])
def test_strided_random_masks_against_numpy(rank):
    rng = np.random.default_rng(rank)
    for trial in range(60):
        shape = tuple(int(v) for v in rng.integers(1, 7, size=rank))
        dtype = DTYPES[trial % len(DTYPES)]
        x = random_array(rng, dtype, shape)
        n, ell, new, shrink = _random_spec(rng, rank)
        dims = _dims_of_spec(n, ell, new, rank)
        begin, end, steps = [], [], []
        for k in range(n):
            size = shape[dims[k]] if dims[k] is not None else 1
            if shrink[k]:
                begin.append(int(rng.integers(-size, size)))
            else:
                begin.append(int(rng.integers(-size - 2, size + 3)))
            end.append(int(rng.integers(-size - 2, size + 3)))
            steps.append(int(rng.choice([-3, -2, -1, 1, 1, 2, 3])))
        bm = [rng.random() < 0.3 and not shrink[k] for k in range(n)]
        em = [rng.random() < 0.3 for _ in range(n)]
        masks = _masks(ell, new, shrink, bm, em)
        want = reference(x, begin, end, steps, **masks)
        assert_same(strided(x, begin, end, steps, **masks), want)


@pytest.mark.parametrize("mask", ["begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask",
                                  "shrink_axis_mask"])
@pytest.mark.parametrize("bit", [0, 1, 2])
def test_strided_each_mask_bit(mask, bit):
    x = random_array(np.random.default_rng(bit), np.int32, (4, 5, 6))
    begin, end, steps = [1, -4, 2], [3, 5, -1], [1, 2, -1]
    masks = {mask: 1 << bit}
    assert_same(strided(x, begin, end, steps, **masks), reference(x, begin, end, steps, **masks))


@pytest.mark.parametrize("n", TILE_SIZES)
def test_strided_sizes_around_the_tile(n):
    rng = np.random.default_rng(n)
    x = random_array(rng, np.float32, (3, n))
    assert_same(strided(x, [0, 1], [3, n], [1, 2]), x[:, 1:n:2])
    assert_same(strided(x, [2, -1], [0, 0], [-1, -1], end_mask=3), x[::-1, ::-1])


def test_strided_strings_runtime_and_empty():
    s = strings((3, 4))
    assert_same(strided(s, [2, 0], [0, 4], [-1, 2]), s[2:0:-1, 0:4:2])
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    assert_same(strided(x, [0, 1], [2, 3], [1, 1], const=()), x[0:2, 1:3])
    e = np.zeros((0, 3), np.float32)
    assert_same(strided(e, [0, 1], [0, 3], [1, 1]), e[0:0, 1:3])


def test_strided_against_litert_random():
    rng = np.random.default_rng(7)
    for trial in range(25):
        rank = int(rng.integers(1, 5))
        shape = tuple(int(v) for v in rng.integers(1, 6, size=rank))
        x = random_array(rng, np.float32, shape)
        n, ell, new, shrink = _random_spec(rng, rank)
        dims = _dims_of_spec(n, ell, new, rank)
        begin = [int(rng.integers(-s, s)) if shrink[k] else int(rng.integers(-s - 1, s + 2))
                 for k, s in enumerate(shape[d] if d is not None else 1 for d in dims)]
        end = [int(v) for v in rng.integers(-6, 7, size=n)]
        steps = [int(rng.choice([-2, -1, 1, 2])) for _ in range(n)]
        masks = _masks(ell, new, shrink, [rng.random() < 0.3 for _ in range(n)],
                       [rng.random() < 0.3 for _ in range(n)])  # shrink + begin_mask included
        ins = [x, np.array(begin, I32), np.array(end, I32), np.array(steps, I32)]
        want = litert_op("STRIDED_SLICE", ins, dict(masks, offset=False), const=(1, 2, 3))[0]
        assert_same(strided(x, begin, end, steps, **masks), want)


def test_strided_errors():
    x = np.zeros((3, 4), np.float32)
    with pytest.raises(ModelError, match="stride 1 is 0"):
        strided(x, [0, 0], [1, 1], [1, 0])
    with pytest.raises(ModelError, match="must have the same length"):
        strided(x, [0, 0], [1], [1, 1])
    with pytest.raises(ModelError, match=r"begin \(input 1\) .* must be INT32"):
        run1("STRIDED_SLICE", [x, np.array([0], np.int64), np.array([1], np.int64),
                               np.array([1], np.int64)], const=(1, 2, 3))
