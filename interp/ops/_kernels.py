"""The compiled C kernels (``interp._kernels``) and what ops need to call them.

``lib`` holds every entry point of ``kernels/kernels.h``, ``ffi`` makes their params structs
(e.g. ``params("interp_relu_params", lo=..., hi=...)``, done in prepare). :func:`kernel` is the one map from an op and
TensorTypes to a C function; :func:`ptr` is the pointer a bound callable passes for a tensor.
:func:`unsupported_type` words the error every op raises for a dtype it has no kernel for.
"""
from interp import dtypes

try:
    from interp._kernels import ffi, lib
except ImportError as exc:  # pragma: no cover - depends on the build
    raise ImportError("interp's C kernels (interp._kernels) are not built: install the package "
                      "(pip install .) or run `python kernels/build.py`") from exc

# The dtype part of kernel names (interp_<dtype>_<op>) and the C element type per TensorType.
# BOOL is stored as one byte holding 0 or 1, so it runs the u8 kernels.
PREFIX = {dtypes.FLOAT32: "f32", dtypes.INT32: "i32", dtypes.INT64: "i64", dtypes.UINT8: "u8",
           dtypes.INT8: "i8", dtypes.INT16: "i16", dtypes.BOOL: "u8"}
_CTYPE = {dtypes.FLOAT32: "float", dtypes.INT32: "int32_t", dtypes.INT64: "int64_t",
          dtypes.UINT8: "uint8_t", dtypes.INT8: "int8_t", dtypes.INT16: "int16_t",
          dtypes.BOOL: "uint8_t"}

# Types that mean a quantized tensor when an arithmetic op meets them.
QUANTIZED = (dtypes.UINT8, dtypes.INT8, dtypes.INT16)


def kernel(op: str, type_code: int, index_type: int = None):
    """``lib.interp_<dtype>_<op>[_<index dtype>]``, or None when interp has no such kernel."""
    prefix = PREFIX.get(type_code)
    if prefix is None:
        return None
    name = f"interp_{prefix}_{op}"
    if index_type is not None:
        suffix = PREFIX.get(index_type)
        if suffix is None:
            return None
        name += "_" + suffix
    return getattr(lib, name, None)


def ptr(tensor):
    """A C pointer to ``tensor.data`` (it keeps the array alive). For bind, after allocation."""
    return ffi.from_buffer(_CTYPE[tensor.type] + "[]", tensor.data)


def params(struct: str, **fields):
    """A new ``struct *`` (zeroed) with ``fields`` set."""
    p = ffi.new(struct + " *")
    for name, value in fields.items():
        setattr(p, name, value)
    return p


def type_names(types) -> str:
    return ", ".join(dtypes.name(t) for t in types)


def unsupported_type(node, tensor, supported, role="input", quantized_later=True):
    """The error for ``tensor`` (an input or output of ``node``) having a type without a kernel;
    with ``quantized_later`` an INT8/UINT8/INT16 tensor is called quantized (no such kernel yet)."""
    got = dtypes.name(tensor.type)
    if quantized_later and tensor.type in QUANTIZED:
        return node.error(f"{role} {tensor.describe()}: quantized {got} {node.op_name} is not "
                          f"supported yet (interp has no quantized kernel for it); supported: "
                          f"{type_names(supported)}")
    return node.error(f"{role} {tensor.describe()} has type {got}, which {node.op_name} does not "
                      f"support; supported: {type_names(supported)}")


def check_same_type(node, first, others):
    """Raise unless every tensor in ``others`` ((role, tensor) pairs) has ``first``'s type."""
    for role, t in others:
        if t.type != first.type:
            raise node.error(f"{role} {t.describe()} has type {dtypes.name(t.type)} but input 0 "
                             f"is {dtypes.name(first.type)}; {node.op_name} needs the same type")
