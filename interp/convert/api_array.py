"""Array ops (``tf.*`` names): shapes, joining and splitting, slicing, padding, gathering and
the tensor factories.

=====================================  ==========================================================
``squeeze`` / ``expand_dims``          SQUEEZE (``squeeze_dims``) / EXPAND_DIMS (axis input)
``concat`` / ``stack`` / ``unstack``   CONCATENATION / PACK / UNPACK
``split``                              SPLIT (a count) or SPLIT_V (a list of sizes, one -1)
``slice``                              SLICE (begin, size; -1 = to the end)
``strided_slice``, ``x[...]``          STRIDED_SLICE (ellipsis and new axes are resolved while
                                       tracing: new axes become EXPAND_DIMS before the slice)
``transpose``                          TRANSPOSE (perm input; default reverses the dims)
``pad``                                PAD (CONSTANT with 0), PADV2 (CONSTANT with another
                                       value), MIRROR_PAD (REFLECT / SYMMETRIC)
``gather`` / ``gather_nd``             GATHER (axis, batch_dims) / GATHER_ND
``shape``                              SHAPE (int32 or int64)
``fill`` / ``zeros_like``              FILL / ZEROS_LIKE
``tile`` / ``broadcast_to``            TILE / BROADCAST_TO
``range``                              RANGE (int32, int64 or float32)
``one_hot``                            ONE_HOT
=====================================  ==========================================================

Integer arguments that decide shapes (axes, sizes, paddings, perms, ...) must be Python values or
numpy arrays; they are written as constant int32 inputs. Dims that are dynamic (``None``) in the
input stay dynamic in the result.
"""
import builtins

import numpy as np

from interp import dtypes
from interp.convert import oputil
from interp.convert.oputil import (BOOL, F32, I32, I64, ConversionError, ConversionTypeError,
                                   Tensor, dtype_name, shape_str)
from interp.convert.tracing import to_type

__all__ = ["squeeze", "expand_dims", "concat", "stack", "unstack", "split", "slice",
           "strided_slice", "getitem", "transpose", "pad", "gather", "gather_nd", "shape", "fill",
           "zeros_like", "tile", "broadcast_to", "range", "one_hot"]

ANY = (F32, I32, I64, BOOL, dtypes.INT8, dtypes.UINT8, dtypes.INT16, dtypes.STRING)
NUMBERS = (F32, I32, I64, BOOL, dtypes.INT8, dtypes.UINT8, dtypes.INT16)
# LiteRT's PACK, UNPACK, SPLIT and SPLIT_V have no bool kernels, UNPACK none for int64
NO_BOOL = (F32, I32, I64, dtypes.INT8, dtypes.UINT8, dtypes.INT16)


def _input(graph, value, op, what, hint, allowed=ANY):
    t = oputil.to_tensor(graph, value, op, what, hint=f"{hint}/{what}")
    oputil.check_dtype(op, t, allowed, what)
    return t


def _same(a, b):
    """Two dims that may be equal (None matches anything)."""
    return a is None or b is None or a == b


def _merge(a, b):
    return a if b is None else b


# ---------------------------------------------------------------------------------------------
# rank changes

def squeeze(input, axis=None, name=None):  # noqa: A002
    """``tf.squeeze``: drop size-1 dims (SQUEEZE). ``axis`` None drops every size-1 dim (the input
    must then have no dynamic dim); listed axes must have size 1 (or be dynamic)."""
    op = "squeeze"
    graph, hint = oputil.start(op, name, "Squeeze", input)
    t = _input(graph, input, op, "input", hint)
    if axis is None:
        if None in t.shape:
            raise ConversionError(f"{op}: input {shape_str(t.shape)} has dynamic dims; give the "
                                  "axes to squeeze")
        axes = [i for i, d in enumerate(t.shape) if d == 1]
        written = []
    else:
        written = oputil.const_ints(op, "axis", axis, ndim=1)
        axes = []
        for a in written:
            n = oputil.axis_arg(op, a, t.rank)
            if t.shape[n] not in (1, None):
                raise ConversionError(f"{op}: cannot squeeze dim {a} of {shape_str(t.shape)}: "
                                      f"its size is {t.shape[n]}, not 1")
            axes.append(n)
    out = tuple(d for i, d in enumerate(t.shape) if i not in axes)
    return graph.add_node("SQUEEZE", [t], t.type, out, hint, {"squeeze_dims": written})


