"""Checking and converting values handed to a tensor (runner calls and ``set_tensor``)."""
import numpy as np

from interp import dtypes
from interp.errors import InputError


def coerce(value, tensor, label):
    """Return ``value`` as a numpy array of ``tensor``'s dtype, or raise InputError.

    numpy arrays must already have the tensor's dtype (as in LiteRT). Python lists and scalars are
    converted when numpy's same-kind casting allows it. STRING tensors take ``bytes``, ``str`` or
    object arrays and get an object array of ``bytes``.
    """
    expected = tensor.dtype
    if tensor.type == dtypes.STRING:
        arr = value if isinstance(value, np.ndarray) else np.asarray(value)
        if arr.dtype.kind == "S":
            return arr.astype(object)
        if arr.dtype.kind in "UO":
            out = np.empty(arr.shape, dtype=object)
            flat_in, flat_out = arr.reshape(-1), out.reshape(-1)
            for i, item in enumerate(flat_in):
                if isinstance(item, str):
                    item = item.encode("utf-8")
                elif isinstance(item, (bytes, bytearray, np.bytes_)):
                    item = bytes(item)
                else:
                    raise InputError(f"{label}: expected STRING values (bytes or str), "
                                     f"got an element of type {type(item).__name__}")
                flat_out[i] = item
            return out
        raise InputError(f"{label}: expected dtype STRING, got {_dtype_name(arr.dtype)}")
    if isinstance(value, np.ndarray):
        if value.dtype != expected:
            raise InputError(f"{label}: expected dtype {dtypes.name(tensor.type)} "
                             f"({expected}), got {_dtype_name(value.dtype)} ({value.dtype})")
        return value
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        raise InputError(f"{label}: cannot make an array from {type(value).__name__}: {exc}") from None
    if arr.dtype == object or not np.can_cast(arr.dtype, expected, casting="same_kind"):
        raise InputError(f"{label}: expected dtype {dtypes.name(tensor.type)} ({expected}), "
                         f"got a {type(value).__name__} of {arr.dtype}")
    return arr.astype(expected)


def _dtype_name(dt):
    try:
        return dtypes.name(dtypes.from_numpy(dt))
    except ValueError:
        return str(dt)


def fits_signature(shape, signature):
    """True when ``shape`` has the signature's rank and equals it on every fixed (non -1) dim."""
    if len(shape) != len(signature):
        return False
    return all(s == -1 or s == d for d, s in zip(shape, signature))
