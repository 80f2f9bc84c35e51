"""Custom ops from Python: ``interp.register_custom_op``.

A model's CUSTOM op (``Operator`` with ``builtin_code`` CUSTOM and a ``custom_code`` name) runs the
kernel registered under that name. Two routes:

**numpy** — ``register_custom_op(name, invoke=fn, prepare=None)``:

* ``invoke(*inputs, options=bytes)`` gets the inputs as numpy arrays (read-only; ``None`` for an
  omitted input) and the op's ``custom_options`` bytes, and returns one array or a tuple of arrays,
  one per output; each is cast (same kind) into the output tensor, whose shape must match.
* ``prepare(inputs, options)`` (optional) gets a list of :class:`TensorInfo` (shape tuple, numpy
  dtype; ``None`` for an omitted input) and returns the outputs' shapes (a list of tuples). Without
  it the outputs keep the shapes written in the file, which must then be fully known.

**C** — ``register_custom_op(name, c_function=f, prepare=None)``: ``f`` is a C function with the
``interp_custom_fn`` signature of ``kernels/kernels.h`` (compiled by you, e.g. with cffi): a cffi
function pointer (``ffi.addressof(lib, "my_op")``) or its address as an int. It runs with the GIL
released, like interp's own kernels.

Registration is process-wide and must happen before the model is loaded; ``replace=True`` replaces
an earlier registration of the same name. Custom ops are never folded at prepare time (they may
have side effects). A model whose custom op has no kernel fails at load, listing it.
"""
import functools
from dataclasses import dataclass
from typing import Tuple

import numpy as np

from interp import dtypes
from interp.errors import InputError, KernelError
from interp.ops import registry


@dataclass(frozen=True)
class TensorInfo:
    shape: Tuple[int, ...]
    dtype: np.dtype


def register_custom_op(name, invoke=None, prepare=None, *, c_function=None, replace=False):
    """Run the model's custom op ``name`` with ``invoke`` (numpy) or ``c_function`` (C)."""
    if not isinstance(name, str) or not name:
        raise InputError(f"custom op name must be a non-empty string, got {name!r}")
    if name.startswith("Flex"):
        raise InputError(f"'{name}': names starting with 'Flex' are Select-TF ops, which interp "
                         f"dispatches by their TensorFlow op name")
    if (invoke is None) == (c_function is None):
        raise InputError(f"custom op '{name}': give exactly one of invoke= (a Python function) "
                         f"and c_function= (a C function)")
    if invoke is not None and not callable(invoke):
        raise InputError(f"custom op '{name}': invoke must be callable")
    if prepare is not None and not callable(prepare):
        raise InputError(f"custom op '{name}': prepare must be callable")
    if name in registry.REGISTERED and not replace:
        raise InputError(f"custom op '{name}' is already registered (pass replace=True)")
    if c_function is not None:
        kernel = _CKernel(name, prepare, _c_pointer(name, c_function))
    else:
        kernel = _PythonKernel(name, prepare, invoke)
    registry.REGISTERED[name] = kernel


def unregister_custom_op(name):
    """Forget a registration (models loaded before keep running it)."""
    registry.REGISTERED.pop(name, None)


def _c_pointer(name, fn):
    from interp.ops._kernels import ffi
    if isinstance(fn, int) and not isinstance(fn, bool):
        address = fn
    else:
        try:
            address = int(ffi.cast("uintptr_t", fn))
        except TypeError:
            raise InputError(f"custom op '{name}': c_function must be a cffi function pointer "
                             f"(ffi.addressof(lib, 'fn')) or an address as int, got "
                             f"{type(fn).__name__}") from None
    if not address:
        raise InputError(f"custom op '{name}': c_function is NULL")
    return ffi.cast("interp_custom_fn", address)