def expand_dims(input, axis, name=None):  # noqa: A002
    """``tf.expand_dims``: a size-1 dim inserted at ``axis`` (-rank-1 <= axis <= rank)
    (EXPAND_DIMS, the axis a constant int32 scalar input)."""
    op = "expand_dims"
    graph, hint = oputil.start(op, name, "ExpandDims", input)
    t = _input(graph, input, op, "input", hint)
    a = oputil.axis_arg(op, axis, t.rank + 1)
    axis_t = oputil.int32_const(graph, a, f"{hint}/dim")
    out = t.shape[:a] + (1,) + t.shape[a:]
    return graph.add_node("EXPAND_DIMS", [t, axis_t], t.type, out, hint, {})


# ---------------------------------------------------------------------------------------------
# joining and splitting

def _values(op, values, name, allowed):
    """(graph, op name, [tensor]) of the list argument of concat / stack (one dtype)."""
    if isinstance(values, Tensor) or not isinstance(values, (list, tuple)):
        raise ConversionTypeError(f"{op}: values must be a list of tensors, got "
                                  f"{type(values).__name__}")
    if not values:
        raise ConversionError(f"{op}: values is empty")
    graph, hint = oputil.start(op, name, op, *values)
    whats = [f"values[{i}]" for i in builtins.range(len(values))]
    ts = oputil.operands(graph, op, list(values), whats, hint)
    oputil.check_dtype(op, ts[0], allowed, "values")
    return graph, hint, ts


def concat(values, axis, name=None):
    """``tf.concat``: join ``values`` along ``axis`` (CONCATENATION); the other dims must match.
    A single value is returned as it is (as TensorFlow does)."""
    op = "concat"
    graph, hint, ts = _values(op, values, name, NUMBERS)
    rank = ts[0].rank
    if rank < 1:
        raise ConversionError(f"{op}: cannot concatenate scalars (use stack)")
    a = oputil.axis_arg(op, axis, rank)
    out = list(ts[0].shape)
    for i, t in enumerate(ts[1:], 1):
        if t.rank != rank:
            raise ConversionError(f"{op}: values[0] has shape {shape_str(ts[0].shape)} but "
                                  f"values[{i}] has {shape_str(t.shape)} (different ranks)")
        for j, d in enumerate(t.shape):
            if j == a:
                out[j] = None if out[j] is None or d is None else out[j] + d
            elif not _same(out[j], d):
                raise ConversionError(f"{op}: values[{i}] has shape {shape_str(t.shape)}, which "
                                      f"does not match {shape_str(ts[0].shape)} outside axis {a}")
            else:
                out[j] = _merge(out[j], d)
    if len(ts) == 1:
        return ts[0]
    # the axis is written as given (-1 stays -1), as TensorFlow's converter writes it
    options = {"axis": oputil.int_arg(op, "axis", axis),
               "fused_activation_function": oputil.ACTIVATION_NONE}
    return graph.add_node("CONCATENATION", ts, ts[0].type, out, hint, options)


def stack(values, axis=0, name=None):
    """``tf.stack``: join equal-shaped ``values`` along a new ``axis`` (PACK)."""
    op = "stack"
    graph, hint, ts = _values(op, values, name, NO_BOOL)
    shape = list(ts[0].shape)
    for i, t in enumerate(ts[1:], 1):
        if t.rank != len(shape) or not all(_same(x, y) for x, y in zip(shape, t.shape)):
            raise ConversionError(f"{op}: values[{i}] has shape {shape_str(t.shape)}, values[0] "
                                  f"{shape_str(ts[0].shape)}; all must have one shape")
        shape = [_merge(x, y) for x, y in zip(shape, t.shape)]
    a = oputil.axis_arg(op, axis, len(shape) + 1)
    out = shape[:a] + [len(ts)] + shape[a:]
    return graph.add_node("PACK", ts, ts[0].type, out, hint,
                          {"values_count": len(ts), "axis": oputil.int_arg(op, "axis", axis)})


def _along_axis(op, value, axis, name, allowed):
    """(graph, op name, tensor, normalised axis) of unstack / split."""
    graph, hint = oputil.start(op, name, op, value)
    t = _input(graph, value, op, "value", hint, allowed)
    if t.rank < 1:
        raise ConversionError(f"{op}: value must have rank >= 1, got a scalar")
    return graph, hint, t, oputil.axis_arg(op, axis, t.rank)


