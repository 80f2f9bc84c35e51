"""The broadcasting binary ops: options, broadcasting and the shared prepare/bind. Each op module
names its C kernel and the types it runs on.

* arithmetic (ADD, SUB, MUL, DIV with a fused activation; MAXIMUM, MINIMUM, SQUARED_DIFFERENCE,
  POW, FLOOR_DIV, FLOOR_MOD, PRELU without one): :func:`prepare`, output of the inputs' type;
* comparisons and LOGICAL_AND / LOGICAL_OR: :func:`prepare_bool`, BOOL output.

Broadcasting follows numpy: shapes are right-aligned, and a dim pairs with an equal dim or with 1.
:func:`broadcast_n` then folds the shapes for the C loop (kernels.h, interp_broadcast): dims of
output size 1 are dropped, and neighbouring dims that are contiguous in every input merge, so a
same-shape op is one flat loop and a scalar operand is a stride of 0.
"""
import functools
from dataclasses import dataclass

import numpy as np

from interp import dtypes
from interp.errors import KernelError
from interp.ops._activation import clamp_range
from interp.ops._kernels import PREFIX, check_same_type, kernel, lib, params, ptr, unsupported_type

MAX_DIMS = lib.INTERP_MAX_DIMS  # the C loop's limit on folded dims

# Non-zero statuses of the checked kernels, worded for the user ({b} is input 1).
_FAILURES = {
    lib.INTERP_DIV_BY_ZERO: "division by zero: input 1 {b} holds a 0",
    lib.INTERP_NEGATIVE_EXPONENT: "integer POW with a negative exponent: input 1 {b} holds a "
                                  "value < 0",
}


@dataclass(frozen=True)
class Options:
    fused_activation_function: int = 0


def init(operator):
    return Options(int(operator.builtin_options.get("fused_activation_function", 0)))


def broadcast_n(*shapes):
    """``(out_shape, dims)`` with ``dims`` a list of ``(size, strides)`` from outer to inner,
    ``strides`` one per input, in elements, 0 on broadcast dims. Raises ValueError when the shapes
    don't pair."""
    rank = max(len(s) for s in shapes)
    full = [(1,) * (rank - len(s)) + tuple(s) for s in shapes]
    out = []
    for ds in zip(*full):
        big = {d for d in ds if d != 1}
        if len(big) > 1:
            raise ValueError
        out.append(big.pop() if big else 1)
    dims = []  # inner first while building
    acc = [1] * len(shapes)
    for k in range(rank - 1, -1, -1):
        n = out[k]
        ts = tuple(a if s[k] != 1 else 0 for a, s in zip(acc, full))
        acc = [a * s[k] for a, s in zip(acc, full)]
        if n == 1:
            continue
        if dims:
            m, inner = dims[-1]
            if all(t == i * m for t, i in zip(ts, inner)):  # contiguous with the inner dim
                dims[-1] = (m * n, inner)
                continue
        dims.append((n, ts))
    if 0 in out:
        dims = [(0, (1,) * len(shapes))]
    return tuple(out), list(reversed(dims)) or [(1, (0,) * len(shapes))]


def broadcast(a_shape, b_shape):
    """:func:`broadcast_n` for two shapes, dims as ``(size, a_stride, b_stride)``."""
    out, dims = broadcast_n(a_shape, b_shape)
    return out, [(n, sa, sb) for n, (sa, sb) in dims]


def folded_dims(node, *tensors):
    """The output shape and folded dims of broadcasting ``tensors`` (inputs of ``node``), or the
    op's error naming the shapes."""
    try:
        shape, dims = broadcast_n(*(t.shape for t in tensors))
    except ValueError:
        shown = " and ".join(str(list(t.shape)) for t in tensors)
        names = ", ".join(t.describe() for t in tensors)
        raise node.error(f"cannot broadcast input shapes {shown} ({names})") from None
    if len(dims) > MAX_DIMS:
        shown = " with ".join(str(list(t.shape)) for t in tensors)
        raise node.error(f"broadcasting {shown} needs {len(dims)} separate dims; interp supports "
                         f"{MAX_DIMS}")
    return shape, dims


def _fill(bc, dims, b_count):
    bc.rank = len(dims)
    for i, (n, (sa, sb)) in enumerate(dims):
        bc.shape[i], bc.a_stride[i], bc.b_stride[i] = n, sa, sb
    bc.b_count = b_count


def prepare(node, op: str, types):
    """Check ``node`` (an arithmetic binary op), set its output shape and ready the C call of
    ``interp_<dtype>_<op>``; ``types`` are the TensorTypes ``op`` runs on."""
    node.expect_io(2, 1)
    a, b = node.inputs
    out = node.outputs[0]
    if a.type not in types:
        raise unsupported_type(node, a, types)
    check_same_type(node, a, [("input 1", b), ("output 0", out)])
    out.shape, dims = folded_dims(node, a, b)
    act = node.options.fused_activation_function if node.options is not None else 0
    lo, hi = clamp_range(act, a.type)
    p = params(f"interp_{PREFIX[a.type]}_binary_params", lo=lo, hi=hi)
    _fill(p.bc, dims, b.size)
    node.state = (kernel(op, a.type), p)


def prepare_bool(node, op: str, types):
    """Check ``node`` (a comparison or logical op: BOOL output) and ready ``interp_<dtype>_<op>``;
    STRING inputs (EQUAL/NOT_EQUAL) are compared in numpy."""
    node.expect_io(2, 1)
    a, b = node.inputs
    out = node.outputs[0]
    if a.type not in types:
        raise unsupported_type(node, a, types)
    check_same_type(node, a, [("input 1", b)])
    if out.type != dtypes.BOOL:
        raise node.error(f"output 0 {out.describe()} has type {dtypes.name(out.type)}; "
                         f"{node.op_name} gives BOOL")
    out.shape, dims = folded_dims(node, a, b)
    if a.type == dtypes.STRING:
        node.state = (op, None)
        return
    bc = params("interp_broadcast")
    _fill(bc, dims, b.size)
    node.state = (kernel(op, a.type), bc)


def bind(node):
    fn, p = node.state
    a, b = node.inputs
    out = node.outputs[0]
    if isinstance(fn, str):  # STRING comparison (numpy object arrays of bytes)
        compare = np.equal if fn == "equal" else np.not_equal

        def run():
            compare(a.data, b.data, out=out.data)
        return run
    call = functools.partial(fn, ptr(a), ptr(b), ptr(out), p)
    checked = fn in (lib.interp_i32_div, lib.interp_i32_pow, lib.interp_f32_floor_div,
                     lib.interp_i32_floor_div, lib.interp_i32_floor_mod, lib.interp_i64_floor_mod)
    return _checked(node, call) if checked else call


def _checked(node, call):
    def run():
        status = call()
        if status:
            what = _FAILURES.get(status)
            if what is not None:
                raise KernelError(f"{node.where()}: {what.format(b=node.inputs[1].describe())}")
        return status
    return run
