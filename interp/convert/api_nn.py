"""Neural-network ops (``tf.nn`` / ``tf.image`` names): convolutions, pools, activations,
normalisation, top-k and the space/depth/batch rearrangements.

=========================================  ======================================================
``conv2d``                                 CONV_2D (filters HWIO constant -> written OHWI; a bias
                                           [out] always, zeros when none is given)
``depthwise_conv2d``                       DEPTHWISE_CONV_2D (filter [h, w, in, mult] -> written
                                           [1, h, w, in*mult]; ``depth_multiplier`` = mult)
``conv2d_transpose``                       TRANSPOSE_CONV (filters [h, w, out, in] -> written OHWI;
                                           inputs output_shape, weights, input[, bias])
``avg_pool2d`` ``max_pool2d``              AVERAGE_POOL_2D, MAX_POOL_2D
``bias_add``                               ADD
``leaky_relu`` ``prelu`` ``hard_swish``    LEAKY_RELU, PRELU, HARD_SWISH, GELU, ELU
``gelu`` ``elu``
``log_softmax``                            LOG_SOFTMAX (last axis)
``l2_normalize``                           L2_NORMALIZATION (last axis)
``top_k``                                  TOPK_V2 -> (values, int32 indices)
``depth_to_space`` ``space_to_depth``      DEPTH_TO_SPACE, SPACE_TO_DEPTH (NHWC)
``batch_to_space`` ``space_to_batch_nd``   BATCH_TO_SPACE_ND, SPACE_TO_BATCH_ND
``resize``                                 RESIZE_BILINEAR / RESIZE_NEAREST_NEIGHBOR as
                                           ``tf.image.resize`` (half_pixel_centers)
``resize_bilinear``                        ``tf.compat.v1.image`` forms with ``align_corners`` and
``resize_nearest_neighbor``                ``half_pixel_centers``
=========================================  ======================================================

All are float32 (``top_k`` and the rearrangements also take int32 and int64,
``resize_nearest_neighbor`` int32). The conv ops take ``bias=`` and ``activation=`` like ``interp.ops.dense``: the bias goes
into the op's bias input, "relu"/"relu6" are fused by the converter's pass.
"""
import collections

import numpy as np

from interp.convert import oputil
from interp.convert.oputil import (F32, I32, I64, ConversionError, ConversionTypeError, Tensor,
                                   shape_str)
from interp.convert.tracing import to_type

__all__ = ["conv2d", "depthwise_conv2d", "conv2d_transpose", "avg_pool2d", "max_pool2d",
           "bias_add", "leaky_relu", "prelu", "hard_swish", "gelu", "elu", "log_softmax",
           "l2_normalize", "top_k", "depth_to_space", "space_to_depth", "batch_to_space",
           "space_to_batch_nd", "resize", "resize_bilinear", "resize_nearest_neighbor"]

PADDING = {"SAME": 0, "VALID": 1}
TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])


# ---------------------------------------------------------------------------------------------
# window arguments

