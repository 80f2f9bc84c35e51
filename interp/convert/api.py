"""The public ops of ``interp.ops``: TensorFlow's names and arguments, recorded as `.tflite` ops.

Each function takes traced tensors (or numpy arrays / Python values, which become constants),
checks dtypes and shapes at once and returns the traced result. Every function accepts ``name=`` to
name its result tensor in the file. What each becomes:

=====================================  =========================================================
``add`` / ``subtract`` / ``multiply``  ADD / SUB / MUL (float32, int32, int64; broadcasting)
``divide``                             DIV (float32)
``truncatediv``                        DIV (int32: the quotient rounded toward zero)
``matmul(x, w)``, ``dense``            FULLY_CONNECTED (``w`` a constant 2-D array, stored [out,in])
``matmul(a, b)``, ``a @ b``            BATCH_MATMUL (two traced operands, or ``transpose_a``)
``relu`` ``relu6`` ``sigmoid`` ``tanh``  RELU, RELU6, LOGISTIC, TANH (float32)
``softmax``                            SOFTMAX (last axis, beta 1.0)
``reshape``                            RESHAPE (shape as a constant int32 input)
``argmax`` / ``argmin``                ARG_MAX / ARG_MIN (axis a constant input; int64 or int32)
``as_string``                          FlexAsString (Select-TF, written as TensorFlow writes it)
``string_to_number``                   FlexStringToNumber
``constant``                           a constant tensor
=====================================  =========================================================

The rest of the op set lives in ``api_math`` (element-wise math, comparisons, logic, cast, where,
reductions), ``api_nn`` (convolutions, pools, activations, normalisation, top_k, resize, the
space/depth/batch rearrangements), ``api_array`` (shapes, concat/stack/split, slicing and
``Tensor.__getitem__``, pad, gather, the factories) and ``api_control`` (``while_loop``, ``cond``,
``lstm``); their functions are joined into this module.
"""
import numpy as np

from interp import dtypes
from interp.flex.datatype import TF_DATATYPE
from interp.convert import oputil
from interp.convert.tracing import (ConversionError, ConversionTypeError, Tensor, broadcast_shapes,
                                    dtype_name, graph_of, is_weak, shape_str, to_tensor, to_type)

__all__ = ["add", "subtract", "multiply", "divide", "truncatediv", "matmul", "dense", "relu",
           "relu6", "sigmoid", "tanh", "softmax", "reshape", "argmax", "argmin", "as_string",
           "string_to_number", "constant"]

F32, I32, I64 = dtypes.FLOAT32, dtypes.INT32, dtypes.INT64
ACTIVATION_NONE = 0


# ---------------------------------------------------------------------------------------------
# helpers (shared with the other op modules through interp.convert.oputil)

_names = oputil.names
_check_dtype = oputil.check_dtype
_int_arg = oputil.int_arg
_bool_arg = oputil.bool_arg
_axis = oputil.axis_arg


def _prepare_binary(op, x, y, name, hint):
    """(graph, op name, x tensor, y tensor) of a binary op call."""
    return oputil.binary_operands(op, x, y, name, hint)


def _finish_binary(op, builtin, graph, hint, a, b, allowed):
    options = {"fused_activation_function": ACTIVATION_NONE}
    if builtin in ("ADD", "SUB"):
        options["pot_scale_int16"] = True
    return oputil.elementwise(op, builtin, graph, hint, a, b, allowed, options)


def _binary(op, builtin, x, y, name, allowed, hint):
    return _finish_binary(op, builtin, *_prepare_binary(op, x, y, name, hint), allowed)


def _unary(op, builtin, x, name, allowed, hint, options=None):
    return oputil.unary(op, builtin, x, name, allowed, hint, options)


# ---------------------------------------------------------------------------------------------
# arithmetic

def add(x, y, name=None):
    """``x + y`` with broadcasting (ADD)."""
    return _binary("add", "ADD", x, y, name, (F32, I32, I64), "add")


def subtract(x, y, name=None):
    """``x - y`` with broadcasting (SUB)."""
    return _binary("subtract", "SUB", x, y, name, (F32, I32, I64), "sub")


def multiply(x, y, name=None):
    """``x * y`` with broadcasting (MUL)."""
    return _binary("multiply", "MUL", x, y, name, (F32, I32, I64), "mul")