def unstack(value, num=None, axis=0, name=None):
    """``tf.unstack``: the slices of ``value`` along ``axis`` as a list (UNPACK); the dim must be
    static, or ``num`` given."""
    op = "unstack"
    graph, hint, t, a = _along_axis(op, value, axis, name,
                                    (F32, I32, dtypes.INT8, dtypes.UINT8, dtypes.INT16))
    n = t.shape[a]
    if num is not None:
        num = oputil.int_arg(op, "num", num)
        if n is not None and num != n:
            raise ConversionError(f"{op}: num={num} but dim {a} of {shape_str(t.shape)} is {n}")
        n = num
    if n is None:
        raise ConversionError(f"{op}: dim {a} of {shape_str(t.shape)} is dynamic; give num")
    out = t.shape[:a] + t.shape[a + 1:]
    return graph.add_node_n("UNPACK", [t], [(t.type, out)] * n, hint, {"num": n, "axis": a})


def split(value, num_or_size_splits, axis=0, num=None, name=None):
    """``tf.split``: an int ``n`` cuts ``axis`` into n equal parts (SPLIT); a list of sizes (one
    may be -1) cuts it into those sizes (SPLIT_V). Returns a list."""
    op = "split"
    graph, hint, t, a = _along_axis(op, value, axis, name, NO_BOOL)
    d = t.shape[a]
    axis_t = oputil.int32_const(graph, a, f"{hint}/split_dim")
    if isinstance(num_or_size_splits, (int, np.integer)) and not isinstance(num_or_size_splits,
                                                                            bool):
        n = int(num_or_size_splits)
        if n < 1:
            raise ConversionError(f"{op}: the number of splits must be >= 1, got {n}")
        if d is not None and d % n:
            raise ConversionError(f"{op}: dim {a} of {shape_str(t.shape)} ({d}) is not "
                                  f"divisible by {n}")
        part = t.shape[:a] + (None if d is None else d // n,) + t.shape[a + 1:]
        return graph.add_node_n("SPLIT", [axis_t, t], [(t.type, part)] * n, hint,
                                {"num_splits": n})
    sizes = oputil.const_ints(op, "num_or_size_splits", num_or_size_splits, ndim=1)
    if not sizes:
        raise ConversionError(f"{op}: num_or_size_splits is empty")
    if num is not None and oputil.int_arg(op, "num", num) != len(sizes):
        raise ConversionError(f"{op}: num={num} but {len(sizes)} sizes are given")
    if sizes.count(-1) > 1 or any(s < -1 for s in sizes):
        raise ConversionError(f"{op}: sizes {sizes} may hold one -1 and otherwise sizes >= 0")
    known = sum(s for s in sizes if s != -1)
    dims = list(sizes)
    if d is not None:
        if -1 in sizes:
            if known > d:
                raise ConversionError(f"{op}: sizes {sizes} add up to more than dim {a} ({d})")
            dims[sizes.index(-1)] = d - known
        elif known != d:
            raise ConversionError(f"{op}: sizes {sizes} add up to {known}, not to dim {a} of "
                                  f"{shape_str(t.shape)} ({d})")
    else:
        dims = [None if s == -1 else s for s in sizes]
    sizes_t = oputil.int32_const(graph, sizes, f"{hint}/size_splits")
    outs = [(t.type, t.shape[:a] + (s,) + t.shape[a + 1:]) for s in dims]
    return graph.add_node_n("SPLIT_V", [t, sizes_t, axis_t], outs, hint,
                            {"num_splits": len(sizes)})


# ---------------------------------------------------------------------------------------------
# slicing

def slice_(input_, begin, size, name=None):
    """``tf.slice``: ``size[i]`` elements from ``begin[i]`` in each dim (-1 = to the end)
    (SLICE)."""
    op = "slice"
    graph, hint = oputil.start(op, name, "Slice", input_)
    t = _input(graph, input_, op, "input_", hint)
    b = oputil.const_ints(op, "begin", begin, ndim=1, length=t.rank)
    s = oputil.const_ints(op, "size", size, ndim=1, length=t.rank)
    out = []
    for i, (d, bi, si) in enumerate(zip(t.shape, b, s)):
        if bi < 0 or si < -1:
            raise ConversionError(f"{op}: begin must be >= 0 and size >= -1, got begin {b}, "
                                  f"size {s}")
        if d is not None and (bi > d or (si != -1 and bi + si > d)):
            raise ConversionError(f"{op}: begin {b} / size {s} go past the end of "
                                  f"{shape_str(t.shape)} in dim {i}")
        out.append((None if d is None else d - bi) if si == -1 else si)
    inputs = [t, oputil.int32_const(graph, b, f"{hint}/begin"),
              oputil.int32_const(graph, s, f"{hint}/size")]
    return graph.add_node("SLICE", inputs, t.type, out, hint)


def _slice_dim(d, b, e, s, bmask, emask):
    """The length of one strided-slice dim (TensorFlow's clamping), None when ``d`` is."""
    if d is None:
        return None
    if s > 0:
        lo, hi, first, last = 0, d, 0, d
    else:
        lo, hi, first, last = -1, d - 1, d - 1, -1

    def canon(v, masked, default):
        if masked:
            return default
        v = v + d if v < 0 else v
        return min(max(v, lo), hi)

    b, e = canon(b, bmask, first), canon(e, emask, last)
    n = -(-(e - b) // s)
    return max(n, 0)


def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0, name=None):
    """``tf.strided_slice`` with TensorFlow's masks (STRIDED_SLICE).

    ``begin``/``end``/``strides`` are constant int lists of one length. The ellipsis and new axes
    are resolved while tracing: new axes are inserted by EXPAND_DIMS before the slice and the
    written op has one entry per dim (``ellipsis_mask`` and ``new_axis_mask`` 0).
    """
    op = "strided_slice"
    graph, hint = oputil.start(op, name, "strided_slice", input_)
    t = _input(graph, input_, op, "input_", hint)
    b = oputil.const_ints(op, "begin", begin, ndim=1)
    e = oputil.const_ints(op, "end", end, ndim=1, length=len(b))
    s = [1] * len(b) if strides is None else oputil.const_ints(op, "strides", strides, ndim=1,
                                                               length=len(b))
    masks = [oputil.int_arg(op, m, v) for m, v in (
        ("begin_mask", begin_mask), ("end_mask", end_mask), ("ellipsis_mask", ellipsis_mask),
        ("new_axis_mask", new_axis_mask), ("shrink_axis_mask", shrink_axis_mask))]
    bm, em, elm, nm, sm = masks
    if elm & (elm - 1):
        raise ConversionError(f"{op}: only one ellipsis is allowed (ellipsis_mask {elm})")
    # the sparse spec -> one entry per dim of the input with the new axes inserted
    n_real = sum(1 for i in builtins.range(len(b)) if not (elm >> i) & 1 and not (nm >> i) & 1)
    if n_real > t.rank:
        raise ConversionError(f"{op}: {n_real} indices for the rank-{t.rank} input "
                              f"{shape_str(t.shape)}")
    entries, new_axes = [], []  # entry: (begin, end, stride, begin masked, end masked, shrink)
    full = (0, 0, 1, True, True, False)
    for i in builtins.range(len(b)):
        if (elm >> i) & 1:
            entries.extend([full] * (t.rank - n_real))
        elif (nm >> i) & 1:
            new_axes.append(len(entries))
            entries.append(full)
        else:
            entries.append((b[i], e[i], s[i], bool((bm >> i) & 1), bool((em >> i) & 1),
                            bool((sm >> i) & 1)))
    if not elm:
        entries.extend([full] * (t.rank - n_real))
    for pos in new_axes:
        t = expand_dims(t, pos, name=f"{hint}/new_axis")
    out, dense_b, dense_e, dense_s = [], [], [], []
    dense_bm = dense_em = dense_sm = 0
    for i, ((bi, ei, si, bmi, emi, shrink), d) in enumerate(zip(entries, t.shape)):
        if si == 0:
            raise ConversionError(f"{op}: strides must be non-zero, got {s}")
        if shrink:
            if d is not None and not -d <= bi < d:
                raise ConversionError(f"{op}: index {bi} is out of range for dim {i} of "
                                      f"{shape_str(t.shape)}")
            dense_sm |= 1 << i
        else:
            out.append(_slice_dim(d, bi, ei, si, bmi, emi))
        dense_b.append(bi)
        dense_e.append(ei)
        dense_s.append(si)
        dense_bm |= int(bmi) << i
        dense_em |= int(emi) << i
    inputs = [t, oputil.int32_const(graph, dense_b, f"{hint}/begin"),
              oputil.int32_const(graph, dense_e, f"{hint}/end"),
              oputil.int32_const(graph, dense_s, f"{hint}/strides")]
    options = {"begin_mask": dense_bm, "end_mask": dense_em, "ellipsis_mask": 0,
               "new_axis_mask": 0, "shrink_axis_mask": dense_sm, "offset": False}
    return graph.add_node("STRIDED_SLICE", inputs, t.type, out, hint, options)


def getitem(tensor, item, name=None):
    """``tensor[item]`` as ``Tensor.__getitem__`` does: Python ints, slices of ints, ``...``
    and ``None`` (a new axis), through :func:`strided_slice`."""
    op = "getitem"
    items = item if isinstance(item, tuple) else (item,)
    begin, end, strides = [], [], []
    masks = {"begin_mask": 0, "end_mask": 0, "ellipsis_mask": 0, "new_axis_mask": 0,
             "shrink_axis_mask": 0}

    def bound(v, what):
        if isinstance(v, Tensor):
            raise ConversionError(f"{op}: slice {what}s must be Python ints, not the traced "
                                  f"tensor {v!r}")
        return oputil.int_arg(op, f"the slice {what}", v)

    for i, it in enumerate(items):
        bit = 1 << i
        if it is Ellipsis:
            if masks["ellipsis_mask"]:
                raise ConversionError(f"{op}: only one ellipsis (...) is allowed")
            masks["ellipsis_mask"] |= bit
            begin.append(0), end.append(0), strides.append(1)
        elif it is None:
            masks["new_axis_mask"] |= bit
            begin.append(0), end.append(0), strides.append(1)
        elif isinstance(it, builtins.slice):
            step = 1 if it.step is None else bound(it.step, "step")
            if step == 0:
                raise ConversionError(f"{op}: slice step cannot be zero")
            if it.start is None:
                masks["begin_mask"] |= bit
            if it.stop is None:
                masks["end_mask"] |= bit
            begin.append(0 if it.start is None else bound(it.start, "start"))
            end.append(0 if it.stop is None else bound(it.stop, "stop"))
            strides.append(step)
        elif isinstance(it, Tensor):
            raise ConversionError(f"{op}: indices must be Python ints, not the traced tensor "
                                  f"{it!r} (use interp.ops.gather or strided_slice)")
        elif isinstance(it, (int, np.integer)) and not isinstance(it, bool):
            masks["shrink_axis_mask"] |= bit
            begin.append(int(it)), end.append(int(it) + 1), strides.append(1)
        else:
            raise ConversionTypeError(
                f"{op}: only Python ints, slices (start:stop:step), ... and None can index a "
                f"traced tensor, got {it!r} (use interp.ops.gather for index lists)")
    return strided_slice(tensor, begin, end, strides, name=name, **masks)


def transpose(a, perm=None, conjugate=False, name=None):
    """``tf.transpose``: dims permuted by ``perm`` (default: reversed) (TRANSPOSE)."""
    op = "transpose"
    graph, hint = oputil.start(op, name, "transpose", a)
    t = _input(graph, a, op, "a", hint, NUMBERS)
    oputil.bool_arg(op, "conjugate", conjugate)
    p = list(builtins.range(t.rank))[::-1] if perm is None else \
        oputil.const_ints(op, "perm", perm, ndim=1)
    if sorted(p) != list(builtins.range(t.rank)):
        raise ConversionError(f"{op}: perm {p} is not a permutation of the {t.rank} dims of "
                              f"{shape_str(t.shape)}")
    out = tuple(t.shape[i] for i in p)
    return graph.add_node("TRANSPOSE", [t, oputil.int32_const(graph, p, f"{hint}/perm")],
                          t.type, out, hint)


# ---------------------------------------------------------------------------------------------
# padding

def pad(tensor, paddings, mode="CONSTANT", constant_values=0, name=None):
    """``tf.pad``: ``paddings`` [rank, 2] (before, after) per dim. CONSTANT with 0 is PAD, with
    another ``constant_values`` PADV2; REFLECT / SYMMETRIC are MIRROR_PAD (mode 0 / 1)."""
    op = "pad"
    graph, hint = oputil.start(op, name, "Pad", tensor)
    t = _input(graph, tensor, op, "tensor", hint, NUMBERS)
    p = oputil.const_ints(op, "paddings", paddings, ndim=2)
    if len(p) != t.rank or any(len(row) != 2 for row in p):
        raise ConversionError(f"{op}: paddings must have shape [{t.rank}, 2] for input "
                              f"{shape_str(t.shape)}, got {p}")
    if any(v < 0 for row in p for v in row):
        raise ConversionError(f"{op}: paddings must be >= 0, got {p}")
    mode_u = mode.upper() if isinstance(mode, str) else mode
    if mode_u not in ("CONSTANT", "REFLECT", "SYMMETRIC"):
        raise ConversionError(f"{op}: mode must be 'CONSTANT', 'REFLECT' or 'SYMMETRIC', got "
                              f"{mode!r}")
    if mode_u != "CONSTANT":
        extra = 1 if mode_u == "REFLECT" else 0
        for i, (d, (lo, hi)) in enumerate(zip(t.shape, p)):
            if d is not None and max(lo, hi) > d - extra:
                raise ConversionError(f"{op}: {mode_u} paddings {p[i]} in dim {i} must be at most"
                                      f" {d - extra} for size {d}")
    out = tuple(None if d is None else d + lo + hi for d, (lo, hi) in zip(t.shape, p))
    pads = oputil.int32_const(graph, p, f"{hint}/paddings")
    if mode_u != "CONSTANT":
        return graph.add_node("MIRROR_PAD", [t, pads], t.type, out, hint,
                              {"mode": 0 if mode_u == "REFLECT" else 1})
    value = oputil.tensor(graph, constant_values, op, "constant_values", hint, like=t.type)
    if value.type != t.type:
        raise ConversionTypeError(f"{op}: constant_values has dtype {value.dtype}, the tensor "
                                  f"{t.dtype}")
    if value.rank != 0:
        raise ConversionError(f"{op}: constant_values must be a scalar, got shape "
                              f"{shape_str(value.shape)}")
    if value.is_constant and not np.any(value.data):
        return graph.add_node("PAD", [t, pads], t.type, out, hint, {})
    return graph.add_node("PADV2", [t, pads, value], t.type, out, hint, {})


# ---------------------------------------------------------------------------------------------
# gathering

def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None):
    """``tf.gather``: slices of ``params`` along ``axis`` at ``indices`` (int32/int64) (GATHER,
    with ``axis`` and ``batch_dims`` in its options)."""
    op = "gather"
    graph, hint = oputil.start(op, name, "GatherV2", params, indices)
    p = _input(graph, params, op, "params", hint)
    i = oputil.to_tensor(graph, indices, op, "indices", like=I32, hint=f"{hint}/indices")
    oputil.check_dtype(op, i, (I32, I64), "indices")
    if p.type == dtypes.STRING and p.rank != 1:
        raise ConversionError(f"{op}: string params must be 1-D (LiteRT's GATHER), got shape "
                              f"{shape_str(p.shape)}")
    bd = oputil.int_arg(op, "batch_dims", batch_dims)
    if bd < 0:
        bd += i.rank
    if not 0 <= bd <= i.rank:
        raise ConversionError(f"{op}: batch_dims {batch_dims} is out of range for indices of rank "
                              f"{i.rank}")
    a = oputil.axis_arg(op, bd if axis is None else axis, p.rank)
    if a < bd:
        raise ConversionError(f"{op}: axis {a} must be >= batch_dims {bd}")
    for k in builtins.range(bd):
        if not _same(p.shape[k], i.shape[k]):
            raise ConversionError(f"{op}: params {shape_str(p.shape)} and indices "
                                  f"{shape_str(i.shape)} differ in batch dim {k}")
    out = p.shape[:a] + i.shape[bd:] + p.shape[a + 1:]
    return graph.add_node("GATHER", [p, i], p.type, out, hint, {"axis": a, "batch_dims": bd})


