"""RELU, RELU6, LOGISTIC, TANH (float32): golden tests through the op modules (no model).

RELU and RELU6 are exact (a clamp). LOGISTIC and TANH are compared with numpy float64 rounded to
float32, relative tolerance 1e-6 and no absolute slack (the kernels evaluate in double and round
once, so they agree to the last bit almost always; 1e-6 is the project's bound against LiteRT).
"""
import numpy as np
import pytest

from interp.errors import ModelError
from interp.ops._kernels import ffi, lib
from kernel_runner import run_op

TILE_SIZES = [0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65]
SPECIALS = np.array([0.0, -0.0, 1e-45, -1e-45, 1e-30, 0.5, -0.5, 1, -1, 6, 6.5, -6, 9, -9, 16.6,
                     -16.6, 20, -20, 88, -88, 89, -89, 100, -100, 104, -104, 1e30, -1e30,
                     np.inf, -np.inf, np.nan], np.float32)


def logistic64(x):
    x = x.astype(np.float64)
    with np.errstate(over="ignore"):
        e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(np.float32)


def tanh64(x):
    return np.tanh(x.astype(np.float64)).astype(np.float32)


def one(op, x):
    return run_op(op, [x])[0]


# ---- hand-worked ---------------------------------------------------------------------------

def test_relu_hand_worked():
    # NaN stays NaN (LiteRT 2.3.0, observed, both resolvers).
    x = np.array([-np.inf, -1, -0.0, 0, 0.5, 7, np.inf, np.nan], np.float32)
    np.testing.assert_array_equal(one("RELU", x), [0, 0, 0, 0, 0.5, 7, np.inf, np.nan])


def test_relu6_hand_worked():
    x = np.array([-np.inf, -1, 0, 0.5, 5.999, 6, 6.001, 7, np.inf, np.nan], np.float32)
    np.testing.assert_array_equal(one("RELU6", x),
                                  np.array([0, 0, 0, 0.5, 5.999, 6, 6, 6, 6, np.nan], np.float32))


def test_logistic_hand_worked():
    # exact: σ(0) = 1/2; σ(±inf) = 1, 0; σ(-x) = 1 - σ(x) holds for these representable halves.
    x = np.array([0, np.inf, -np.inf, np.nan, 1e30, -1e30], np.float32)
    np.testing.assert_array_equal(one("LOGISTIC", x), [0.5, 1, 0, np.nan, 1, 0])
    # σ(-100) = 3.7200760e-44 exactly, which rounds to the float32 subnormal 27 * 2^-149 =
    # 3.7835059e-44 (26.55 steps of 2^-149), not to 0; LiteRT's reference kernel gives the same
    # (observed, 2.3.0). Computing it must not overflow.
    assert one("LOGISTIC", np.array([-100], np.float32))[0] == np.float32(27 * 2.0**-149)
    # σ(ln 3) = 3/4 exactly in real numbers; float32(ln 3) is a rounding of it, so 0.75 ± 1 ulp.
    v = one("LOGISTIC", np.array([np.log(3)], np.float32))[0]
    assert abs(v - 0.75) <= np.spacing(np.float32(0.75))


def test_tanh_hand_worked():
    x = np.array([0, -0.0, np.inf, -np.inf, np.nan, 1e30, -1e30, 20, -20], np.float32)
    np.testing.assert_array_equal(one("TANH", x), [0, -0.0, 1, -1, np.nan, 1, -1, 1, -1])
    assert np.signbit(one("TANH", np.array([-0.0], np.float32))[0])


# ---- against float64 numpy -------------------------------------------------------------------

@pytest.mark.parametrize("op, ref", [("LOGISTIC", logistic64), ("TANH", tanh64)])
def test_special_values_against_float64(op, ref):
    np.testing.assert_allclose(one(op, SPECIALS), ref(SPECIALS), rtol=1e-6, atol=0)


@pytest.mark.parametrize("n", TILE_SIZES)
def test_random_sizes_around_the_tiles(n):
    rng = np.random.default_rng(n)
    x = (rng.standard_normal(n) * 8).astype(np.float32)
    np.testing.assert_array_equal(one("RELU", x), np.maximum(x, 0))
    np.testing.assert_array_equal(one("RELU6", x), np.clip(x, 0, 6))
    np.testing.assert_allclose(one("LOGISTIC", x), logistic64(x), rtol=1e-6, atol=0)
    np.testing.assert_allclose(one("TANH", x), tanh64(x), rtol=1e-6, atol=0)


