"""Odd inputs to the runner, set_tensor and resize: a correct result or an InputError, never a crash.

The model is written here with ``interp.writer``: ``y = x * c`` (MUL, c = [1.5, -2, 0.25, 3]) with x
FLOAT32 of shape signature [-1, 4], and the same for INT32 (c = [3, -2, 1, 7]). Oracle: numpy's
``x * c`` on the values converted by numpy; float results are one IEEE multiply, so exact (NaN
compared as NaN). Error tests check that the message names the signature and input (or the tensor)
and says what was expected and what came.

interp is looser than LiteRT (FORMAT.md section 9) in two documented ways: Python lists and scalars
are converted when numpy's same-kind casting allows it and the values fit (LiteRT raises
AttributeError for a list), and an array of the right type in the other byte order is converted.
numpy arrays and numpy scalars of another dtype are refused, as LiteRT does.
"""
import re

import numpy as np
import pytest

from interp import Interpreter, dtypes, inputs
from interp.errors import InputError, StateError
from interp.model import Buffer, Model, Operator, OperatorCode, SignatureDef, SubGraph, Tensor, TensorMap
from interp.opnames import BUILTIN_CODES
from interp.writer import write_model
from support import FIXTURES

C = {np.float32: np.array([1.5, -2.0, 0.25, 3.0], np.float32),
     np.int32: np.array([3, -2, 1, 7], np.int32)}


def mul_model(dtype, c, x_shape=(1, 4), x_sig=(-1, 4), y_shape=(1, 4)):
    t = dtypes.from_numpy(np.dtype(dtype))
    tensors = (Tensor("x", t, x_shape, buffer=1, shape_signature=x_sig),
               Tensor("c", t, tuple(c.shape), buffer=2),
               Tensor("y", t, y_shape, buffer=3))
    buffers = (Buffer(), Buffer(), Buffer(data=c.tobytes()), Buffer())
    op = Operator(0, (0, 1), (2,))
    model = Model(operator_codes=(OperatorCode(BUILTIN_CODES["MUL"]),),
                  subgraphs=(SubGraph(tensors, (0,), (2,), (op,), "main"),), buffers=buffers,
                  signature_defs=(SignatureDef("run", (TensorMap("x", 0),), (TensorMap("y", 2),), 0),))
    return write_model(model)


@pytest.fixture(scope="module", params=[np.float32, np.int32], ids=["f32", "i32"])
def model(request):
    dtype = request.param
    return dtype, mul_model(dtype, C[dtype])


def oracle(x, dtype):
    return np.asarray(x).astype(dtype) * C[dtype]


def base(dtype, n=3):
    if dtype == np.float32:
        return (np.arange(n * 4, dtype=np.float32).reshape(n, 4) - 5) * np.float32(0.75)
    return np.arange(n * 4, dtype=np.int32).reshape(n, 4) * 37 - 100


def _readonly(a):
    a = a.copy()
    a.flags.writeable = False
    return a


# value makers: dtype -> value the runner must accept, giving numpy's x * c
GOOD = {
    "contiguous": lambda d: base(d),
    "non_contiguous": lambda d: np.repeat(base(d), 2, axis=1)[:, ::2],
    "fortran": lambda d: np.asfortranarray(base(d)),
    "read_only": lambda d: _readonly(base(d)),
    "negative_strides": lambda d: base(d)[::-1, ::-1],
    "zero_strides": lambda d: np.broadcast_to(base(d)[:1], (5, 4)),
    "transposed": lambda d: np.ascontiguousarray(base(d).T).T,
    "empty_batch": lambda d: np.zeros((0, 4), d),
    "batch_1": lambda d: base(d)[:1],
    "big_batch": lambda d: base(d, 257),
    "python_list": lambda d: base(d).tolist(),
    "python_tuple": lambda d: tuple(tuple(r) for r in base(d).tolist()),
    "python_int_list": lambda d: [[1, 2, 3, 4], [-5, 6, 7, -8]],
    "other_byte_order": lambda d: base(d).astype(np.dtype(d).newbyteorder(">")),
}