def gather_nd(params, indices, batch_dims=0, name=None):
    """``tf.gather_nd``: ``indices`` [..., k] pick elements (k = rank) or slices of ``params``
    (GATHER_ND; batch_dims 0 only)."""
    op = "gather_nd"
    graph, hint = oputil.start(op, name, "GatherNd", params, indices)
    p = _input(graph, params, op, "params", hint)
    i = oputil.to_tensor(graph, indices, op, "indices", like=I32, hint=f"{hint}/indices")
    oputil.check_dtype(op, i, (I32, I64), "indices")
    if oputil.int_arg(op, "batch_dims", batch_dims) != 0:
        raise ConversionError(f"{op}: only batch_dims=0 is supported (GATHER_ND has no batch dims)")
    if i.rank < 1 or i.shape[-1] is None:
        raise ConversionError(f"{op}: indices must have rank >= 1 and a static last dim, got "
                              f"{shape_str(i.shape)}")
    k = i.shape[-1]
    if k > p.rank:
        raise ConversionError(f"{op}: indices {shape_str(i.shape)} index {k} dims of the rank-"
                              f"{p.rank} params")
    return graph.add_node("GATHER_ND", [p, i], p.type, i.shape[:-1] + p.shape[k:], hint)


# ---------------------------------------------------------------------------------------------
# factories

