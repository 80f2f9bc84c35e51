"""Helpers shared by the op functions (``api``, ``api_math``, ``api_nn``, ``api_array``).

Each op function follows the same steps: find the graph (:func:`start`), turn its arguments into
tensors, check dtypes (:func:`check_dtype`) and the plain-Python arguments (:func:`int_arg`,
:func:`axis_arg`, :func:`const_ints`, ...), work out the output shape, then ``graph.add_node``.
Errors name the op (by its ``interp.ops`` name) and the argument.
"""
import numpy as np

from interp import dtypes
from interp.convert.tracing import (ConversionError, ConversionTypeError, Tensor, broadcast_shapes,
                                    dtype_name, graph_of, is_weak, shape_str, to_tensor)

F32, I32, I64, BOOL = dtypes.FLOAT32, dtypes.INT32, dtypes.INT64, dtypes.BOOL
ACTIVATION_NONE = 0
NUMERIC = (F32, I32, I64)


def names(codes):
    return ", ".join(dtype_name(c) for c in codes)


def check_dtype(op, t, allowed, what="x"):
    if t.type not in allowed:
        raise ConversionTypeError(f"{op}: {what} has dtype {t.dtype}; supported: {names(allowed)}")


def start(op, name, hint, *values):
    """(graph, unique op name) of an op call reading ``values``."""
    graph = graph_of(op, *values)
    return graph, graph.unique_name(name or hint)


def tensor(graph, value, op, what, hint, like=None):
    """An operand as a tensor; Python values become ``like`` (float32 by default) constants."""
    return to_tensor(graph, value, op, what, like=F32 if like is None else like,
                     hint=f"{hint}/{what}")


def operands(graph, op, values, whats, hint):
    """Several operands as tensors of one dtype (Python values take the dtype of the others)."""
    tensors, like = [None] * len(values), None
    # strict operands (tensors, numpy values) first: they fix the dtype of Python values
    for i, v in enumerate(values):
        if not is_weak(v):
            tensors[i] = to_tensor(graph, v, op, whats[i], hint=f"{hint}/{whats[i]}")
            like = tensors[i].type if like is None else like
    for i, v in enumerate(values):
        if tensors[i] is None:
            tensors[i] = to_tensor(graph, v, op, whats[i], like=like, hint=f"{hint}/{whats[i]}")
            like = tensors[i].type if like is None else like
    first = tensors[0]
    for t, what in zip(tensors[1:], whats[1:]):
        if t.type != first.type:
            raise ConversionTypeError(
                f"{op}: {whats[0]} and {what} must have the same dtype, got {first.dtype} "
                f"({whats[0]}) and {t.dtype} ({what})")
    return tensors


def binary_operands(op, x, y, name, hint):
    """(graph, op name, x tensor, y tensor) of a binary op call."""
    graph, hint = start(op, name, hint, x, y)
    a, b = operands(graph, op, (x, y), ("x", "y"), hint)
    return graph, hint, a, b


def int_arg(op, what, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ConversionTypeError(f"{op}: {what} must be an int, got {value!r}")
    return int(value)


def float_arg(op, what, value):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ConversionTypeError(f"{op}: {what} must be a number, got {value!r}")
    return float(value)


def bool_arg(op, what, value):
    if not isinstance(value, (bool, np.bool_)):
        raise ConversionTypeError(f"{op}: {what} must be a bool, got {value!r}")
    return bool(value)


def axis_arg(op, axis, rank, what="axis"):
    """``axis`` normalised to 0..rank-1 (negative counts from the end)."""
    axis = int_arg(op, what, axis)
    if not -rank <= axis < rank:
        raise ConversionError(f"{op}: {what} {axis} is out of range for a rank-{rank} input")
    return axis % rank


def const_value(op, what, value):
    """A constant argument as a numpy array: a list, a numpy value or a constant tensor."""
    if isinstance(value, Tensor):
        if not value.is_constant:
            raise ConversionError(f"{op}: {what} must be a constant (a list or numpy array), "
                                  f"not the traced tensor {value!r}")
        return np.asarray(value.data)
    try:
        return np.asarray(value)
    except ValueError as e:
        raise ConversionError(f"{op}: {what} is not a rectangular list ({e})") from None


def const_ints(op, what, value, ndim=None, length=None):
    """A constant integer argument as a list (nested for ndim 2); ints become 1-element lists
    when ``ndim`` is 1."""
    array = const_value(op, what, value)
    if ndim == 1 and array.ndim == 0:
        array = array.reshape(1)
    if array.size and array.dtype.kind not in "iu" or array.dtype.kind == "b":
        raise ConversionTypeError(f"{op}: {what} must hold ints, got {value!r}")
    if ndim is not None and array.ndim != ndim:
        raise ConversionError(f"{op}: {what} must be a rank-{ndim} list of ints, got {value!r}")
    if length is not None and len(array) != length:
        raise ConversionError(f"{op}: {what} must have {length} entries, got {value!r}")
    return array.astype(np.int64).tolist()


def int32_const(graph, values, hint):
    """An int32 constant input (shape lists, axes, paddings, ...)."""
    return graph.constant(np.asarray(values, np.int32), I32, hint)


def scalar_const(graph, value, code, hint):
    return graph.constant(np.asarray(value, dtypes.NUMPY[code]), code, hint)


def elementwise(op, builtin, graph, hint, a, b, allowed, options=None, out_type=None):
    """A broadcasting binary node (dtype checked on ``a``; both have one dtype)."""
    check_dtype(op, a, allowed)
    shape = broadcast_shapes(op, a.shape, b.shape)
    return graph.add_node(builtin, [a, b], a.type if out_type is None else out_type, shape, hint,
                          options)


def unary(op, builtin, x, name, allowed, hint, options=None, what="x"):
    """A shape-preserving one-input node."""
    graph, hint = start(op, name, hint, x)
    t = tensor(graph, x, op, what, hint)
    check_dtype(op, t, allowed, what)
    return graph.add_node(builtin, [t], t.type, t.shape, hint, options)


def need_rank(op, t, what, ranks):
    """Refuse a rank outside ``ranks`` (an int, or a (min, max) pair)."""
    lo, hi = (ranks, ranks) if isinstance(ranks, int) else ranks
    if not lo <= t.rank <= hi:
        want = f"rank {lo}" if lo == hi else f"rank {lo} to {hi}"
        raise ConversionError(f"{op}: {what} must have {want}, got shape {shape_str(t.shape)}")


def num_elements(shape):
    """The element count of a shape, or None when a dim is dynamic."""
    if any(d is None for d in shape):
        return None
    return int(np.prod(shape, dtype=np.int64))


__all__ = ["ConversionError", "ConversionTypeError", "Tensor", "broadcast_shapes", "dtype_name",
           "is_weak", "shape_str", "to_tensor"]
