"""interp.ops math: element-wise unary/binary ops, comparisons, logic, cast, where, reductions,
cumsum, argmin.

Oracle: LiteRT runs the converted file and must match a numpy reference (float tolerance 1e-6
relative, 1e-5 for transcendental functions; integers and bools exactly); interp runs the same
file (a separate test id). Operator codes, versions and options are checked against what
TensorFlow 2.21's converter wrote for the same TensorFlow code (observed, recorded as literals).
"""
import numpy as np
import pytest

import interp
from interp.convert import ConversionError, ConversionTypeError
from convert_cases import RUNTIMES, Case, case_tests, rand, spec, traced_shapes

o = interp.ops
X23 = rand(2, 3) * 2
Y23 = rand(2, 3) * 2
POS = rand(2, 3, low=0.1, high=4.0)
ROUNDY = np.array([[-2.5, -1.5, -0.5], [0.5, 1.5, 2.7]], np.float32)
I23 = rand(2, 3, dtype=np.int32)
J23 = np.array([[3, -4, 5], [7, 2, -3]], np.int32)
B23 = np.array([[True, False, True], [False, False, True]])
C23 = np.array([[True, True, False], [False, True, True]])


def unary(id_, fn, x, ref, builtin, options=None, rtol=1e-6, dtype="float32"):
    return Case(id_, [spec(x.shape, dtype)], fn, [x], ref, rtol=rtol,
                ops=[(builtin, 1, options or {})])


def binary(id_, fn, x, y, ref, builtin, version=1, dtype="float32", rtol=1e-6):
    return Case(id_, [spec(x.shape, dtype), spec(y.shape, dtype)], fn, [x, y], ref, rtol=rtol,
                ops=[(builtin, version, {})])


