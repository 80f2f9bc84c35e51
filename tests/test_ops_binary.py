"""ADD, SUB, MUL, DIV: golden tests of the C kernels through the op modules (no model).

Float results are compared exactly with numpy: each output is one IEEE operation (and a clamp),
correctly rounded on both sides. Integer references are computed in int64 and wrapped.
"""
import numpy as np
import pytest

from interp.errors import KernelError, ModelError
from interp.ops import _binary
from interp.ops._kernels import ffi, lib
from elementwise_util import BROADCASTS, TILE_SIZES, f32_params, random_operand, wrap
from kernel_runner import run_op

I32_MIN, I32_MAX = -2**31, 2**31 - 1
I64_MIN, I64_MAX = -2**63, 2**63 - 1
NONE, RELU, RELU_N1_TO_1, RELU6, TANH, SIGN_BIT = range(6)
OPS = {"ADD": (np.float32, np.int32, np.int64), "SUB": (np.float32, np.int32, np.int64),
       "MUL": (np.float32, np.int32, np.int64), "DIV": (np.float32, np.int32)}


def reference(op, a, b, act=NONE):
    """numpy's result of ``op`` with LiteRT's integer semantics (wrap; DIV truncates)."""
    a, b = np.broadcast_arrays(a, b)
    dt = a.dtype
    if dt == np.float32:
        with np.errstate(all="ignore"):
            out = {"ADD": np.add, "SUB": np.subtract, "MUL": np.multiply, "DIV": np.divide}[op](a, b)
        lo, hi = -np.inf, np.inf
    else:
        x, y = a.astype(object), b.astype(object)
        if op == "DIV":
            q = [abs(p) // abs(r) * (1 if (p < 0) == (r < 0) else -1) for p, r in zip(x.ravel(), y.ravel())]
            out = np.clip(np.array(q, dtype=object), I32_MIN, I32_MAX).reshape(x.shape).astype(dt)
        else:
            out = wrap({"ADD": x + y, "SUB": x - y, "MUL": x * y}[op], dt)
        info = np.iinfo(dt)
        lo, hi = int(info.min), int(info.max)
    bounds = {RELU: (0, hi), RELU_N1_TO_1: (-1, 1), RELU6: (0, 6)}
    lo, hi = bounds.get(act, (lo, hi))
    return np.where(out < lo, dt.type(lo), np.where(out > hi, dt.type(hi), out)).astype(dt)


def run(op, a, b, act=NONE):
    return run_op(op, [a, b], options={"fused_activation_function": act})[0]


# ---- hand-worked values ------------------------------------------------------------------

def test_add_f32_hand_worked():
    # 3e38 + 3e38 overflows float32 to inf; nan propagates; 2.5 + -2.5 is exactly 0.
    a = np.array([1, -2.5, 3e38, np.nan, -np.inf], np.float32)
    b = np.array([2, 2.5, 3e38, 1, 1], np.float32)
    np.testing.assert_array_equal(run("ADD", a, b), [3, 0, np.inf, np.nan, -np.inf])


def test_sub_mul_div_f32_hand_worked():
    a = np.array([1, -1, 0, 6, 1e-30], np.float32)
    b = np.array([0, 0, 0, -4, 1e-30], np.float32)
    np.testing.assert_array_equal(run("SUB", a, b), [1, -1, 0, 10, 0])
    np.testing.assert_array_equal(run("MUL", a, b), [0, -0.0, 0, -24, 0])  # 1e-60 underflows
    np.testing.assert_array_equal(run("DIV", a, b), [np.inf, -np.inf, np.nan, -1.5, 1])


def test_integer_overflow_wraps():
    # Hand-worked two's complement: MAX + 1 = MIN, MIN - 1 = MAX, 2^16 * 2^16 = 2^32 = 0 (mod 2^32).
    np.testing.assert_array_equal(
        run("ADD", np.array([I32_MAX, -5], np.int32), np.array([1, 3], np.int32)), [I32_MIN, -2])
    np.testing.assert_array_equal(
        run("SUB", np.array([I32_MIN], np.int32), np.array([1], np.int32)), [I32_MAX])
    np.testing.assert_array_equal(
        run("MUL", np.array([65536, 65537], np.int32), np.array([65536, 65537], np.int32)),
        [0, 131073])  # 65537^2 = 2^32 + 2^17 + 1 -> 131073
    np.testing.assert_array_equal(
        run("ADD", np.array([I64_MAX], np.int64), np.array([1], np.int64)), [I64_MIN])
    # (2^63 - 1) * 2 = 2^64 - 2 -> -2; 2^62 * 4 = 2^64 -> 0.
    np.testing.assert_array_equal(
        run("MUL", np.array([I64_MAX, 2**62], np.int64), np.array([2, 4], np.int64)), [-2, 0])


def test_int32_div_truncates_toward_zero():
    # LiteRT 2.3.0, observed: 7/2 = 3, -7/2 = -3, 7/-2 = -3, -7/-2 = 3, MIN / -1 = MAX.
    a = np.array([7, -7, 7, -7, I32_MIN, I32_MAX, 0, 5], np.int32)
    b = np.array([2, 2, -2, -2, -1, 1, 3, -3], np.int32)
    np.testing.assert_array_equal(run("DIV", a, b), [3, -3, -3, 3, I32_MAX, I32_MAX, 0, -1])


def test_int32_div_by_zero_fails_like_litert():
    a = np.array([[1, 2], [3, 4]], np.int32)
    with pytest.raises(KernelError, match=r"DIV.*division by zero.*input 1"):
        run("DIV", a, np.array([1, 0], np.int32))
    with pytest.raises(KernelError, match="division by zero"):
        run("DIV", a, np.array(0, np.int32))  # scalar zero
    # LiteRT checks every element of b, even when the output is empty.
    with pytest.raises(KernelError, match="division by zero"):
        run("DIV", np.zeros((0, 2), np.int32), np.array([1, 0], np.int32))


@pytest.mark.parametrize("act, expected", [
    (NONE, [-3, -0.5, 0.5, 3, 7]),
    (RELU, [0, 0, 0.5, 3, 7]),
    (RELU_N1_TO_1, [-1, -0.5, 0.5, 1, 1]),
    (RELU6, [0, 0, 0.5, 3, 6]),
    (TANH, [-3, -0.5, 0.5, 3, 7]),      # not a clamp: LiteRT applies nothing
    (SIGN_BIT, [-3, -0.5, 0.5, 3, 7]),  # idem
])
def test_fused_activation_f32_hand_worked(act, expected):
    a = np.array([-4, -1.5, 0, 1, 5], np.float32)
    b = np.array([1, 1, 0.5, 2, 2], np.float32)
    np.testing.assert_array_equal(run("ADD", a, b, act), expected)


def test_fused_activation_keeps_nan():
    out = run("ADD", np.array([np.nan, np.inf], np.float32), np.array([0, 0], np.float32), RELU6)
    np.testing.assert_array_equal(out, [np.nan, 6])


@pytest.mark.parametrize("dtype", [np.int32, np.int64])
def test_fused_activation_int_hand_worked(dtype):
    # LiteRT 2.3.0, observed for int32: [-5, 3, 9, MAX] + 1 with RELU6 -> [0, 4, 6, 0] (MAX+1 wraps).
    top = np.iinfo(dtype).max
    a = np.array([-5, 3, 9, top], dtype)
    b = np.ones(4, dtype)
    np.testing.assert_array_equal(run("ADD", a, b, RELU6), [0, 4, 6, 0])
    np.testing.assert_array_equal(run("ADD", a, b, RELU), [0, 4, 10, 0])
    np.testing.assert_array_equal(run("SUB", a, b, RELU_N1_TO_1), [-1, 1, 1, 1])
    np.testing.assert_array_equal(run("MUL", a, b, NONE), a)


def test_int32_div_with_activation():
    # LiteRT 2.3.0, observed: [7, -7, 0] / [2, 2, 3] with RELU_N1_TO_1 -> [1, -1, 0].
    out = run("DIV", np.array([7, -7, 0], np.int32), np.array([2, 2, 3], np.int32), RELU_N1_TO_1)
    np.testing.assert_array_equal(out, [1, -1, 0])


# ---- random against numpy ---------------------------------------------------------------

@pytest.mark.parametrize("op", sorted(OPS))
@pytest.mark.parametrize("n", TILE_SIZES)
def test_same_shape_and_scalar_operands_random(op, n):
    rng = np.random.default_rng(n)
    for dtype in OPS[op]:
        a = random_operand(rng, dtype, (n,))
        b = random_operand(rng, dtype, (n,), nonzero=op == "DIV")
        s = random_operand(rng, dtype, (), nonzero=op == "DIV")
        np.testing.assert_array_equal(run(op, a, b), reference(op, a, b))
        np.testing.assert_array_equal(run(op, a, s), reference(op, a, s))
        a_nz = random_operand(rng, dtype, (n,), nonzero=True)
        np.testing.assert_array_equal(run(op, s, a_nz), reference(op, s, a_nz))


@pytest.mark.parametrize("a_shape, b_shape", BROADCASTS)
@pytest.mark.parametrize("op", sorted(OPS))
def test_broadcasting_random(op, a_shape, b_shape):
    rng = np.random.default_rng(len(a_shape) * 7 + len(b_shape))
    for dtype in OPS[op]:
        a = random_operand(rng, dtype, a_shape)
        b = random_operand(rng, dtype, b_shape, nonzero=True)
        for act in (NONE, RELU6):
            got = run(op, a, b, act)
            want = reference(op, a, b, act)
            assert got.shape == want.shape
            np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("act", [NONE, RELU, RELU_N1_TO_1, RELU6, TANH, SIGN_BIT])
@pytest.mark.parametrize("op", sorted(OPS))
def test_every_activation_every_dtype_random(op, act):
    rng = np.random.default_rng(act)
    for dtype in OPS[op]:
        a = random_operand(rng, dtype, (3, 33))
        b = random_operand(rng, dtype, (33,), nonzero=True)
        np.testing.assert_array_equal(run(op, a, b, act), reference(op, a, b, act))


def test_constant_operand():
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    w = np.array([0.5, 1, 2, 4], np.float32)
    out = run_op("MUL", [a, w], const=(1,))[0]
    np.testing.assert_array_equal(out, a * w)


# ---- shape folding (the params prepare hands to C) ---------------------------------------

@pytest.mark.parametrize("a, b, out, dims", [
    ((4, 5), (4, 5), (4, 5), [(20, 1, 1)]),             # same shape: one flat loop
    ((4, 5), (), (4, 5), [(20, 1, 0)]),                 # scalar: stride 0
    ((), (), (), [(1, 0, 0)]),
    ((4, 5), (5,), (4, 5), [(4, 5, 0), (5, 1, 1)]),     # row
    ((4, 5), (4, 1), (4, 5), [(4, 5, 1), (5, 1, 0)]),   # column
    ((2, 1, 3), (2, 1, 3), (2, 1, 3), [(6, 1, 1)]),     # size-1 dims drop out
    ((2, 3, 4), (1, 3, 4), (2, 3, 4), [(2, 12, 0), (12, 1, 1)]),  # inner dims merge
    ((0, 4), (4,), (0, 4), [(0, 1, 1)]),
])
def test_broadcast_folding(a, b, out, dims):
    assert _binary.broadcast(a, b) == (out, dims)


# ---- aliasing: the output may be an input ------------------------------------------------

@pytest.mark.parametrize("n", [7, 8, 9, 33])
def test_in_place_same_shape_and_row(n):
    rng = np.random.default_rng(n)
    a = rng.standard_normal((3, n)).astype(np.float32)
    row = rng.standard_normal(n).astype(np.float32)
    for b in (a.copy(), row):
        out = a.copy()
        p = f32_params(out.shape, b.shape)
        buf = ffi.from_buffer("float[]", out)
        assert lib.interp_f32_sub(buf, ffi.from_buffer("float[]", b), buf, p) == 0
        np.testing.assert_array_equal(out, a - b)


# ---- errors --------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int16])
def test_quantized_div_is_a_later_issue(dtype):
    a = np.ones(3, dtype)
    with pytest.raises(ModelError, match=rf"DIV.*quantized {np.dtype(dtype).name.upper()} DIV "
                                         r"is not supported yet"):
        run("DIV", a, a)


@pytest.mark.parametrize("op", ["ADD", "SUB", "MUL"])
@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int16])
def test_quantized_types_need_quantization_parameters(op, dtype):
    # the quantized paths are tested in tests/test_quant_elementwise.py
    a = np.ones(3, dtype)
    with pytest.raises(ModelError, match=rf"{op}.*input 0 .* has no quantization parameters"):
        run(op, a, a)


