"""BATCH_MATMUL (float32): golden tests of interp_f32_batch_matmul through the op.

Oracle: numpy matmul in float64 with numpy's batch broadcasting; tolerance (k + 2) * 2^-23 *
(|x| @ |y|), the float32 sum of k products.
"""
import numpy as np
import pytest

from interp.errors import ModelError
from kernel_runner import run_op


def bmm(x, y, adj_x=False, adj_y=False, const=()):
    return run_op("BATCH_MATMUL", [x, y], options={"adj_x": adj_x, "adj_y": adj_y}, const=const)[0]


def check(x, y, adj_x=False, adj_y=False, const=()):
    got = bmm(x, y, adj_x, adj_y, const)
    a = np.swapaxes(x, -1, -2) if adj_x else x
    b = np.swapaxes(y, -1, -2) if adj_y else y
    a, b = a.astype(np.float64), b.astype(np.float64)
    want = a @ b
    tol = (a.shape[-1] + 2) * 2.0**-23 * (np.abs(a) @ np.abs(b)) + 1e-30
    assert got.shape == want.shape
    assert np.all(np.abs(got - want) <= tol)


def test_hand_worked():
    x = np.array([[1, 2], [3, 4]], np.float32)
    y = np.array([[5, 6, 7], [8, 9, 10]], np.float32)
    np.testing.assert_array_equal(bmm(x, y), [[21, 24, 27], [47, 54, 61]])
    np.testing.assert_array_equal(bmm(x.T.copy(), y, adj_x=True), [[21, 24, 27], [47, 54, 61]])
    np.testing.assert_array_equal(bmm(x, y.T.copy(), adj_y=True), [[21, 24, 27], [47, 54, 61]])


def test_nan_inf():
    x = np.array([[np.nan, 0], [np.inf, 1]], np.float32)
    y = np.array([[1, 0], [0, 1]], np.float32)
    out = bmm(x, y)
    assert np.isnan(out[0]).all() and out[1, 0] == np.inf and np.isnan(out[1, 1])


@pytest.mark.parametrize("adj_x", [False, True])
@pytest.mark.parametrize("adj_y", [False, True])
@pytest.mark.parametrize("m, k, n", [(1, 1, 1), (1, 7, 15), (3, 16, 16), (8, 9, 17), (9, 33, 31),
                                     (17, 5, 33), (2, 64, 65)])
@pytest.mark.parametrize("const", [(), (1,)])
def test_sizes_and_adjoints(adj_x, adj_y, m, k, n, const):
    rng = np.random.default_rng(m * 1000 + k * 10 + n)
    x = rng.standard_normal((2, k, m) if adj_x else (2, m, k)).astype(np.float32)
    y = rng.standard_normal((2, n, k) if adj_y else (2, k, n)).astype(np.float32)
    check(x, y, adj_x, adj_y, const)


@pytest.mark.parametrize("xs, ys", [
    ((4, 3), (3, 5)), ((2, 4, 3), (3, 5)), ((4, 3), (2, 3, 5)), ((2, 1, 4, 3), (1, 3, 3, 5)),
    ((3, 1, 2, 4, 3), (2, 1, 3, 5)), ((1, 2, 1, 2, 4, 3)[1:], (2, 2, 2, 3, 5)),
])
@pytest.mark.parametrize("const", [(), (1,)])
def test_batch_broadcasting(xs, ys, const):
    rng = np.random.default_rng(len(xs) * 10 + len(ys))
    x = rng.standard_normal(xs).astype(np.float32)
    y = rng.standard_normal(ys).astype(np.float32)
    check(x, y, const=const)
    check(x, np.swapaxes(y, -1, -2).copy(), adj_y=True, const=const)


def test_empty():
    assert bmm(np.ones((0, 2, 3), np.float32), np.ones((3, 4), np.float32)).shape == (0, 2, 4)
    np.testing.assert_array_equal(bmm(np.ones((2, 0), np.float32), np.ones((0, 3), np.float32)),
                                  np.zeros((2, 3)))


def test_errors():
    with pytest.raises(ModelError, match=r"inner dims differ: input 0 .* gives k = 3, input 1 .* "
                                         r"gives k = 4"):
        bmm(np.ones((2, 3), np.float32), np.ones((4, 5), np.float32))
    with pytest.raises(ModelError, match="do not broadcast"):
        bmm(np.ones((2, 2, 3), np.float32), np.ones((3, 3, 5), np.float32))
    with pytest.raises(ModelError, match="must have rank 2 to 5"):
        bmm(np.ones((3,), np.float32), np.ones((3, 5), np.float32))
    with pytest.raises(ModelError, match="must have rank 2 to 5"):
        bmm(np.ones((1, 1, 1, 1, 2, 3), np.float32), np.ones((3, 5), np.float32))
    # int8 without quantization parameters (the quantized paths: tests/test_quant_batch_matmul.py)
    with pytest.raises(ModelError, match="INT8 but has no quantization parameters"):
        bmm(np.ones((2, 3), np.int8), np.ones((3, 5), np.int8))