CASES = [
    unary("exp", o.exp, X23, np.exp, "EXP", rtol=1e-5),
    unary("log", o.log, POS, np.log, "LOG", rtol=1e-5),
    unary("sqrt", o.sqrt, POS, np.sqrt, "SQRT", rtol=1e-5),
    unary("rsqrt", o.rsqrt, POS, lambda x: (1 / np.sqrt(x)).astype(np.float32), "RSQRT",
          rtol=1e-5),
    unary("square", o.square, X23, np.square, "SQUARE"),
    unary("abs", o.abs, X23, np.abs, "ABS"),
    unary("abs_op", lambda x: abs(x), X23, np.abs, "ABS"),
    Case("abs_int32", [spec([2, 3], "int32")], o.abs, [I23], np.abs, ops=[("ABS", 5, {})]),
    unary("negative", o.negative, X23, np.negative, "NEG"),
    Case("negative_int64", [spec([2, 3], "int64")], o.negative, [I23.astype(np.int64)],
         np.negative, ops=[("NEG", 1, {})]),
    unary("sin", o.sin, X23, np.sin, "SIN", rtol=1e-5),
    unary("cos", o.cos, X23, np.cos, "COS", rtol=1e-5),
    unary("floor", o.floor, X23, np.floor, "FLOOR"),
    unary("ceil", o.ceil, X23, np.ceil, "CEIL"),
    unary("round_half_to_even", o.round, ROUNDY, np.round, "ROUND"),
    binary("maximum", o.maximum, X23, Y23, np.maximum, "MAXIMUM"),
    binary("minimum", o.minimum, X23, Y23, np.minimum, "MINIMUM"),
    Case("maximum_rank5_broadcast", [spec([2, 1, 3, 1, 2]), spec([1, 2, 1, 2, 1])], o.maximum,
         [rand(2, 1, 3, 1, 2), rand(1, 2, 1, 2, 1)], np.maximum, ops=[("MAXIMUM", 3, {})]),
    Case("minimum_python_scalar", [spec([2, 3])], lambda x: o.minimum(x, 0.5), [X23],
         lambda x: np.minimum(x, np.float32(0.5)), ops=[("MINIMUM", 1, {})]),
    binary("squared_difference", o.squared_difference, X23, Y23,
           lambda x, y: np.square(x - y), "SQUARED_DIFFERENCE", rtol=1e-6),
    binary("squared_difference_int32", o.squared_difference, I23, J23,
           lambda x, y: np.square(x - y), "SQUARED_DIFFERENCE", dtype="int32"),
    binary("pow", o.pow, POS, X23, np.power, "POW", rtol=1e-5),
    binary("pow_op", lambda x, y: x ** y, POS, X23, np.power, "POW", rtol=1e-5),
    binary("floordiv", o.floordiv, X23, Y23, np.floor_divide, "FLOOR_DIV", version=2),
    binary("floordiv_int32", o.floordiv, I23, J23, np.floor_divide, "FLOOR_DIV",
           dtype="int32"),
    binary("floordiv_op", lambda x, y: x // y, I23, J23, np.floor_divide, "FLOOR_DIV",
           dtype="int32"),
    binary("floormod", o.floormod, X23, Y23, np.mod, "FLOOR_MOD", rtol=1e-5),
    binary("floormod_int32", lambda x, y: x % y, I23, J23, np.mod, "FLOOR_MOD", dtype="int32"),
    binary("equal", o.equal, X23, np.where(B23, X23, Y23), np.equal, "EQUAL"),
    binary("not_equal_int32", o.not_equal, I23, np.where(B23, I23, J23), np.not_equal,
           "NOT_EQUAL", dtype="int32"),
    binary("less", o.less, X23, Y23, np.less, "LESS"),
    binary("less_op_int64", lambda x, y: x < y, I23.astype(np.int64), J23.astype(np.int64),
           np.less, "LESS", dtype="int64"),
    binary("less_equal", lambda x, y: x <= y, X23, np.where(B23, X23, Y23), np.less_equal,
           "LESS_EQUAL"),
    binary("greater", lambda x, y: x > y, X23, Y23, np.greater, "GREATER"),
    binary("greater_equal", o.greater_equal, X23, np.where(B23, X23, Y23), np.greater_equal,
           "GREATER_EQUAL"),
    binary("logical_and", lambda a, b: a & b, B23, C23, np.logical_and, "LOGICAL_AND",
           dtype="bool"),
    binary("logical_or", o.logical_or, B23, C23, np.logical_or, "LOGICAL_OR", dtype="bool"),
    Case("logical_not", [spec([2, 3], "bool")], lambda a: ~a, [B23], np.logical_not,
         ops=[("LOGICAL_NOT", 1, {})]),
    Case("cast_float_to_int32", [spec([2, 3])], lambda x: o.cast(x * 3, "int32"), [X23],
         lambda x: np.trunc(x * np.float32(3)).astype(np.int32),
         ops=[("MUL", 1, {}), ("CAST", 1, {})]),
    Case("cast_bool_to_float", [spec([2, 3], "bool")], lambda x: o.cast(x, np.float32), [B23],
         lambda x: x.astype(np.float32), ops=[("CAST", 1, {})]),
    Case("cast_int64_to_float", [spec([2, 3], "int64")], lambda x: o.cast(x, "float32"),
         [I23.astype(np.int64)], lambda x: x.astype(np.float32), ops=[("CAST", 1, {})]),
    Case("where_select_v2_broadcast", [spec([2, 1], "bool"), spec([2, 3]), spec([1, 3])],
         o.where, [np.array([[True], [False]]), X23, Y23[:1]], np.where,
         ops=[("SELECT_V2", 1, {})]),
    Case("where_coordinates", [spec([2, 3], "bool")], o.where, [B23],
         lambda c: np.argwhere(c).astype(np.int64), ops=[("WHERE", 1, {})],
         shapes={"output_0": (None, 2)}),
    Case("reduce_mean_keepdims", [spec([2, 3, 4])],
         lambda x: o.reduce_mean(x, axis=1, keepdims=True), [rand(2, 3, 4)],
         lambda x: x.mean(axis=1, keepdims=True), rtol=1e-5,
         ops=[("MEAN", 1, {"keep_dims": True})]),
    Case("reduce_sum_axes", [spec([2, 3, 4])], lambda x: o.reduce_sum(x, axis=[0, 2]),
         [rand(2, 3, 4)], lambda x: x.sum(axis=(0, 2)), rtol=1e-5,
         ops=[("SUM", 1, {"keep_dims": False})]),
    Case("reduce_sum_all_int32", [spec([2, 3], "int32")], o.reduce_sum, [I23],
         lambda x: x.sum().astype(np.int32), ops=[("SUM", 1, {"keep_dims": False})]),
    Case("reduce_max", [spec([2, 3, 4])], lambda x: o.reduce_max(x, axis=-1), [rand(2, 3, 4)],
         lambda x: x.max(axis=-1), ops=[("REDUCE_MAX", 1, {"keep_dims": False})]),
    Case("reduce_min_int32", [spec([2, 3], "int32")], lambda x: o.reduce_min(x, axis=1), [I23],
         lambda x: x.min(axis=1), ops=[("REDUCE_MIN", 1, {"keep_dims": False})]),
    Case("reduce_prod", [spec([2, 3, 4])], lambda x: o.reduce_prod(x, axis=-1),
         [rand(2, 3, 4)], lambda x: x.prod(axis=-1), rtol=1e-5,
         ops=[("REDUCE_PROD", 1, {"keep_dims": False})]),
    Case("reduce_any", [spec([2, 3], "bool")], lambda x: o.reduce_any(x, axis=-1), [B23],
         lambda x: x.any(axis=-1), ops=[("REDUCE_ANY", 1, {"keep_dims": False})]),
    Case("reduce_all_keepdims", [spec([2, 3], "bool")],
         lambda x: o.reduce_all(x, axis=0, keepdims=True), [C23],
         lambda x: x.all(axis=0, keepdims=True), ops=[("REDUCE_ALL", 1, {"keep_dims": True})]),
    Case("cumsum_exclusive_reverse", [spec([2, 3])],
         lambda x: o.cumsum(x, axis=1, exclusive=True, reverse=True), [X23],
         lambda x: (np.cumsum(x[:, ::-1], axis=1)[:, ::-1] - x).astype(np.float32), rtol=1e-5,
         atol=1e-5, ops=[("CUMSUM", 1, {"exclusive": True, "reverse": True})]),
    Case("cumsum_int32", [spec([2, 3], "int32")], lambda x: o.cumsum(x, axis=1), [I23],
         lambda x: np.cumsum(x, axis=1).astype(np.int32),
         ops=[("CUMSUM", 1, {"exclusive": False, "reverse": False})]),
    Case("argmin", [spec([2, 3])], lambda x: o.argmin(x, axis=1), [X23],
         lambda x: x.argmin(axis=1).astype(np.int64), ops=[("ARG_MIN", 1, {"output_type": 4})]),
    Case("argmin_int32", [spec([2, 3])], lambda x: o.argmin(x, axis=1, output_type="int32"),
         [X23], lambda x: x.argmin(axis=1).astype(np.int32),
         ops=[("ARG_MIN", 1, {"output_type": 2})]),
]


