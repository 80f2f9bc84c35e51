"""Element-wise math, comparisons, logic, casts, selection and reductions (``tf.math`` names).

=============================================  =================================================
``exp`` ``log`` ``sqrt`` ``rsqrt`` ``sin``       EXP, LOG, SQRT, RSQRT, SIN, COS, FLOOR, CEIL,
``cos`` ``floor`` ``ceil`` ``round``             ROUND (float32)
``square``                                       SQUARE (float32)
``abs`` / ``negative``                           ABS (float32, int32) / NEG (float32, int32, int64)
``maximum`` ``minimum``                          MAXIMUM, MINIMUM (float32, int32, int64)
``squared_difference`` ``pow``                   SQUARED_DIFFERENCE, POW (float32, int32)
``floordiv`` ``floormod``                        FLOOR_DIV (float32, int32), FLOOR_MOD (+ int64)
``equal`` ``not_equal``                          EQUAL, NOT_EQUAL (float32, int32, int64, bool,
                                                 string) -> bool
``less`` ``less_equal`` ``greater``              LESS, LESS_EQUAL, GREATER, GREATER_EQUAL
``greater_equal``                                (float32, int32, int64) -> bool
``logical_and`` ``logical_or`` ``logical_not``   LOGICAL_AND, LOGICAL_OR, LOGICAL_NOT (bool)
``cast``                                         CAST
``where(c, x, y)`` / ``where(c)``                SELECT_V2 / WHERE (int64 coordinates)
``reduce_mean`` ``reduce_sum`` ``reduce_max``    MEAN, SUM, REDUCE_MAX, REDUCE_MIN, REDUCE_PROD
``reduce_min`` ``reduce_prod``                   (float32, int32, int64)
``reduce_any`` ``reduce_all``                    REDUCE_ANY, REDUCE_ALL (bool)
``cumsum``                                       CUMSUM (float32, int32, int64)
=============================================  =================================================

Binary ops broadcast like numpy and take TensorFlow's rule for Python values (they become the
other operand's dtype). Every op refuses the dtypes TensorFlow refuses (``exp`` of an int32 is a
TypeError in TensorFlow and a ConversionTypeError here) and those `.tflite` has no kernel for.
"""
import numpy as np

from interp import dtypes
from interp.convert import oputil
from interp.convert.oputil import (BOOL, F32, I32, I64, ConversionError, ConversionTypeError,
                                   Tensor, dtype_name, shape_str)
from interp.convert.tracing import to_type

__all__ = ["exp", "log", "sqrt", "rsqrt", "square", "abs", "negative", "sin", "cos", "floor",
           "ceil", "round", "maximum", "minimum", "squared_difference", "pow", "floordiv",
           "floormod", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
           "logical_and", "logical_or", "logical_not", "cast", "where", "reduce_mean",
           "reduce_sum", "reduce_max", "reduce_min", "reduce_prod", "reduce_any", "reduce_all",
           "cumsum"]

FLOAT = (F32,)


# ---------------------------------------------------------------------------------------------
# unary

def _float_unary(op, builtin, hint, options=None, allowed=FLOAT):
    def fn(x, name=None):
        return oputil.unary(op, builtin, x, name, allowed, hint, options)
    fn.__name__ = fn.__qualname__ = op
    kinds = oputil.names(allowed)
    fn.__doc__ = f"``tf.math.{op}`` element-wise ({builtin}; {kinds})."
    return fn


exp = _float_unary("exp", "EXP", "Exp", {})
log = _float_unary("log", "LOG", "Log")
sqrt = _float_unary("sqrt", "SQRT", "Sqrt")
rsqrt = _float_unary("rsqrt", "RSQRT", "Rsqrt")
square = _float_unary("square", "SQUARE", "Square", {})
sin = _float_unary("sin", "SIN", "Sin")
cos = _float_unary("cos", "COS", "Cos")
floor = _float_unary("floor", "FLOOR", "Floor")
ceil = _float_unary("ceil", "CEIL", "Ceil")
round_ = _float_unary("round", "ROUND", "Round")  # banker's rounding, as tf.math.round
abs_ = _float_unary("abs", "ABS", "Abs", allowed=(F32, I32))
negative = _float_unary("negative", "NEG", "Neg", {}, allowed=(F32, I32, I64))


# ---------------------------------------------------------------------------------------------
# binary