def _pair(op, what, value, allow4=True):
    """(h, w) of a stride / dilation / window argument: an int, or a list of 1, 2 or 4 ints
    (the 4-form [1, h, w, 1], as TensorFlow's NHWC)."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        values = [int(value)]
    else:
        values = oputil.const_ints(op, what, value, ndim=1)
    if len(values) == 1:
        h = w = values[0]
    elif len(values) == 2:
        h, w = values
    elif len(values) == 4 and allow4:
        if values[0] != 1 or values[3] != 1:
            raise ConversionError(f"{op}: {what} {values} must be 1 in the batch and channel "
                                  "dims")
        h, w = values[1:3]
    else:
        raise ConversionError(f"{op}: {what} must be an int or a list of 1, 2 or 4 ints, got "
                              f"{value!r}")
    if h < 1 or w < 1:
        raise ConversionError(f"{op}: {what} must be >= 1, got {value!r}")
    return h, w


def _padding(op, padding, explicit=False):
    if isinstance(padding, str) and padding.upper() in PADDING:
        return padding.upper()
    if explicit and isinstance(padding, (list, tuple)):
        return "EXPLICIT"
    raise ConversionError(f"{op}: padding must be 'SAME' or 'VALID'"
                          + (" or explicit [[0, 0], [top, bottom], [left, right], [0, 0]]"
                             if explicit else "") + f", got {padding!r}")


def _explicit_pad(op, t, padding, name):
    """The input padded by explicit NHWC paddings (a PAD before a VALID conv, as TensorFlow's
    converter writes ``padding=[[0, 0], [t, b], [l, r], [0, 0]]``)."""
    pads = oputil.const_ints(op, "padding", padding, ndim=2)
    if len(pads) != 4 or any(len(p) != 2 for p in pads) or pads[0] != [0, 0] or \
            pads[3] != [0, 0]:
        raise ConversionError(f"{op}: explicit padding must be [[0, 0], [top, bottom], "
                              f"[left, right], [0, 0]], got {padding!r}")
    from interp.convert import api_array
    return api_array.pad(t, pads, name=f"{name}/pad")


def _data_format(op, data_format):
    if data_format not in (None, "NHWC"):
        raise ConversionError(f"{op}: only data_format 'NHWC' is supported, got {data_format!r}")


def window_out(op, size, k, stride, dilation, padding):
    """Output length of a window op along one dim (None stays None)."""
    if size is None:
        return None
    if padding == "SAME":
        return -(-size // stride)
    eff = (k - 1) * dilation + 1
    if size < eff:
        raise ConversionError(f"{op}: the window ({eff} with dilation) is larger than the input "
                              f"({size}) with padding 'VALID'")
    return (size - eff) // stride + 1


def _image(graph, op, value, hint, what="input"):
    t = oputil.tensor(graph, value, op, what, hint)
    oputil.check_dtype(op, t, (F32,), what)
    oputil.need_rank(op, t, what, 4)
    return t


def _const_f32(op, what, value, ndim):
    if isinstance(value, Tensor) and not value.is_constant:
        raise ConversionError(f"{op}: {what} must be a constant (a numpy array), got the traced "
                              f"tensor {value!r}")
    array = oputil.const_value(op, what, value)
    if oputil.is_weak(value):
        array = array.astype(np.float32)
    if array.dtype != np.float32:
        raise ConversionTypeError(f"{op}: input has dtype float32 but {what} has dtype "
                                  f"{array.dtype} (convert it with .astype(np.float32))")
    if array.ndim != ndim:
        raise ConversionError(f"{op}: {what} must be {ndim}-D, got shape {list(array.shape)}")
    return array


def _bias(graph, op, bias, n_out, hint):
    """The bias input: the given constant [n_out], else zeros (as TensorFlow writes it)."""
    if bias is None:
        b = np.zeros(n_out, np.float32)
    else:
        b = _const_f32(op, "bias", bias, 1)
        if b.shape != (n_out,):
            raise ConversionError(f"{op}: the bias must have shape [{n_out}], got "
                                  f"{list(b.shape)}")
    return graph.constant(b, F32, f"{hint}/bias")


def _activate(op, y, activation):
    if activation is None or activation == "linear":
        return y
    from interp.convert import api
    return api.apply_activation(op, y, activation)


def _check_channels(op, t, n_in, what="filters"):
    c = t.shape[3]
    if c is not None and c != n_in:
        raise ConversionError(f"{op}: input has {c} channels (shape {shape_str(t.shape)}) but "
                              f"{what} expects {n_in}")


# ---------------------------------------------------------------------------------------------
# convolutions and pools

def _conv_args(op, hint_base, input, filters, what, strides, padding, data_format,  # noqa: A002
               dilations, name):
    """The checked arguments of conv2d / depthwise_conv2d: (graph, op name, input (padded for
    explicit padding), filters array, strides, dilations, 'SAME' / 'VALID')."""
    _data_format(op, data_format)
    graph, hint = oputil.start(op, name, hint_base, input)
    t = _image(graph, op, input, hint)
    w = _const_f32(op, what, filters, 4)
    _check_channels(op, t, w.shape[2], what)
    sh, sw = _pair(op, "strides", strides)
    dh, dw = _pair(op, "dilations", 1 if dilations is None else dilations)
    if (sh > 1 or sw > 1) and (dh > 1 or dw > 1):
        raise ConversionError(f"{op}: strides > 1 together with dilations > 1 is not supported "
                              "(TensorFlow refuses it too)")
    pad = _padding(op, padding, explicit=True)
    if pad == "EXPLICIT":
        t, pad = _explicit_pad(op, t, padding, hint), "VALID"
    return graph, hint, t, w, (sh, sw), (dh, dw), pad


def conv2d(input, filters, strides, padding, data_format="NHWC", dilations=None,  # noqa: A002
           name=None, bias=None, activation=None):
    """``tf.nn.conv2d`` on NHWC float32 (CONV_2D).

    ``filters`` is a constant [h, w, in, out] array (written [out, h, w, in]); ``strides`` and
    ``dilations`` an int or a list of 1, 2 or 4 ints; ``padding`` 'SAME', 'VALID' or explicit
    [[0, 0], [top, bottom], [left, right], [0, 0]] (written as PAD, then a VALID conv).
    ``bias`` (a constant [out]) and ``activation`` ("relu", "relu6", ... as in ``dense``) are
    interp's convenience: ``activation(conv2d(...) + bias)`` in one op.
    """
    op = "conv2d"
    graph, hint, t, w, (sh, sw), (dh, dw), pad = _conv_args(
        op, "Conv2D", input, filters, "filters", strides, padding, data_format, dilations, name)
    kh, kw, n_in, n_out = w.shape
    shape = (t.shape[0], window_out(op, t.shape[1], kh, sh, dh, pad),
             window_out(op, t.shape[2], kw, sw, dw, pad), n_out)
    w_t = graph.constant(np.ascontiguousarray(w.transpose(3, 0, 1, 2)), F32, f"{hint}/filters")
    b_t = _bias(graph, op, bias, n_out, hint)
    options = {"padding": PADDING[pad], "stride_w": sw, "stride_h": sh,
               "fused_activation_function": oputil.ACTIVATION_NONE, "dilation_w_factor": dw,
               "dilation_h_factor": dh, "quantized_bias_type": 0}
    y = graph.add_node("CONV_2D", [t, w_t, b_t], F32, shape, hint, options)
    return _activate(op, y, activation)


def depthwise_conv2d(input, filter, strides, padding, data_format=None,  # noqa: A002
                     dilations=None, name=None, bias=None, activation=None):
    """``tf.nn.depthwise_conv2d`` on NHWC float32 (DEPTHWISE_CONV_2D).

    ``filter`` is a constant [h, w, in, multiplier] array (written [1, h, w, in * multiplier]);
    ``strides`` [1, s, s, 1] (or an int / 2 ints; row and column strides must be equal, as in
    TensorFlow); ``dilations`` an int or 2 ints. ``bias`` [in * multiplier] and ``activation`` as
    in :func:`conv2d`.
    """
    op = "depthwise_conv2d"
    graph, hint, t, w, (sh, sw), (dh, dw), pad = _conv_args(
        op, "depthwise", input, filter, "filter", strides, padding, data_format, dilations, name)
    if sh != sw:
        raise ConversionError(f"{op}: row and column strides must be equal, got {strides!r}")
    kh, kw, n_in, mult = w.shape
    n_out = n_in * mult
    shape = (t.shape[0], window_out(op, t.shape[1], kh, sh, dh, pad),
             window_out(op, t.shape[2], kw, sw, dw, pad), n_out)
    w_t = graph.constant(np.ascontiguousarray(w.reshape(1, kh, kw, n_out)), F32,
                         f"{hint}/filter")
    b_t = _bias(graph, op, bias, n_out, hint)
    options = {"padding": PADDING[pad], "stride_w": sw, "stride_h": sh, "depth_multiplier": mult,
               "fused_activation_function": oputil.ACTIVATION_NONE, "dilation_w_factor": dw,
               "dilation_h_factor": dh}
    y = graph.add_node("DEPTHWISE_CONV_2D", [t, w_t, b_t], F32, shape, hint, options)
    return _activate(op, y, activation)


def conv2d_transpose(input, filters, output_shape, strides, padding="SAME",  # noqa: A002
                     data_format="NHWC", dilations=None, name=None, bias=None, activation=None):
    """``tf.nn.conv2d_transpose`` on NHWC float32 (TRANSPOSE_CONV).

    ``filters`` is a constant [h, w, out, in] array (written [out, h, w, in]); ``output_shape`` a
    list of 4 ints, or a traced int32 [4] tensor (for a dynamic batch, e.g. built with
    ``stack``/``shape``). Dilations other than 1 are refused (TRANSPOSE_CONV has none).
    """
    op = "conv2d_transpose"
    _data_format(op, data_format)
    graph, hint = oputil.start(op, name, "conv2d_transpose", input, output_shape)
    t = _image(graph, op, input, hint)
    w = _const_f32(op, "filters", filters, 4)
    kh, kw, n_out, n_in = w.shape
    _check_channels(op, t, n_in)
    sh, sw = _pair(op, "strides", strides)
    if _pair(op, "dilations", 1 if dilations is None else dilations) != (1, 1):
        raise ConversionError(f"{op}: dilations other than 1 are not supported by TRANSPOSE_CONV")
    pad = _padding(op, padding)
    if isinstance(output_shape, Tensor) and not output_shape.is_constant:
        oputil.check_dtype(op, output_shape, (I32,), "output_shape")
        if output_shape.shape != (4,):
            raise ConversionError(f"{op}: output_shape must have shape [4], got "
                                  f"{shape_str(output_shape.shape)}")
        shape_t, out = output_shape, (t.shape[0], None, None, n_out)
    else:
        out = oputil.const_ints(op, "output_shape", output_shape, ndim=1, length=4)
        if out[3] != n_out:
            raise ConversionError(f"{op}: output_shape {out} has {out[3]} channels but filters "
                                  f"make {n_out}")
        for i, (k, s) in ((1, (kh, sh)), (2, (kw, sw))):
            want = window_out(op, out[i], k, s, 1, pad)
            if t.shape[i] is not None and want != t.shape[i]:
                raise ConversionError(
                    f"{op}: output_shape {out} does not fit input {shape_str(t.shape)}: a conv "
                    f"of the output would have size {want} in dim {i}, not {t.shape[i]}")
        if t.shape[0] is not None and out[0] != t.shape[0]:
            raise ConversionError(f"{op}: output_shape {out} has batch {out[0]}, the input "
                                  f"{t.shape[0]}")
        shape_t = oputil.int32_const(graph, out, f"{hint}/output_shape")
        out = tuple(out)
    w_t = graph.constant(np.ascontiguousarray(w.transpose(2, 0, 1, 3)), F32, f"{hint}/filters")
    inputs = [shape_t, w_t, t]
    if bias is not None:
        inputs.append(_bias(graph, op, bias, n_out, hint))
    options = {"padding": PADDING[pad], "stride_w": sw, "stride_h": sh,
               "fused_activation_function": oputil.ACTIVATION_NONE, "quantized_bias_type": 0}
    y = graph.add_node("TRANSPOSE_CONV", inputs, F32, out, hint, options)
    return _activate(op, y, activation)


def _pool(op, builtin, hint_base):
    def fn(input, ksize, strides, padding, data_format="NHWC", name=None):  # noqa: A002
        _data_format(op, data_format)
        graph, hint = oputil.start(op, name, hint_base, input)
        t = _image(graph, op, input, hint)
        kh, kw = _pair(op, "ksize", ksize)
        sh, sw = _pair(op, "strides", strides)
        pad = _padding(op, padding)
        shape = (t.shape[0], window_out(op, t.shape[1], kh, sh, 1, pad),
                 window_out(op, t.shape[2], kw, sw, 1, pad), t.shape[3])
        options = {"padding": PADDING[pad], "stride_w": sw, "stride_h": sh, "filter_width": kw,
                   "filter_height": kh, "fused_activation_function": oputil.ACTIVATION_NONE}
        return graph.add_node(builtin, [t], F32, shape, hint, options)
    fn.__name__ = fn.__qualname__ = op
    fn.__doc__ = (f"``tf.nn.{op}(input, ksize, strides, padding)`` on NHWC float32 ({builtin}); "
                  "``ksize``/``strides`` an int or a list of 1, 2 or 4 ints.")
    return fn


avg_pool2d = _pool("avg_pool2d", "AVERAGE_POOL_2D", "AvgPool")
max_pool2d = _pool("max_pool2d", "MAX_POOL_2D", "MaxPool")


def bias_add(value, bias, data_format=None, name=None):
    """``tf.nn.bias_add``: ``value + bias`` with ``bias`` 1-D of the last dim's size (ADD)."""
    op = "bias_add"
    _data_format(op, data_format)
    graph, hint = oputil.start(op, name, "BiasAdd", value, bias)
    v, b = oputil.operands(graph, op, (value, bias), ("value", "bias"), hint)
    if b.rank != 1:
        raise ConversionError(f"{op}: bias must be 1-D, got shape {shape_str(b.shape)}")
    if v.rank < 2:
        raise ConversionError(f"{op}: value must have rank >= 2, got shape {shape_str(v.shape)}")
    if None not in (v.shape[-1], b.shape[0]) and v.shape[-1] != b.shape[0]:
        raise ConversionError(f"{op}: bias has {b.shape[0]} entries but value {shape_str(v.shape)}"
                              f" has {v.shape[-1]} in its last dim")
    options = {"fused_activation_function": oputil.ACTIVATION_NONE, "pot_scale_int16": True}
    return oputil.elementwise(op, "ADD", graph, hint, v, b, (F32, I32, I64), options)


