"""MEAN, SUM, REDUCE_PROD, REDUCE_MAX, REDUCE_MIN: golden tests of kernels/reduce.c through the op
modules (no model), plus one-op models run in LiteRT.

Oracles and tolerances:
- float32 SUM/MEAN/PROD: numpy in float64, rounded to float32. interp sums in double and rounds
  once, so the only differences are that rounding and double's own error: rtol 2e-7, atol 1e-9.
- float32 MAX/MIN and every integer result: exact (integers wrap like the type; integer MEAN
  truncates toward zero).
- LiteRT (reference kernels, float32 summed in float): rtol 1e-5 on random inputs.
"""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from interp.errors import ModelError
from interp.ops._reduce import fold
from kernel_runner import run_op
from oneop import run_both, run_both_interpreters
from support import litert

OPS = ["MEAN", "SUM", "REDUCE_PROD", "REDUCE_MAX", "REDUCE_MIN"]
TYPES = [np.float32, np.int32, np.int64]
TILE_SIZES = [1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65]
nan, inf = np.nan, np.inf


def reduce(op, x, axes, keep_dims=False, axis_type=np.int32, const=(1,)):
    return run_op(op, [x, np.asarray(axes, axis_type)], options={"keep_dims": keep_dims},
                  const=const)[0]


def reference(op, x, axes, keep_dims=False):
    """numpy's result with LiteRT's semantics (see interp/ops/_reduce.py)."""
    rank = x.ndim
    axes = tuple(sorted({a % rank for a in np.asarray(axes).reshape(-1).tolist()}))
    # MAX/MIN of an empty set: the identity (-inf/+inf, or the integer type's min/max).
    low, high = (-np.inf, np.inf) if x.dtype == np.float32 else (np.iinfo(x.dtype).min,
                                                                 np.iinfo(x.dtype).max)
    if op == "REDUCE_MAX":
        return np.max(x, axis=axes, keepdims=keep_dims, initial=low)
    if op == "REDUCE_MIN":
        return np.min(x, axis=axes, keepdims=keep_dims, initial=high)
    if x.dtype == np.float32:
        f = {"MEAN": np.mean, "SUM": np.sum, "REDUCE_PROD": np.prod}[op]
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # numpy's "mean of empty slice"
            return np.asarray(f(x.astype(np.float64), axis=axes, keepdims=keep_dims), np.float32)
    if op == "REDUCE_PROD":  # numpy's int64 product wraps mod 2**64; the low bits are the answer
        return np.prod(x.astype(np.int64), axis=axes, keepdims=keep_dims).astype(x.dtype)
    # SUM and MEAN: the sum wrapped to int64 (LiteRT's int64 MEAN divides the wrapped sum,
    # observed), then for MEAN divided truncating toward zero.
    total = np.sum(x.astype(object), axis=axes, keepdims=keep_dims)
    total = np.asarray((np.asarray(total, object) + 2**63) % 2**64 - 2**63, object)
    if op == "SUM":
        return total.astype(np.int64).astype(x.dtype)
    count = int(np.prod([x.shape[a] for a in axes]))
    q = np.vectorize(lambda s: 0 if count == 0 else (abs(s) // count) * (1 if s >= 0 else -1),
                     otypes=[object])(total)
    return np.asarray(q, object).astype(x.dtype)


def assert_matches(op, got, want):
    assert got.shape == want.shape and got.dtype == want.dtype
    if got.dtype == np.float32 and op in ("MEAN", "SUM", "REDUCE_PROD"):
        np.testing.assert_allclose(got, want, rtol=2e-7, atol=1e-9)
    else:
        np.testing.assert_array_equal(got, want)


def random_input(rng, dtype, shape, op):
    if dtype == np.float32:
        if op == "REDUCE_PROD":  # products stay in range
            return (rng.uniform(0.5, 2.0, shape) * rng.choice([-1, 1], shape)).astype(np.float32)
        return rng.standard_normal(shape).astype(np.float32)
    info = np.iinfo(dtype)
    if op == "REDUCE_PROD" or rng.random() < 0.5:
        return rng.integers(-9, 10, size=shape).astype(dtype)
    return rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)


