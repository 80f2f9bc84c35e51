"""EXP, LOG, SQRT, RSQRT, SQUARE, ABS, NEG, SIN, COS, FLOOR, CEIL, ROUND: golden tests (no model).

Oracles: hand-worked edge cases (observed in LiteRT 2.3.0); numpy float64 rounded to float32 with
relative tolerance 1e-6 for the transcendental ops (the kernels call the float32 libm, within an
ulp or two); exact numpy for SQUARE, ABS, NEG, FLOOR, CEIL and ROUND (np.round is half to even,
apart from the sign of zero); and LiteRT itself, compared exactly (same float32 libm calls).
"""
import numpy as np
import pytest

from elementwise_util import TILE_SIZES
from interp.errors import ModelError
from interp.ops._kernels import ffi, lib
from kernel_runner import run_op
from litert_oracle import litert_run

F32 = np.float32
SPECIALS = np.array([0, -0.0, -1, 1, 2.5, -2.5, 0.5, 1.5, -0.5, np.inf, -np.inf, np.nan, 1e-45],
                    F32)
FLOAT_OPS = ["EXP", "LOG", "SQRT", "RSQRT", "SQUARE", "ABS", "NEG", "SIN", "COS", "FLOOR", "CEIL",
             "ROUND"]
F64 = {"EXP": np.exp, "LOG": np.log, "SQRT": np.sqrt, "RSQRT": lambda x: 1 / np.sqrt(x),
       "SIN": np.sin, "COS": np.cos}
EXACT = {"SQUARE": lambda x: x * x, "ABS": np.abs, "NEG": np.negative, "FLOOR": np.floor,
         "CEIL": np.ceil, "ROUND": np.round}


def one(op, x):
    return run_op(op, [x])[0]


# LiteRT 2.3.0 on SPECIALS (observed; BUILTIN_REF, CEIL/ROUND from the optimized resolver).
OBSERVED = {
    "EXP": [1, 1, 0.36787945, 2.7182817, 12.182494, 0.082085, 1.6487212, 4.481689, 0.60653067,
            np.inf, 0, np.nan, 1],
    "LOG": [-np.inf, -np.inf, np.nan, 0, 0.91629076, np.nan, -0.6931472, 0.4054651, np.nan, np.inf,
            np.nan, np.nan, -103.27893],
    "SQRT": [0, -0.0, np.nan, 1, 1.5811388, np.nan, 0.70710677, 1.2247449, np.nan, np.inf, np.nan,
             np.nan, 3.7433921e-23],
    "RSQRT": [np.inf, -np.inf, np.nan, 1, 0.63245553, np.nan, 1.4142135, 0.81649655, np.nan, 0,
              np.nan, np.nan, 2.6713738e+22],
    "FLOOR": [0, -0.0, -1, 1, 2, -3, 0, 1, -1, np.inf, -np.inf, np.nan, 0],
    "CEIL": [0, -0.0, -1, 1, 3, -2, 1, 2, -0.0, np.inf, -np.inf, np.nan, 1],
    "ROUND": [0, -0.0, -1, 1, 2, -2, 0, 2, 0, np.inf, -np.inf, np.nan, 0],
}


@pytest.mark.parametrize("op", sorted(OBSERVED))
def test_specials_as_observed(op):
    got = one(op, SPECIALS)
    want = np.array(OBSERVED[op], F32)
    np.testing.assert_allclose(got, want, rtol=1e-7, atol=0)
    real = ~np.isnan(want)  # -0 where LiteRT has -0 (a NaN's sign is not part of the contract)
    np.testing.assert_array_equal(np.signbit(got[real]), np.signbit(want[real]))


def test_round_half_to_even_and_zero_sign():
    x = np.array([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, -0.4, 0.49999997, 8388607.5, 8388609,
                  2.5000002], F32)
    got = one("ROUND", x)
    np.testing.assert_array_equal(got, [0, 2, 2, 4, 0, -2, -2, 0, 0, 8388608, 8388609, 3])
    assert not np.signbit(got[4]) and not np.signbit(got[7])  # -0.5 and -0.4 give +0 (LiteRT)