def divide(x, y, name=None):
    """``x / y`` with broadcasting (DIV), float32. For integer division see :func:`truncatediv`:
    TensorFlow's ``divide`` of ints gives floats, which `.tflite` DIV does not."""
    graph, hint, a, b = _prepare_binary("divide", x, y, name, "truediv")
    if a.type in (I32, I64):
        raise ConversionTypeError(
            f"divide: x and y are {a.dtype}; divide (and /) of integers gives floats in "
            "TensorFlow, which DIV cannot compute; use interp.ops.truncatediv for the integer "
            "quotient rounded toward zero")
    return _finish_binary("divide", "DIV", graph, hint, a, b, (F32,))


def truncatediv(x, y, name=None):
    """Integer ``x / y`` rounded toward zero, with broadcasting (DIV on int32)."""
    return _binary("truncatediv", "DIV", x, y, name, (I32,), "truncatediv")


def matmul(a, b, transpose_a=False, transpose_b=False, name=None):
    """``a @ b`` (``tf.linalg.matmul``).

    A traced ``a`` [..., in] times a constant 2-D ``b`` [in, out] is FULLY_CONNECTED: the weights
    are stored transposed ([out, in]), as TensorFlow's converter does (``transpose_b=True`` takes
    ``b`` as [out, in]); a rank > 2 ``a`` keeps its leading dims (``keep_num_dims``). Any other
    product (two traced operands, ``transpose_a``, a constant of rank > 2) is BATCH_MATMUL with
    ``adj_x=transpose_a``, ``adj_y=transpose_b``: both of rank >= 2, the batch dims broadcast.
    """
    fc = (isinstance(a, Tensor) and not a.is_constant and not transpose_a
          and not (isinstance(b, Tensor) and not b.is_constant)
          and np.ndim(b.data if isinstance(b, Tensor) else b) == 2 and a.rank >= 2)
    if fc:
        return _fully_connected("matmul", a, b, None, transpose_a, transpose_b, name, "MatMul")
    return _batch_matmul(a, b, transpose_a, transpose_b, name)


def _batch_matmul(x, y, adj_x, adj_y, name):
    op = "matmul"
    adj_x, adj_y = _bool_arg(op, "transpose_a", adj_x), _bool_arg(op, "transpose_b", adj_y)
    graph, hint = oputil.start(op, name, "MatMul", x, y)
    a, b = oputil.operands(graph, op, (x, y), ("a", "b"), hint)
    _check_dtype(op, a, (F32,), "a")
    for t, what in ((a, "a"), (b, "b")):
        if t.rank < 2:
            raise ConversionError(f"{op}: {what} must have rank >= 2, got shape "
                                  f"{shape_str(t.shape)}")
    rows, inner_a = (a.shape[-1], a.shape[-2]) if adj_x else (a.shape[-2], a.shape[-1])
    inner_b, cols = (b.shape[-1], b.shape[-2]) if adj_y else (b.shape[-2], b.shape[-1])
    if inner_a is not None and inner_b is not None and inner_a != inner_b:
        raise ConversionError(
            f"{op}: a {shape_str(a.shape)} (transpose_a={adj_x}) and b {shape_str(b.shape)} "
            f"(transpose_b={adj_y}) have different inner dims ({inner_a} vs {inner_b})")
    batch = broadcast_shapes(op, a.shape[:-2], b.shape[:-2])
    options = {"adj_x": adj_x, "adj_y": adj_y, "asymmetric_quantize_inputs": False}
    return graph.add_node("BATCH_MATMUL", [a, b], F32, batch + (rows, cols), hint, options)


def dense(x, kernel, bias=None, activation=None, name=None):
    """A Keras-style dense layer: ``activation(x @ kernel + bias)`` as one FULLY_CONNECTED.

    ``kernel`` is a constant [in, out] array, ``bias`` a constant [out] array or None;
    ``activation`` None/"linear", "relu", "relu6" (fused into the op), "sigmoid", "tanh",
    "softmax" or one of the interp.ops activation functions.
    """
    y = _fully_connected("dense", x, kernel, bias, False, False, name, "dense")
    return apply_activation("dense", y, activation)


def apply_activation(op, y, activation):
    """``activation(y)`` for the ``activation=`` argument of dense and the conv ops."""
    if activation is None or activation == "linear":
        return y
    act = _ACTIVATIONS.get(activation) if isinstance(activation, str) else activation
    if act not in _ACTIVATIONS.values():
        raise ConversionError(f"{op}: unknown activation {activation!r}; use one of "
                              f"{sorted(_ACTIVATIONS)}, 'linear' or None")
    return act(y)