def test_wide_range_and_shapes():
    rng = np.random.default_rng(7)
    x = (rng.standard_normal((3, 5, 67)) * np.float32(10.0) ** rng.integers(-6, 3, (3, 5, 67))
         ).astype(np.float32)
    for op, ref in (("LOGISTIC", logistic64), ("TANH", tanh64)):
        out = one(op, x)
        assert out.shape == x.shape
        np.testing.assert_allclose(out, ref(x), rtol=1e-6, atol=0)


# ---- in place ------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [7, 8, 9, 33])
def test_in_place(n):
    rng = np.random.default_rng(n)
    x = (rng.standard_normal(n) * 8).astype(np.float32)
    for fn, ref, extra in ((lib.interp_f32_logistic, logistic64, ()),
                           (lib.interp_f32_tanh, tanh64, ()),
                           (lib.interp_f32_relu, lambda v: np.clip(v, 0, 6),
                            (ffi.new("interp_relu_params *", {"lo": 0.0, "hi": 6.0}),))):
        buf = x.copy()
        ptr = ffi.from_buffer("float[]", buf)
        assert fn(ptr, ptr, n, *extra) == 0
        np.testing.assert_allclose(buf, ref(x), rtol=1e-6, atol=0)


# ---- errors --------------------------------------------------------------------------------

@pytest.mark.parametrize("op", ["RELU", "RELU6", "LOGISTIC", "TANH"])
def test_int8_needs_quantization_and_int32_is_unsupported(op):
    # the quantized paths: tests/test_quant_activations.py
    with pytest.raises(ModelError, match=rf"{op}.*INT8 but has no quantization parameters"):
        one(op, np.zeros(3, np.int8))
    with pytest.raises(ModelError, match=rf"INT32.*which {op} does not support; supported: FLOAT32"):
        one(op, np.zeros(3, np.int32))


def test_output_type_must_match():
    with pytest.raises(ModelError, match=r"output 0 .* INT32 but input 0 is FLOAT32"):
        run_op("TANH", [np.zeros(3, np.float32)], output_types=[np.int32])


# ---- RELU_N1_TO_1, LEAKY_RELU, PRELU (test_ops_binary_math.py), HARD_SWISH, ELU, GELU -----------

def run_opts(op, x, **options):
    return run_op(op, [x], options=options)[0]


def test_relu_n1_to_1_hand_worked():
    x = np.array([-np.inf, -1.5, -1, -0.0, 0.5, 1, 1.5, np.inf, np.nan], np.float32)
    got = one("RELU_N1_TO_1", x)
    np.testing.assert_array_equal(got, [-1, -1, -1, -0.0, 0.5, 1, 1, 1, np.nan])
    assert np.signbit(got[3])


def test_leaky_relu_hand_worked():
    x = np.array([-2, -0.0, 0, 3, -np.inf, np.nan], np.float32)
    np.testing.assert_array_equal(run_opts("LEAKY_RELU", x, alpha=0.25),
                                  [-0.5, -0.0, 0, 3, -np.inf, np.nan])
    # alpha > 1 and negative alpha are taken as given: x > 0 ? x : alpha * x
    np.testing.assert_array_equal(run_opts("LEAKY_RELU", x[:4], alpha=-2), [4, 0, -0.0, 3])
    np.testing.assert_array_equal(run_op("LEAKY_RELU", [x[:4]])[0], [-0.0, -0.0, 0, 3])  # alpha 0


def test_hard_swish_hand_worked():
    # x * min(max(x + 3, 0), 6) / 6: -3 -> 0, 3 -> 3, -1 -> -1/3, -inf -> nan (observed)
    x = np.array([-4, -3, -1, 0, 1, 3, 4, np.inf, -np.inf, np.nan], np.float32)
    got = one("HARD_SWISH", x)
    np.testing.assert_array_equal(got, np.array([-0.0, -0.0, -1 / 3, 0, 2 / 3, 3, 4, np.inf, np.nan,
                                                 np.nan], np.float32))


def test_elu_hand_worked():
    x = np.array([0, -0.0, 1, -1, -np.inf, np.inf, np.nan, -1e-8], np.float32)
    np.testing.assert_array_equal(one("ELU", x), np.array([0, -0.0, 1, np.expm1(-1), -1, np.inf,
                                                           np.nan, -1e-8], np.float32))