@pytest.mark.parametrize("case", sorted(GOOD))
def test_runner_accepts(model, case):
    dtype, content = model
    runner = Interpreter(model_content=content).get_signature_runner("run")
    x = GOOD[case](dtype)
    before = np.array(x, copy=True)
    out = runner(x=x)["y"]
    expected = oracle(x, dtype)
    assert out.dtype == np.dtype(dtype) and out.shape == expected.shape
    np.testing.assert_array_equal(out, expected)
    np.testing.assert_array_equal(np.asarray(x), before)  # the input is not written to


def test_runner_nan_inf():
    runner = Interpreter(model_content=mul_model(np.float32, C[np.float32])).get_signature_runner("run")
    x = np.array([[np.nan, np.inf, -np.inf, -0.0], [1e38, -1e38, 1e-45, 0.0]], np.float32)
    out = runner(x=x)["y"]
    np.testing.assert_array_equal(out, x * C[np.float32])  # NaN == NaN here
    assert np.signbit(out[0, 3]) == np.signbit(np.float32(-0.0) * np.float32(3.0))


def test_runner_scalar_input():
    model = mul_model(np.float32, np.array(2.5, np.float32), x_shape=(), x_sig=(), y_shape=())
    runner = Interpreter(model_content=model).get_signature_runner("run")
    assert runner(x=np.float32(3.0))["y"] == np.float32(7.5)     # numpy scalar
    assert runner(x=np.array(-2.0, np.float32))["y"] == np.float32(-5.0)  # 0-d array
    assert runner(x=4)["y"] == np.float32(10.0)                  # Python int
    with pytest.raises(InputError, match=r"signature 'run' input 'x': expected dtype FLOAT32 "
                                         r"\(float32\), got FLOAT64"):
        runner(x=np.float64(1.0))