# ---- hand-worked ---------------------------------------------------------------------------

def test_hand_worked_float():
    x = np.array([[1, 2, 3], [4, 5, 6]], np.float32)
    np.testing.assert_array_equal(reduce("SUM", x, [1]), [6, 15])
    np.testing.assert_array_equal(reduce("SUM", x, [0], keep_dims=True), [[5, 7, 9]])
    np.testing.assert_array_equal(reduce("MEAN", x, [0, 1]), 3.5)
    np.testing.assert_array_equal(reduce("MEAN", x, [0, 1], keep_dims=True), [[3.5]])
    np.testing.assert_array_equal(reduce("REDUCE_PROD", x, [-1]), [6, 120])
    np.testing.assert_array_equal(reduce("REDUCE_MAX", x, [-2]), [4, 5, 6])
    np.testing.assert_array_equal(reduce("REDUCE_MIN", x, 1), [1, 4])  # a scalar axis


def test_hand_worked_integers():
    # MEAN truncates toward zero: -5/3 -> -1, 7/3 -> 2, -7/2 -> -3 (LiteRT 2.3.0, observed).
    x = np.array([[1, 2, 2], [-1, -2, -2], [7, 0, 0]], np.int32)
    np.testing.assert_array_equal(reduce("MEAN", x, [1]), [1, -1, 2])
    np.testing.assert_array_equal(reduce("MEAN", np.array([[-7, 0]], np.int64), [1]), [-3])
    # The sum of a MEAN is exact: two INT32_MAX average to INT32_MAX (observed).
    np.testing.assert_array_equal(reduce("MEAN", np.array([2**31 - 1] * 2, np.int32), [0]), 2**31 - 1)
    # SUM and PROD wrap (observed).
    assert reduce("SUM", np.array([2**31 - 1, 1], np.int32), [0]) == -2**31
    assert reduce("REDUCE_PROD", np.array([2**16, 2**16, 3], np.int32), [0]) == 0
    assert reduce("SUM", np.array([2**63 - 1, 2], np.int64), [0]) == -2**63 + 1
    # An INT64 MEAN divides the wrapped sum: 3 * 2**62 wraps to -2**62 (observed).
    assert reduce("MEAN", np.array([2**62] * 3, np.int64), [0]) == -1537228672809129301
    assert reduce("REDUCE_MAX", np.array([-2**63, 2**63 - 1], np.int64), [0]) == 2**63 - 1
    assert reduce("REDUCE_MIN", np.array([-2**31, 2**31 - 1], np.int32), [0]) == -2**31


def test_float_sum_is_accurate():
    # Float32 summation in order would lose every 1 next to 1e8 (and give 0); interp sums in double.
    x = np.array([1e8] + [1.0] * 100 + [-1e8], np.float32)
    assert reduce("SUM", x, [0]) == 100
    assert reduce("MEAN", x, [0]) == np.float32(100 / 102)
    cols = np.repeat(x[:, None], 3, axis=1)  # the same along a non-inner axis
    np.testing.assert_array_equal(reduce("SUM", cols, [0]), [100, 100, 100])
    # A product whose float32 partial products would overflow: 1e30 * 1e30 * 1e-30 = 1e30.
    assert reduce("REDUCE_PROD", np.array([1e30, 1e30, 1e-30], np.float32), [0]) == np.float32(1e30)


def test_max_min_nan_and_infinities():
    x = np.array([[1, nan, 3], [nan, 1, 3], [-inf, -inf, -inf], [inf, 2, 1], [0, -0.0, 0]],
                 np.float32)
    np.testing.assert_array_equal(reduce("REDUCE_MAX", x, [1]), [nan, nan, -inf, inf, 0])
    np.testing.assert_array_equal(reduce("REDUCE_MIN", x, [1]), [nan, nan, -inf, 1, 0])
    np.testing.assert_array_equal(reduce("REDUCE_MAX", x.T.copy(), [0]), [nan, nan, -inf, inf, 0])
    long_row = np.arange(20, dtype=np.float32)
    long_row[13] = nan
    assert np.isnan(reduce("REDUCE_MAX", long_row, [0]))
    assert np.isnan(reduce("REDUCE_MIN", long_row, [0]))
    np.testing.assert_array_equal(reduce("SUM", np.array([1, nan], np.float32), [0]), nan)
    np.testing.assert_array_equal(reduce("SUM", np.array([inf, -inf], np.float32), [0]), nan)