# ---------------------------------------------------------------------------------------------
# activations and normalisation

def leaky_relu(features, alpha=0.2, name=None):
    """``tf.nn.leaky_relu``: x if x >= 0 else alpha * x (LEAKY_RELU; float32)."""
    alpha = oputil.float_arg("leaky_relu", "alpha", alpha)
    return oputil.unary("leaky_relu", "LEAKY_RELU", features, name, (F32,), "LeakyRelu",
                        {"alpha": alpha}, what="features")


def prelu(x, alpha, name=None):
    """Parametric ReLU (``tf.keras.layers.PReLU``): x if x >= 0 else alpha * x, ``alpha`` a
    float32 tensor broadcasting against ``x`` (PRELU)."""
    op = "prelu"
    graph, hint = oputil.start(op, name, "PRelu", x, alpha)
    t, a = oputil.operands(graph, op, (x, alpha), ("x", "alpha"), hint)
    oputil.check_dtype(op, t, (F32,))
    shape = oputil.broadcast_shapes(op, t.shape, a.shape)
    return graph.add_node("PRELU", [t, a], F32, shape, hint)


def hard_swish(features, name=None):
    """x * relu6(x + 3) / 6 (HARD_SWISH; float32), Keras' ``hard_swish``/``hard_silu``."""
    return oputil.unary("hard_swish", "HARD_SWISH", features, name, (F32,), "HardSwish",
                        what="features")