def _binary(op, builtin, hint, allowed, out_type=None):
    def fn(x, y, name=None):
        graph, h, a, b = oputil.binary_operands(op, x, y, name, hint)
        return oputil.elementwise(op, builtin, graph, h, a, b, allowed, out_type=out_type)
    fn.__name__ = fn.__qualname__ = op
    result = "bool" if out_type == BOOL else "the operands' dtype"
    fn.__doc__ = (f"``tf.math.{op}(x, y)`` element-wise with broadcasting ({builtin}; "
                  f"{oputil.names(allowed)}; result {result}).")
    return fn


maximum = _binary("maximum", "MAXIMUM", "Maximum", (F32, I32, I64))
minimum = _binary("minimum", "MINIMUM", "Minimum", (F32, I32, I64))
squared_difference = _binary("squared_difference", "SQUARED_DIFFERENCE", "SquaredDifference",
                             (F32, I32))
pow_ = _binary("pow", "POW", "Pow", (F32, I32))
floordiv = _binary("floordiv", "FLOOR_DIV", "FloorDiv", (F32, I32))
floormod = _binary("floormod", "FLOOR_MOD", "FloorMod", (F32, I32, I64))
equal = _binary("equal", "EQUAL", "Equal", (F32, I32, I64, BOOL, dtypes.STRING), BOOL)
not_equal = _binary("not_equal", "NOT_EQUAL", "NotEqual", (F32, I32, I64, BOOL, dtypes.STRING),
                    BOOL)
less = _binary("less", "LESS", "Less", (F32, I32, I64), BOOL)
less_equal = _binary("less_equal", "LESS_EQUAL", "LessEqual", (F32, I32, I64), BOOL)
greater = _binary("greater", "GREATER", "Greater", (F32, I32, I64), BOOL)
greater_equal = _binary("greater_equal", "GREATER_EQUAL", "GreaterEqual", (F32, I32, I64), BOOL)
logical_and = _binary("logical_and", "LOGICAL_AND", "LogicalAnd", (BOOL,), BOOL)
logical_or = _binary("logical_or", "LOGICAL_OR", "LogicalOr", (BOOL,), BOOL)


def logical_not(x, name=None):
    """``tf.math.logical_not`` (LOGICAL_NOT; bool)."""
    graph, hint = oputil.start("logical_not", name, "LogicalNot", x)
    t = oputil.tensor(graph, x, "logical_not", "x", hint, like=BOOL)
    oputil.check_dtype("logical_not", t, (BOOL,))
    return graph.add_node("LOGICAL_NOT", [t], BOOL, t.shape, hint)


# ---------------------------------------------------------------------------------------------
# cast and select

CAST_TYPES = (F32, I32, I64, BOOL, dtypes.INT8, dtypes.UINT8, dtypes.INT16, dtypes.FLOAT64)


def cast(x, dtype, name=None):
    """``tf.cast``: CAST to ``dtype`` (float -> int rounds toward zero; nonzero -> True).

    Casting to the tensor's own dtype returns it unchanged, as TensorFlow does.
    """
    op = "cast"
    graph, hint = oputil.start(op, name, "Cast", x)
    t = oputil.tensor(graph, x, op, "x", hint)
    oputil.check_dtype(op, t, CAST_TYPES)
    out = to_type(dtype, f"{op}: dtype")
    if out not in CAST_TYPES:
        raise ConversionTypeError(f"{op}: cannot cast to {dtype_name(out)}; supported: "
                                  f"{oputil.names(CAST_TYPES)}")
    if out == t.type:
        return t
    return graph.add_node("CAST", [t], out, t.shape, hint)


def where(condition, x=None, y=None, name=None):
    """``tf.where``: with ``x`` and ``y``, pick from ``x`` where ``condition`` is true, else
    ``y``, all three broadcast (SELECT_V2). With neither, the int64 coordinates [num_true, rank]
    of the true elements (WHERE; the first dim is dynamic)."""
    op = "where"
    if (x is None) != (y is None):
        raise ConversionError(f"{op}: give both x and y, or neither")
    graph, hint = oputil.start(op, name, "SelectV2" if x is not None else "Where", condition, x, y)
    c = oputil.tensor(graph, condition, op, "condition", hint, like=BOOL)
    oputil.check_dtype(op, c, (BOOL,), "condition")
    if x is None:
        return graph.add_node("WHERE", [c], I64, (None, c.rank), hint)
    a, b = oputil.operands(graph, op, (x, y), ("x", "y"), hint)
    oputil.check_dtype(op, a, (F32, I32, I64, BOOL, dtypes.INT8, dtypes.UINT8, dtypes.INT16))
    shape = oputil.broadcast_shapes(op, oputil.broadcast_shapes(op, c.shape, a.shape), b.shape)
    return graph.add_node("SELECT_V2", [c, a, b], a.type, shape, hint, {})


