"""MAXIMUM, MINIMUM, SQUARED_DIFFERENCE, POW, FLOOR_DIV, FLOOR_MOD, PRELU: golden tests (no model).

Oracles: hand-worked values (the edge cases were observed in LiteRT 2.3.0, BUILTIN_REF); numpy
references (integers in Python ints, floored with Python's // and %, then wrapped; floats in
float32, each output one correctly rounded IEEE operation, so compared exactly); and LiteRT itself on random
inputs (tests/litert_oracle.py), exact except POW (powf on both sides: exact here too, but allowed
1 ulp in case LiteRT's build links another libm).
"""
import math

import numpy as np
import pytest

from elementwise_util import BROADCASTS, TILE_SIZES, f32_params, random_operand, wrap
from interp.errors import KernelError, ModelError
from interp.ops._kernels import ffi, lib
from kernel_runner import run_op
from litert_oracle import litert_run

F32, I32, I64 = np.float32, np.int32, np.int64
I32_MIN, I32_MAX = -2**31, 2**31 - 1
OPS = {"MAXIMUM": (F32, I32, I64), "MINIMUM": (F32, I32, I64), "SQUARED_DIFFERENCE": (F32, I32),
       "POW": (F32, I32), "FLOOR_DIV": (F32, I32), "FLOOR_MOD": (F32, I32, I64), "PRELU": (F32,)}
# b must avoid 0 (division) or negatives (int POW).
NONZERO = {"FLOOR_DIV", "FLOOR_MOD"}


def run(op, a, b):
    return run_op(op, [a, b])[0]


def _pyint(op, x, y):
    if op == "MAXIMUM":
        return x if x > y else y
    if op == "MINIMUM":
        return x if x < y else y
    if op == "SQUARED_DIFFERENCE":
        return (x - y) ** 2
    if op == "POW":
        r = x ** y
        return r if I32_MIN <= r <= I32_MAX else I32_MIN
    if op == "FLOOR_DIV":
        return x // y
    if op == "FLOOR_MOD":
        return x % y
    raise AssertionError(op)


def reference(op, a, b):
    a, b = np.broadcast_arrays(a, b)
    if a.dtype != np.float32:
        flat = [_pyint(op, int(x), int(y)) for x, y in zip(a.ravel(), b.ravel())]
        return wrap(np.array(flat, dtype=object).reshape(a.shape), a.dtype)
    with np.errstate(all="ignore"):
        if op == "MAXIMUM":
            return np.where(a > b, a, b)
        if op == "MINIMUM":
            return np.where(a < b, a, b)
        if op == "SQUARED_DIFFERENCE":
            return (a - b) * (a - b)
        if op == "POW":
            return np.power(a.astype(np.float64), b.astype(np.float64)).astype(np.float32)
        if op == "FLOOR_DIV":
            return np.floor(a / b)
        if op == "FLOOR_MOD":  # Python's float % (the divisor's sign), element by element
            return np.array([_pymod(float(x), float(y)) for x, y in zip(a.ravel(), b.ravel())],
                            np.float32).reshape(a.shape)
        if op == "PRELU":
            return np.where(a >= 0, a, a * b)
    raise AssertionError(op)


def _pymod(x, y):
    if y == 0 or math.isinf(x) or math.isnan(x) or math.isnan(y):
        return math.nan
    if math.isinf(y):  # Python: -3 % inf = inf, 3 % inf = 3 (LiteRT agrees)
        return x if (x >= 0) == (y > 0) or x == 0 else y
    return x % y


def operands(rng, op, dtype, a_shape, b_shape):
    a = random_operand(rng, dtype, a_shape)
    b = random_operand(rng, dtype, b_shape, nonzero=op in NONZERO)
    if op == "POW":
        if dtype == np.int32:
            a = rng.integers(-6, 7, a_shape).astype(dtype)
            b = rng.integers(0, 12, b_shape).astype(dtype)
        else:
            a = np.abs(a) / 4
            b = (b / 8).astype(np.float32)
    return a, b