def shape(input, out_type="int32", name=None):  # noqa: A002
    """``tf.shape``: the dims of ``input`` at run time as a 1-D int32/int64 tensor (SHAPE)."""
    op = "shape"
    graph, hint = oputil.start(op, name, "Shape", input)
    t = _input(graph, input, op, "input", hint)
    out = to_type(out_type, f"{op}: out_type")
    if out not in (I32, I64):
        raise ConversionTypeError(f"{op}: out_type must be int32 or int64, got {dtype_name(out)}")
    return graph.add_node("SHAPE", [t], out, (t.rank,), hint, {"out_type": out})


def _dims_arg(graph, op, dims, hint, what):
    """(tensor, static shape) of a shape argument: a constant list, or a traced 1-D int32."""
    if isinstance(dims, Tensor) and not dims.is_constant:
        oputil.check_dtype(op, dims, (I32, I64), what)
        if dims.rank != 1 or dims.shape[0] is None:
            raise ConversionError(f"{op}: {what} must be 1-D with a static length, got "
                                  f"{shape_str(dims.shape)}")
        return dims, (None,) * dims.shape[0]
    values = oputil.const_ints(op, what, dims, ndim=1)
    if any(v < 0 for v in values):
        raise ConversionError(f"{op}: {what} {values} has a negative size")
    return oputil.int32_const(graph, values, f"{hint}/{what}"), tuple(values)