def _fully_connected(op, x, w, bias, transpose_a, transpose_b, name, hint):
    if transpose_a:
        raise ConversionError(f"{op}: transpose_a is not supported")
    transpose_b = _bool_arg(op, "transpose_b", transpose_b)
    if not isinstance(x, Tensor) or x.is_constant:
        raise ConversionError(f"{op}: the left operand must be a traced tensor (got "
                              f"{type(x).__name__}); the right one holds the constant weights")
    if isinstance(w, Tensor) and not w.is_constant:
        raise ConversionError(
            f"{op}: the weights must be a constant (a numpy array), got the traced tensor {w!r}; "
            "a product of two traced tensors (BATCH_MATMUL) is not supported")
    graph = graph_of(op, x)
    _check_dtype(op, x, (F32,))
    hint = graph.unique_name(name or hint)
    weights = w.data if isinstance(w, Tensor) else w
    if is_weak(weights):
        weights = np.asarray(weights, np.float32)
    weights = np.asarray(weights)
    if weights.ndim != 2:
        raise ConversionError(f"{op}: the weights must be 2-D, got shape {list(weights.shape)}")
    if weights.dtype != np.float32:
        raise ConversionTypeError(f"{op}: x has dtype float32 but the weights have dtype "
                                  f"{weights.dtype} (convert them with .astype(np.float32))")
    if x.rank < 2:
        raise ConversionError(f"{op}: x must have rank >= 2, got shape {shape_str(x.shape)}")
    kernel = weights if transpose_b else weights.T  # [out, in]
    n_out, n_in = kernel.shape
    if x.shape[-1] is not None and x.shape[-1] != n_in:
        raise ConversionError(f"{op}: x has shape {shape_str(x.shape)} but the weights have "
                              f"{n_in} input features (shape {list(weights.shape)})")
    kernel = np.ascontiguousarray(kernel)
    w_t = graph.constant(kernel, F32, f"{hint}/kernel")
    b_t = None
    if bias is not None:
        if isinstance(bias, Tensor):
            if not bias.is_constant:
                raise ConversionError(f"{op}: the bias must be a constant (a numpy array)")
            bias = bias.data
        b = np.asarray(bias, np.float32) if is_weak(bias) else np.asarray(bias)
        if b.dtype != np.float32:
            raise ConversionTypeError(f"{op}: x has dtype float32 but the bias has dtype {b.dtype}")
        if b.shape != (n_out,):
            raise ConversionError(f"{op}: the bias must have shape [{n_out}], got {list(b.shape)}")
        b_t = graph.constant(b, F32, f"{hint}/bias")
    keep = x.rank > 2
    shape = tuple(x.shape[:-1]) + (n_out,) if keep else (x.shape[0], n_out)
    options = {"fused_activation_function": ACTIVATION_NONE, "weights_format": 0,
               "keep_num_dims": keep, "asymmetric_quantize_inputs": False,
               "quantized_bias_type": 0}
    return graph.add_node("FULLY_CONNECTED", [x, w_t, b_t], F32, shape, hint, options)


# ---------------------------------------------------------------------------------------------
# activations

def relu(features, name=None):
    """max(x, 0) (RELU)."""
    return _unary("relu", "RELU", features, name, (F32,), "Relu")


def relu6(features, name=None):
    """min(max(x, 0), 6) (RELU6)."""
    return _unary("relu6", "RELU6", features, name, (F32,), "Relu6")


def sigmoid(x, name=None):
    """1 / (1 + exp(-x)) (LOGISTIC)."""
    return _unary("sigmoid", "LOGISTIC", x, name, (F32,), "Sigmoid")


def tanh(x, name=None):
    """tanh(x) (TANH)."""
    return _unary("tanh", "TANH", x, name, (F32,), "Tanh")


def softmax(logits, axis=None, name=None):
    """softmax over the last axis (SOFTMAX, beta 1.0). Another ``axis`` is refused."""
    graph = graph_of("softmax", logits)
    hint = graph.unique_name(name or "Softmax")
    t = to_tensor(graph, logits, "softmax", "logits", like=F32, hint=f"{hint}/logits")
    _check_dtype("softmax", t, (F32,), "logits")
    if t.rank < 1:
        raise ConversionError("softmax: logits must have rank >= 1, got a scalar")
    if axis is not None and _axis("softmax", axis, t.rank) != t.rank - 1:
        raise ConversionError(f"softmax: only the last axis is supported (axis=-1 or "
                              f"{t.rank - 1} for this rank-{t.rank} input), got axis={axis}")
    return graph.add_node("SOFTMAX", [t], F32, t.shape, hint, {"beta": 1.0})


_ACTIVATIONS = {"relu": relu, "relu6": relu6, "sigmoid": sigmoid, "tanh": tanh,
                "softmax": softmax}


# ---------------------------------------------------------------------------------------------
# shapes and indices