def check(op, a, b, got):
    want = reference(op, a, b)
    assert got.shape == want.shape and got.dtype == want.dtype
    if op == "POW" and a.dtype == np.float32:
        np.testing.assert_allclose(got, want, rtol=2e-7, atol=0)
    else:
        np.testing.assert_array_equal(got, want)


# ---- hand-worked (LiteRT 2.3.0 observed) --------------------------------------------------------

def test_maximum_minimum_nan_and_signed_zero():
    # b unless a strictly wins: max(1, nan) = nan, max(nan, 2) = 2, max(-0, 0) = 0, max(0, -0) = -0.
    a = np.array([1, np.nan, 3, -0.0, 0], F32)
    b = np.array([np.nan, 2, 1, 0, -0.0], F32)
    mx, mn = run("MAXIMUM", a, b), run("MINIMUM", a, b)
    np.testing.assert_array_equal(mx, [np.nan, 2, 3, 0, 0])
    np.testing.assert_array_equal(np.signbit(mx), [False, False, False, False, True])
    np.testing.assert_array_equal(mn, [np.nan, 2, 1, 0, 0])
    np.testing.assert_array_equal(np.signbit(mn), [False, False, False, False, True])


def test_maximum_minimum_integers():
    for dt in (I32, I64):
        info = np.iinfo(dt)
        a = np.array([info.min, -5, 3, info.max], dt)
        b = np.array([info.max, -7, 3, info.min], dt)
        np.testing.assert_array_equal(run("MAXIMUM", a, b), [info.max, -5, 3, info.max])
        np.testing.assert_array_equal(run("MINIMUM", a, b), [info.min, -7, 3, info.min])


def test_squared_difference_int32_wraps():
    # 70000^2 = 4.9e9 -> 4900000000 - 2^32 = 605032704; (MIN - 0)^2 = 2^62 -> 0 (observed).
    a = np.array([3, I32_MIN, 70000], I32)
    b = np.array([1, 0, 0], I32)
    np.testing.assert_array_equal(run("SQUARED_DIFFERENCE", a, b), [4, 0, 605032704])
    np.testing.assert_array_equal(
        run("SQUARED_DIFFERENCE", np.array([1.5, np.inf, np.nan], F32),
            np.array([-1, np.inf, 0], F32)),
        [6.25, np.nan, np.nan])


def test_pow_int32():
    # observed: 2^3 = 8, 2^0 = 1, 0^0 = 1, 0^5 = 0, (-1)^3 = -1; 5^31 and 7^12 overflow to
    # INT32_MIN.
    a = np.array([2, 2, 0, 0, 3, -1, 5, -3, 7], I32)
    b = np.array([3, 0, 0, 5, 1, 3, 31, 3, 12], I32)
    np.testing.assert_array_equal(run("POW", a, b), [8, 1, 1, 0, 3, -1, I32_MIN, -27, I32_MIN])


def test_pow_int32_negative_exponent_fails_naming_the_node():
    with pytest.raises(KernelError, match=r"POW.*negative exponent.*input 1"):
        run("POW", np.array([2, 2], I32), np.array([1, -1], I32))
    with pytest.raises(KernelError, match="negative exponent"):  # even with an empty output
        run("POW", np.zeros((0, 2), I32), np.array([1, -1], I32))


def test_pow_float():
    # observed: 2^0.5, (-8)^(1/3) = nan, 0^-1 = inf, 0^0 = 1, nan^0 = 1, 1^nan = 1, (-1)^inf = 1.
    a = np.array([2, -8, 0, 0, np.nan, 1, -1], F32)
    b = np.array([0.5, 1 / 3, -1, 0, 0, np.nan, np.inf], F32)
    np.testing.assert_array_equal(run("POW", a, b),
                                  [np.float32(np.sqrt(2)), np.nan, np.inf, 1, 1, 1, 1])


def test_floor_div_int32():
    # observed: 7//2 = 3, -7//2 = -4, 7//-2 = -4, -7//-2 = 3, MIN // -1 wraps to MIN, 0//5 = 0.
    a = np.array([7, -7, 7, -7, I32_MIN, 0, I32_MAX, -1], I32)
    b = np.array([2, 2, -2, -2, -1, 5, -1, 3], I32)
    np.testing.assert_array_equal(run("FLOOR_DIV", a, b), [3, -4, -4, 3, I32_MIN, 0, -I32_MAX, -1])