def fill(dims, value, name=None):
    """``tf.fill``: a tensor of shape ``dims`` holding the scalar ``value`` (FILL). ``dims`` a
    list of ints or a traced int32 1-D tensor; a Python float gives float32, an int int32."""
    op = "fill"
    graph, hint = oputil.start(op, name, "Fill", dims, value)
    dims_t, out = _dims_arg(graph, op, dims, hint, "dims")
    v = oputil.to_tensor(graph, value, op, "value", hint=f"{hint}/value")
    oputil.check_dtype(op, v, NUMBERS + (dtypes.STRING,), "value")
    if v.rank != 0:
        raise ConversionError(f"{op}: value must be a scalar, got shape {shape_str(v.shape)}")
    return graph.add_node("FILL", [dims_t, v], v.type, out, hint)


def zeros_like(input, dtype=None, name=None):  # noqa: A002
    """``tf.zeros_like`` (ZEROS_LIKE): zeros of ``input``'s shape and dtype."""
    op = "zeros_like"
    graph, hint = oputil.start(op, name, "zeros_like", input)
    t = _input(graph, input, op, "input", hint, (F32, I32, I64))
    if dtype is not None and to_type(dtype, f"{op}: dtype") != t.type:
        raise ConversionTypeError(f"{op}: dtype must be the input's ({t.dtype}); cast the "
                                  "result instead")
    return graph.add_node("ZEROS_LIKE", [t], t.type, t.shape, hint, {})