def test_unsupported_types_name_the_supported_ones():
    a = np.ones(3, np.float64)
    with pytest.raises(ModelError, match="FLOAT64.*supported: FLOAT32, INT32, INT64"):
        run("ADD", a, a)
    a = np.ones(3, np.int64)
    with pytest.raises(ModelError, match="INT64.*DIV.*supported: FLOAT32, INT32"):
        run("DIV", a, a)


def test_dtype_mismatch_names_both_types():
    with pytest.raises(ModelError, match=r"input 1 .* INT32 but input 0 is FLOAT32"):
        run("ADD", np.ones(2, np.float32), np.ones(2, np.int32))
    with pytest.raises(ModelError, match=r"output 0 .* INT32 but input 0 is FLOAT32"):
        run_op("SUB", [np.ones(2, np.float32)] * 2, output_types=[np.int32])


def test_incompatible_shapes():
    with pytest.raises(ModelError, match=r"cannot broadcast input shapes \[2, 3\] and \[3, 2\]"):
        run("MUL", np.ones((2, 3), np.float32), np.ones((3, 2), np.float32))


def test_too_many_separate_dims():
    a = np.ones((2, 1, 2, 1, 2, 1, 2), np.float32)
    b = np.ones((1, 2, 1, 2, 1, 2, 1), np.float32)
    with pytest.raises(ModelError, match="needs 7 separate dims; interp supports 6"):
        run("ADD", a, b)


def test_missing_options_mean_no_activation():
    out = run_op("ADD", [np.array([-1], np.float32), np.array([-1], np.float32)], options={})[0]
    np.testing.assert_array_equal(out, [-2])
