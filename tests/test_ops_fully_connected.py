"""FULLY_CONNECTED (float32): golden tests of interp_f32_fully_connected through the op (no model).

Random cases compare with a float64 numpy reference. Tolerance: float32 summation error grows with
the number of terms, so |got - ref| <= 1e-6 * (depth / 8 + 4) * sum_i |x_i * w_i| (+ |bias|); the
GEMM (kernels.h, section conv) sums each output in depth order, within depth * 2^-24 * that sum,
which this bound covers.
"""

import numpy as np
import pytest

from interp.errors import ModelError
from kernel_runner import run_op

NONE, RELU, RELU_N1_TO_1, RELU6, TANH = range(5)
CLAMP = {RELU: (0, np.inf), RELU_N1_TO_1: (-1, 1), RELU6: (0, 6)}


def fc(x, w, bias=None, act=NONE, keep_num_dims=False, const=(1, 2)):
    options = {"fused_activation_function": act, "keep_num_dims": keep_num_dims}
    return run_op("FULLY_CONNECTED", [x, w, bias], options=options, const=const)[0]


def reference(x, w, bias=None, act=NONE):
    depth = w.shape[1]
    x2 = x.reshape(-1, depth).astype(np.float64)
    y = x2 @ w.T.astype(np.float64)
    bound = np.abs(x2) @ np.abs(w.T.astype(np.float64))
    if bias is not None:
        y = y + bias
        bound = bound + np.abs(bias)
    lo, hi = CLAMP.get(act, (-np.inf, np.inf))
    return np.clip(y, lo, hi), bound * 1e-6 * (depth / 8 + 4)


def assert_close(got, x, w, bias=None, act=NONE):
    want, tol = reference(x, w, bias, act)
    got = got.reshape(want.shape)
    assert np.all(np.abs(got - want) <= tol), np.max(np.abs(got - want) - tol)


# ---- hand-worked ---------------------------------------------------------------------------

def test_hand_worked_with_bias():
    x = np.array([[1, 2], [3, 4]], np.float32)
    w = np.array([[1, 0], [0, 1], [1, 1], [2, -1], [-1, -1]], np.float32)  # 5 units: 4-block + 1
    bias = np.array([0.5, -0.5, 0, 1, 0], np.float32)
    # row 0: [1, 2, 3, 0, -3] + bias; row 1: [3, 4, 7, 2, -7] + bias
    np.testing.assert_array_equal(fc(x, w, bias), [[1.5, 1.5, 3, 1, -3], [3.5, 3.5, 7, 3, -7]])
    np.testing.assert_array_equal(fc(x, w, bias, act=RELU), [[1.5, 1.5, 3, 1, 0], [3.5, 3.5, 7, 3, 0]])
    np.testing.assert_array_equal(fc(x, w, bias, act=RELU6), [[1.5, 1.5, 3, 1, 0], [3.5, 3.5, 6, 3, 0]])
    np.testing.assert_array_equal(fc(x, w, bias, act=RELU_N1_TO_1),
                                  [[1, 1, 1, 1, -1], [1, 1, 1, 1, -1]])
    np.testing.assert_array_equal(fc(x, w, bias, act=TANH), [[1.5, 1.5, 3, 1, -3], [3.5, 3.5, 7, 3, -7]])


def test_hand_worked_without_bias_and_long_rows():
    # depth 19 = two 8-lane blocks + a tail of 3: sum of 1..19 = 190, with weights 1 and -1.
    x = np.arange(1, 20, dtype=np.float32)
    w = np.stack([np.ones(19), -np.ones(19), np.zeros(19)]).astype(np.float32)
    np.testing.assert_array_equal(fc(x, w), [[190, -190, 0]])


def test_nan_and_inf_propagate():
    x = np.array([[np.nan, 1], [np.inf, 1]], np.float32)
    w = np.array([[1, 1], [0, 1]], np.float32)
    out = fc(x, w)
    assert np.isnan(out[0, 0]) and np.isnan(out[0, 1])  # nan * 0 is nan
    assert out[1, 0] == np.inf and np.isnan(out[1, 1])  # inf * 0 is nan


# ---- output shapes (FORMAT.md §8) ----------------------------------------------------------

@pytest.mark.parametrize("x_shape, keep, out_shape", [
    ((4,), False, (1, 3)),           # rank-1 input: one row
    ((2, 4), False, (2, 3)),
    ((2, 3, 4), False, (6, 3)),      # flattened to [numel / depth, depth]
    ((2, 6), False, (3, 3)),         # rows of depth 4 regardless of the input's last dim
    ((4,), True, (3,)),
    ((2, 3, 4), True, (2, 3, 3)),    # keep_num_dims: last dim replaced by units
    ((0, 4), False, (0, 3)),
])
def test_output_shapes(x_shape, keep, out_shape):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(x_shape).astype(np.float32)
    w = rng.standard_normal((3, 4)).astype(np.float32)
    out = fc(x, w, keep_num_dims=keep)
    assert out.shape == out_shape
    assert_close(out, x, w)


# ---- random against numpy ------------------------------------------------------------------