def tile(input, multiples, name=None):  # noqa: A002
    """``tf.tile``: ``input`` repeated ``multiples[i]`` times along dim i (TILE)."""
    op = "tile"
    graph, hint = oputil.start(op, name, "Tile", input, multiples)
    t = _input(graph, input, op, "input", hint, NUMBERS + (dtypes.STRING,))
    m_t, m = _dims_arg(graph, op, multiples, hint, "multiples")
    if len(m) != t.rank:
        raise ConversionError(f"{op}: multiples must have {t.rank} entries for input "
                              f"{shape_str(t.shape)}, got {len(m)}")
    out = tuple(None if d is None or k is None else d * k for d, k in zip(t.shape, m))
    return graph.add_node("TILE", [t, m_t], t.type, out, hint)


def broadcast_to(input, shape, name=None):  # noqa: A002
    """``tf.broadcast_to``: ``input`` broadcast to ``shape`` (BROADCAST_TO)."""
    op = "broadcast_to"
    graph, hint = oputil.start(op, name, "BroadcastTo", input, shape)
    t = _input(graph, input, op, "input", hint, NUMBERS)
    s_t, target = _dims_arg(graph, op, shape, hint, "shape")
    if t.rank > len(target):
        raise ConversionError(f"{op}: cannot broadcast {shape_str(t.shape)} to the lower rank "
                              f"{shape_str(target)}")
    padded = (1,) * (len(target) - t.rank) + t.shape
    for i, (d, want) in enumerate(zip(padded, target)):
        if d not in (1, None) and want is not None and d != want:
            raise ConversionError(f"{op}: cannot broadcast {shape_str(t.shape)} to "
                                  f"{shape_str(target)} (dim {i}: {d} vs {want})")
    return graph.add_node("BROADCAST_TO", [t, s_t], t.type, target, hint)