def test_empty_reductions():
    e = np.zeros((2, 0), np.float32)
    np.testing.assert_array_equal(reduce("MEAN", e, [1]), [nan, nan])  # 0/0, as LiteRT
    np.testing.assert_array_equal(reduce("SUM", e, [1]), [0, 0])
    np.testing.assert_array_equal(reduce("REDUCE_PROD", e, [1]), [1, 1])
    np.testing.assert_array_equal(reduce("REDUCE_MAX", e, [1]), [-inf, -inf])  # LiteRT's XNNPACK
    np.testing.assert_array_equal(reduce("REDUCE_MIN", e, [1]), [inf, inf])
    for dt in (np.int32, np.int64):
        ei = np.zeros((2, 0), dt)
        info = np.iinfo(dt)
        np.testing.assert_array_equal(reduce("MEAN", ei, [1]), [0, 0])  # LiteRT, observed
        np.testing.assert_array_equal(reduce("SUM", ei, [1]), [0, 0])
        np.testing.assert_array_equal(reduce("REDUCE_PROD", ei, [1]), [1, 1])
        np.testing.assert_array_equal(reduce("REDUCE_MAX", ei, [1]), [info.min] * 2)
        np.testing.assert_array_equal(reduce("REDUCE_MIN", ei, [1]), [info.max] * 2)
    # An empty output: nothing to compute.
    out = reduce("SUM", np.zeros((0, 3), np.float32), [1], keep_dims=True)
    assert out.shape == (0, 1)


@pytest.mark.parametrize("op", OPS)
def test_no_axes_is_a_copy(op):
    x = np.array([[1.5, -2], [3, 4]], np.float32)
    out = reduce(op, x, np.zeros(0, np.int32))
    np.testing.assert_array_equal(out, x)
    xi = np.array([[7, -3]], np.int32)
    np.testing.assert_array_equal(reduce(op, xi, np.zeros(0, np.int32), keep_dims=True), xi)
    np.testing.assert_array_equal(reduce(op, np.array(2.5, np.float32), np.zeros(0, np.int32)), 2.5)


def test_duplicate_and_negative_axes():
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    np.testing.assert_array_equal(reduce("SUM", x, [1, -2, 1]), x.sum(axis=1))
    np.testing.assert_array_equal(reduce("SUM", x, [-1, 0], keep_dims=True),
                                  x.sum(axis=(0, 2), keepdims=True))
    np.testing.assert_array_equal(reduce("SUM", x, [2, 0], axis_type=np.int64), x.sum(axis=(0, 2)))


def test_axes_computed_while_running():
    # Not a constant: run_op prepares at invoke time, as the executor does.
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    np.testing.assert_array_equal(reduce("MEAN", x, [1], const=()), [1, 4])


def test_fold():
    assert fold((1, 7, 7, 1280), [1, 2]) == ([(49, True), (1280, False)], False)
    assert fold((2, 3, 4), [2]) == ([(6, False), (4, True)], True)
    assert fold((2, 1, 3, 4, 5), [0, 2]) == ([(6, True), (20, False)], False)
    assert fold((2, 3, 4, 5), [0, 2]) == ([(2, True), (3, False), (4, True), (5, False)], False)
    assert fold((1, 1), [0]) == ([(1, False)], False)


# ---- random against numpy ------------------------------------------------------------------