def test_floor_div_float():
    # observed: nan // 1 = nan, inf // 2 = inf, 5.5 // inf = 0, -0 // 3 = -0, 1e30 // 1e-30 = inf.
    a = np.array([7, -7, 7, -7, np.nan, np.inf, 5.5, -0.0, 1e30], F32)
    b = np.array([2, 2, -2, -2, 1, 2, np.inf, 3, 1e-30], F32)
    got = run("FLOOR_DIV", a, b)
    np.testing.assert_array_equal(got, [3, -4, -4, 3, np.nan, np.inf, 0, -0.0, np.inf])
    assert np.signbit(got[7])


@pytest.mark.parametrize("dtype", [F32, I32])
def test_floor_div_by_zero_fails_for_every_type(dtype):
    # LiteRT fails FLOOR_DIV on a zero divisor, floats too (observed "Division by 0").
    with pytest.raises(KernelError, match=r"FLOOR_DIV.*division by zero.*input 1"):
        run("FLOOR_DIV", np.array([7, 1], dtype), np.array([0, 1], dtype))
    if dtype == F32:
        with pytest.raises(KernelError, match="division by zero"):
            run("FLOOR_DIV", np.array([7], dtype), np.array([-0.0], dtype))


def test_floor_mod_integers():
    for dt in (I32, I64):
        info = np.iinfo(dt)
        a = np.array([7, -7, 7, -7, 0, info.min, info.max, -1], dt)
        b = np.array([3, 3, -3, -3, 5, -1, -1, info.min], dt)
        # Python's %: the result has b's sign; x mod -1 = 0 (LiteRT traps on MIN mod -1).
        np.testing.assert_array_equal(run("FLOOR_MOD", a, b), [1, 2, -2, -1, 0, 0, 0, -1])


@pytest.mark.parametrize("dtype", [I32, I64])
def test_floor_mod_integer_by_zero_fails(dtype):
    with pytest.raises(KernelError, match=r"FLOOR_MOD.*division by zero.*input 1"):
        run("FLOOR_MOD", np.array([7, 1], dtype), np.array([0, 1], dtype))


def test_floor_mod_float():
    # observed: 1 mod 0 = nan, -0 mod 2 = -0, 5.5 mod inf = 5.5, inf mod 2 = nan, -3 mod inf = inf,
    # 0 mod -2 = +0, -1e-8 mod 3 = 3 (3 - 1e-8 rounds to 3 in float32).
    a = np.array([7, -7, 7, -7, 1, -0.0, 5.5, np.inf, 3, -3, 0.0, -1e-8], F32)
    b = np.array([3, 3, -3, -3, 0, 2, np.inf, 2, np.inf, np.inf, -2, 3], F32)
    got = run("FLOOR_MOD", a, b)
    np.testing.assert_array_equal(got, [1, 2, -2, -1, np.nan, -0.0, 5.5, np.nan, 3, np.inf, 0, 3])
    np.testing.assert_array_equal(np.signbit(got[[5, 10]]), [True, False])


def test_prelu_broadcasts_alpha():
    x = np.array([[-2, -0.0, 0, 3], [np.nan, -np.inf, 1, -1]], F32)
    alpha = np.array([0.5, -1, 2, 0.25], F32)
    np.testing.assert_array_equal(run("PRELU", x, alpha),
                                  [[-1, -0.0, 0, 3], [np.nan, np.inf, 1, -0.25]])
    # alpha of shape [1, 1, C] against NHWC input
    x = np.arange(-12, 12, dtype=F32).reshape(1, 2, 3, 4)
    a = np.array([[[0.1, 0.2, 0.3, 0.4]]], F32)
    np.testing.assert_array_equal(run("PRELU", x, a), np.where(x >= 0, x, x * a))


# ---- random against numpy -----------------------------------------------------------------------