test_op_runs, test_op_written_like_tf = case_tests(CASES)


def test_where_coordinates_shape_is_dynamic():
    case = next(c for c in CASES if c.id == "where_coordinates")
    assert traced_shapes(case) == {"output_0": (None, 2)}


# -- shapes with dynamic dims ------------------------------------------------------------------

def shapes_of(specs, fn):
    case = Case("shape", specs, fn, [], None)
    return traced_shapes(case)["output_0"]


@pytest.mark.parametrize("specs,fn,want", [
    ([spec([None, 3])], o.exp, (None, 3)),
    ([spec([None, 1]), spec([4])], o.maximum, (None, 4)),
    ([spec([None, 3]), spec([None, 1])], o.less, (None, 3)),
    ([spec([None, 3, 4])], lambda x: o.reduce_mean(x, axis=-1), (None, 3)),
    ([spec([None, 3, 4])], lambda x: o.reduce_sum(x, axis=[0, 2], keepdims=True), (1, 3, 1)),
    ([spec([None, 3, 4])], o.reduce_max, ()),
    ([spec([2, None])], lambda x: o.cumsum(x, axis=1), (2, None)),
    ([spec([None], "bool"), spec([None]), spec([1])], o.where, (None,)),
    ([spec([None, 5])], lambda x: o.cast(x, "int32"), (None, 5)),
    ([spec([None, 5])], lambda x: o.argmin(x, axis=-1), (None,)),
])
def test_dynamic_shapes(specs, fn, want):
    assert shapes_of(specs, fn) == want


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_dynamic_batch_runs(runtime):
    case = Case("dyn", [spec([None, 3])],
                lambda x: {"m": o.reduce_max(o.exp(x), axis=1), "s": o.squared_difference(x, 1.0)},
                [], None)
    from convert_cases import convert, run
    data = convert(case)
    for batch in (1, 4):
        x = rand(batch, 3)
        got = run(data, runtime, [x])
        np.testing.assert_allclose(got["m"], np.exp(x).max(axis=1), rtol=1e-5)
        np.testing.assert_allclose(got["s"], np.square(x - 1), rtol=1e-6)


