"""CONCATENATION, PACK, UNPACK, SPLIT, SPLIT_V: golden tests against numpy's concatenate, stack
and split (exact: values are only moved), with LiteRT cross-checks."""
import numpy as np
import pytest

from interp.errors import ModelError
from kernel_runner import run_op
from litert_op import litert_op
from movement_support import DTYPES, TILE_SIZES, assert_same, random_array, strings

I32 = np.int32


def concat(xs, axis, act=0):
    return run_op("CONCATENATION", xs, {"axis": axis, "fused_activation_function": act})[0]


def pack(xs, axis):
    return run_op("PACK", xs, {"values_count": len(xs), "axis": axis})[0]


def unpack(x, axis, num=None):
    n = x.shape[axis] if num is None else num
    return run_op("UNPACK", [x], {"num": n, "axis": axis}, n_outputs=n)


def split(x, axis, num, const=(0,)):
    return run_op("SPLIT", [np.array(axis, I32), x], {"num_splits": num}, const=const,
                  output_types=[x.dtype] * num, n_outputs=num)


def split_v(x, sizes, axis, index=I32):
    return run_op("SPLIT_V", [x, np.array(sizes, index), np.array(axis, I32)],
                  {"num_splits": len(sizes)}, const=(1, 2), n_outputs=len(sizes))


# ---- CONCATENATION -----------------------------------------------------------------------------

def test_concat_hand_worked():
    a = np.array([[1, 2], [3, 4]], np.float32)
    b = np.array([[5], [6]], np.float32)
    assert_same(concat([a, b], 1), np.array([[1, 2, 5], [3, 4, 6]], np.float32))
    assert_same(concat([a, b], -1), np.array([[1, 2, 5], [3, 4, 6]], np.float32))
    assert_same(concat([a, a.T], 0), np.array([[1, 2], [3, 4], [1, 3], [2, 4]], np.float32))
    assert_same(concat([a], 0), a)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("axis", [0, 1, 2, -1, -3])
def test_concat_random_every_dtype(dtype, axis):
    rng = np.random.default_rng(axis + 5)
    shapes = [(2, 3, 4), (2, 3, 4), (2, 3, 4)]
    ax = axis % 3
    xs = []
    for k, s in enumerate(shapes):
        s = list(s)
        s[ax] = k + 1 if k != 1 else 0  # a zero-size piece in the middle
        xs.append(random_array(rng, dtype, tuple(s)))
    assert_same(concat(xs, axis), np.concatenate(xs, axis=axis))


@pytest.mark.parametrize("n", TILE_SIZES)
def test_concat_sizes_around_the_tile(n):
    rng = np.random.default_rng(n)
    xs = [random_array(rng, np.float32, (3, n)), random_array(rng, np.float32, (3, n + 1))]
    assert_same(concat(xs, 1), np.concatenate(xs, axis=1))


def test_concat_strings_and_against_litert():
    s = [strings((2, 2)), strings((2, 1))]
    assert_same(concat(s, 1), np.concatenate(s, axis=1))
    rng = np.random.default_rng(0)
    xs = [random_array(rng, np.float32, (2, k, 3)) for k in (1, 4, 2)]
    assert_same(concat(xs, 1), litert_op("CONCATENATION", xs, {"axis": 1})[0])


def test_concat_errors():
    a = np.zeros((2, 3), np.float32)
    # LiteRT 2.3.0, observed: "params->activation != kTfLiteActNone (1 != 0)" at prepare.
    with pytest.raises(ModelError, match=r"fused activation 1 is not supported: CONCATENATION "
                                         r"takes only NONE"):
        concat([a, a], 0, act=1)
    with pytest.raises(ModelError, match=r"input 1 .*\[2,4\].* does not match input 0 .* outside "
                                         r"axis 0"):
        concat([a, np.zeros((2, 4), np.float32)], 0)
    with pytest.raises(ModelError, match="axis 2 is out of range for rank 2"):
        concat([a, a], 2)
    with pytest.raises(ModelError, match="input 1 .* INT32 but input 0 is FLOAT32"):
        concat([a, np.zeros((2, 3), np.int32)], 0)


def test_concat_quantized_needs_equal_scales():
    from interp import model
    from interp.ops import registry
    from interp.tensor import RuntimeTensor
    q1 = model.Quantization(scale=(0.5,), zero_point=(3,))
    q2 = model.Quantization(scale=(0.25,), zero_point=(3,))
    ts = [RuntimeTensor(i, model.Tensor(f"t{i}", 9, (2,), quantization=q))
          for i, q in enumerate((q1, q2, q1))]
    op = model.Operator(0, (0, 1), (2,), builtin_options={"axis": 0})
    node = registry.Node(0, "test", "CONCATENATION", op, registry.lookup(2, None), ts[:2], ts[2:])
    with pytest.raises(ModelError, match=r"input 1 .* quantized with .*\(0.25,\).* requantizing "
                                         r"CONCATENATION is not supported \(LiteRT refuses it too\)"):
        node.module.prepare(node)


