"""Shared pieces of the data-movement ops (TRANSPOSE, SLICE, CONCATENATION, PAD, GATHER, ...).

Data movement does not look at values, so one C kernel per element size serves every dtype of that
size (kernels.h: ``interp_x8_copy`` .. ``interp_x64_copy``). An op describes its work in prepare
as a *plan*: a list of :class:`Copy` (a strided copy between two tensors, kernels.h "strided copy")
and :class:`Fill` steps; :func:`bind_plan` turns the plan into one zero-argument callable. STRING
tensors (numpy object arrays) run the same plan through numpy strided views.
"""
import functools

import numpy as np
from numpy.lib.stride_tricks import as_strided

from interp import dtypes
from interp.ops._kernels import QUANTIZED, ffi, lib

MAX_DIMS = lib.INTERP_COPY_MAX_DIMS
INDEX_TYPES = (dtypes.INT32, dtypes.INT64)
GATHER_INDEX_TYPES = (dtypes.INT16, dtypes.INT32, dtypes.INT64)  # GATHER, GATHER_ND (LiteRT)
_INDEX_C = {dtypes.INT16: ("_i16", "int16_t[]"), dtypes.INT32: ("_i32", "int32_t[]"),
            dtypes.INT64: ("_i64", "int64_t[]")}
_BITS = {1: 8, 2: 16, 4: 32, 8: 64}


# ---- types -------------------------------------------------------------------------------------

def check_movable(node, t, role="input", strings=True):
    """Raise unless ``t``'s type is one data movement handles: any fixed size of 1, 2, 4 or 8
    bytes, and STRING when ``strings``."""
    if t.type == dtypes.STRING and strings:
        return
    if dtypes.itemsize(t.type) not in _BITS:
        extra = " and STRING" if strings else ""
        raise node.error(f"{role} {t.describe()} has type {dtypes.name(t.type)}, which "
                         f"{node.op_name} does not support; supported: every type of 1, 2, 4 or 8 "
                         f"bytes{extra}")


def check_same(node, first, others, first_role="input 0"):
    """Raise unless every (role, tensor) in ``others`` has ``first``'s type and, for quantized
    types, its scale and zero point (interp does not requantize in data movement yet)."""
    for role, t in others:
        if t.type != first.type:
            raise node.error(f"{role} {t.describe()} has type {dtypes.name(t.type)} but "
                             f"{first_role} is {dtypes.name(first.type)}; {node.op_name} needs "
                             f"the same type")
        if t.type in QUANTIZED and _affine(t) != _affine(first):
            raise node.error(f"{role} {t.describe()} is quantized with (scale, zero point) "
                             f"{_affine(t)} but {first_role} has {_affine(first)}: requantizing "
                             f"{node.op_name} is not supported (LiteRT refuses it too)")


def movable_io(node, n_inputs=1, strings=True):
    """Check a one-output data-movement op: ``n_inputs`` inputs, input 0 movable, output 0 of
    its type. Returns (input 0, output 0)."""
    node.expect_io(n_inputs, 1)
    x, y = node.inputs[0], node.outputs[0]
    check_movable(node, x, strings=strings)
    check_same(node, x, [("output 0", y)])
    return x, y


def check_indices(node, t, role="indices", types=INDEX_TYPES):
    if t.type not in types:
        names = ", ".join(dtypes.name(c) for c in types)
        raise node.error(f"{role} {t.describe()} must be one of {names}")


def _affine(t):
    q = t.quantization
    return (tuple(q.scale), tuple(q.zero_point)) if q is not None else ((), ())


class Value:
    """A one-element source standing in for a tensor in a plan step (``type`` and ``data``)."""
    __slots__ = ("type", "data")

    def __init__(self, type_code, data):
        self.type, self.data = type_code, data


def zero_value(t):
    """The :class:`Value` standing for 0 in ``t`` (its zero point when quantized)."""
    v = np.zeros(1, t.dtype)
    if t.type in QUANTIZED and t.quantization is not None and t.quantization.zero_point:
        v[0] = t.quantization.zero_point[0]
    return Value(t.type, v)


# ---- shape-deciding inputs -----------------------------------------------------------------------

def int_values(node, i, what, types=INDEX_TYPES):
    """Input ``i`` (decides the output shape) as a tuple of Python ints, flattened."""
    t = node.inputs[i] if i < len(node.inputs) else None
    if t is None:
        raise node.error(f"{what} (input {i}) is required but omitted (-1)")
    if t.type not in types:
        names = " or ".join(dtypes.name(c) for c in types)
        raise node.error(f"{what} (input {i}) {t.describe()} must be {names}")
    return tuple(int(v) for v in np.asarray(node.value(i)).reshape(-1))


def norm_axis(node, axis, rank, what="axis"):
    """``axis`` in [-rank, rank) as a non-negative axis, else an error naming the range."""
    if not -rank <= axis < rank:
        raise node.error(f"{what} {axis} is out of range for rank {rank} (expected {-rank} to "
                         f"{rank - 1})")
    return axis + rank if axis < 0 else axis


def strides(shape):
    """Row-major strides in elements."""
    out, s = [], 1
    for d in reversed(shape):
        out.append(s)
        s *= d
    return tuple(reversed(out))


# ---- plans -----------------------------------------------------------------------------------