@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("dtype", TYPES)
@pytest.mark.parametrize("n", TILE_SIZES)
def test_random_inner_and_outer_axis(op, dtype, n):
    rng = np.random.default_rng(n * 7 + TYPES.index(dtype))
    x = random_input(rng, dtype, (3, n), op)
    for axes in ([1], [0], [0, 1], [-1]):
        for keep in (False, True):
            assert_matches(op, reduce(op, x, axes, keep), reference(op, x, axes, keep))


@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("dtype", TYPES)
@pytest.mark.parametrize("shape", [(2, 7, 7, 33), (1, 5, 5, 17), (3, 1, 4, 1, 9), (2, 3, 4, 5, 2)])
def test_random_every_axis_set(op, dtype, shape):
    rng = np.random.default_rng(len(shape) + shape[-1])
    x = random_input(rng, dtype, shape, op)
    rank = len(shape)
    for mask in range(1, 2**rank):
        axes = [a - rank if a % 2 else a for a in range(rank) if mask >> a & 1]
        for keep in (False, True):
            assert_matches(op, reduce(op, x, axes, keep), reference(op, x, axes, keep))


def test_global_average_pool():
    # MobileNetV2's MEAN over H, W of NHWC, keep_dims both ways.
    rng = np.random.default_rng(3)
    x = rng.standard_normal((1, 7, 7, 1280)).astype(np.float32)
    for keep in (False, True):
        assert_matches("MEAN", reduce("MEAN", x, [1, 2], keep), reference("MEAN", x, [1, 2], keep))


# ---- against LiteRT ------------------------------------------------------------------------

@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("dtype", TYPES)
def test_against_litert(op, dtype):
    litert()
    rng = np.random.default_rng(11)
    x = random_input(rng, dtype, (2, 5, 3, 17), op)
    for axes, keep in (([1, 2], True), ([3], False), ([0, -1], False), ([-3, 1], True)):
        want_shape = reference(op, x, axes, keep).shape
        theirs, ours = run_both(op, [x, np.array(axes, np.int32)], [(dtype, want_shape)],
                                const=(1,), options={"keep_dims": keep})
        assert ours[0].shape == theirs[0].shape and ours[0].dtype == theirs[0].dtype
        if dtype == np.float32:
            np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-5, atol=1e-6)
        else:
            np.testing.assert_array_equal(ours[0], theirs[0])


@pytest.mark.parametrize("keep", [False, True])
def test_global_average_pool_model_against_litert(keep):
    # The whole path: a .tflite file, interp.Interpreter, LiteRT's default (XNNPACK) resolver.
    litert()
    x = np.random.default_rng(8).standard_normal((1, 7, 7, 96)).astype(np.float32)
    shape = (1, 1, 1, 96) if keep else (1, 96)
    theirs, ours = run_both_interpreters("MEAN", [x, np.array([1, 2], np.int32)],
                                         [(np.float32, shape)], const=(1,),
                                         options={"keep_dims": keep}, resolver="AUTO")
    assert ours[0].shape == shape
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-5, atol=1e-6)


# ---- errors --------------------------------------------------------------------------------

def test_errors():
    x = np.ones((2, 3), np.float32)
    with pytest.raises(ModelError, match=r"axis 2 is out of range .*\(rank 2\)"):
        reduce("SUM", x, [2])
    with pytest.raises(ModelError, match="axis -3 is out of range"):
        reduce("MEAN", x, [0, -3])
    with pytest.raises(ModelError, match="must be INT32 or INT64, got FLOAT32"):
        reduce("SUM", x, [1.0], axis_type=np.float32)
    with pytest.raises(ModelError, match="must be a scalar or a 1-D list"):
        reduce("SUM", x, [[1]])
    with pytest.raises(ModelError, match="quantized INT16 REDUCE_MAX is not supported yet"):
        reduce("REDUCE_MAX", np.ones(3, np.int16), [0])
    with pytest.raises(ModelError, match="BOOL, which SUM does not support"):
        reduce("SUM", np.ones(3, np.bool_), [0])
    with pytest.raises(ModelError, match=r"output 0 .* INT32 but input 0 is FLOAT32"):
        run_op("MEAN", [x, np.array([0], np.int32)], output_types=[np.int32], const=(1,))
    with pytest.raises(ModelError, match="expects 2 inputs, got 1"):
        run_op("SUM", [x])
    y = np.ones((2,) * 9, np.float32)
    with pytest.raises(ModelError, match="alternating runs of dims; interp supports 8"):
        reduce("SUM", y, [0, 2, 4, 6, 8])