# ---- PACK / UNPACK -----------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("axis", [0, 1, 2, -1, -3])
def test_pack_unpack_random_every_dtype(dtype, axis):
    rng = np.random.default_rng(axis + 11)
    xs = [random_array(rng, dtype, (3, 5)) for _ in range(4)]
    packed = pack(xs, axis)
    assert_same(packed, np.stack(xs, axis=axis))
    for got, want in zip(unpack(packed, axis), xs):
        assert_same(got, want)


def test_pack_unpack_edges_and_litert():
    assert_same(pack([np.float32(1), np.float32(2)], 0), np.array([1, 2], np.float32))
    e = np.zeros((0, 2), np.int32)
    assert_same(pack([e, e], 1), np.zeros((0, 2, 2), np.int32))
    s = strings((2, 3))
    assert_same(pack([s, s], 1), np.stack([s, s], axis=1))
    assert [o.tolist() for o in unpack(s, 1)] == [list(c) for c in s.T]
    rng = np.random.default_rng(1)
    xs = [random_array(rng, np.int32, (2, 3)) for _ in range(3)]
    assert_same(pack(xs, 1), litert_op("PACK", xs, {"values_count": 3, "axis": 1})[0])
    x = random_array(rng, np.float32, (2, 3, 4))
    want = litert_op("UNPACK", [x], {"num": 3, "axis": 1}, n_outputs=3)
    for got, w in zip(unpack(x, 1), want):
        assert_same(got, w)


def test_pack_unpack_errors():
    a = np.zeros((2, 3), np.float32)
    with pytest.raises(ModelError, match=r"input 1 .* must have input 0's shape \[2, 3\]"):
        pack([a, np.zeros((3, 2), np.float32)], 0)
    with pytest.raises(ModelError, match="axis 3 is out of range for rank 3"):
        pack([a, a], 3)
    with pytest.raises(ModelError, match=r"values_count is 3 but the op has 2 inputs"):
        run_op("PACK", [a, a], {"values_count": 3, "axis": 0})
    with pytest.raises(ModelError, match=r"num is 2 .* but dim 1 of input .* is 3"):
        unpack(a, 1, num=2)


# ---- SPLIT / SPLIT_V ---------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_split_random_every_dtype(dtype, axis):
    rng = np.random.default_rng(axis + 20)
    x = random_array(rng, dtype, (6, 4))
    for got, want in zip(split(x, axis, 2), np.split(x, 2, axis=axis)):
        assert_same(got, want)


@pytest.mark.parametrize("n", TILE_SIZES)
def test_split_v_sizes_around_the_tile(n):
    rng = np.random.default_rng(n)
    x = random_array(rng, np.float32, (3, n + 2))
    sizes = [1, -1, 1]
    pieces = split_v(x, sizes, 1)
    for got, want in zip(pieces, np.split(x, [1, n + 1], axis=1)):
        assert_same(got, want)


def test_split_v_edges_and_litert():
    x = np.arange(12, dtype=np.int64).reshape(2, 6)
    got = split_v(x, [2, 0, 4], -1, index=np.int64)
    for g, w in zip(got, [x[:, :2], x[:, 2:2], x[:, 2:]]):
        assert_same(g, w)
    s = strings((4,))
    assert [o.tolist() for o in split(s, 0, 2)] == [s[:2].tolist(), s[2:].tolist()]
    x = random_array(np.random.default_rng(2), np.float32, (4, 6))
    want = litert_op("SPLIT", [np.array(1, I32), x], {"num_splits": 3}, const=(0,),
                     output_types=[np.float32] * 3)
    for g, w in zip(split(x, 1, 3), want):
        assert_same(g, w)
    want = litert_op("SPLIT_V", [x, np.array([1, -1], I32), np.array(0, I32)],
                     {"num_splits": 2}, const=(1, 2), n_outputs=2)
    for g, w in zip(split_v(x, [1, -1], 0), want):
        assert_same(g, w)


def test_split_axis_computed_while_running():
    x = np.arange(8, dtype=np.float32).reshape(2, 4)
    got = split(x, 1, 2, const=())
    assert_same(got[1], x[:, 2:])


def test_split_errors():
    x = np.zeros((6, 4), np.float32)
    with pytest.raises(ModelError, match=r"cannot split dim of size 4 .* into num_splits=3 equal"):
        split(x, 1, 3)
    with pytest.raises(ModelError, match=r"size_splits \[2, 2\] does not split dim of size 6"):
        split_v(x, [2, 2], 0)
    with pytest.raises(ModelError, match=r"size_splits \[-1, -1\] does not split"):
        split_v(x, [-1, -1], 0)
    with pytest.raises(ModelError, match="axis 2 is out of range for rank 2"):
        split(x, 2, 2)