def gelu(features, approximate=False, name=None):
    """``tf.nn.gelu`` (GELU; float32): the erf form, or the tanh form with ``approximate``."""
    options = {"approximate": oputil.bool_arg("gelu", "approximate", approximate)}
    return oputil.unary("gelu", "GELU", features, name, (F32,), "Gelu", options, what="features")


def elu(features, name=None):
    """``tf.nn.elu``: x if x > 0 else exp(x) - 1 (ELU; float32)."""
    return oputil.unary("elu", "ELU", features, name, (F32,), "Elu", what="features")


def _last_axis(op, t, axis, what="axis"):
    if t.rank < 1:
        raise ConversionError(f"{op}: the input must have rank >= 1, got a scalar")
    if axis is not None and oputil.axis_arg(op, axis, t.rank, what) != t.rank - 1:
        raise ConversionError(f"{op}: only the last axis is supported (axis=-1 or {t.rank - 1} "
                              f"for this rank-{t.rank} input), got {what}={axis}")


def log_softmax(logits, axis=None, name=None):
    """``tf.nn.log_softmax`` over the last axis (LOG_SOFTMAX; float32)."""
    op = "log_softmax"
    graph, hint = oputil.start(op, name, "LogSoftmax", logits)
    t = oputil.tensor(graph, logits, op, "logits", hint)
    oputil.check_dtype(op, t, (F32,), "logits")
    _last_axis(op, t, axis)
    return graph.add_node("LOG_SOFTMAX", [t], F32, t.shape, hint, {})