# ---- REDUCE_ANY, REDUCE_ALL (BOOL) ---------------------------------------------------------

def test_any_all_hand_worked():
    x = np.array([[True, False, False], [False, False, False], [True, True, True]])
    np.testing.assert_array_equal(reduce("REDUCE_ANY", x, [1]), [True, False, True])
    np.testing.assert_array_equal(reduce("REDUCE_ALL", x, [1]), [False, False, True])
    np.testing.assert_array_equal(reduce("REDUCE_ANY", x, [0], keep_dims=True), [[True, True, True]])
    np.testing.assert_array_equal(reduce("REDUCE_ALL", x, [-2, -1]), False)
    e = np.zeros((2, 0), np.bool_)
    np.testing.assert_array_equal(reduce("REDUCE_ANY", e, [1]), [False, False])
    np.testing.assert_array_equal(reduce("REDUCE_ALL", e, [1]), [True, True])
    with pytest.raises(ModelError, match="FLOAT32, which REDUCE_ANY does not support; "
                                         "supported: BOOL"):
        reduce("REDUCE_ANY", np.ones(2, np.float32), [0])


@pytest.mark.parametrize("n", TILE_SIZES)
def test_any_all_random(n):
    rng = np.random.default_rng(n)
    x = rng.random((3, n, 2)) < (0.5 if n < 8 else 0.97)  # mostly True: ALL is not trivially False
    for axes in ([0], [1], [2], [0, 2], [1, 2], [0, 1, 2]):
        for keep in (False, True):
            np.testing.assert_array_equal(reduce("REDUCE_ANY", x, axes, keep),
                                          np.any(x, axis=tuple(axes), keepdims=keep))
            np.testing.assert_array_equal(reduce("REDUCE_ALL", x, axes, keep),
                                          np.all(x, axis=tuple(axes), keepdims=keep))


@pytest.mark.parametrize("op", ["REDUCE_ANY", "REDUCE_ALL"])
def test_any_all_against_litert(op):
    litert()
    x = np.random.default_rng(1).random((2, 5, 17)) < 0.9
    for axes, keep in (([1], False), ([0, 2], True), ([-1], False)):
        shape = np.any(x, axis=tuple(a % 3 for a in axes), keepdims=keep).shape
        theirs, ours = run_both(op, [x, np.array(axes, np.int32)], [(np.bool_, shape)],
                                const=(1,), options={"keep_dims": keep})
        np.testing.assert_array_equal(ours[0], theirs[0])


# ---- property: any shape, any axis list ----------------------------------------------------



@st.composite
def reduce_cases(draw):
    shape = tuple(draw(st.lists(st.integers(0, 4), min_size=0, max_size=5)))
    rank = len(shape)
    axes = draw(st.lists(st.integers(-rank, rank - 1), max_size=4)) if rank else []
    op = draw(st.sampled_from(OPS))
    dtype = draw(st.sampled_from(TYPES))
    return op, dtype, shape, axes, draw(st.booleans()), draw(st.integers(0, 2**32 - 1))


@settings(max_examples=300, deadline=None)
@given(reduce_cases())
def test_property_any_shape_and_axes(case):
    op, dtype, shape, axes, keep, seed = case
    x = random_input(np.random.default_rng(seed), dtype, shape, op)
    got = reduce(op, x, np.array(axes, np.int32), keep)
    rank = len(shape)
    norm = sorted({a % rank for a in axes}) if rank else []
    if not norm:  # no axes: a copy
        assert got.shape == x.shape
        np.testing.assert_array_equal(got, x)
        return
    assert_matches(op, got, reference(op, x, norm, keep))