# -- errors --------------------------------------------------------------------------------------

def convert_error(specs, fn):
    case = Case("err", specs, fn, [], None)
    from convert_cases import convert
    return convert(case)


@pytest.mark.parametrize("specs,fn,cls,match", [
    ([spec([3], "int32")], o.exp, ConversionTypeError,
     "exp: x has dtype int32; supported: float32"),
    ([spec([3], "int32")], o.sqrt, ConversionTypeError, "sqrt: x has dtype int32"),
    ([spec([3], "bool")], o.negative, ConversionTypeError, "negative: x has dtype bool"),
    ([spec([3]), spec([3], "int32")], o.maximum, ConversionTypeError,
     r"maximum: x and y must have the same dtype, got float32 \(x\) and int32 \(y\)"),
    ([spec([3], "int32")], lambda x: o.maximum(x, 1.5), ConversionTypeError,
     "cannot convert y = 1.5"),
    ([spec([3], "int64")], lambda x: o.pow(x, x), ConversionTypeError, "pow: x has dtype int64"),
    ([spec([3])], lambda x: o.logical_and(x, x), ConversionTypeError,
     "logical_and: x has dtype float32; supported: bool"),
    ([spec([3])], o.logical_not, ConversionTypeError, "logical_not: x has dtype float32"),
    ([spec([3], "bool")], lambda x: o.less(x, x), ConversionTypeError, "less: x has dtype bool"),
    ([spec([2, 3]), spec([4])], o.minimum, ConversionError, "cannot be broadcast"),
    ([spec([3])], lambda x: o.cast(x, "string"), ConversionTypeError, "cannot cast to string"),
    ([spec([3])], lambda x: o.where(x, x, x), ConversionTypeError,
     "where: condition has dtype float32"),
    ([spec([3], "bool")], lambda c: o.where(c, 1.0), ConversionError, "give both x and y"),
    ([spec([2, 3])], lambda x: o.reduce_mean(x, axis=2), ConversionError,
     "reduce_mean: axis 2 is out of range for a rank-2 input"),
    ([spec([2, 3])], lambda x: o.reduce_sum(x, axis=[1, -1]), ConversionError, "listed twice"),
    ([spec([2, 3])], lambda x: o.reduce_sum(x, axis=1.0), ConversionTypeError,
     "axis must be an int or a list of ints"),
    ([spec([2, 3], "bool")], o.reduce_sum, ConversionTypeError,
     "reduce_sum: input_tensor has dtype bool"),
    ([spec([2, 3])], o.reduce_any, ConversionTypeError, "reduce_any: input_tensor has dtype "
     "float32; supported: bool"),
    ([spec([2, 3])], lambda x: o.cumsum(x, axis=2), ConversionError, "cumsum: axis 2 is out"),
    ([spec([2, 3], "bool")], o.cumsum, ConversionTypeError, "cumsum: x has dtype bool"),
    ([spec([2, 3])], lambda x: o.argmin(x, output_type="float32"), ConversionTypeError,
     "argmin: output_type must be int32 or int64"),
    ([spec([2, 3])], lambda x: x == x, ConversionError, "is a bool, not a traced tensor"),
])
def test_errors(specs, fn, cls, match):
    with pytest.raises(cls, match=match):
        convert_error(specs, fn)


def test_comparison_operators_make_ops_but_equality_stays_identity():
    case = Case("cmp", [spec([3]), spec([3])], lambda a, b: [a < b, a >= b], [], None)
    from convert_cases import operators
    assert [op for op, *_ in operators(case)] == ["LESS", "GREATER_EQUAL"]


def test_cast_to_the_same_dtype_is_no_op():
    case = Case("cast", [spec([3])], lambda a: o.cast(a, "float32") + 1.0, [], None)
    from convert_cases import operators
    assert [op for op, *_ in operators(case)] == ["ADD"]