class _Kernel:
    FOLDABLE = False

    def __init__(self, name, prepare_fn):
        self.name = name
        self.prepare_fn = prepare_fn

    @staticmethod
    def init(operator):
        return bytes(operator.custom_options or b"")

    def prepare(self, node):
        for t in node.outputs:
            if t.dtype is None:
                raise node.error(f"output {t.describe()} has a type custom ops cannot produce")
        if self.prepare_fn is None:
            for t in node.outputs:
                if -1 in t.signature:
                    raise node.error(f"output {t.describe()} has a dynamic shape "
                                     f"{list(t.signature)}; register the custom op with a prepare= "
                                     f"function that returns the output shapes")
            return
        infos = [None if t is None else TensorInfo(tuple(t.shape), t.dtype) for t in node.inputs]
        try:
            shapes = self.prepare_fn(infos, node.options)
        except Exception as exc:
            raise node.error(f"custom op '{self.name}' prepare raised "
                             f"{type(exc).__name__}: {exc}") from exc
        shapes = list(shapes) if shapes is not None else []
        if len(shapes) != len(node.outputs):
            raise node.error(f"custom op '{self.name}' prepare returned {len(shapes)} shapes for "
                             f"{len(node.outputs)} outputs")
        for t, shape in zip(node.outputs, shapes):
            try:
                shape = tuple(int(d) for d in shape)
            except (TypeError, ValueError):
                raise node.error(f"custom op '{self.name}' prepare returned {shape!r} for "
                                 f"{t.describe()}; expected a tuple of ints") from None
            if any(d < 0 for d in shape):
                raise node.error(f"custom op '{self.name}' prepare returned a negative dim "
                                 f"{list(shape)}")
            t.shape = shape


class _PythonKernel(_Kernel):
    def __init__(self, name, prepare_fn, invoke_fn):
        super().__init__(name, prepare_fn)
        self.invoke_fn = invoke_fn

    def bind(self, node):
        ins = []
        for t in node.inputs:
            if t is None:
                ins.append(None)
            else:
                view = t.data.view()
                view.flags.writeable = False
                ins.append(view)
        outs = [t.data for t in node.outputs]
        return functools.partial(self._run, node.where(), ins, outs, node.options)

    def _run(self, where, ins, outs, options):
        try:
            result = self.invoke_fn(*ins, options=options)
        except Exception as exc:
            raise KernelError(f"{where}: custom op '{self.name}' raised "
                              f"{type(exc).__name__}: {exc}") from exc
        results = result if isinstance(result, (tuple, list)) else (result,)
        if len(results) != len(outs):
            raise KernelError(f"{where}: custom op '{self.name}' returned {len(results)} values "
                              f"for {len(outs)} outputs")
        for k, (value, out) in enumerate(zip(results, outs)):
            arr = np.asarray(value)
            if arr.shape != out.shape:
                raise KernelError(f"{where}: custom op '{self.name}' output {k} has shape "
                                  f"{list(arr.shape)}, expected {list(out.shape)}")
            if arr.dtype != out.dtype and not np.can_cast(arr.dtype, out.dtype, "same_kind"):
                raise KernelError(f"{where}: custom op '{self.name}' output {k} is {arr.dtype}, "
                                  f"expected {out.dtype}")
            np.copyto(out, arr, casting="unsafe")


class _CKernel(_Kernel):
    def __init__(self, name, prepare_fn, fn):
        super().__init__(name, prepare_fn)
        self.fn = fn

    def prepare(self, node):
        super().prepare(node)
        from interp.ops._kernels import lib
        for t in list(node.inputs) + list(node.outputs):
            if t is not None and len(t.shape) > lib.INTERP_MAX_DIMS:
                raise node.error(f"{t.describe()} has rank {len(t.shape)}; C custom ops take at "
                                 f"most {lib.INTERP_MAX_DIMS} dims")
            if t is not None and t.type == dtypes.STRING:
                raise node.error(f"{t.describe()}: C custom ops cannot take STRING tensors")

    def bind(self, node):
        from interp.ops._kernels import ffi
        ins = ffi.new("interp_tensor[]", max(len(node.inputs), 1))
        outs = ffi.new("interp_tensor[]", max(len(node.outputs), 1))
        keep = []
        for arr, tensors in ((ins, node.inputs), (outs, node.outputs)):
            for i, t in enumerate(tensors):
                if t is None:
                    arr[i].data, arr[i].type, arr[i].rank = ffi.NULL, -1, 0
                    continue
                buf = ffi.from_buffer(t.data, require_writable=tensors is node.outputs)
                keep.append(buf)
                arr[i].data = ffi.cast("void *", buf)
                arr[i].type = t.type
                arr[i].rank = len(t.shape)
                for d, n in enumerate(t.shape):
                    arr[i].dims[d] = n
        opts = ffi.new("uint8_t[]", node.options or b"\0")
        call = functools.partial(self.fn, len(node.inputs), ins, len(node.outputs), outs, opts,
                                 len(node.options))
        where, name = node.where(), self.name

        def run():
            status = call()
            if status:
                raise KernelError(f"{where}: custom op '{name}' (C) failed with status {status}")
        run.keep = (keep, ins, outs, opts)
        return run


__all__ = ["TensorInfo", "register_custom_op", "unregister_custom_op"]
