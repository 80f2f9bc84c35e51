"""Full-integer quantization of each op the pass knows, one small model per op: the file must load
and run in LiteRT (BUILTIN_WITHOUT_DEFAULT_DELEGATES; this also checks that the parameter rules
the pass picks are ones LiteRT's int8 kernels accept), and its outputs must be close to the float
model's: within 3 steps of the output's int8 scale (measured: at most 2.3, most cases about 1).
interp's own int8 outputs must equal LiteRT's (skips until interp has the int8 kernels)."""
import numpy as np
import pytest

import interp
from interp.convert import api as ops
from ptq_support import run_interp, run_litert, tensors_by_name

R = np.random.default_rng(31)
A4 = (R.standard_normal((1, 6, 6, 4))).astype(np.float32)


def c(*shape, scale=0.5):
    return (R.standard_normal(shape) * scale).astype(np.float32)


K_CONV_T = c(3, 3, 4, 4)
ALPHA = np.abs(c(4, scale=0.2))
BMM = c(4, 5)
TABLE_IDX = np.array([2, 0, 5], np.int32)

# name: function of x [1, 6, 6, 4]
CASES = {
    "add_const": lambda x: x + np.linspace(-1, 1, 4).astype(np.float32),
    "add_two": lambda x: x + ops.relu(x) * 0.5,
    "sub": lambda x: ops.subtract(x, ops.relu(x)),
    "mul": lambda x: x * ops.sigmoid(x),
    "mean": lambda x: ops.reduce_mean(x, axis=[1, 2], keepdims=True),
    "sum": lambda x: ops.reduce_sum(x, axis=[3]),
    "avg_pool": lambda x: ops.avg_pool2d(x, 2, 2, "VALID"),
    "max_pool": lambda x: ops.max_pool2d(x, 3, 1, "SAME"),
    "relu6": lambda x: ops.relu6(x * 3.0),
    "leaky_relu": lambda x: ops.leaky_relu(x, 0.1),
    "hard_swish": lambda x: ops.hard_swish(x),
    "prelu": lambda x: ops.prelu(x, ALPHA),
    "elu": lambda x: ops.elu(x),
    "tanh": lambda x: ops.tanh(x),
    "logistic": lambda x: ops.sigmoid(x),
    "softmax": lambda x: ops.softmax(x),
    "l2_normalize": lambda x: ops.l2_normalize(x, axis=-1),
    "reshape_transpose": lambda x: ops.transpose(ops.reshape(x, [6, 24]), [1, 0]),
    "pad": lambda x: ops.pad(x, [[0, 0], [1, 1], [2, 0], [0, 0]]),
    "slices": lambda x: x[:, 1:5, ::2, 1:],
    "squeeze_expand": lambda x: ops.expand_dims(ops.squeeze(x[:, :1], axis=[1]), 0),
    "gather": lambda x: ops.gather(ops.reshape(x, [36, 4]), TABLE_IDX),
    "concat": lambda x: ops.concat([x, ops.relu(x) * 4.0], axis=3),
    "stack": lambda x: ops.stack([x[0], x[0] * 0.25]),
    "split": lambda x: ops.split(x, 2, axis=3)[1],
    "unstack": lambda x: ops.unstack(x, axis=3)[2],
    "maximum": lambda x: ops.maximum(x, x * -0.5),
    "minimum": lambda x: ops.minimum(x, x * 0.5 + 0.25),
    "resize_bilinear": lambda x: ops.resize(x, [9, 9]),
    "resize_nearest": lambda x: ops.resize(x, [12, 12], method="nearest"),
    "space_to_depth": lambda x: ops.space_to_depth(x, 2),
    "depth_to_space": lambda x: ops.depth_to_space(x, 2),
    "reduce_max": lambda x: ops.reduce_max(x, axis=[1]),
    "squared_difference": lambda x: ops.squared_difference(x, x * 0.5),
    "batch_matmul": lambda x: ops.matmul(ops.reshape(x, [1, 36, 4]), ops.relu(
        ops.reshape(x, [1, 4, 36]))),
    "fc_keep_dims": lambda x: ops.reshape(x, [36, 4]) @ BMM,
    "conv_transpose": lambda x: ops.conv2d_transpose(x, K_CONV_T, [1, 12, 12, 4], 2),
    "conv_transpose_bias": lambda x: ops.conv2d_transpose(x, K_CONV_T, [1, 12, 12, 4], 2,
                                                          bias=ALPHA, activation="relu"),
    "conv_explicit_pad": lambda x: ops.conv2d(x, K_CONV_T, 1, [[0, 0], [1, 0], [0, 1], [0, 0]],
                                              activation="relu6"),
    "argmax": lambda x: ops.argmax(ops.reshape(x, [36, 4]), axis=1, output_type="int32"),
    "tile": lambda x: ops.tile(x, [1, 1, 1, 2]),
    "top_k": lambda x: ops.top_k(x, k=2)[0],
    "broadcast_to": lambda x: ops.broadcast_to(x[:, :1], [1, 3, 6, 4]),
    "space_batch": lambda x: ops.batch_to_space(ops.space_to_batch_nd(
        x, [2, 2], [[0, 0], [0, 0]]), [2, 2], [[0, 0], [0, 0]]),
    "split_v": lambda x: ops.split(x, [1, 3], axis=3)[1],
    "reduce_min": lambda x: ops.reduce_min(x, axis=[2], keepdims=True),
    "gelu": lambda x: ops.gelu(x),
    "relu": lambda x: ops.relu(x),
    "argmin": lambda x: ops.argmin(ops.reshape(x, [36, 4]), axis=1, output_type="int32"),
}


