"""Tensors while a subgraph runs.

A :class:`RuntimeTensor` is the mutable, per-interpreter view of one ``model.Tensor``: its current
shape (which changes when an input is resized), its numpy dtype and, once allocated, ``data``: a numpy
array holding its values. Constant tensors get ``data`` at load time as a read-only zero-copy view of
the model bytes; other tensors get it from :meth:`allocate`. STRING tensors hold an ``object`` array of
``bytes``.
"""
import numpy as np

from interp import dtypes
from interp.errors import ModelError


class RuntimeTensor:
    __slots__ = ("index", "name", "type", "dtype", "shape", "signature", "data", "is_const",
                 "quantization", "is_variable", "spec")

    def __init__(self, index, spec, const_bytes=None):
        self.index = index
        self.spec = spec
        self.name = spec.name
        self.type = spec.type
        self.dtype = dtypes.NUMPY.get(spec.type)
        self.shape = tuple(spec.shape)
        self.signature = tuple(spec.signature)
        self.quantization = spec.quantization
        self.is_variable = spec.is_variable
        self.is_const = const_bytes is not None
        self.data = None
        if self.is_const:
            self.data = _const_array(spec, const_bytes, self.dtype)

    def make_constant(self, array):
        """Turn this tensor into a constant holding ``array`` (read-only)."""
        array.flags.writeable = False
        self.data = array
        self.is_const = True

    @property
    def size(self) -> int:
        n = 1
        for d in self.shape:
            n *= d
        return n

    def allocate(self):
        """Give a non-constant tensor storage for its current shape (no-op if it already fits)."""
        if self.is_const:
            return
        if self.dtype is None:
            raise ModelError(f"tensor {self.index} ('{self.name}') has type "
                             f"{dtypes.name(self.type)}, which interp cannot store")
        if self.data is None or self.data.shape != self.shape:
            self.data = np.zeros(self.shape, self.dtype) if self.type == dtypes.STRING \
                else np.empty(self.shape, self.dtype)
            if self.type == dtypes.STRING:
                self.data.fill(b"")

    def describe(self) -> str:
        """``tensor 3 ('x', FLOAT32[2,3])`` for error messages."""
        dims = ",".join(str(d) for d in self.shape)
        return f"tensor {self.index} ('{self.name}', {dtypes.name(self.type)}[{dims}])"


def _const_array(spec, raw, dtype):
    if spec.type == dtypes.STRING:
        from interp.strings import decode_strings
        count = 1
        for d in spec.shape:
            count *= d
        return decode_strings(raw, count).reshape(spec.shape)
    if dtype is None:
        raise ModelError(f"constant tensor '{spec.name}' has type {dtypes.name(spec.type)}, "
                         f"which interp cannot read")
    arr = np.frombuffer(raw, dtype=dtype)
    count = 1
    for d in spec.shape:
        count *= d
    if arr.size != count:
        raise ModelError(f"constant tensor '{spec.name}' has shape {list(spec.shape)} "
                         f"({count} elements) but its buffer holds {arr.size}")
    return arr.reshape(spec.shape)
