"""PAD, PADV2, MIRROR_PAD: golden tests against ``np.pad`` (constant, reflect, symmetric; exact),
with LiteRT cross-checks."""
import numpy as np
import pytest

from interp import model
from interp.errors import ModelError
from interp.ops import registry
from interp.tensor import RuntimeTensor
from litert_op import litert_op
from movement_support import DTYPES, TILE_SIZES, assert_same, random_array, run1, strings

I32 = np.int32
REFLECT, SYMMETRIC = 0, 1


def pad(x, pads, index=I32, const=(1,)):
    return run1("PAD", [x, np.array(pads, index).reshape(-1, 2)], const=const)


def padv2(x, pads, value):
    return run1("PADV2", [x, np.array(pads, I32).reshape(-1, 2), np.array(value, x.dtype)],
                const=(1,))


def mirror(x, pads, mode):
    return run1("MIRROR_PAD", [x, np.array(pads, I32).reshape(-1, 2)], {"mode": mode}, const=(1,))


def test_pad_hand_worked():
    x = np.array([[1, 2], [3, 4]], np.float32)
    want = np.array([[0, 0, 0, 0, 0], [0, 1, 2, 0, 0], [0, 3, 4, 0, 0]], np.float32)
    assert_same(pad(x, [[1, 0], [1, 2]]), want)
    assert_same(padv2(x, [[0, 1], [0, 0]], -1.5), np.array([[1, 2], [3, 4], [-1.5, -1.5]],
                                                            np.float32))
    assert_same(padv2(x, [[0, 0], [1, 0]], np.nan)[:, 0], np.array([np.nan, np.nan], np.float32))
    assert_same(pad(x, [[0, 0], [0, 0]]), x)


@pytest.mark.parametrize("dtype", DTYPES)
def test_pad_random_every_dtype(dtype):
    rng = np.random.default_rng(1)
    for shape in [(5,), (3, 4), (2, 3, 4), (1, 2, 3, 2), (2, 1, 2, 1, 2)]:
        x = random_array(rng, dtype, shape)
        pads = rng.integers(0, 3, size=(len(shape), 2))
        assert_same(pad(x, pads), np.pad(x, pads))
        value = random_array(rng, dtype, ())
        assert_same(padv2(x, pads, value), np.pad(x, pads, constant_values=value))


@pytest.mark.parametrize("n", TILE_SIZES)
def test_pad_sizes_around_the_tile(n):
    x = random_array(np.random.default_rng(n), np.float32, (2, n))
    assert_same(pad(x, [[1, 1], [3, 5]]), np.pad(x, [[1, 1], [3, 5]]))


def test_pad_edges():
    assert_same(pad(np.zeros((0, 2), np.float32), [[1, 1], [0, 1]]), np.zeros((2, 3), np.float32))
    x = np.arange(3, dtype=np.int64)
    assert_same(pad(x, [[2, 1]], index=np.int64), np.pad(x, [[2, 1]]))
    assert_same(pad(x, [[2, 1]], const=()), np.pad(x, [[2, 1]]))  # paddings computed at run time


def test_pad_quantized_uses_the_zero_point():
    q = model.Quantization(scale=(0.5,), zero_point=(-3,))
    x = RuntimeTensor(0, model.Tensor("x", 9, (2,), quantization=q))
    x.allocate()
    x.data[:] = [5, 6]
    p = RuntimeTensor(1, model.Tensor("p", 2, (1, 2)), np.array([[1, 2]], I32).tobytes())
    y = RuntimeTensor(2, model.Tensor("y", 9, (), quantization=q))
    node = registry.Node(0, "test", "PAD", model.Operator(0, (0, 1), (2,)),
                         registry.lookup(34, None), [x, p], [y])
    node.module.prepare(node)
    y.allocate()
    node.module.bind(node)()
    assert y.data.tolist() == [-3, 5, 6, -3, -3]


def test_pad_against_litert():
    x = random_array(np.random.default_rng(3), np.float32, (2, 3, 4))
    p = np.array([[1, 0], [2, 1], [0, 3]], I32)
    assert_same(pad(x, p), litert_op("PAD", [x, p], const=(1,))[0])
    v = np.array(7.0, np.float32)
    assert_same(padv2(x, p, 7.0), litert_op("PADV2", [x, p, v], const=(1,))[0])


