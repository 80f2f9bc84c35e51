"""Checking and converting values handed to a tensor (runner calls and ``set_tensor``).

:data:`MAX_TENSOR_BYTES` bounds what any one input, tensor or arena may need: sizes are checked
against it *before* allocating, so an absurd shape (``np.broadcast_to`` makes arrays of any size
without memory; ``resize_input_tensor`` takes any dims) gives an :class:`InputError` naming the
tensor, not a ``MemoryError`` or a machine brought to its knees. The default is the machine's
physical memory; set ``INTERP_MAX_TENSOR_BYTES`` (bytes) in the environment or assign
``interp.inputs.MAX_TENSOR_BYTES`` to change it.
"""
import os

import numpy as np

from interp import dtypes
from interp.errors import InputError


def _physical_memory():
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # not POSIX: a generous fixed bound
        return 1 << 40


MAX_TENSOR_BYTES = int(os.environ.get("INTERP_MAX_TENSOR_BYTES") or 0) or _physical_memory()


def nbytes(shape, itemsize):
    """Bytes of a dense array of ``shape`` (Python ints: no overflow)."""
    n = itemsize
    for d in shape:
        n *= d
    return n


def check_size(shape, itemsize, label):
    """Raise InputError when ``shape`` has a negative dim or needs more than MAX_TENSOR_BYTES."""
    if any(d < 0 for d in shape):
        raise InputError(f"{label}: shape {list(shape)} has a negative dimension")
    need = nbytes(shape, itemsize)
    if need > MAX_TENSOR_BYTES:
        raise InputError(f"{label}: shape {list(shape)} needs {need} bytes, more than interp's "
                         f"limit of {MAX_TENSOR_BYTES} bytes (interp.inputs.MAX_TENSOR_BYTES)")


def coerce(value, tensor, label):
    """Return ``value`` as a numpy array of ``tensor``'s dtype, or raise InputError.

    numpy arrays and numpy scalars must already have the tensor's dtype (as in LiteRT; the other
    byte order of that dtype is accepted and converted). Python lists and scalars are converted when
    numpy's same-kind casting allows it. STRING tensors take ``bytes``, ``str`` or object arrays and
    get an object array of ``bytes``. Layout does not matter (non-contiguous, Fortran-ordered and
    read-only arrays are copied in as they are).
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
    if isinstance(value, (np.ndarray, np.generic)):
        if value.dtype != expected:
            if value.dtype.kind == expected.kind and value.dtype.itemsize == expected.itemsize \
                    and value.dtype.newbyteorder("=") == expected:
                return np.asarray(value).astype(expected)  # same type, other byte order
            raise InputError(f"{label}: expected dtype {dtypes.name(tensor.type)} "
                             f"({expected}), got {_dtype_name(value.dtype)} ({value.dtype})")
        return value if isinstance(value, np.ndarray) else np.asarray(value)
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        raise InputError(f"{label}: cannot make an array from {type(value).__name__}: {exc}") from None
    if arr.dtype.kind in "SU" and expected.kind not in "SUO":
        raise InputError(f"{label}: expected dtype {dtypes.name(tensor.type)} ({expected}), "
                         f"got a {type(value).__name__} of text ({arr.dtype})")
    if arr.dtype == object or not np.can_cast(arr.dtype, expected, casting="same_kind"):
        raise InputError(f"{label}: expected dtype {dtypes.name(tensor.type)} ({expected}), "
                         f"got a {type(value).__name__} of {arr.dtype}")
    out = arr.astype(expected)
    if expected.kind in "iub" and arr.dtype != expected and not np.array_equal(out, arr):
        raise InputError(f"{label}: a value of the {type(value).__name__} does not fit "
                         f"{dtypes.name(tensor.type)} ({expected})")
    return out


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
