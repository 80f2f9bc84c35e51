"""SELECT and SELECT_V2: out = cond ? x : y, cond BOOL, x and y of one type (any fixed-size type;
the C kernels copy elements, so one kernel serves every type of an element size)."""
import functools

from interp import dtypes
from interp.ops._binary import folded_dims
from interp.ops._kernels import ffi, lib, params

# The kernel per element size, and the C element type its pointers take.
_BY_SIZE = {1: ("u8", "uint8_t"), 2: ("i16", "int16_t"), 4: ("i32", "int32_t"),
            8: ("i64", "int64_t")}
TYPES = (dtypes.FLOAT32, dtypes.INT32, dtypes.INT64, dtypes.BOOL, dtypes.UINT8, dtypes.INT8,
         dtypes.INT16)


def prepare(node, cond_shape=None):
    """Check ``node``, set its output shape and ready the kernel. ``cond_shape`` overrides the
    condition's shape for broadcasting (SELECT's rank-1 condition over the first dim)."""
    node.expect_io(3, 1)
    c, x, y = node.inputs
    out = node.outputs[0]
    if c.type != dtypes.BOOL:
        raise node.error(f"input 0 {c.describe()} has type {dtypes.name(c.type)}; the condition "
                         f"of {node.op_name} must be BOOL")
    if x.type not in TYPES:
        supported = ", ".join(dtypes.name(t) for t in TYPES)
        raise node.error(f"input 1 {x.describe()} has type {dtypes.name(x.type)}, which "
                         f"{node.op_name} does not support; supported: {supported}")
    for role, t in (("input 2", y), ("output 0", out)):
        if t.type != x.type:
            raise node.error(f"{role} {t.describe()} has type {dtypes.name(t.type)} but input 1 is "
                             f"{dtypes.name(x.type)}; {node.op_name} needs the same type")
    if cond_shape is not None:
        cview = _Shaped(c, cond_shape)
        out.shape, dims = folded_dims(node, cview, x, y)
    else:
        out.shape, dims = folded_dims(node, c, x, y)
    p = params("interp_select_params")
    p.rank = len(dims)
    for i, (n, (sc, sx, sy)) in enumerate(dims):
        p.shape[i], p.c_stride[i], p.x_stride[i], p.y_stride[i] = n, sc, sx, sy
    node.state = p


def bind(node):
    c, x, y = node.inputs
    out = node.outputs[0]
    prefix, ctype = _BY_SIZE[x.data.dtype.itemsize]
    fn = getattr(lib, f"interp_{prefix}_select")
    cast = lambda t: ffi.from_buffer(ctype + "[]", t.data)  # noqa: E731
    return functools.partial(fn, ffi.from_buffer("uint8_t[]", c.data), cast(x), cast(y),
                             cast(out), node.state)


class _Shaped:
    """A tensor seen with another shape (same elements), for broadcasting."""

    def __init__(self, tensor, shape):
        self.shape = tuple(shape)
        self._t = tensor

    def describe(self):
        return self._t.describe()
