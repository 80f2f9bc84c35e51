"""CAST between FLOAT32, FLOAT64, FLOAT16, INT32, INT64, UINT8, INT8, INT16, UINT16, UINT32 and BOOL
(every pair, as LiteRT): float -> integer truncates toward zero and saturates (NaN gives the type's
max), integer -> integer keeps the low bits, anything -> BOOL is x != 0, -> FLOAT16 rounds to
nearest even. (LiteRT also casts COMPLEX64; interp does not yet.) The types are the tensors'; CastOptions (which
default to FLOAT32 and are often absent) are not trusted over them."""
import functools

from interp import dtypes
from interp.ops._kernels import ffi, lib

# TensorType -> (kernel-name part, C element type). A BOOL source reads as u8 (0/1 bytes); a BOOL
# destination has its own kernels (x != 0). FLOAT16 travels as its uint16_t bits.
_SRC = {dtypes.FLOAT32: ("f32", "float"), dtypes.FLOAT64: ("f64", "double"),
        dtypes.INT32: ("i32", "int32_t"), dtypes.INT64: ("i64", "int64_t"),
        dtypes.UINT8: ("u8", "uint8_t"), dtypes.INT8: ("i8", "int8_t"),
        dtypes.INT16: ("i16", "int16_t"), dtypes.BOOL: ("u8", "uint8_t"),
        dtypes.FLOAT16: ("f16", "uint16_t"), dtypes.UINT16: ("u16", "uint16_t"),
        dtypes.UINT32: ("u32", "uint32_t")}
_DST = dict(_SRC)
_DST[dtypes.BOOL] = ("bool", "uint8_t")
TYPES = tuple(_SRC)


def prepare(node):
    node.expect_io(1, 1)
    x, y = node.inputs[0], node.outputs[0]
    supported = ", ".join(dtypes.name(t) for t in TYPES)
    for role, t in (("input 0", x), ("output 0", y)):
        if t.type not in _SRC:
            raise node.error(f"{role} {t.describe()} has type {dtypes.name(t.type)}, which CAST "
                             f"does not support; supported: {supported}")
    y.shape = x.shape
    node.state = getattr(lib, f"interp_{_SRC[x.type][0]}_cast_{_DST[y.type][0]}")


def bind(node):
    x, y = node.inputs[0], node.outputs[0]
    return functools.partial(node.state, ffi.from_buffer(_SRC[x.type][1] + "[]", x.data),
                             ffi.from_buffer(_DST[y.type][1] + "[]", y.data), x.size)