def l2_normalize(x, axis=None, epsilon=1e-12, name=None):
    """``tf.math.l2_normalize`` over the last axis (L2_NORMALIZATION; float32).

    ``axis`` None (every axis) is accepted for a 1-D ``x`` only. LiteRT's kernel uses its own
    epsilon (1e-6) for the norm's floor: ``epsilon`` is checked but not written.
    """
    op = "l2_normalize"
    graph, hint = oputil.start(op, name, "l2_normalize", x)
    t = oputil.tensor(graph, x, op, "x", hint)
    oputil.check_dtype(op, t, (F32,))
    if axis is None and t.rank != 1:
        raise ConversionError(f"{op}: axis None normalises over every axis, which L2_NORMALIZATION"
                              f" cannot do for rank {t.rank}; give axis=-1")
    _last_axis(op, t, axis)
    oputil.float_arg(op, "epsilon", epsilon)
    return graph.add_node("L2_NORMALIZATION", [t], F32, t.shape, hint,
                          {"fused_activation_function": oputil.ACTIVATION_NONE})


def top_k(input, k=1, sorted=True, index_type="int32", name=None):  # noqa: A002
    """``tf.math.top_k``: the ``k`` largest entries of the last axis, largest first, and their
    int32 indices (TOPK_V2; float32, int32, int64). Returns ``(values, indices)``."""
    op = "top_k"
    graph, hint = oputil.start(op, name, "TopKV2", input)
    t = oputil.tensor(graph, input, op, "input", hint)
    oputil.check_dtype(op, t, (F32, I32, I64), "input")
    if t.rank < 1:
        raise ConversionError(f"{op}: input must have rank >= 1, got a scalar")
    k = oputil.int_arg(op, "k", k)
    oputil.bool_arg(op, "sorted", sorted)
    if to_type(index_type, f"{op}: index_type") != I32:
        raise ConversionTypeError(f"{op}: index_type must be int32 (TOPK_V2 writes int32)")
    n = t.shape[-1]
    if k < 0 or (n is not None and k > n):
        raise ConversionError(f"{op}: k={k} must be in 0..{n} (the last dim of "
                              f"{shape_str(t.shape)})")
    k_t = oputil.int32_const(graph, k, f"{hint}/k")
    shape = t.shape[:-1] + (k,)
    values, indices = graph.add_node_n("TOPK_V2", [t, k_t], [(t.type, shape), (I32, shape)],
                                       hint, {})
    return TopKV2(values, indices)


