"""Quantized ops that LiteRT runs as plain integer ops once the params agree (MAXIMUM, MINIMUM,
REDUCE_MAX, REDUCE_MIN, TOPK_V2): hand-worked values, random inputs bit-exact (max abs difference
0) against LiteRT (the oracle: ``tests/quant_op.py`` with BUILTIN_WITHOUT_DEFAULT_DELEGATES), and
the load-time check naming the tensor whose scale / zero point differs."""
import numpy as np
import pytest

from interp.errors import ModelError
from tests.quant_op import Q, feeds_of, ours, quant_model, run_quant

I8, U8, I16 = np.int8, np.uint8, np.int16
R = np.random.default_rng(11)


def rand(dt, shape):
    info = np.iinfo(dt)
    return R.integers(info.min, info.max + 1, shape).astype(dt)


def assert_same(lite, mine):
    assert len(lite) == len(mine)
    for a, b in zip(lite, mine):
        assert a.dtype == b.dtype and a.shape == b.shape
        diff = np.abs(a.astype(np.int64) - b.astype(np.int64))
        assert diff.max(initial=0) == 0, np.flatnonzero(diff)[:10]


# ---- MAXIMUM / MINIMUM ----------------------------------------------------------------------

def test_maximum_minimum_int8_hand_worked():
    a = np.array([-128, -1, 0, 5, 127], I8)
    b = np.array([127, -2, 0, 6, -128], I8)
    for op, want in (("MAXIMUM", [127, -1, 0, 6, 127]), ("MINIMUM", [-128, -2, 0, 5, -128])):
        inputs = [Q(a, 0.1, 3), Q(b, 0.1, 3)]
        data = quant_model(op, inputs, [Q(I8, 0.1, 3, shape=(5,))])
        np.testing.assert_array_equal(ours(data, feeds_of(inputs, ()))[0], want)


@pytest.mark.parametrize("op", ["MAXIMUM", "MINIMUM"])
@pytest.mark.parametrize("dt,zp", [(I8, -5), (U8, 128), (I16, 0)])
@pytest.mark.parametrize("shapes", [((17,), (17,)), ((2, 3, 16), (3, 1)), ((33,), ()),
                                    ((4, 1, 5), (1, 6, 1))])
def test_maximum_minimum_random_vs_litert(op, dt, zp, shapes):
    a, b = rand(dt, shapes[0]), rand(dt, shapes[1])
    out_shape = np.broadcast_shapes(a.shape, b.shape)
    lite, mine = run_quant(op, [Q(a, 0.02, zp), Q(b, 0.02, zp)], [Q(dt, 0.02, zp, shape=out_shape)])
    assert_same(lite, mine)


@pytest.mark.parametrize("which,bad", [("input 1", (0, 0.03, -5)), ("output 0", (2, 0.02, -4))])
def test_maximum_params_mismatch(which, bad):
    qs = [(0.02, -5)] * 3
    pos, s, z = bad
    qs[pos] = (s, z)
    a, b = rand(I8, (4,)), rand(I8, (4,))
    inputs = [Q(a, *qs[0]), Q(b, *qs[1])]
    data = quant_model("MAXIMUM", inputs, [Q(I8, *qs[2], shape=(4,))])
    with pytest.raises(ModelError, match=f"MAXIMUM.*{which}.*same scale and zero point"):
        ours(data, feeds_of(inputs, ()))


# ---- REDUCE_MAX / REDUCE_MIN ----------------------------------------------------------------

def test_reduce_max_min_hand_worked():
    x = np.array([[-128, 3, -7], [127, -128, 0]], I8)
    for op, want in (("REDUCE_MAX", [3, 127]), ("REDUCE_MIN", [-128, -128])):
        inputs = [Q(x, 0.5, 1), np.array([1], np.int32)]
        data = quant_model(op, inputs, [Q(I8, 0.5, 1, shape=(2,))], const=(1,),
                           options={"keep_dims": False})
        np.testing.assert_array_equal(ours(data, feeds_of(inputs, (1,)))[0], want)


@pytest.mark.parametrize("op", ["REDUCE_MAX", "REDUCE_MIN"])
@pytest.mark.parametrize("dt,zp", [(I8, 7), (U8, 100)])
@pytest.mark.parametrize("shape,axes,keep", [((3, 17), [1], False), ((2, 16, 5), [1], True),
                                             ((4, 3, 33), [0, 2], False), ((65,), [0], True)])
def test_reduce_max_min_random_vs_litert(op, dt, zp, shape, axes, keep):
    x = rand(dt, shape)
    out_shape = tuple(1 if d in axes else n for d, n in enumerate(shape)) if keep else \
        tuple(n for d, n in enumerate(shape) if d not in axes)
    lite, mine = run_quant(op, [Q(x, 0.05, zp), np.array(axes, np.int32)],
                           [Q(dt, 0.05, zp, shape=out_shape)], const=(1,),
                           options={"keep_dims": keep})
    assert_same(lite, mine)


def test_reduce_min_params_mismatch():
    inputs = [Q(rand(U8, (2, 3)), 0.05, 100), np.array([1], np.int32)]
    data = quant_model("REDUCE_MIN", inputs, [Q(U8, 0.05, 101, shape=(2,))], const=(1,),
                       options={"keep_dims": False})
    with pytest.raises(ModelError, match="REDUCE_MIN.*output 0.*zero point 101.*zero point 100"):
        ours(data, feeds_of(inputs, (1,)))


# ---- TOPK_V2 --------------------------------------------------------------------------------

def test_topk_int8_hand_worked_ties_keep_lower_index():
    x = np.array([[5, -128, 5, 127, 0]], I8)
    inputs = [Q(x, 0.1, 0), np.array(3, np.int32)]
    data = quant_model("TOPK_V2", inputs, [Q(I8, 0.1, 0, shape=(1, 3)), Q(np.int32, shape=(1, 3))],
                       const=(1,))
    values, idx = ours(data, feeds_of(inputs, (1,)))
    np.testing.assert_array_equal(values, [[127, 5, 5]])
    np.testing.assert_array_equal(idx, [[3, 0, 2]])


@pytest.mark.parametrize("dt,zp", [(I8, -3), (U8, 130)])
@pytest.mark.parametrize("rows,n,k", [(3, 16, 4), (2, 17, 17), (5, 8, 1), (1, 33, 0)])
def test_topk_random_vs_litert(dt, zp, rows, n, k):
    x = rand(dt, (rows, n)) // 16  # many equal values
    lite, mine = run_quant("TOPK_V2", [Q(x.astype(dt), 0.1, zp), np.array(k, np.int32)],
                           [Q(dt, 0.1, zp, shape=(rows, k)), Q(np.int32, shape=(rows, k))],
                           const=(1,))
    assert_same(lite, mine)


def test_topk_params_mismatch():
    inputs = [Q(rand(I8, (2, 5)), 0.1, 0), np.array(2, np.int32)]
    data = quant_model("TOPK_V2", inputs, [Q(I8, 0.2, 0, shape=(2, 2)), Q(np.int32, shape=(2, 2))],
                       const=(1,))
    with pytest.raises(ModelError, match="TOPK_V2.*output 0.*scale 0.2"):
        ours(data, feeds_of(inputs, (1,)))