def reshape(tensor, shape, name=None):
    """``tensor`` with a new shape (RESHAPE); one dim may be -1 (or None) and is inferred.

    The shape is written as a constant int32 input. A -1 stays dynamic in the file when the input
    has a dynamic dim.
    """
    op = "reshape"
    graph = graph_of(op, tensor)
    hint = graph.unique_name(name or "Reshape")
    t = to_tensor(graph, tensor, op, "tensor", hint=f"{hint}/tensor")
    if isinstance(shape, Tensor):
        if not shape.is_constant:
            raise ConversionError(f"{op}: shape must be a constant list, not a traced tensor")
        shape = shape.data.tolist()
    if isinstance(shape, np.ndarray):
        shape = shape.tolist()
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        shape = [shape]
    if not isinstance(shape, (list, tuple)):
        raise ConversionTypeError(f"{op}: shape must be a list of ints, got {shape!r}")
    target = []
    for d in shape:
        if d is None:
            d = -1
        d = _int_arg(op, "each shape entry", d)
        if d < -1:
            raise ConversionError(f"{op}: shape {list(shape)} has the negative size {d}")
        target.append(d)
    if target.count(-1) > 1:
        raise ConversionError(f"{op}: shape {list(shape)} has more than one -1 (unknown) dim")
    known_in = all(d is not None for d in t.shape)
    n_in = int(np.prod([d for d in t.shape if d is not None], dtype=np.int64))
    n_fixed = int(np.prod([d for d in target if d != -1], dtype=np.int64))
    out = []
    if -1 in target:
        if known_in:
            if n_fixed == 0 or n_in % n_fixed:
                raise ConversionError(f"{op}: cannot reshape {shape_str(t.shape)} "
                                      f"({n_in} elements) to {target}")
            out = [n_in // n_fixed if d == -1 else d for d in target]
        else:
            out = [None if d == -1 else d for d in target]
    else:
        if known_in and n_in != n_fixed:
            raise ConversionError(f"{op}: cannot reshape {shape_str(t.shape)} ({n_in} elements) "
                                  f"to {target} ({n_fixed} elements)")
        out = list(target)
    shape_t = graph.constant(np.asarray(target, np.int32), I32, f"{hint}/shape")
    return graph.add_node("RESHAPE", [t, shape_t], t.type, out, hint)


def argmax(input, axis=None, output_type="int64", name=None):  # noqa: A002 (TensorFlow's name)
    """Index of the largest value along ``axis`` (ARG_MAX; axis None means 0, as tf.argmax)."""
    return _arg_reduce("argmax", "ARG_MAX", "ArgMax", input, axis, output_type, name)


def argmin(input, axis=None, output_type="int64", name=None):  # noqa: A002 (TensorFlow's name)
    """Index of the smallest value along ``axis`` (ARG_MIN; axis None means 0, as tf.argmin)."""
    return _arg_reduce("argmin", "ARG_MIN", "ArgMin", input, axis, output_type, name)


def _arg_reduce(op, builtin, hint, input, axis, output_type, name):  # noqa: A002
    graph = graph_of(op, input)
    hint = graph.unique_name(name or hint)
    t = to_tensor(graph, input, op, "input", hint=f"{hint}/input")
    # LiteRT's ARG_MAX / ARG_MIN take no int64 input
    _check_dtype(op, t, (F32, I32, dtypes.UINT8, dtypes.INT8, dtypes.BOOL), "input")
    if t.rank < 1:
        raise ConversionError(f"{op}: input must have rank >= 1, got a scalar")
    a = _axis(op, 0 if axis is None else axis, t.rank)
    out_type = to_type(output_type, f"{op}: output_type")
    if out_type not in (I32, I64):
        raise ConversionTypeError(f"{op}: output_type must be int32 or int64, got "
                                  f"{dtype_name(out_type)}")
    axis_t = graph.constant(np.asarray(a, np.int32), I32, f"{hint}/dimension")
    shape = t.shape[:a] + t.shape[a + 1:]
    return graph.add_node(builtin, [t, axis_t], out_type, shape, hint, {"output_type": out_type})


# ---------------------------------------------------------------------------------------------
# Select-TF string ops

_AS_STRING_TYPES = (F32, dtypes.FLOAT64, dtypes.INT8, dtypes.INT16, I32, I64, dtypes.UINT8,
                    dtypes.UINT16, dtypes.UINT32, dtypes.UINT64, dtypes.BOOL)
_FLOATS = (F32, dtypes.FLOAT64)
_STRING_TO_NUMBER_TYPES = (F32, dtypes.FLOAT64, I32, I64)


def as_string(input, precision=-1, scientific=False, shortest=False, width=-1,  # noqa: A002
              fill="", name=None):
    """Format each element as a string (Select-TF ``AsString``, written as ``FlexAsString``)."""
    op = "as_string"
    graph = graph_of(op, input)
    hint = graph.unique_name(name or "AsString")
    t = to_tensor(graph, input, op, "input", hint=f"{hint}/input")
    _check_dtype(op, t, _AS_STRING_TYPES, "input")
    precision = _int_arg(op, "precision", precision)
    width = _int_arg(op, "width", width)
    scientific = _bool_arg(op, "scientific", scientific)
    shortest = _bool_arg(op, "shortest", shortest)
    if isinstance(fill, bytes):
        fill = fill.decode("utf-8")
    if not isinstance(fill, str):
        raise ConversionTypeError(f"{op}: fill must be a string, got {fill!r}")
    # the checks TensorFlow's kernel makes when it is built
    if scientific and shortest:
        raise ConversionError(f"{op}: cannot select both scientific and shortest notation")
    if len(fill.encode("utf-8")) > 1:
        raise ConversionError(f"{op}: fill must be one or fewer characters, got {fill!r}")
    if t.type not in _FLOATS:
        for flag, value in (("scientific", scientific), ("shortest", shortest),
                            ("precision", precision > -1)):
            if value:
                raise ConversionError(f"{op}: {flag} is only valid for float32/float64 input, "
                                      f"got {t.dtype}")
    attrs = {"T": ("type", TF_DATATYPE[t.type]), "precision": ("i", precision),
             "scientific": ("b", scientific), "shortest": ("b", shortest),
             "width": ("i", width), "fill": ("s", fill.encode("utf-8"))}
    return graph.add_node("FlexAsString", [t], dtypes.STRING, t.shape, hint,
                          flex=("AsString", attrs))


def string_to_number(string_tensor, out_type="float32", name=None):
    """Parse each string as a number (Select-TF ``StringToNumber``, as ``FlexStringToNumber``)."""
    op = "string_to_number"
    graph = graph_of(op, string_tensor)
    hint = graph.unique_name(name or "StringToNumber")
    t = to_tensor(graph, string_tensor, op, "string_tensor", hint=f"{hint}/string_tensor")
    _check_dtype(op, t, (dtypes.STRING,), "string_tensor")
    out = to_type(out_type, f"{op}: out_type")
    if out not in _STRING_TO_NUMBER_TYPES:
        raise ConversionTypeError(f"{op}: out_type must be one of "
                                  f"{_names(_STRING_TO_NUMBER_TYPES)}, got {dtype_name(out)}")
    attrs = {"out_type": ("type", TF_DATATYPE[out])}
    return graph.add_node("FlexStringToNumber", [t], out, t.shape, hint,
                          flex=("StringToNumber", attrs))


# ---------------------------------------------------------------------------------------------
# constants

def constant(value, dtype=None, name=None):
    """A constant tensor (``tf.constant``): numpy values keep their dtype unless ``dtype`` is
    given; Python values default to float32 / int32 / bool / string."""
    op = "constant"
    graph = graph_of(op)
    hint = graph.unique_name(name or "Const")
    code = None if dtype is None else to_type(dtype, f"{op}: dtype")
    if isinstance(value, Tensor):
        if code is not None and code != value.type:
            raise ConversionTypeError(f"{op}: value has dtype {value.dtype}, asked for "
                                      f"{dtype_name(code)}")
        return value
    if isinstance(value, (np.ndarray, np.generic)) and code is not None:
        array = np.asarray(value)
        if code == dtypes.STRING or array.dtype.kind in "USO":
            value = array.tolist()
        else:
            return graph.constant(array.astype(dtypes.NUMPY[code]), code, hint)
    return to_tensor(graph, value, op, "value", like=code, hint=hint)


# ---------------------------------------------------------------------------------------------
# the other op modules (one job each); their names join this module's, so interp.ops and
# Tensor's operators find every op here

def _join():
    from interp.convert import api_array, api_control, api_math, api_nn
    for module in (api_math, api_nn, api_array, api_control):
        for name in module.__all__:
            if name in globals():
                raise ImportError(f"interp.convert.api: {module.__name__}.{name} is defined twice")
            globals()[name] = getattr(module, name)
            __all__.append(name)
    _ACTIVATIONS.update({"gelu": api_nn.gelu, "elu": api_nn.elu, "hard_swish": api_nn.hard_swish,
                         "leaky_relu": api_nn.leaky_relu, "log_softmax": api_nn.log_softmax,
                         "exponential": api_math.exp})


_join()