@pytest.mark.parametrize("op", sorted(OPS))
@pytest.mark.parametrize("n", TILE_SIZES)
def test_tile_sizes_random(op, n):
    rng = np.random.default_rng(n)
    for dtype in OPS[op]:
        for b_shape in ((n,), ()):
            a, b = operands(rng, op, dtype, (n,), b_shape)
            check(op, a, b, run(op, a, b))
            if op not in NONZERO | {"POW"}:  # operands swapped: the scalar on the left
                check(op, b, a, run(op, b, a))


@pytest.mark.parametrize("a_shape, b_shape", BROADCASTS)
@pytest.mark.parametrize("op", sorted(OPS))
def test_broadcasting_random(op, a_shape, b_shape):
    rng = np.random.default_rng(len(a_shape) * 7 + len(b_shape))
    for dtype in OPS[op]:
        a, b = operands(rng, op, dtype, a_shape, b_shape)
        check(op, a, b, run(op, a, b))


# ---- against LiteRT itself ----------------------------------------------------------------------

@pytest.mark.parametrize("op", sorted(OPS))
def test_against_litert_random(op):
    rng = np.random.default_rng(99)
    for dtype in OPS[op]:
        for a_shape, b_shape in (((33,), (33,)), ((2, 3, 17), (3, 1)), ((4, 1, 5), ())):
            a, b = operands(rng, op, dtype, a_shape, b_shape)
            if dtype == F32 and op != "POW":
                a.reshape(-1)[:3] = [np.nan, np.inf, -0.0]
            want = litert_run(op, [a, b])[0]
            got = run(op, a, b)
            if op == "POW" and dtype == F32:
                np.testing.assert_array_max_ulp(got, want, maxulp=1)
            else:
                np.testing.assert_array_equal(got, want)


# ---- in place: the output may be input 0 --------------------------------------------------------

@pytest.mark.parametrize("n", [15, 16, 17])
def test_in_place(n):
    rng = np.random.default_rng(n)
    a = rng.standard_normal((3, n)).astype(F32)
    b = rng.standard_normal(n).astype(F32)
    out = a.copy()
    p = f32_params(out.shape, b.shape)
    buf = ffi.from_buffer("float[]", out)
    assert lib.interp_f32_maximum(buf, ffi.from_buffer("float[]", b), buf, p) == 0
    np.testing.assert_array_equal(out, np.where(a > b, a, b))


# ---- errors -------------------------------------------------------------------------------------

# (int8 MAXIMUM, MINIMUM, PRELU, SQUARED_DIFFERENCE run: tests/test_quant_extra.py; int16 PRELU
# and SQUARED_DIFFERENCE are still refused)
LATER = {"PRELU": np.int16, "SQUARED_DIFFERENCE": np.int16}


@pytest.mark.parametrize("op", sorted(set(OPS) - {"MAXIMUM", "MINIMUM"}))
def test_quantized_types_are_a_later_issue(op):
    dt = LATER.get(op, np.int8)
    a = np.ones(3, dt)
    name = np.dtype(dt).name.upper()
    with pytest.raises(ModelError, match=rf"{op}.*quantized {name} {op} is not supported yet"):
        run(op, a, a)


@pytest.mark.parametrize("op, dtype, supported", [
    ("SQUARED_DIFFERENCE", I64, "FLOAT32, INT32, INT8"), ("POW", I64, "FLOAT32, INT32"),
    ("FLOOR_DIV", I64, "FLOAT32, INT32"), ("PRELU", I32, "FLOAT32, INT8, UINT8"),
    ("MAXIMUM", np.bool_, "FLOAT32, INT32, INT64, INT8, UINT8, INT16")])
def test_unsupported_types(op, dtype, supported):
    a = np.ones(3, dtype)
    with pytest.raises(ModelError, match=rf"{op}.*does not support; supported: {supported}$"):
        run(op, a, a)


def test_mismatch_and_shapes():
    with pytest.raises(ModelError, match=r"input 1 .* INT32 but input 0 is FLOAT32"):
        run("MAXIMUM", np.ones(2, F32), np.ones(2, I32))
    with pytest.raises(ModelError, match=r"cannot broadcast input shapes \[2, 3\] and \[2\]"):
        run("FLOOR_MOD", np.ones((2, 3), F32), np.ones(2, F32))
