"""One block of memory that planned tensors are views into.

The signature subgraphs of an interpreter share one :class:`Arena` (only one runs at a time); a
subgraph called by a control-flow op (WHILE, IF) gets its own, since it runs while its caller's
tensors are live. ``reserve(n)`` grows the block when a plan needs more (it never shrinks) and bumps
``generation``, which tells every executor holding views of the old block to re-plan and re-bind
before it runs again. The block is 64-byte aligned. ``limit`` (bytes, None = none) caps its size;
the Interpreter sets it from ``interp.Limits.max_arena_bytes``: growing past it, or failing to get the
memory, raises ModelError. A block larger than ``interp.inputs.MAX_TENSOR_BYTES`` (the machine's
memory by default) is refused with an InputError before anything is allocated.
"""
import numpy as np

from interp import inputs
from interp.errors import InputError, ModelError
from interp.planner import ALIGN


class Arena:
    __slots__ = ("name", "size", "generation", "limit", "_block")

    def __init__(self, name="arena"):
        self.name = name
        self.size = 0
        self.generation = 0
        self.limit = None
        self._block = None

    def reserve(self, nbytes: int):
        """Make the block at least ``nbytes`` long (contents are lost when it grows)."""
        if nbytes <= self.size and self._block is not None:
            return
        if self.limit is not None and nbytes > self.limit:
            raise ModelError(f"{self.name}: the plan needs {nbytes} bytes, above the limit of "
                             f"{self.limit} (interp.Limits.max_arena_bytes)")
        if nbytes > inputs.MAX_TENSOR_BYTES:
            raise InputError(f"the {self.name} would need {nbytes} bytes, more than interp's limit "
                             f"of {inputs.MAX_TENSOR_BYTES} bytes (interp.inputs.MAX_TENSOR_BYTES)")
        try:
            raw = np.empty(max(nbytes, 1) + ALIGN, np.uint8)
        except (MemoryError, ValueError):
            raise ModelError(f"{self.name}: cannot allocate the {nbytes} bytes the plan needs") from None
        start = (-raw.ctypes.data) % ALIGN
        self._block = raw[start:start + max(nbytes, 1)]
        self.size = nbytes
        self.generation += 1

    def release(self):
        """Drop the block (views made from it keep their memory until they go)."""
        self._block = None
        self.size = 0
        self.generation += 1

    def view(self, offset: int, nbytes: int, dtype, shape):
        """A writable array of ``dtype`` and ``shape`` at ``offset`` in the block."""
        return self._block[offset:offset + nbytes].view(dtype).reshape(shape)

    def bytes_view(self, offset: int, nbytes: int):
        return self._block[offset:offset + nbytes]


__all__ = ["Arena"]
