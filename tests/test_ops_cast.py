"""CAST: golden tests (no model) for all 121 pairs of FLOAT32, FLOAT64, FLOAT16, INT32, INT64, BOOL,
UINT8, INT8, INT16, UINT16, UINT32. Oracles: the rules observed in LiteRT 2.3.0 written out in numpy
(float -> integer truncates toward zero and saturates, NaN gives the max; integer -> integer keeps
the low bits; -> bool is x != 0; -> float16 is numpy's round to nearest even, from float64 and
integers through float32 first), hand-worked values, and LiteRT itself on every pair."""
import numpy as np
import pytest

from interp.errors import ModelError
from kernel_runner import run_op
from litert_oracle import litert_run

TYPES = [np.float32, np.float64, np.float16, np.int32, np.int64, np.bool_, np.uint8, np.int8,
         np.int16, np.uint16, np.uint32]
PAIRS = [(s, d) for s in TYPES for d in TYPES]


def source(dtype, n=40, seed=0):
    rng = np.random.default_rng(seed)
    if dtype == np.bool_:
        return rng.random(n) < 0.5
    if np.dtype(dtype).kind == "f":
        special = [1.9, -1.9, 0.5, -0.5, -0.0, 300.7, -300.7, 3e9, -3e9, np.nan, np.inf, -np.inf,
                   70000.5, 1e20, 127.9, 128, -128.9, -129, 255.9, 256, 32767.9, 32768, -32769,
                   65535.9, 65519, 65520, 4294967040, 2147483520, -2147483648, 2**63, -2**63,
                   6.1e-5, 5.96e-8, 2.98e-8, 2.99e-8, 1.00048828125, 1.00146484375, 1e-40]
        x = np.concatenate([special, rng.standard_normal(n) * 1000, rng.standard_normal(n) * 1e-5])
        with np.errstate(over="ignore"):
            return x.astype(dtype)
    info = np.iinfo(dtype)
    x = rng.integers(info.min, info.max, n, endpoint=True, dtype=dtype)
    x[:4] = [0, 1, info.min, info.max]
    return x


def reference(x, dst):
    dst = np.dtype(dst)
    if dst == np.bool_:
        return x != 0
    if dst == np.float16 and x.dtype not in (np.float32, np.float16):
        x = x.astype(np.float32)  # through float, as LiteRT (Eigen's half) does
    if dst.kind == "f" or x.dtype == np.bool_:
        with np.errstate(over="ignore"):
            return x.astype(dst)
    if x.dtype.kind == "f":
        info = np.iinfo(dst)
        x = x.astype(np.float64)
        v = x.astype(np.float64)
        out = np.empty(x.shape, object)
        for i, f in enumerate(v):
            if np.isnan(f) or f >= info.max + 1.0:
                out[i] = info.max
            elif f <= info.min - 1.0:
                out[i] = info.min
            else:
                out[i] = int(f)  # toward zero
        return out.astype(dst)
    bits = dst.itemsize * 8
    lo = 0 if dst.kind == "u" else -(2 ** (bits - 1))
    x = x.astype(object)
    return np.array([(int(v) - lo) % 2**bits + lo for v in x], dst)


def cast(x, dst):
    return run_op("CAST", [x], output_types=[dst])[0]


def test_hand_worked():
    f = np.array([1.9, -1.9, 0.5, -0.5, np.nan, np.inf, -np.inf, 3e9, -3e9], np.float32)
    np.testing.assert_array_equal(cast(f, np.int32),
                                  [1, -1, 0, 0, 2**31 - 1, 2**31 - 1, -2**31, 2**31 - 1, -2**31])
    np.testing.assert_array_equal(cast(f, np.uint8), [1, 0, 0, 0, 255, 255, 0, 255, 0])
    np.testing.assert_array_equal(cast(f, np.int8), [1, -1, 0, 0, 127, 127, -128, 127, -128])
    np.testing.assert_array_equal(cast(f, np.bool_), [1, 1, 1, 1, 1, 1, 1, 1, 1])
    i = np.array([0, 1, -1, 255, 256, -129, 70000, 2**31 - 1, -2**31], np.int32)
    np.testing.assert_array_equal(cast(i, np.uint8), [0, 1, 255, 255, 0, 127, 112, 255, 0])
    np.testing.assert_array_equal(cast(i, np.int16), [0, 1, -1, 255, 256, -129, 4464, -1, 0])
    np.testing.assert_array_equal(cast(i, np.bool_), [0, 1, 1, 1, 1, 1, 1, 1, 1])
    np.testing.assert_array_equal(cast(np.array([0.0, -0.0, 1e-45], np.float32), np.bool_),
                                  [0, 0, 1])
    assert cast(np.array([2**31 - 0.5], np.float64), np.int32)[0] == 2**31 - 1  # truncates


@pytest.mark.parametrize("src, dst", PAIRS)
def test_every_pair_against_reference(src, dst):
    x = source(src)
    got = cast(x, dst)
    assert got.dtype == np.dtype(dst) and got.shape == x.shape
    want = reference(x, dst)
    if np.dtype(dst).kind == "f":
        np.testing.assert_array_equal(got.view(f"u{got.itemsize}"), want.view(f"u{got.itemsize}"))
    else:
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("src, dst", PAIRS)
def test_every_pair_against_litert(src, dst):
    x = source(src, n=17, seed=3).reshape(-1, 1)
    got = cast(x, dst)
    want = litert_run("CAST", [x], output_types=[dst])[0]
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("n", [0, 15, 16, 17, 31, 32, 33, 63, 64, 65])
def test_sizes(n):
    x = np.arange(n, dtype=np.int64).reshape(n, 1) - 7
    np.testing.assert_array_equal(cast(x, np.float32), x.astype(np.float32))
    np.testing.assert_array_equal(cast(x.astype(np.float32), np.int8), x.astype(np.int8))


def test_options_are_not_trusted_over_tensor_types():
    # CastOptions default to FLOAT32 -> FLOAT32; the tensors' types decide.
    out = run_op("CAST", [np.array([1.5], np.float32)], options={"in_data_type": 0,
                                                                "out_data_type": 0},
                 output_types=[np.int32])[0]
    np.testing.assert_array_equal(out, [1])


def test_errors():
    with pytest.raises(ModelError, match=r"CAST.*output 0 .* has type UINT64, which CAST does not "
                                         r"support; supported: FLOAT32, FLOAT64"):
        cast(np.ones(2, np.float32), np.uint64)
    with pytest.raises(ModelError, match=r"input 0 .* STRING, which CAST does not support"):
        cast(np.array([b"1"], object), np.float32)