def _exp_or_inf(a):
    from math import exp, inf
    return inf if a > 709.78 else exp(a)


def gelu64(x, approximate):
    from math import erfc, sqrt, pi
    v = x.astype(np.float64)
    if approximate:
        # 0.5 t (1 + tanh(u)) written as t / (1 + e^(-2u)): equal, but without the cancellation
        # of 1 + tanh(u) for u < -18, where float64 would lose every digit of the tiny result
        f = [t / (1 + _exp_or_inf(-2 * sqrt(2 / pi) * (t + 0.044715 * t ** 3))) for t in v]
    else:
        f = [0.5 * t * erfc(-t / sqrt(2)) for t in v]
    return np.array(f, np.float64).astype(np.float32)


@pytest.mark.parametrize("approximate", [False, True])
def test_gelu_hand_worked(approximate):
    # gelu(0) = 0, gelu(+inf) = inf, gelu(-inf) = -0 or nan is not asked; large |x| saturate.
    x = np.array([0, 10, -10, 1, -1, np.nan], np.float32)
    got = run_opts("GELU", x, approximate=approximate)
    np.testing.assert_allclose(got[:5], gelu64(x[:5], approximate), rtol=1e-6, atol=1e-30)
    assert got[1] == 10 and abs(got[2]) < 1e-20 and np.isnan(got[5])
    # Phi(1) = 0.8413447460685429...: exact gelu(1) = 0.84134475, gelu(-1) = -0.15865526
    if not approximate:
        np.testing.assert_allclose(got[3:5], [0.8413447460685429, -0.15865525393145707], rtol=1e-7)


EXTRA = [("RELU_N1_TO_1", {}), ("LEAKY_RELU", {"alpha": 0.2}), ("HARD_SWISH", {}), ("ELU", {}),
         ("GELU", {"approximate": False}), ("GELU", {"approximate": True})]
OPTION_TYPES = {"LEAKY_RELU": 75, "GELU": 116}


def extra_reference(op, x, options):
    if op == "RELU_N1_TO_1":
        return np.clip(x, -1, 1)
    if op == "LEAKY_RELU":
        return np.where(x > 0, x, x * np.float32(options["alpha"]))
    if op == "HARD_SWISH":
        return x * np.clip(x + np.float32(3), 0, 6) / np.float32(6)
    if op == "ELU":
        return np.where(x < 0, np.expm1(x.astype(np.float64)).astype(np.float32), x)
    return gelu64(x, options["approximate"])


@pytest.mark.parametrize("op, options", EXTRA)
@pytest.mark.parametrize("n", TILE_SIZES)
def test_extra_random_sizes(op, options, n):
    rng = np.random.default_rng(n)
    x = (rng.standard_normal(n) * 4).astype(np.float32)
    got = run_op(op, [x], options=options)[0]
    want = extra_reference(op, x, options)
    if op in ("ELU", "GELU"):  # one rounding of a double result on our side; numpy's in the ref
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-37)
    else:
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("op, options", EXTRA)
def test_extra_against_litert(op, options):
    from litert_oracle import litert_run
    rng = np.random.default_rng(11)
    x = np.concatenate([SPECIALS, (rng.standard_normal(200) * 5).astype(np.float32)])
    got = run_op(op, [x], options=options)[0]
    want = litert_run(op, [x], options=options, options_type=OPTION_TYPES.get(op, 0))[0]
    if op == "GELU":
        # LiteRT evaluates in float (the approximate form with a tanh that saturates to -1 from
        # x ~ -4.8 on, giving -0 where the true value is ~-6e-7), interp in double rounded once
        # (test_extra_random_sizes holds it to 1e-6 of float64). They agree to 1e-6 absolute plus
        # 1e-6 relative (observed on 4000 random inputs: at most 6.5e-7 absolute).
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)
    else:
        np.testing.assert_array_equal(got, want)


def test_extra_errors():
    for op, options in EXTRA:
        # (ELU also runs INT8, GELU INT8 and UINT8: quantized, tests/test_quant_extra.py)
        with pytest.raises(ModelError, match=rf"INT32, which {op} does not support; supported: "
                                             r"FLOAT32(, INT8)?(, UINT8)?$"):
            run_op(op, [np.ones(3, np.int32)], options=options)
