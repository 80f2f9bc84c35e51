"""SELECT and SELECT_V2: golden tests (no model). Oracle: numpy.where (exact: elements are copied),
bit patterns checked for floats (NaN payloads and -0 survive), and LiteRT itself."""
import numpy as np
import pytest

from elementwise_util import TILE_SIZES, random_operand
from interp.errors import ModelError
from interp.ops._binary import broadcast_n
from interp.ops._kernels import ffi, lib
from kernel_runner import run_op
from litert_oracle import litert_run

TYPES = [np.float32, np.int32, np.int64, np.bool_, np.uint8, np.int8, np.int16]


def operand(rng, dtype, shape):
    if dtype in (np.uint8, np.int8, np.int16):
        info = np.iinfo(dtype)
        return rng.integers(info.min, info.max, shape, endpoint=True).astype(dtype)
    return random_operand(rng, dtype, shape)


def sel(op, c, x, y):
    return run_op(op, [c, x, y], output_types=[np.asarray(x).dtype])[0]


def test_select_v2_hand_worked_keeps_bits():
    c = np.array([True, False, True, False])
    x = np.array([np.nan, 1, -0.0, 2], np.float32)
    y = np.array([5, -0.0, 6, np.inf], np.float32)
    x.view(np.uint32)[0] = 0x7FC01234  # a NaN payload is copied, not recomputed
    got = sel("SELECT_V2", c, x, y)
    np.testing.assert_array_equal(got.view(np.uint32), np.where(c, x, y).view(np.uint32))
    assert got.view(np.uint32)[0] == 0x7FC01234 and np.signbit(got[1]) and np.signbit(got[2])


@pytest.mark.parametrize("dtype", TYPES)
@pytest.mark.parametrize("n", TILE_SIZES)
def test_select_v2_same_shape_random(dtype, n):
    rng = np.random.default_rng(n)
    c = rng.random(n) < 0.5
    x, y = operand(rng, dtype, (n,)), operand(rng, dtype, (n,))
    np.testing.assert_array_equal(sel("SELECT_V2", c, x, y), np.where(c, x, y))


@pytest.mark.parametrize("c_shape, x_shape, y_shape", [
    ((), (5,), (5,)), ((5,), (), ()), ((), (), ()),
    ((3, 1), (1, 4), (3, 4)), ((4,), (3, 4), ()), ((2, 1, 3), (1, 4, 1), (4, 3)),
    ((1, 2, 1, 2, 1, 2), (2, 1, 2, 1, 2, 1), (2,)), ((2, 3, 1, 4, 5), (3, 7, 1, 1), (1,)),
    ((0, 3), (3,), (1, 3)), ((2, 0), (), (2, 1)),
])
def test_select_v2_broadcasting(c_shape, x_shape, y_shape):
    rng = np.random.default_rng(len(c_shape) + 3 * len(x_shape))
    for dtype in (np.float32, np.int64, np.bool_, np.int16):
        c = rng.random(c_shape) < 0.5
        x, y = operand(rng, dtype, x_shape), operand(rng, dtype, y_shape)
        got, want = sel("SELECT_V2", c, x, y), np.where(c, x, y)
        assert got.shape == want.shape
        np.testing.assert_array_equal(got, want)


def test_select_shapes():
    rng = np.random.default_rng(1)
    x, y = rng.standard_normal((4, 3, 2)).astype(np.float32), np.zeros((4, 3, 2), np.float32)
    c = rng.random((4, 3, 2)) < 0.5
    np.testing.assert_array_equal(sel("SELECT", c, x, y), np.where(c, x, y))
    rows = np.array([True, False, False, True])  # rank 1 over the first dim picks whole rows
    np.testing.assert_array_equal(sel("SELECT", rows, x, y),
                                  np.where(rows[:, None, None], x, y))
    np.testing.assert_array_equal(sel("SELECT", np.array(False), x, y), y)


def test_select_against_litert():
    rng = np.random.default_rng(2)
    for dtype in (np.float32, np.int32, np.int64, np.bool_):
        x, y = operand(rng, dtype, (4, 5)), operand(rng, dtype, (4, 5))
        for c in (rng.random((4, 5)) < 0.5, rng.random(4) < 0.5, np.array(True)):
            np.testing.assert_array_equal(sel("SELECT", c, x, y),
                                          litert_run("SELECT", [c, x, y], output_types=[dtype])[0])
        c = rng.random((3, 1, 5)) < 0.5
        yb = operand(rng, dtype, (1, 5))
        np.testing.assert_array_equal(
            sel("SELECT_V2", c, x, yb),
            litert_run("SELECT_V2", [c, x, yb], output_types=[dtype])[0])


def test_in_place_out_is_x():
    rng = np.random.default_rng(4)
    for n in (15, 16, 17):
        c = rng.random((3, n)) < 0.5
        x, y = rng.standard_normal((3, n)).astype(np.float32), np.float32(-1)
        want = np.where(c, x, y)
        _, dims = broadcast_n(c.shape, x.shape, ())
        p = ffi.new("interp_select_params *")
        p.rank = len(dims)
        for i, (size, (sc, sx, sy)) in enumerate(dims):
            p.shape[i], p.c_stride[i], p.x_stride[i], p.y_stride[i] = size, sc, sx, sy
        xs = ffi.from_buffer("int32_t[]", x)
        ys = ffi.from_buffer("int32_t[]", np.array([y]))
        assert lib.interp_i32_select(ffi.from_buffer("uint8_t[]", c), xs, ys, xs, p) == 0
        np.testing.assert_array_equal(x, want)


def test_errors():
    x = np.ones((2, 3), np.float32)
    with pytest.raises(ModelError, match=r"SELECT_V2.*condition of SELECT_V2 must be BOOL"):
        run_op("SELECT_V2", [np.ones((2, 3), np.int32), x, x])
    with pytest.raises(ModelError, match=r"input 2 .* INT32 but input 1 is FLOAT32"):
        run_op("SELECT_V2", [np.ones(3, bool), x, np.ones((2, 3), np.int32)])
    with pytest.raises(ModelError, match=r"cannot broadcast input shapes \[4\] and \[2, 3\] and "
                                         r"\[2, 3\]"):
        sel("SELECT_V2", np.ones(4, bool), x, x)
    with pytest.raises(ModelError, match=r"FLOAT64, which SELECT_V2 does not support"):
        sel("SELECT_V2", np.ones(3, bool), np.ones(3), np.ones(3))
    with pytest.raises(ModelError, match=r"SELECT.*condition .* shape \[3\]; SELECT needs x's "
                                         r"shape \[2, 3\], a scalar, or \[2\]"):
        sel("SELECT", np.ones(3, bool), x, x)
    with pytest.raises(ModelError, match=r"inputs 1 and 2 must have one shape"):
        sel("SELECT", np.ones(2, bool), x, np.ones(3, np.float32))