@pytest.mark.parametrize("depth", [1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100])
@pytest.mark.parametrize("units", [1, 3, 4, 5, 8, 9])
def test_random_sizes_around_the_tiles(depth, units):
    rng = np.random.default_rng(depth * 100 + units)
    for batch in (1, 2, 5):
        x = rng.standard_normal((batch, depth)).astype(np.float32)
        w = rng.standard_normal((units, depth)).astype(np.float32)
        bias = rng.standard_normal(units).astype(np.float32)
        assert_close(fc(x, w, bias), x, w, bias)
        assert_close(fc(x, w), x, w)


@pytest.mark.parametrize("units", [15, 16, 17, 31, 32, 33, 48])
@pytest.mark.parametrize("batch", [7, 8, 9, 16, 17])
@pytest.mark.parametrize("const", [(1, 2), ()])
def test_gemm_panels_and_row_blocks(units, batch, const):
    # The GEMM packs 16 weight rows per panel and runs 8 input rows per block; () = weights
    # computed while the model runs (packed into scratch on each run).
    rng = np.random.default_rng(units * 100 + batch)
    x = rng.standard_normal((batch, 23)).astype(np.float32)
    w = rng.standard_normal((units, 23)).astype(np.float32)
    bias = rng.standard_normal(units).astype(np.float32)
    assert_close(fc(x, w, bias, act=RELU6, const=const), x, w, bias, RELU6)
    assert_close(fc(x, w, const=const), x, w)


def test_keep_num_dims_rank_4():
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, 3, 5, 19)).astype(np.float32)
    w = rng.standard_normal((17, 19)).astype(np.float32)
    out = fc(x, w, keep_num_dims=True)
    assert out.shape == (2, 3, 5, 17)
    assert_close(out, x, w)


@pytest.mark.parametrize("act", [NONE, RELU, RELU_N1_TO_1, RELU6, TANH])
def test_every_activation_random(act):
    rng = np.random.default_rng(act)
    x = rng.standard_normal((4, 17)).astype(np.float32)
    w = rng.standard_normal((9, 17)).astype(np.float32) * 0.5
    bias = rng.standard_normal(9).astype(np.float32)
    assert_close(fc(x, w, bias, act=act), x, w, bias, act)


def test_non_constant_weights_and_bias():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, 10)).astype(np.float32)
    w = rng.standard_normal((6, 10)).astype(np.float32)
    bias = rng.standard_normal(6).astype(np.float32)
    assert_close(fc(x, w, bias, const=()), x, w, bias)


def test_result_does_not_depend_on_row_position_or_batch():
    # kernels.h promises one summation order per output: permuting the weight rows (moving a row
    # between 16-row panels) or running an input row alone gives identical bits.
    rng = np.random.default_rng(2)
    x = rng.standard_normal((11, 37)).astype(np.float32)
    w = rng.standard_normal((20, 37)).astype(np.float32)
    full = fc(x, w)
    perm = np.arange(20)[::-1]
    np.testing.assert_array_equal(fc(x, w[perm])[:, perm], full)
    np.testing.assert_array_equal(fc(x[9:10], w), full[9:10])
    np.testing.assert_array_equal(fc(x[::-1], w)[::-1], full)


def test_against_numpy_large():
    """Correctness at a realistic size (its speed is in benchmarks/test_kernels.py)."""
    rng = np.random.default_rng(3)
    w = rng.standard_normal((512, 1024)).astype(np.float32)
    bias = rng.standard_normal(512).astype(np.float32)
    for batch in (1, 32):
        x = rng.standard_normal((batch, 1024)).astype(np.float32)
        assert_close(fc(x, w, bias), x, w, bias)


# ---- errors ----------------------------------------------------------------------------------

def test_shape_errors():
    x = np.ones((2, 5), np.float32)
    with pytest.raises(ModelError, match=r"input \[2, 5\] \(10 values\) does not split into rows of "
                                         r"the weights' depth 4"):
        fc(x, np.ones((3, 4), np.float32))
    with pytest.raises(ModelError, match="keep_num_dims the input's last dim must be the weights' "
                                         r"depth 5; got input \[2, 10\]"):
        fc(np.ones((2, 10), np.float32), np.ones((3, 5), np.float32), keep_num_dims=True)
    with pytest.raises(ModelError, match=r"bias .* must hold 3 values"):
        fc(x, np.ones((3, 5), np.float32), np.ones(4, np.float32))
    with pytest.raises(ModelError, match="must have rank 2"):
        fc(x, np.ones((3, 5, 1), np.float32))


def test_quantized_and_hybrid_need_quantization_parameters():
    # the paths themselves: tests/test_quant_conv.py, tests/test_quant_hybrid.py
    with pytest.raises(ModelError, match=r"filter .* is INT8 but has no quantization parameters"):
        fc(np.ones((1, 4), np.float32), np.ones((2, 4), np.int8))
    with pytest.raises(ModelError, match=r"input .* is INT8 but has no quantization parameters"):
        run_op("FULLY_CONNECTED", [np.ones((1, 4), np.int8), np.ones((2, 4), np.int8), None],
               const=(1,))
    with pytest.raises(ModelError, match="SHUFFLED4x16INT8"):
        run_op("FULLY_CONNECTED", [np.ones((1, 4), np.float32), np.ones((2, 4), np.float32)],
               options={"weights_format": 1})


def test_missing_options_are_the_schema_defaults():
    out = run_op("FULLY_CONNECTED", [np.array([[-1, 1]], np.float32),
                                     np.array([[1, 0], [0, 1]], np.float32)], options={})[0]
    np.testing.assert_array_equal(out, [[-1, 1]])