def range_(start, limit=None, delta=1, dtype=None, name=None):
    """``tf.range``: start, start + delta, ... below ``limit`` (RANGE; int32, int64, float32).
    ``range(n)`` counts from 0. Constants give a static length; traced scalars a dynamic one."""
    op = "range"
    if limit is None:
        start, limit = 0, start
    graph, hint = oputil.start(op, name, "range", start, limit, delta)
    code = None if dtype is None else to_type(dtype, f"{op}: dtype")
    values = (start, limit, delta)
    if code is None:
        strict = [v.type for v in values if isinstance(v, Tensor)] + \
            [dtypes.from_numpy(np.asarray(v).dtype) for v in values
             if isinstance(v, (np.ndarray, np.generic))]
        if strict:
            code = strict[0]
        elif any(isinstance(v, float) for v in values):
            code = F32
        else:
            code = I32
    if code not in (F32, I32, I64):
        raise ConversionTypeError(f"{op}: dtype must be int32, int64 or float32, got "
                                  f"{dtype_name(code)}")
    whats = ("start", "limit", "delta")
    ts = [oputil.to_tensor(graph, v, op, w, like=code, hint=f"{hint}/{w}")
          for v, w in zip(values, whats)]
    for t, w in zip(ts, whats):
        if t.type != code:
            raise ConversionTypeError(f"{op}: {w} has dtype {t.dtype}, expected "
                                      f"{dtype_name(code)}")
        if t.rank != 0:
            raise ConversionError(f"{op}: {w} must be a scalar, got shape {shape_str(t.shape)}")
    n = None
    if all(t.is_constant for t in ts):
        s, lim, d = (t.data.item() for t in ts)
        if d == 0:
            raise ConversionError(f"{op}: delta must not be 0")
        if (d > 0 and s > lim) or (d < 0 and s < lim):
            raise ConversionError(f"{op}: start {s}, limit {lim} and delta {d} give no sequence "
                                  "(TensorFlow requires start <= limit for delta > 0)")
        n = int(np.ceil(abs(lim - s) / abs(d))) if code == F32 else -(-abs(lim - s) // abs(d))
    return graph.add_node("RANGE", ts, code, (n,), hint)


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """``tf.one_hot`` (ONE_HOT): ``depth`` a Python int, ``on_value``/``off_value`` scalars
    (default 1 and 0 of ``dtype``, float32 unless given); the new dim at ``axis`` (-1 = last)."""
    op = "one_hot"
    graph, hint = oputil.start(op, name, "one_hot", indices)
    i = oputil.to_tensor(graph, indices, op, "indices", like=I32, hint=f"{hint}/indices")
    oputil.check_dtype(op, i, (I32, I64), "indices")
    d = oputil.int_arg(op, "depth", depth)
    if d < 0:
        raise ConversionError(f"{op}: depth must be >= 0, got {d}")
    code = None if dtype is None else to_type(dtype, f"{op}: dtype")
    for v in (on_value, off_value):
        if code is None and v is not None and not oputil.is_weak(v):
            code = v.type if isinstance(v, Tensor) else dtypes.from_numpy(np.asarray(v).dtype)
    code = F32 if code is None else code
    if code not in (F32, I32, I64, BOOL):
        raise ConversionTypeError(f"{op}: dtype must be float32, int32, int64 or bool, got "
                                  f"{dtype_name(code)}")
    on = oputil.to_tensor(graph, 1 if on_value is None else on_value, op, "on_value", like=code,
                          hint=f"{hint}/on_value")
    off = oputil.to_tensor(graph, 0 if off_value is None else off_value, op, "off_value",
                           like=code, hint=f"{hint}/off_value")
    for t, w in ((on, "on_value"), (off, "off_value")):
        if t.type != code:
            raise ConversionTypeError(f"{op}: {w} has dtype {t.dtype}, expected "
                                      f"{dtype_name(code)}")
        if t.rank != 0:
            raise ConversionError(f"{op}: {w} must be a scalar, got shape {shape_str(t.shape)}")
    a = -1 if axis is None else oputil.int_arg(op, "axis", axis)
    if not -1 <= a <= i.rank:
        raise ConversionError(f"{op}: axis must be -1 or in 0..{i.rank}, got {a}")
    pos = i.rank if a == -1 else a
    out = i.shape[:pos] + (d,) + i.shape[pos:]
    depth_t = oputil.int32_const(graph, d, f"{hint}/depth")
    return graph.add_node("ONE_HOT", [i, depth_t, on, off], code, out, hint, {"axis": a})


# the public names that shadow Python builtins are bound last (the code above uses builtins.*)
slice = slice_  # noqa: A001
range = range_  # noqa: A001
slice.__name__ = slice.__qualname__ = "slice"
range.__name__ = range.__qualname__ = "range"
