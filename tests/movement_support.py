"""Shared helpers of the data-movement op tests (test_ops_transpose.py, test_ops_slice.py, ...).

Data movement copies values without looking at them, so every test compares exactly (no tolerance)
with a numpy reference, and the dtype sweep covers each element size (1, 2, 4, 8 bytes) plus BOOL.
"""
import numpy as np

from kernel_runner import run_op

# One or more dtypes per element size; BOOL rides the 1-byte kernels.
DTYPES = [np.float32, np.int32, np.int64, np.bool_, np.int8, np.uint8, np.int16, np.float16,
          np.float64]
# Sizes around the SIMD tile and the transpose blocks (4 x 4 or 8 x 8 within 32 x 32).
TILE_SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65]


def random_array(rng, dtype, shape):
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return rng.random(shape) < 0.5
    if dtype.kind == "f":
        return (rng.standard_normal(shape) * 100).astype(dtype)
    if dtype.kind == "O":
        return np.array([b"s%d" % v for v in rng.integers(0, 1000, size=int(np.prod(shape)))],
                        dtype=object).reshape(shape)
    info = np.iinfo(dtype)
    return rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)


def strings(shape):
    n = int(np.prod(shape))
    return np.array([b"v%d" % i + b"x" * (i % 3) for i in range(n)], dtype=object).reshape(shape)


def run1(op, inputs, options=None, const=(), **kw):
    """The single output of ``op`` (shape-deciding inputs usually passed as ``const``)."""
    return run_op(op, inputs, options=options, const=const, **kw)[0]


def assert_same(got, want):
    """Equal values, dtype and shape (NaN equal to NaN)."""
    want = np.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    if got.dtype == object:
        assert got.ravel().tolist() == want.ravel().tolist()
    else:
        np.testing.assert_array_equal(got, want)
