"""RESHAPE: golden tests through the op (no model). Values must come out unchanged (exact)."""
import numpy as np
import pytest

from interp.errors import ModelError
from kernel_runner import run_op


def reshape(x, shape=None, options=None, const=(1,)):
    inputs = [x] if shape is None else [x, shape]
    return run_op("RESHAPE", inputs, options=options, const=const)[0]


X = np.arange(24, dtype=np.float32).reshape(2, 3, 4)


@pytest.mark.parametrize("shape, want", [
    ([4, 6], (4, 6)),
    ([-1, 6], (4, 6)),          # -1 takes what the others leave: 24 / 6
    ([2, -1, 2], (2, 6, 2)),
    ([24], (24,)),
    ([-1], (24,)),
    ([1, 24, 1], (1, 24, 1)),
    ([2, 3, 4], (2, 3, 4)),
])
@pytest.mark.parametrize("index_type", [np.int32, np.int64])
def test_shape_from_input(shape, want, index_type):
    out = reshape(X, np.array(shape, index_type))
    assert out.shape == want
    np.testing.assert_array_equal(out, X.reshape(want))


def test_shape_from_options():
    out = reshape(X, options={"new_shape": [3, -1]})
    np.testing.assert_array_equal(out, X.reshape(3, 8))
    # A shape input that is empty or not 1-D defers to the options when they hold a shape.
    out = reshape(X, np.array([], np.int32), options={"new_shape": [6, 4]})
    np.testing.assert_array_equal(out, X.reshape(6, 4))
    out = reshape(X, np.array([[4, 6]], np.int32), options={"new_shape": [4, 6]})
    np.testing.assert_array_equal(out, X.reshape(4, 6))


def test_scalars():
    # An empty shape means a scalar; so does the legacy options shape [0] (LiteRT 2.3.0, observed).
    one = np.array([[7.5]], np.float32)
    assert reshape(one, np.array([], np.int32)).shape == ()
    assert reshape(one, options={"new_shape": [0]}).shape == ()
    assert reshape(np.array(3, np.int32), np.array([1, 1], np.int32)).tolist() == [[3]]


@pytest.mark.parametrize("dtype", [np.float32, np.float16, np.float64, np.int8, np.uint8, np.int16,
                                   np.int32, np.int64, np.uint32, np.bool_, np.complex64])
def test_every_dtype(dtype):
    x = (np.arange(12) % 3).astype(dtype).reshape(3, 4)
    out = reshape(x, np.array([2, 6], np.int32))
    assert out.dtype == x.dtype
    np.testing.assert_array_equal(out, x.reshape(2, 6))


def test_strings():
    x = np.array([b"a", b"", b"\xff\x00z", b"long string " * 5], dtype=object).reshape(2, 2)
    out = reshape(x, np.array([4, 1], np.int32))
    assert out.dtype == object
    assert out.ravel().tolist() == x.ravel().tolist()


def test_constant_input_and_empty_tensor():
    out = run_op("RESHAPE", [X, np.array([6, 4], np.int32)], const=(0, 1))[0]
    np.testing.assert_array_equal(out, X.reshape(6, 4))
    assert reshape(np.zeros((0, 3), np.float32), np.array([3, 0], np.int32)).shape == (3, 0)


# ---- errors --------------------------------------------------------------------------------

def test_element_count_mismatch_names_both_shapes():
    with pytest.raises(ModelError, match=r"cannot reshape input .*FLOAT32\[2,3,4\].* \(24 values\) "
                                         r"to "
                                         r"\[5, 5\]: that shape holds 25 values"):
        reshape(X, np.array([5, 5], np.int32))
    with pytest.raises(ModelError, match=r"to \[-1, 5\]: the other dims hold 5 values"):
        reshape(X, np.array([-1, 5], np.int32))
    with pytest.raises(ModelError, match="more than one -1"):
        reshape(X, np.array([-1, -1], np.int32))
    with pytest.raises(ModelError, match="negative dim"):
        reshape(X, np.array([-2, -12], np.int32))
    with pytest.raises(ModelError, match=r"the other dims hold 0 values"):
        reshape(np.zeros((0, 3), np.float32), np.array([0, -1], np.int32))


def test_shape_computed_while_running():
    # A non-constant shape raises DynamicShape in prepare; run_op then prepares again with the
    # values known, as the executor does at invoke time.
    from interp.ops import registry
    out = reshape(X, np.array([4, -1], np.int32), const=())
    np.testing.assert_array_equal(out, X.reshape(4, 6))
    node = _node_with_runtime_shape()
    with pytest.raises(registry.DynamicShape):
        node.module.prepare(node)


def _node_with_runtime_shape():
    from interp import dtypes, model
    from interp.ops import registry
    from interp.tensor import RuntimeTensor
    x = RuntimeTensor(0, model.Tensor("x", dtypes.FLOAT32, (2, 3)))
    s = RuntimeTensor(1, model.Tensor("s", dtypes.INT32, (1,)))
    s.allocate()
    s.data[:] = 6
    y = RuntimeTensor(2, model.Tensor("y", dtypes.FLOAT32, ()))
    op = model.Operator(0, (0, 1), (2,))
    return registry.Node(0, "test", "RESHAPE", op, registry.lookup(22, None), [x, s], [y])


def test_bad_shape_inputs():
    with pytest.raises(ModelError, match="must be INT32 or INT64"):
        reshape(X, np.array([4.0, 6.0], np.float32))
    with pytest.raises(ModelError, match="must be 1-D"):
        reshape(X, np.array([[4, 6]], np.int32))
    with pytest.raises(ModelError, match="no shape input and no ReshapeOptions.new_shape"):
        reshape(X)
    with pytest.raises(ModelError, match=r"output 0 .* INT32 but input 0 is FLOAT32"):
        run_op("RESHAPE", [X, np.array([24], np.int32)], const=(1,), output_types=[np.int32])
