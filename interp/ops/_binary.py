"""ADD, SUB, MUL, DIV: options, broadcasting and the shared prepare/bind (each op module names its
C kernel and the types it runs on).

Broadcasting follows numpy: shapes are right-aligned, and a dim pairs with an equal dim or with 1.
:func:`broadcast` then folds the shapes for the C loop (kernels.h, interp_broadcast): dims of output
size 1 are dropped, and neighbouring dims that are contiguous in both inputs merge, so a same-shape op
is one flat loop and a scalar operand is a stride of 0.
"""
import functools
from dataclasses import dataclass

from interp.errors import KernelError
from interp.ops._activation import clamp_range
from interp.ops._kernels import PREFIX, check_same_type, kernel, lib, params, ptr, unsupported_type

MAX_DIMS = lib.INTERP_MAX_DIMS  # the C loop's limit on folded dims


@dataclass(frozen=True)
class Options:
    fused_activation_function: int = 0


def init(operator):
    return Options(int(operator.builtin_options.get("fused_activation_function", 0)))


def broadcast(a_shape, b_shape):
    """``(out_shape, dims)`` with ``dims`` a list of ``(size, a_stride, b_stride)`` from outer to
    inner, strides in elements, 0 on broadcast dims. Raises ValueError when the shapes don't pair."""
    rank = max(len(a_shape), len(b_shape))
    a = (1,) * (rank - len(a_shape)) + tuple(a_shape)
    b = (1,) * (rank - len(b_shape)) + tuple(b_shape)
    out = []
    for da, db in zip(a, b):
        if da != db and da != 1 and db != 1:
            raise ValueError
        out.append(db if da == 1 else da)
    dims = []  # inner first while building
    sa = sb = 1
    for n, da, db in zip(reversed(out), reversed(a), reversed(b)):
        ta, tb = (sa if da != 1 else 0), (sb if db != 1 else 0)
        sa, sb = sa * da, sb * db
        if n == 1:
            continue
        if dims:
            m, ia, ib = dims[-1]
            if ta == ia * m and tb == ib * m:  # contiguous with the inner dim in both inputs
                dims[-1] = (m * n, ia, ib)
                continue
        dims.append((n, ta, tb))
    if 0 in out:
        dims = [(0, 1, 1)]
    return tuple(out), list(reversed(dims)) or [(1, 0, 0)]


def prepare(node, op: str, types):
    """Check ``node`` (an ADD/SUB/MUL/DIV), set its output shape and ready the C call of
    ``interp_<dtype>_<op>``; ``types`` are the TensorTypes ``op`` runs on."""
    node.expect_io(2, 1)
    a, b = node.inputs
    out = node.outputs[0]
    if a.type not in types:
        raise unsupported_type(node, a, types)
    check_same_type(node, a, [("input 1", b), ("output 0", out)])
    try:
        shape, dims = broadcast(a.shape, b.shape)
    except ValueError:
        raise node.error(f"cannot broadcast input shapes {list(a.shape)} and {list(b.shape)} "
                         f"({a.describe()}, {b.describe()})") from None
    if len(dims) > MAX_DIMS:
        raise node.error(f"broadcasting {list(a.shape)} with {list(b.shape)} needs {len(dims)} "
                         f"separate dims; interp supports {MAX_DIMS}")
    out.shape = shape
    lo, hi = clamp_range(node.options.fused_activation_function, a.type)
    p = params(f"interp_{PREFIX[a.type]}_binary_params", lo=lo, hi=hi)
    p.bc.rank = len(dims)
    for i, (n, sa, sb) in enumerate(dims):
        p.bc.shape[i], p.bc.a_stride[i], p.bc.b_stride[i] = n, sa, sb
    p.bc.b_count = b.size
    node.state = (kernel(op, a.type), p)


def bind(node):
    fn, p = node.state
    a, b = node.inputs
    call = functools.partial(fn, ptr(a), ptr(b), ptr(node.outputs[0]), p)
    if fn is lib.interp_i32_div:
        return _checked_div(node, call)
    return call


def _checked_div(node, call):
    def run():
        status = call()
        if status == lib.INTERP_DIV_BY_ZERO:
            raise KernelError(f"{node.where()}: integer division by zero: input 1 "
                              f"{node.inputs[1].describe()} holds a 0")
        return status
    return run