# value makers: dtype -> (value, regex the InputError message must match)
BAD = {
    "wrong_dtype": lambda d: (base(d).astype(np.float64 if d == np.int32 else np.int32),
                              r"expected dtype (FLOAT32|INT32) .*got (INT32|FLOAT64)"),
    "float16": lambda d: (base(d).astype(np.float16), r"expected dtype .*got FLOAT16"),
    "object_array": lambda d: (base(d).astype(object), r"expected dtype .*got .*object"),
    "object_with_none": lambda d: (np.array([[1, None, 3, 4]], object), r"expected dtype"),
    "ragged_list": lambda d: ([[1, 2, 3, 4], [1, 2]], r"cannot make an array from list"),
    "string_list": lambda d: ([["a", "b", "c", "d"]], r"got a list of text"),
    "bytes_array": lambda d: (np.array([[b"1", b"2", b"3", b"4"]]), r"expected dtype .*got STRING"),
    "python_scalar": lambda d: (1, r"shape \[\] does not fit the input's shape signature \[-1, 4\]"),
    "numpy_scalar": lambda d: (np.dtype(d).type(1), r"shape \[\] does not fit"),
    "wrong_inner_dim": lambda d: (np.zeros((2, 5), d), r"shape \[2, 5\] does not fit"),
    "rank_1": lambda d: (np.zeros(4, d), r"shape \[4\] does not fit"),
    "rank_7": lambda d: (np.zeros((1,) * 6 + (4,), d), r"shape \[1, 1, 1, 1, 1, 1, 4\] does not fit"),
    "huge_dim": lambda d: (np.broadcast_to(np.zeros(4, d), (2**40, 4)),
                           r"shape \[1099511627776, 4\] needs 17592186044416 bytes, more than "
                           r"interp's limit"),
    "near_int64_max_bytes": lambda d: (np.broadcast_to(np.zeros(4, d), (2**58, 4)),
                                       r"needs 4611686018427387904 bytes"),
    "generator": lambda d: ((i for i in range(4)), r"expected dtype .*got a generator of object"),
    "float_list_into_int": lambda d: ([[0.5, 1, 2, 3]] if d == np.int32 else [["x", 1, 2, 3]],
                                      r"expected dtype|got a list of text"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_runner_refuses(model, case):
    dtype, content = model
    it = Interpreter(model_content=content)
    runner = it.get_signature_runner("run")
    value, pattern = BAD[case](dtype)
    with pytest.raises(InputError, match=r"signature 'run' input 'x'") as info:
        runner(x=value)
    assert not isinstance(info.value, MemoryError)
    assert re.search(pattern, str(info.value)), str(info.value)
    # the interpreter is still usable and right afterwards
    x = base(dtype)
    np.testing.assert_array_equal(runner(x=x)["y"], oracle(x, dtype))


def test_int_list_out_of_range():
    runner = Interpreter(model_content=mul_model(np.int32, C[np.int32])).get_signature_runner("run")
    with pytest.raises(InputError, match=r"input 'x': a value of the list does not fit INT32"):
        runner(x=[[2**31, 0, 0, 0]])
    with pytest.raises(InputError, match=r"input 'x': expected dtype INT32 \(int32\), got a list "
                                         r"of object"):
        runner(x=[[2**70, 0, 0, 0]])


def test_output_over_limit_names_signature_and_shapes(monkeypatch):
    """A small input whose output would exceed the limit: x [n, 1] * c [1, 4096]."""
    c = np.linspace(-1, 1, 4096, dtype=np.float32).reshape(1, 4096)
    model = mul_model(np.float32, c, x_shape=(1, 1), x_sig=(-1, 1), y_shape=(1, 4096))
    it = Interpreter(model_content=model)
    runner = it.get_signature_runner("run")
    monkeypatch.setattr(inputs, "MAX_TENSOR_BYTES", 1 << 20)
    with pytest.raises(InputError, match=r"signature 'run' with input shapes \{'x': \[1000, 1\]\}: "
                                         r"subgraph 0 \('main'\) tensor 2 \('y', FLOAT32\[1000,4096\]\): shape \[1000, 4096\] "
                                         r"needs 16384000 bytes, more than interp's limit of 1048576"):
        runner(x=np.ones((1000, 1), np.float32))
    x = np.arange(3, dtype=np.float32).reshape(3, 1)
    np.testing.assert_array_equal(runner(x=x)["y"], x * c)


# ------------------------------------------------------------------ classic API
def classic(dtype=np.float32, shape=(3, 4)):
    it = Interpreter(model_content=mul_model(dtype, C[dtype]))
    it.resize_tensor_input(0, list(shape))
    it.allocate_tensors()
    return it


@pytest.mark.parametrize("case", ["contiguous", "non_contiguous", "fortran", "read_only",
                                  "negative_strides", "transposed", "python_list",
                                  "python_int_list", "other_byte_order"])
def test_set_tensor_accepts(case):
    x = GOOD[case](np.float32)
    it = classic(np.float32, np.shape(x))
    it.set_tensor(0, x)
    it.invoke()
    np.testing.assert_array_equal(it.get_tensor(2), oracle(x, np.float32))


@pytest.mark.parametrize("value, pattern", [
    (np.zeros((3, 4), np.float64), r"tensor 0 \('x'\): expected dtype FLOAT32 \(float32\), got FLOAT64"),
    (np.zeros((2, 4), np.float32), r"tensor 0 \('x'\): shape \[2, 4\] does not match the tensor's "
                                   r"shape \[3, 4\]"),
    (np.zeros((3, 4), object), r"tensor 0 \('x'\): expected dtype FLOAT32 .*got .*object"),
    ([[1, 2], [3]], r"tensor 0 \('x'\): cannot make an array"),
    (np.broadcast_to(np.float32(0), (2**40, 4)), r"shape \[1099511627776, 4\] does not match"),
])
def test_set_tensor_refuses(value, pattern):
    it = classic()
    with pytest.raises(InputError, match=pattern):
        it.set_tensor(0, value)


@pytest.mark.parametrize("size, pattern", [
    ([-1, 4], r"negative size"),
    ([2**40, 4], r"needs 17592186044416 bytes, more than interp's limit"),
    ([2**62, 2**62], r"needs \d+ bytes, more than interp's limit"),
    ([2.5, 4], r"must be a list of integers"),
    ([[2, 4]], r"must be a list of integers"),
    (["a", 4], r"must be a list of integers"),
    ([2, 4], r"strict resize only changes the dims that are -1"),  # strict and dim 1 is fixed: ok
])
def test_resize_refuses(size, pattern):
    it = Interpreter(model_content=mul_model(np.float32, C[np.float32]))
    strict = pattern.startswith("strict")
    if strict:
        size = [2, 5]
    with pytest.raises(InputError, match=pattern):
        it.resize_tensor_input(0, size, strict=strict)
    it.resize_tensor_input(0, [2, 4], strict=True)  # still usable
    it.allocate_tensors()
    x = base(np.float32, 2)
    it.set_tensor(0, x)
    it.invoke()
    np.testing.assert_array_equal(it.get_tensor(2), oracle(x, np.float32))


@pytest.mark.parametrize("rank", [7, 8, 12])
def test_resize_to_high_rank_is_refused_or_right(rank):
    """LiteRT lets a non-strict resize change the rank; the op then either runs right or its
    prepare refuses the shape. Either way: no crash."""
    it = Interpreter(model_content=mul_model(np.float32, C[np.float32]))
    shape = [2] * (rank - 1) + [4]
    it.resize_tensor_input(0, shape)
    try:
        it.allocate_tensors()
    except InputError:
        return
    except ValueError as exc:  # ModelError from the op's prepare, naming it
        assert "MUL" in str(exc)
        return
    x = np.arange(np.prod(shape), dtype=np.float32).reshape(shape)
    it.set_tensor(0, x)
    it.invoke()
    np.testing.assert_array_equal(it.get_tensor(2), x * C[np.float32])


def test_set_tensor_before_allocate_is_state_error():
    it = Interpreter(model_content=mul_model(np.float32, C[np.float32]))
    with pytest.raises(StateError):
        it.set_tensor(0, np.zeros((1, 4), np.float32))


def test_string_inputs():
    it = Interpreter(str(FIXTURES / "coding.tflite"))
    runner = it.get_signature_runner("decode")
    out = runner(x=["1.5", b"-2"])["decoded_result"]
    np.testing.assert_array_equal(out, np.array([1.5, -2.0], out.dtype))
    out = runner(x=np.array(["0.25"]).reshape(1)[::1])["decoded_result"]
    np.testing.assert_array_equal(out, np.array([0.25], out.dtype))
    with pytest.raises(InputError, match=r"signature 'decode' input 'x': expected STRING values "
                                         r"\(bytes or str\), got an element of type int"):
        runner(x=np.array([b"1", 2], object))  # an object array: every element is checked
    with pytest.raises(InputError, match=r"signature 'decode' input 'x': expected dtype STRING, "
                                         r"got INT32"):
        runner(x=np.array([1], np.int32))


FUZZ_MODELS = ["dense", "arith", "dynamic_batch_conv", "transformer_block", "lstm", "mobilenet_v2"]


@pytest.mark.parametrize("name", FUZZ_MODELS)
def test_odd_resizes_of_real_models_never_crash(name):
    """Every input of every subgraph-0 signature resized to odd shapes of rank 0 to 7 (empty, all
    ones, mixed), then allocate, set and invoke: each either runs or raises one of interp's errors
    (an InterpError) -- never another exception, never a crash."""
    from interp.errors import InterpError
    path = str(FIXTURES / f"{name}.tflite")
    rng = np.random.default_rng(0)
    n_inputs = len(Interpreter(path).get_input_details())
    for k in range(n_inputs):
        for rank in range(8):
            for shape in ([0] * rank, [1] * rank, [3] + [5] * (rank - 1) if rank else []):
                it = Interpreter(path)
                try:
                    it.resize_tensor_input(it.get_input_details()[k]["index"], shape)
                    it.allocate_tensors()
                    for d in it.get_input_details():
                        it.set_tensor(d["index"], rng.standard_normal(d["shape"]).astype(d["dtype"]))
                    it.invoke()
                    for d in it.get_output_details():
                        assert it.get_tensor(d["index"]).shape == tuple(d["shape"])
                except InterpError:
                    pass