# ---------------------------------------------------------------------------------------------
# space, depth and batch

_MOVE_TYPES = (F32, I32, I64)
_NEAREST_TYPES = (F32, I32)  # LiteRT's RESIZE_NEAREST_NEIGHBOR has no int64 kernel


def _block(op, block_size):
    b = oputil.int_arg(op, "block_size", block_size)
    if b < 2:
        raise ConversionError(f"{op}: block_size must be >= 2, got {b}")
    return b


def _mul(d, k):
    return None if d is None else d * k


def _div(op, d, k, what):
    if d is None:
        return None
    if d % k:
        raise ConversionError(f"{op}: {what} ({d}) is not divisible by {k}")
    return d // k


def _rearrange(op, builtin, hint_base, input, block_size, data_format, name, out_shape):  # noqa
    _data_format(op, data_format)
    graph, hint = oputil.start(op, name, hint_base, input)
    t = oputil.tensor(graph, input, op, "input", hint)
    oputil.check_dtype(op, t, _MOVE_TYPES, "input")
    oputil.need_rank(op, t, "input", 4)
    b = _block(op, block_size)
    return graph.add_node(builtin, [t], t.type, out_shape(b, *t.shape), hint, {"block_size": b})


def depth_to_space(input, block_size, data_format="NHWC", name=None):  # noqa: A002
    """``tf.nn.depth_to_space`` on NHWC: [n, h, w, c] -> [n, h*b, w*b, c/(b*b)]."""
    op = "depth_to_space"
    return _rearrange(op, "DEPTH_TO_SPACE", "DepthToSpace", input, block_size, data_format, name,
                      lambda b, n, h, w, c: (n, _mul(h, b), _mul(w, b),
                                             _div(op, c, b * b, "the channel count")))


