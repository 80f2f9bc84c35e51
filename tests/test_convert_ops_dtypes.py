"""Every dtype the converter accepts for an op runs in the runtime, with the dtype and shape the
converter inferred.

For each op and each of float32, int32, int64, bool, int8, uint8, int16, float64 and string: if
the op function accepts that dtype (else it must raise ConversionTypeError), the converted file
runs in LiteRT (the oracle) and in interp (a separate test id), and every output has the dtype
and the static shape worked out at trace time. Values are checked by the per-op tests
(test_convert_ops_math/nn/array.py); this file checks the dtype rules and shape inference.
"""
import numpy as np
import pytest

import interp
from interp.convert import ConversionTypeError
from convert_cases import RUNTIMES, Case, convert, function_of, run, spec, traced_shapes
from interp import dtypes

o = interp.ops
DTYPES = ["float32", "int32", "int64", "bool", "int8", "uint8", "int16", "float64", "string"]


def value(dtype):
    if dtype == "bool":
        return np.array([[True, False, True], [False, True, True]])
    if dtype == "string":
        return np.array([[b"a", b"b", b"c"], [b"d", b"e", b"f"]], dtype=object)
    return (np.arange(6).reshape(2, 3) % 5 + 1).astype(dtype)


def axis1(fn):
    return lambda x: fn(x, axis=1)


UNARY = {name: getattr(o, name) for name in (
    "exp", "log", "sqrt", "rsqrt", "square", "abs", "negative", "sin", "cos", "floor", "ceil",
    "round", "logical_not", "zeros_like", "shape", "transpose", "squeeze", "relu", "relu6",
    "sigmoid", "tanh", "softmax", "log_softmax", "elu", "hard_swish", "gelu", "leaky_relu",
    )}
UNARY["l2_normalize"] = lambda x: o.l2_normalize(x, axis=-1)
UNARY.update({name: axis1(getattr(o, name)) for name in (
    "reduce_mean", "reduce_sum", "reduce_max", "reduce_min", "reduce_prod", "reduce_any",
    "reduce_all", "cumsum", "argmin", "argmax")})
UNARY.update({
    "top_k": lambda x: list(o.top_k(x, 2)),
    "unstack": lambda x: o.unstack(x, axis=1),
    "split": lambda x: o.split(x, 3, axis=1),
    "split_v": lambda x: o.split(x, [1, 2], axis=1),
    "slice": lambda x: o.slice(x, [0, 1], [-1, 1]),
    "getitem": lambda x: x[:, ::2],
    "expand_dims": lambda x: o.expand_dims(x, 0),
    "pad": lambda x: o.pad(x, [[1, 0], [0, 1]]),
    "mirror_pad": lambda x: o.pad(x, [[1, 0], [0, 1]], mode="REFLECT"),
    "gather": lambda x: o.gather(x[0], [1, 0]),
    "gather_2d": lambda x: o.gather(x, [1, 0]) if x.dtype != "string" else o.gather(x[0], [0]),
    "gather_nd": lambda x: o.gather_nd(x, [[1, 0]]),
    "tile": lambda x: o.tile(x, [1, 2]),
    "broadcast_to": lambda x: o.broadcast_to(x, [2, 2, 3]),
    "fill": lambda x: o.fill([2, 2], x[0, 0]),
    "depth_to_space": lambda x: o.depth_to_space(o.reshape(x, [1, 1, 1, 6])[..., :4], 2),
    "resize_nearest": lambda x: o.resize(o.reshape(x, [1, 2, 3, 1]), [4, 6], "nearest"),
    "resize_bilinear": lambda x: o.resize(o.reshape(x, [1, 2, 3, 1]), [4, 6]),
    "space_to_batch_nd": lambda x: o.space_to_batch_nd(o.reshape(x, [1, 2, 3, 1])[:, :, :2],
                                                       [2, 2], [[0, 0], [0, 0]]),
    "range": lambda x: o.range(x[0, 0], x[1, 1], x[0, 0]),
    "one_hot_dtype": lambda x: o.one_hot([0, 2], 3, on_value=x[0, 0], off_value=x[1, 2]),
    "cast_to_float32": lambda x: o.cast(x, "float32"),
    "cast_from_float32": lambda x: o.cast(o.cast(x, "float32"), x.dtype),
    "reshape": lambda x: o.reshape(x, [3, 2]),
    "where": lambda x: o.where(o.less(o.constant(np.ones((2, 3), np.float32)), 2.0), x, x),
})
BINARY = ["add", "subtract", "multiply", "divide", "truncatediv", "maximum", "minimum",
          "squared_difference", "pow", "floordiv", "floormod", "equal", "not_equal", "less",
          "less_equal", "greater", "greater_equal", "logical_and", "logical_or", "matmul",
          "prelu"]
BINARY_FNS = {name: getattr(o, name) for name in BINARY}
BINARY_FNS.update({"concat": lambda a, b: o.concat([a, b], 1),
                   "stack": lambda a, b: o.stack([a, b], 1)})


def sweep(fn, arity, runtime):
    accepted = []
    for dtype in DTYPES:
        case = Case(dtype, [spec([2, 3], dtype)] * arity, fn, [value(dtype)] * arity, None)
        if fn is o.matmul:
            case.specs = [spec([2, 3], dtype), spec([3, 2], dtype)]
            case.inputs = [value(dtype), value(dtype).reshape(3, 2)]
        try:
            shapes = traced_shapes(case)
        except ConversionTypeError:
            continue  # refused while tracing: the error test files check the messages
        accepted.append(dtype)
        data = convert(case)
        graph = interp.Converter.from_function(function_of(case)).graphs()[0]
        got = run(data, runtime, case.inputs)
        for name, t in graph.outputs.items():
            assert got[name].dtype == np.dtype(dtypes.NUMPY[t.type]) or t.dtype == "string", \
                (dtype, name, got[name].dtype, t.dtype)
            if None not in shapes[name]:
                assert got[name].shape == shapes[name], (dtype, name, got[name].shape,
                                                         shapes[name])
    assert accepted, "the op accepts no dtype at all"
    return accepted


@pytest.mark.parametrize("runtime", RUNTIMES)
@pytest.mark.parametrize("op", sorted(UNARY))
def test_unary_dtypes_run(op, runtime):
    sweep(UNARY[op], 1, runtime)


@pytest.mark.parametrize("runtime", RUNTIMES)
@pytest.mark.parametrize("op", sorted(BINARY_FNS))
def test_binary_dtypes_run(op, runtime):
    sweep(BINARY_FNS[op], 2, runtime)


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_cast_between_every_dtype_pair(runtime):
    accepted = sweep(lambda x: [o.cast(x, d) for d in DTYPES[:-1]], 1, runtime)
    assert accepted == DTYPES[:-1]