def build(fn):
    @interp.function(input_signature=[interp.TensorSpec([1, 6, 6, 4], "float32", name="x")])
    def model(x):
        return {"y": fn(x)}

    return interp.Converter.from_function(model)


SAMPLES = [R.uniform(-2, 2, (1, 6, 6, 4)).astype(np.float32) for _ in range(8)]


def quantized(fn):
    conv = build(fn)
    conv.optimizations = [interp.Optimize.DEFAULT]
    conv.representative_dataset = lambda: [{"x": x} for x in SAMPLES]
    return conv.convert()


@pytest.mark.parametrize("name", sorted(CASES))
def test_op_quantized_runs_in_litert(name):
    fn = CASES[name]
    fdata = build(fn).convert()
    qdata = quantized(fn)
    x = SAMPLES[3]
    f = run_litert(fdata, x=x)["y"]
    q = run_litert(qdata, x=x)["y"]
    assert q.shape == f.shape and q.dtype == f.dtype
    if name in ("argmax", "argmin"):
        # integer outputs: the argmax of 4 int8 values; values 1 step apart (2/255 here) may
        # tie after rounding, so a few rows may pick another index
        assert np.mean(q == f) >= 0.75
    else:
        step = tensors_by_name(qdata)["serving_default/y/int8"][0].quantization.scale[0]
        assert np.abs(q.astype(np.float64) - f).max() <= 3 * step, name


@pytest.mark.parametrize("name", sorted(CASES))
def test_interp_matches_litert(name):
    qdata = quantized(CASES[name])
    x = SAMPLES[3]
    ours = run_interp(qdata, x=x)["y"]
    np.testing.assert_array_equal(ours, run_litert(qdata, x=x)["y"])


def test_log_softmax_refused_naming_it():
    """interp has no int8 LOG_SOFTMAX kernel, so full-integer quantization refuses the model and
    names the op (every file the pass writes runs in interp)."""
    from interp.quantize import QuantizationError
    with pytest.raises(QuantizationError, match="signature 'serving_default': LOG_SOFTMAX"):
        quantized(lambda x: ops.log_softmax(x))