def test_integer_abs_neg_wrap():
    i32 = np.array([-2**31, -5, 0, 5, 2**31 - 1], np.int32)
    np.testing.assert_array_equal(one("ABS", i32), [-2**31, 5, 0, 5, 2**31 - 1])
    np.testing.assert_array_equal(one("NEG", i32), [-2**31, 5, 0, -5, -2**31 + 1])
    i64 = np.array([-2**63, -5, 0, 2**63 - 1], np.int64)
    np.testing.assert_array_equal(one("NEG", i64), [-2**63, 5, 0, -2**63 + 1])


@pytest.mark.parametrize("op", FLOAT_OPS)
@pytest.mark.parametrize("n", [0] + TILE_SIZES)
def test_tile_sizes_random(op, n):
    rng = np.random.default_rng(n)
    x = (rng.standard_normal(n) * 4).astype(F32)
    if op in ("LOG", "SQRT", "RSQRT"):
        x = np.abs(x) + F32(1e-3)
    got = one(op, x)
    if op in EXACT:
        np.testing.assert_array_equal(got, EXACT[op](x))
    else:
        want = F64[op](x.astype(np.float64)).astype(F32)
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7 if op in ("SIN", "COS") else 0)


@pytest.mark.parametrize("op, dtypes", [(op, [F32]) for op in FLOAT_OPS]
                         + [("ABS", [np.int32]), ("NEG", [np.int32, np.int64])])
def test_against_litert(op, dtypes):
    rng = np.random.default_rng(7)
    for dt in dtypes:
        if dt == F32:
            x = np.concatenate([SPECIALS, (rng.standard_normal(67) * 20).astype(F32),
                                np.arange(-8, 8, 0.5, dtype=F32)])
        else:
            info = np.iinfo(dt)
            x = rng.integers(info.min, info.max, 65, endpoint=True, dtype=dt)
            x[:2] = [info.min, info.max]
        got, want = one(op, x), litert_run(op, [x])[0]
        np.testing.assert_array_equal(got, want)
        np.testing.assert_array_equal(np.signbit(got), np.signbit(want))


@pytest.mark.parametrize("fn", ["interp_f32_exp", "interp_f32_round", "interp_f32_rsqrt"])
def test_in_place(fn):
    x = np.linspace(-3, 3, 33, dtype=F32)
    if fn == "interp_f32_rsqrt":
        x = np.abs(x) + 1
    want = run_op({"interp_f32_exp": "EXP", "interp_f32_round": "ROUND",
                   "interp_f32_rsqrt": "RSQRT"}[fn], [x])[0]
    buf = x.copy()
    p = ffi.from_buffer("float[]", buf)
    assert getattr(lib, fn)(p, p, buf.size) == 0
    np.testing.assert_array_equal(buf, want)


def test_shape_kept_and_errors():
    x = np.ones((2, 0, 3), F32)
    assert one("EXP", x).shape == (2, 0, 3)
    assert one("SIN", np.array(0.5, F32)).shape == ()
    with pytest.raises(ModelError, match=r"INT32, which EXP does not support; supported: FLOAT32$"):
        one("EXP", np.ones(2, np.int32))
    with pytest.raises(ModelError, match=r"INT64, which ABS does not support; supported: FLOAT32, "
                                         r"INT32$"):
        one("ABS", np.ones(2, np.int64))
    with pytest.raises(ModelError, match=r"quantized INT8 NEG is not supported yet"):
        one("NEG", np.ones(2, np.int8))
    with pytest.raises(ModelError, match=r"output 0 .* INT32 but input 0 is FLOAT32"):
        run_op("SQRT", [np.ones(2, F32)], output_types=[np.int32])
