"""SHAPE, FILL, ZEROS_LIKE, RANGE: golden tests against numpy (exact; RANGE's float values are
LiteRT's running sum, checked against a float32 running sum and LiteRT itself)."""
import numpy as np
import pytest

from interp.errors import ModelError
from interp.ops import registry
from litert_op import litert_op
from movement_support import DTYPES, TILE_SIZES, assert_same, random_array, run1, strings


def test_shape_every_rank_and_type():
    for shape in [(), (0,), (3,), (2, 0, 4), (1, 2, 3, 4, 5, 6)]:
        x = np.zeros(shape, np.float32)
        assert_same(run1("SHAPE", [x], {"out_type": 2}, output_types=[np.int32]),
                    np.array(shape, np.int32))
        assert_same(run1("SHAPE", [x], {"out_type": 4}, output_types=[np.int64]),
                    np.array(shape, np.int64))
    assert_same(run1("SHAPE", [strings((2, 3))], {"out_type": 2}, output_types=[np.int32]),
                np.array([2, 3], np.int32))
    assert registry.lookup(77, None).SHAPE_ONLY is True
    x = np.zeros((2, 5), np.int8)
    assert_same(run1("SHAPE", [x], {"out_type": 4}, output_types=[np.int64]),
                litert_op("SHAPE", [x], {"out_type": 4}, output_types=[np.int64])[0])


def test_shape_errors():
    with pytest.raises(ModelError, match=r"output .* must be INT32 or INT64"):
        run1("SHAPE", [np.zeros(2, np.float32)], {"out_type": 0}, output_types=[np.float32])
    with pytest.raises(ModelError, match="out_type INT64 disagrees with output"):
        run1("SHAPE", [np.zeros(2, np.float32)], {"out_type": 4}, output_types=[np.int32])


@pytest.mark.parametrize("dtype", DTYPES)
def test_fill_and_zeros_like_every_dtype(dtype):
    rng = np.random.default_rng(0)
    value = random_array(rng, dtype, ())
    for dims in ([3], [2, 17], [0, 4], []):
        out = run1("FILL", [np.array(dims, np.int32), value], const=(0,), output_types=[dtype])
        assert_same(out, np.full(dims, value, np.dtype(dtype)))
    x = random_array(rng, dtype, (3, 5))
    assert_same(run1("ZEROS_LIKE", [x]), np.zeros_like(x))


@pytest.mark.parametrize("n", TILE_SIZES)
def test_fill_sizes_around_the_tile(n):
    out = run1("FILL", [np.array([n], np.int64), np.float32(-0.0)],  # dims at run time too
               output_types=[np.float32])
    assert_same(out, np.full(n, -0.0, np.float32))
    assert np.signbit(out).all()


def test_fill_strings_nan_and_litert():
    s = np.array(b"ab", dtype=object)
    assert_same(run1("FILL", [np.array([2, 2], np.int32), s], const=(0,), output_types=[object]),
                np.full((2, 2), b"ab", dtype=object))
    assert np.isnan(run1("FILL", [np.array([3], np.int32), np.float32(np.nan)],
                         output_types=[np.float32])).all()
    dims, v = np.array([2, 3], np.int32), np.array(7, np.int64)
    assert_same(run1("FILL", [dims, v], const=(0,), output_types=[np.int64]),
                litert_op("FILL", [dims, v], const=(0,), output_types=[np.int64])[0])


def test_fill_errors():
    with pytest.raises(ModelError, match=r"dims \(input 0\) \[-1\] must not be negative"):
        run1("FILL", [np.array([-1], np.int32), np.float32(1)], const=(0,),
             output_types=[np.float32])
    with pytest.raises(ModelError, match=r"value \(input 1\) .* must hold one value"):
        run1("FILL", [np.array([2], np.int32), np.ones(2, np.float32)], const=(0,),
             output_types=[np.float32])
    with pytest.raises(ModelError, match=r"output 0 .* INT32 but value \(input 1\) is FLOAT32"):
        run1("FILL", [np.array([2], np.int32), np.float32(1)], const=(0,))
    with pytest.raises(ModelError, match="STRING.*ZEROS_LIKE does not support"):
        run1("ZEROS_LIKE", [strings((2,))])


# ---- RANGE ---------------------------------------------------------------------------------------

def range_op(start, limit, delta, dtype, const=(0, 1, 2)):
    return run1("RANGE", [dtype(start), dtype(limit), dtype(delta)], const=const)


def running_sum(start, delta, n, dtype):
    out, v = [], dtype(start)
    for _ in range(n):
        out.append(v)
        v = dtype(v + dtype(delta))
    return np.array(out, dtype)


@pytest.mark.parametrize("start, limit, delta", [(0, 10, 1), (10, 0, -3), (-5, 6, 4), (3, 3, 1),
                                                 (0, 1, 5), (7, -8, -1)])
@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.float32])
def test_range_integral_steps(start, limit, delta, dtype):
    assert_same(range_op(start, limit, delta, dtype), np.arange(start, limit, delta, dtype=dtype))


def test_range_float_accumulates_like_litert():
    # LiteRT 2.3.0, observed: RANGE(0, 10, 0.1) is a float32 running sum (e.g. 3.1000001 at i=31),
    # not start + i * delta.
    got = range_op(0, 10, 0.1, np.float32)
    assert got.shape == (100,)
    assert_same(got, running_sum(0, 0.1, 100, np.float32))
    want = litert_op("RANGE", [np.float32(0), np.float32(10), np.float32(0.1)])[0]
    assert_same(got, want)
    assert_same(range_op(1, 2, 0.3, np.float32, const=()), running_sum(1, 0.3, 4, np.float32))


def test_range_errors():
    with pytest.raises(ModelError, match=r"delta \(input 2\) is 0"):
        range_op(0, 5, 0, np.int32)
    with pytest.raises(ModelError, match="range from 0 to 5 never ends with delta -1"):
        range_op(0, 5, -1, np.int32)
    with pytest.raises(ModelError, match=r"limit \(input 1\) .* INT64 but input 0 is INT32"):
        run1("RANGE", [np.int32(0), np.int64(3), np.int32(1)], const=(0, 1, 2))
    with pytest.raises(ModelError, match="FLOAT64.*supported: FLOAT32, INT32, INT64"):
        range_op(0, 3, 1, np.float64)
