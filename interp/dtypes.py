"""TensorType codes (FORMAT.md §3.1) and their numpy dtypes.

``TYPE_NAMES[code]`` is the schema's name (``"FLOAT32"``), ``NUMPY[code]`` the numpy dtype a tensor
of that type is stored as (``object`` for STRING: an array of ``bytes``). Types interp cannot hold
in a numpy array (RESOURCE, VARIANT, packed INT4/INT2/UINT4, FLOAT8) have no ``NUMPY`` entry.
"""
import numpy as np

FLOAT32, FLOAT16, INT32, UINT8, INT64, STRING, BOOL, INT16 = 0, 1, 2, 3, 4, 5, 6, 7
COMPLEX64, INT8, FLOAT64, COMPLEX128, UINT64, RESOURCE, VARIANT, UINT32 = 8, 9, 10, 11, 12, 13, 14, 15
UINT16, INT4, BFLOAT16, INT2, UINT4, FLOAT8_E4M3FN, FLOAT8_E5M2 = 16, 17, 18, 19, 20, 21, 22

TYPE_NAMES = {
    0: "FLOAT32", 1: "FLOAT16", 2: "INT32", 3: "UINT8", 4: "INT64", 5: "STRING", 6: "BOOL",
    7: "INT16", 8: "COMPLEX64", 9: "INT8", 10: "FLOAT64", 11: "COMPLEX128", 12: "UINT64",
    13: "RESOURCE", 14: "VARIANT", 15: "UINT32", 16: "UINT16", 17: "INT4", 18: "BFLOAT16",
    19: "INT2", 20: "UINT4", 21: "FLOAT8_E4M3FN", 22: "FLOAT8_E5M2",
}

NUMPY = {
    FLOAT32: np.dtype(np.float32), FLOAT16: np.dtype(np.float16), INT32: np.dtype(np.int32),
    UINT8: np.dtype(np.uint8), INT64: np.dtype(np.int64), STRING: np.dtype(object),
    BOOL: np.dtype(np.bool_), INT16: np.dtype(np.int16), COMPLEX64: np.dtype(np.complex64),
    INT8: np.dtype(np.int8), FLOAT64: np.dtype(np.float64), COMPLEX128: np.dtype(np.complex128),
    UINT64: np.dtype(np.uint64), UINT32: np.dtype(np.uint32), UINT16: np.dtype(np.uint16),
}

# numpy dtype -> TensorType code; str/bytes arrays map to STRING.
_FROM_NUMPY = {dt: code for code, dt in NUMPY.items() if code != STRING}


def from_numpy(dtype) -> int:
    """TensorType code of a numpy dtype (``U``/``S``/``O`` kinds are STRING)."""
    dt = np.dtype(dtype)
    if dt.kind in "USO":
        return STRING
    try:
        return _FROM_NUMPY[dt]
    except KeyError:
        raise ValueError(f"numpy dtype {dt} has no .tflite TensorType") from None


def from_name(name) -> int:
    """TensorType code from ``"float32"``, ``"FLOAT32"``, ``np.float32`` or ``"string"``."""
    if isinstance(name, str):
        upper = name.upper()
        for code, tname in TYPE_NAMES.items():
            if tname == upper:
                return code
        if upper == "BYTES":
            return STRING
    return from_numpy(name)


def name(code: int) -> str:
    """The schema name of a TensorType code, or ``TensorType(<n>)`` for an unknown one."""
    return TYPE_NAMES.get(code, f"TensorType({code})")


def numpy_type(code: int):
    """The numpy scalar *type* LiteRT reports in details dicts (``numpy.bytes_`` for STRING)."""
    if code == STRING:
        return np.bytes_
    return NUMPY[code].type


def itemsize(code: int) -> int:
    """Bytes per element for fixed-size types; 0 for STRING and handle types."""
    if code == STRING or code not in NUMPY:
        return 0
    return NUMPY[code].itemsize