def space_to_depth(input, block_size, data_format="NHWC", name=None):  # noqa: A002
    """``tf.nn.space_to_depth`` on NHWC: [n, h, w, c] -> [n, h/b, w/b, c*b*b]."""
    op = "space_to_depth"
    return _rearrange(op, "SPACE_TO_DEPTH", "SpaceToDepth", input, block_size, data_format, name,
                      lambda b, n, h, w, c: (n, _div(op, h, b, "the height"),
                                             _div(op, w, b, "the width"), _mul(c, b * b)))


def _block_shape(op, t, block_shape, pairs, what):
    block = oputil.const_ints(op, "block_shape", block_shape, ndim=1)
    m = len(block)
    if not 1 <= m <= 2 or t.rank != m + 2:
        raise ConversionError(f"{op}: block_shape must have 1 or 2 entries and input rank "
                              f"len(block_shape) + 2 (got block_shape {block} and input "
                              f"{shape_str(t.shape)})")
    if any(v < 1 for v in block):
        raise ConversionError(f"{op}: block_shape entries must be >= 1, got {block}")
    spec = oputil.const_ints(op, what, pairs, ndim=2)
    if len(spec) != m or any(len(p) != 2 for p in spec):
        raise ConversionError(f"{op}: {what} must have shape [{m}, 2], got {pairs!r}")
    if any(v < 0 for p in spec for v in p):
        raise ConversionError(f"{op}: {what} must be >= 0, got {spec}")
    return block, spec


def batch_to_space(input, block_shape, crops, name=None):  # noqa: A002
    """``tf.batch_to_space`` (BATCH_TO_SPACE_ND): batch n -> n / prod(block_shape), each
    spatial dim d -> d * block - crop_start - crop_end. Input rank 3 or 4."""
    op = "batch_to_space"
    graph, hint = oputil.start(op, name, "BatchToSpaceND", input)
    t = oputil.tensor(graph, input, op, "input", hint)
    oputil.check_dtype(op, t, _MOVE_TYPES, "input")
    block, crops_v = _block_shape(op, t, block_shape, crops, "crops")
    shape = [_div(op, t.shape[0], int(np.prod(block)), "the batch")]
    for i, (b, (c0, c1)) in enumerate(zip(block, crops_v)):
        d = t.shape[1 + i]
        if d is not None:
            d = d * b - c0 - c1
            if d < 0:
                raise ConversionError(f"{op}: crops {crops_v} are larger than dim {1 + i}")
        shape.append(d)
    shape.append(t.shape[-1])
    inputs = [t, oputil.int32_const(graph, block, f"{hint}/block_shape"),
              oputil.int32_const(graph, crops_v, f"{hint}/crops")]
    return graph.add_node("BATCH_TO_SPACE_ND", inputs, t.type, shape, hint)