class Copy:
    """dst[out_offset + i . out_strides] = src[in_offset + i . in_strides] for i < shape."""
    __slots__ = ("src", "dst", "shape", "in_strides", "out_strides", "in_offset", "out_offset")

    def __init__(self, src, dst, shape, in_strides, out_strides=None, in_offset=0, out_offset=0):
        self.src, self.dst, self.shape = src, dst, tuple(shape)
        self.in_strides = tuple(in_strides)
        self.out_strides = strides(shape) if out_strides is None else tuple(out_strides)
        self.in_offset, self.out_offset = in_offset, out_offset

    def folded(self):
        """(shape, in_strides, out_strides) with size-1 dims dropped and contiguous ones merged."""
        if 0 in self.shape:
            return (0,), (1,), (1,)
        dims = []
        for n, a, b in zip(self.shape, self.in_strides, self.out_strides):
            if n == 1:
                continue
            if dims:
                m, pa, pb = dims[-1]
                if pa == a * n and pb == b * n:
                    dims[-1] = (m * n, a, b)
                    continue
            dims.append((n, a, b))
        if not dims:
            return (1,), (1,), (1,)
        return tuple(zip(*dims))

    def params(self, node):
        shape, ist, ost = self.folded()
        if len(shape) > MAX_DIMS:
            raise node.error(f"needs a copy over {len(shape)} separate dims; interp supports "
                             f"{MAX_DIMS}")
        p = ffi.new("interp_copy_params *")
        p.rank = len(shape)
        for d, (n, a, b) in enumerate(zip(shape, ist, ost)):
            p.shape[d], p.in_stride[d], p.out_stride[d] = n, a, b
        p.in_offset, p.out_offset = self.in_offset, self.out_offset
        return p

    def bind(self, node, p):
        src, dst = self.src, self.dst
        if src.type == dtypes.STRING:
            if 0 in self.shape:
                return None
            return functools.partial(np.copyto, _view(dst.data, self.shape, self.out_strides,
                                                      self.out_offset),
                                     _view(src.data, self.shape, self.in_strides, self.in_offset))
        fn, ctype = elem_kernel("copy", src)
        return functools.partial(fn, ffi.from_buffer(ctype, src.data),
                                 ffi.from_buffer(ctype, dst.data), p)


class Fill:
    """dst[:] = value: a one-element tensor (read when the op runs) or :class:`Value`."""
    __slots__ = ("dst", "value")

    def __init__(self, dst, value):
        self.dst, self.value = dst, value

    def params(self, node):
        return None

    def bind(self, node, p):
        dst = self.dst
        value = self.value.data
        if dst.type == dtypes.STRING:
            return functools.partial(_fill_strings, dst.data, value)
        if dst.size == 0:
            return None
        fn, ctype = elem_kernel("fill", dst)
        return functools.partial(fn, ffi.from_buffer(ctype, dst.data), dst.size,
                                 ffi.from_buffer(ctype, value))


def _fill_strings(out, value):
    out.fill(value.reshape(-1)[0])


def elem_kernel(op, t, index=None):
    """``(lib.interp_x<bits>_<op>[_i<index bits>], "uint<bits>_t[]")`` for tensor ``t``'s element
    size (``index``: the INT16/INT32/INT64 index tensor of a gather)."""
    bits = _BITS[dtypes.itemsize(t.type)]
    name = f"interp_x{bits}_{op}"
    if index is not None:
        name += _INDEX_C[index.type][0]
    return getattr(lib, name), f"uint{bits}_t[]"


def index_ptr(t):
    """A C pointer to an INT16/INT32/INT64 index tensor's data."""
    return ffi.from_buffer(_INDEX_C[t.type][1], t.data)


def _view(a, shape, elem_strides, offset):
    flat = a.reshape(-1)
    item = flat.itemsize
    return as_strided(flat[offset:], shape=shape, strides=[s * item for s in elem_strides])


def prepare_plan(node, plan):
    """Check the plan's copies fit the C kernel; keep it (with params) for bind."""
    node.state = [(step, step.params(node)) for step in plan]


def bind_plan(node):
    calls = [c for c in (step.bind(node, p) for step, p in node.state) if c is not None]
    if len(calls) == 1:
        return calls[0]
    return functools.partial(_run_all, tuple(calls))


def _run_all(calls):
    for call in calls:
        call()


def whole_copy(src, dst):
    """A plan step copying all of ``src`` into ``dst`` (same element count)."""
    return Copy(src, dst, (src.size,), (1,), (1,))


def concat_plan(parts, out, axis, out_shape):
    """Copies placing each of ``parts`` (tensors whose shapes equal ``out_shape`` but along
    ``axis``, where they add up) side by side in ``out``."""
    ost = strides(out_shape)
    plan, at = [], 0
    for t in parts:
        shape = tuple(t.shape) if len(t.shape) == len(out_shape) else \
            out_shape[:axis] + (1,) + out_shape[axis + 1:]
        plan.append(Copy(t, out, shape, strides(shape), ost, out_offset=at * ost[axis]))
        at += shape[axis]
    return plan


def split_plan(x, outputs, axis, sizes):
    """Copies cutting ``x`` along ``axis`` into pieces of ``sizes``; output k gets shape
    x.shape with dim ``axis`` = sizes[k] (the caller may then drop that dim, as UNPACK does)."""
    ist = strides(x.shape)
    plan, at = [], 0
    for t, n in zip(outputs, sizes):
        shape = x.shape[:axis] + (n,) + x.shape[axis + 1:]
        plan.append(Copy(x, t, shape, ist, strides(shape), in_offset=at * ist[axis]))
        at += n
    return plan