# ---------------------------------------------------------------------------------------------
# reductions

def reduce_axes(op, axis, rank):
    """(value written to the axis input, normalised sorted axes) of a reduction's ``axis``:
    None = every axis; an int stays a scalar, a list a 1-D input (as TensorFlow writes them)."""
    if axis is None:
        return list(range(rank)), list(range(rank))
    if isinstance(axis, Tensor) and not axis.is_constant:
        raise ConversionError(f"{op}: axis must be a constant (an int or a list of ints)")
    raw = oputil.const_value(op, "axis", axis)
    if raw.ndim > 1 or (raw.size and raw.dtype.kind not in "iu"):
        raise ConversionTypeError(f"{op}: axis must be an int or a list of ints, got {axis!r}")
    values = raw.astype(np.int64).reshape(-1).tolist()
    norm = []
    for a in values:
        if not -rank <= a < rank:
            raise ConversionError(f"{op}: axis {a} is out of range for a rank-{rank} input")
        if a % rank in norm:
            raise ConversionError(f"{op}: axis {a} is listed twice in {values}")
        norm.append(a % rank)
    written = values[0] if raw.ndim == 0 else values
    return written, sorted(norm)


def _reduce(op, builtin, hint, allowed):
    def fn(input_tensor, axis=None, keepdims=False, name=None):
        graph, h = oputil.start(op, name, hint, input_tensor)
        t = oputil.tensor(graph, input_tensor, op, "input_tensor", h,
                          like=BOOL if allowed == (BOOL,) else None)
        oputil.check_dtype(op, t, allowed, "input_tensor")
        keep = oputil.bool_arg(op, "keepdims", keepdims)
        written, axes = reduce_axes(op, axis, t.rank)
        if keep:
            shape = tuple(1 if i in axes else d for i, d in enumerate(t.shape))
        else:
            shape = tuple(d for i, d in enumerate(t.shape) if i not in axes)
        axis_t = oputil.int32_const(graph, written, f"{h}/reduction_indices")
        return graph.add_node(builtin, [t, axis_t], t.type, shape, h, {"keep_dims": keep})
    fn.__name__ = fn.__qualname__ = op
    fn.__doc__ = (f"``tf.math.{op}(input_tensor, axis=None, keepdims=False)`` ({builtin}; "
                  f"{oputil.names(allowed)}). ``axis`` None reduces every axis; the axes are "
                  "written as a constant int32 input (a scalar for an int).")
    return fn


reduce_mean = _reduce("reduce_mean", "MEAN", "Mean", (F32, I32, I64))
reduce_sum = _reduce("reduce_sum", "SUM", "Sum", (F32, I32, I64))
reduce_max = _reduce("reduce_max", "REDUCE_MAX", "Max", (F32, I32, I64))
reduce_min = _reduce("reduce_min", "REDUCE_MIN", "Min", (F32, I32, I64))
reduce_prod = _reduce("reduce_prod", "REDUCE_PROD", "Prod", (F32, I32, I64))
reduce_any = _reduce("reduce_any", "REDUCE_ANY", "Any", (BOOL,))
reduce_all = _reduce("reduce_all", "REDUCE_ALL", "All", (BOOL,))


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """``tf.math.cumsum`` (CUMSUM; float32, int32, int64; the axis a constant int32 scalar)."""
    op = "cumsum"
    graph, hint = oputil.start(op, name, "Cumsum", x)
    t = oputil.tensor(graph, x, op, "x", hint)
    oputil.check_dtype(op, t, (F32, I32, I64))
    if t.rank < 1:
        raise ConversionError(f"{op}: x must have rank >= 1, got shape {shape_str(t.shape)}")
    a = oputil.axis_arg(op, axis, t.rank)
    options = {"exclusive": oputil.bool_arg(op, "exclusive", exclusive),
               "reverse": oputil.bool_arg(op, "reverse", reverse)}
    axis_t = oputil.int32_const(graph, a, f"{hint}/axis")
    return graph.add_node("CUMSUM", [t, axis_t], t.type, t.shape, hint, options)


# the public names that shadow Python builtins are bound last, so this module's code above never
# sees them
abs = abs_  # noqa: A001
pow = pow_  # noqa: A001
round = round_  # noqa: A001