def space_to_batch_nd(input, block_shape, paddings, name=None):  # noqa: A002
    """``tf.space_to_batch_nd`` (SPACE_TO_BATCH_ND): each spatial dim d -> (d + pads) / block,
    batch n -> n * prod(block_shape). Input rank 3 or 4."""
    op = "space_to_batch_nd"
    graph, hint = oputil.start(op, name, "SpaceToBatchND", input)
    t = oputil.tensor(graph, input, op, "input", hint)
    oputil.check_dtype(op, t, _MOVE_TYPES, "input")
    block, pads = _block_shape(op, t, block_shape, paddings, "paddings")
    shape = [_mul(t.shape[0], int(np.prod(block)))]
    for i, (b, (p0, p1)) in enumerate(zip(block, pads)):
        d = t.shape[1 + i]
        shape.append(None if d is None else _div(op, d + p0 + p1, b,
                                                 f"padded dim {1 + i}"))
    shape.append(t.shape[-1])
    inputs = [t, oputil.int32_const(graph, block, f"{hint}/block_shape"),
              oputil.int32_const(graph, pads, f"{hint}/paddings")]
    return graph.add_node("SPACE_TO_BATCH_ND", inputs, t.type, shape, hint)


# ---------------------------------------------------------------------------------------------
# resize

def _resize(op, builtin, hint_base, images, size, align_corners, half_pixel_centers, name,
            allowed):
    graph, hint = oputil.start(op, name, hint_base, images, size)
    t = oputil.tensor(graph, images, op, "images", hint)
    oputil.check_dtype(op, t, allowed, "images")
    oputil.need_rank(op, t, "images", 4)
    align = oputil.bool_arg(op, "align_corners", align_corners)
    half = oputil.bool_arg(op, "half_pixel_centers", half_pixel_centers)
    if align and half:
        raise ConversionError(f"{op}: align_corners and half_pixel_centers cannot both be True")
    if isinstance(size, Tensor) and not size.is_constant:
        oputil.check_dtype(op, size, (I32,), "size")
        if size.shape != (2,):
            raise ConversionError(f"{op}: size must have shape [2], got {shape_str(size.shape)}")
        size_t, hw = size, (None, None)
    else:
        hw = oputil.const_ints(op, "size", size, ndim=1, length=2)
        if min(hw) < 1:
            raise ConversionError(f"{op}: size must be positive, got {hw}")
        size_t = oputil.int32_const(graph, hw, f"{hint}/size")
    shape = (t.shape[0], hw[0], hw[1], t.shape[3])
    options = {"align_corners": align, "half_pixel_centers": half}
    return graph.add_node(builtin, [t, size_t], t.type, shape, hint, options)


def resize(images, size, method="bilinear", preserve_aspect_ratio=False, antialias=False,
           name=None):
    """``tf.image.resize`` of NHWC images to ``size`` [new_height, new_width] with method
    "bilinear" (RESIZE_BILINEAR) or "nearest" (RESIZE_NEAREST_NEIGHBOR), half-pixel centers as
    TensorFlow 2 does. Bilinear takes float32 (TensorFlow would cast ints to float; cast first)."""
    op = "resize"
    if oputil.bool_arg(op, "preserve_aspect_ratio", preserve_aspect_ratio) or \
            oputil.bool_arg(op, "antialias", antialias):
        raise ConversionError(f"{op}: preserve_aspect_ratio and antialias are not supported")
    method = getattr(method, "value", method)
    if method == "bilinear":
        return _resize(op, "RESIZE_BILINEAR", "resize", images, size, False, True, name, (F32,))
    if method == "nearest":
        return _resize(op, "RESIZE_NEAREST_NEIGHBOR", "resize", images, size, False, True, name,
                       _NEAREST_TYPES)
    raise ConversionError(f"{op}: method must be 'bilinear' or 'nearest', got {method!r}")


def resize_bilinear(images, size, align_corners=False, half_pixel_centers=False, name=None):
    """``tf.compat.v1.image.resize_bilinear`` (RESIZE_BILINEAR; float32)."""
    return _resize("resize_bilinear", "RESIZE_BILINEAR", "ResizeBilinear", images, size,
                   align_corners, half_pixel_centers, name, (F32,))


def resize_nearest_neighbor(images, size, align_corners=False, half_pixel_centers=False,
                            name=None):
    """``tf.compat.v1.image.resize_nearest_neighbor`` (RESIZE_NEAREST_NEIGHBOR)."""
    return _resize("resize_nearest_neighbor", "RESIZE_NEAREST_NEIGHBOR", "ResizeNearestNeighbor",
                   images, size, align_corners, half_pixel_centers, name, _NEAREST_TYPES)