def test_pad_errors():
    x = np.zeros((2, 3), np.float32)
    with pytest.raises(ModelError, match=r"paddings \[\[1, -1\], \[0, 0\]\] must not be negative"):
        pad(x, [[1, -1], [0, 0]])
    with pytest.raises(ModelError, match=r"paddings \(input 1\) .*\[1,2\].* must have shape "
                                         r"\[2, 2\]"):
        pad(x, [[1, 1]])
    with pytest.raises(ModelError, match=r"constant_values \(input 2\) .* INT32 but input 0 is "
                                         r"FLOAT32"):
        run1("PADV2", [x, np.zeros((2, 2), I32), np.array(1, I32)], const=(1,))
    with pytest.raises(ModelError, match="STRING.*PAD does not support"):
        pad(strings((2,)), [[1, 1]])


# ---- MIRROR_PAD --------------------------------------------------------------------------------

@pytest.mark.parametrize("mode, np_mode", [(REFLECT, "reflect"), (SYMMETRIC, "symmetric")])
def test_mirror_hand_worked(mode, np_mode):
    x = np.array([1, 2, 3], np.int32)
    want = {REFLECT: [3, 2, 1, 2, 3, 2, 1], SYMMETRIC: [3, 2, 1, 1, 2, 3, 3, 2, 1]}[mode]
    pads = [[2, 2]] if mode == REFLECT else [[3, 3]]
    assert_same(mirror(x, pads, mode), np.array(want, np.int32))
    assert_same(mirror(x, pads, mode), np.pad(x, pads, mode=np_mode))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("mode, np_mode", [(REFLECT, "reflect"), (SYMMETRIC, "symmetric")])
def test_mirror_random_every_dtype(dtype, mode, np_mode):
    rng = np.random.default_rng(mode)
    for shape in [(5,), (3, 4), (2, 3, 4), (4, 2, 3, 2)]:
        x = random_array(rng, dtype, shape)
        limit = np.array(shape) - (1 if mode == REFLECT else 0)
        pads = np.stack([rng.integers(0, limit + 1), rng.integers(0, limit + 1)], axis=1)
        assert_same(mirror(x, pads, mode), np.pad(x, pads, mode=np_mode))


@pytest.mark.parametrize("n", [2, 15, 16, 17, 33])
def test_mirror_sizes_and_strings(n):
    x = random_array(np.random.default_rng(n), np.float32, (3, n))
    pads = [[2, 1], [n - 1, 1]]
    assert_same(mirror(x, pads, REFLECT), np.pad(x, pads, "reflect"))
    s = strings((2, 3))
    assert_same(mirror(s, [[1, 2], [3, 0]], SYMMETRIC), np.pad(s, [[1, 2], [3, 0]], "symmetric"))


def test_mirror_empty_dim_without_padding():
    x = np.zeros((0, 3), np.float32)
    assert_same(mirror(x, [[0, 0], [1, 1]], REFLECT), np.zeros((0, 5), np.float32))


def test_mirror_against_litert():
    x = random_array(np.random.default_rng(5), np.float32, (3, 4, 2))
    p = np.array([[1, 2], [3, 0], [1, 1]], I32)
    for mode in (REFLECT, SYMMETRIC):
        want = litert_op("MIRROR_PAD", [x, p], {"mode": mode}, const=(1,))[0]
        assert_same(mirror(x, p, mode), want)


def test_mirror_errors():
    x = np.zeros((3,), np.float32)
    with pytest.raises(ModelError, match=r"paddings \[0, 3\] of dim 0 exceed what REFLECT allows "
                                         r"for size 3 \(at most 2\)"):
        mirror(x, [[0, 3]], REFLECT)
    with pytest.raises(ModelError, match="SYMMETRIC allows for size 3"):
        mirror(x, [[4, 0]], SYMMETRIC)
    with pytest.raises(ModelError, match="mode 2 is neither"):
        mirror(x, [[1, 0]], 2)
