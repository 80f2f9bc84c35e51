"""The Interpreter: a drop-in for ``ai_edge_litert.interpreter.Interpreter``.

One interpreter holds one loaded model, one executor per subgraph it runs, and one lock. Every public
call that touches runtime state takes the lock, so the signature runners of one interpreter queue
instead of corrupting each other. Constant tensors are zero-copy views of the model bytes (the file is
memory-mapped when given by path).
"""
import enum
import mmap
import os
import threading

import numpy as np

from interp import inputs as _inputs
from interp.details import tensor_details
from interp.errors import InputError, ModelError, StateError
from interp.loader import load_model
from interp.model import SignatureDef, TensorMap
from interp.signature_runner import SignatureRunner
from interp.subgraph import Subgraphs, describe_unsupported


class OpResolverType(enum.Enum):
    """Accepted for compatibility with LiteRT; interp always runs its own kernels."""
    AUTO = 0
    BUILTIN = 1
    BUILTIN_REF = 2
    BUILTIN_WITHOUT_DEFAULT_DELEGATES = 3


class Interpreter:
    def __init__(self, model_path=None, model_content=None, experimental_delegates=None,
                 num_threads=None, experimental_op_resolver_type=OpResolverType.AUTO,
                 experimental_preserve_all_tensors=False, **_ignored):
        if model_path is not None and model_content is not None:
            raise InputError("Can't both provide `model_path` and `model_content`")
        if model_path is None and model_content is None:
            raise InputError("`model_path` or `model_content` must be specified.")
        if num_threads is not None:
            if not isinstance(num_threads, int) or isinstance(num_threads, bool):
                raise InputError("type of num_threads should be int")
            if num_threads < 1:
                raise InputError("num_threads should >= 1")
        self._lock = threading.RLock()
        self._mmap = None
        if model_path is not None:
            data = self._map_file(os.fspath(model_path))
        else:
            if not isinstance(model_content, (bytes, bytearray, memoryview)):
                raise InputError("model_content must be bytes, bytearray or memoryview, got "
                                 f"{type(model_content).__name__}")
            data = bytes(model_content) if isinstance(model_content, bytearray) else model_content
        self._data = data
        self._model = load_model(data)
        self._signatures = self._signature_defs()
        self._subgraphs = Subgraphs(self._model, pin_all=bool(experimental_preserve_all_tensors))
        roots = sorted({0} | {s.subgraph_index for s in self._signatures.values()})
        missing = self._subgraphs.load(roots)
        if missing is not None:
            raise missing

    # ----------------------------------------------------------------- loading
    def _map_file(self, path):
        try:
            with open(path, "rb") as f:
                if os.fstat(f.fileno()).st_size == 0:
                    raise ModelError(f"Could not open '{path}': the file is empty")
                self._mmap = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except OSError as exc:
            raise ModelError(f"Could not open '{path}': {exc.strerror or exc}") from None
        return memoryview(self._mmap)

    def _signature_defs(self):
        defs = self._model.signature_defs
        if not defs:
            sg = self._model.subgraphs[0]
            defs = (SignatureDef(
                "serving_default",
                tuple(TensorMap(sg.tensors[i].name, i) for i in sg.inputs),
                tuple(TensorMap(sg.tensors[i].name, i) for i in sg.outputs), 0),)
        out = {}
        for d in defs:
            if d.signature_key in out:
                raise ModelError(f"signature key '{d.signature_key}' appears twice in the model")
            out[d.signature_key] = d
        return dict(sorted(out.items()))

    def _executor(self, subgraph_index):
        if not isinstance(subgraph_index, (int, np.integer)) or \
                not 0 <= subgraph_index < len(self._model.subgraphs):
            raise InputError(f"Invalid subgraph index {subgraph_index}: the model has "
                             f"{len(self._model.subgraphs)} subgraphs")
        if not self._subgraphs.has_entry(subgraph_index):
            missing = self._subgraphs.load([int(subgraph_index)])
            if missing is not None:
                raise missing
        return self._subgraphs.entry(int(subgraph_index))

    # -------------------------------------------------------------- signatures
    def get_signature_list(self):
        """``{key: {'inputs': [names...], 'outputs': [names...]}}``, names sorted as LiteRT does."""
        return {key: {"inputs": sorted(m.name for m in d.inputs),
                      "outputs": sorted(m.name for m in d.outputs)}
                for key, d in self._signatures.items()}

    def get_signature_runner(self, signature_key=None, float_io=False):
        """The runner of ``signature_key``. With ``float_io`` quantized inputs take float values and
        quantized outputs come back as float32 (interp.float_io), using the tensors' own scale and
        zero point."""
        if signature_key is None:
            if len(self._signatures) != 1:
                raise InputError(
                    f"signature_key is None and the model has {len(self._signatures)} "
                    f"signatures; None is only allowed when it has exactly 1. Keys: "
                    f"{', '.join(repr(k) for k in self._signatures) or '(none)'}")
            signature_key = next(iter(self._signatures))
        sig = self._signatures.get(signature_key)
        if sig is None:
            raise InputError(f'Invalid signature_key provided: "{signature_key}". The model\'s '
                             f"signature keys are: {', '.join(repr(k) for k in self._signatures)}")
        runner = SignatureRunner(self, signature_key, sig, self._executor(sig.subgraph_index))
        if float_io:
            from interp.float_io import FloatIORunner
            return FloatIORunner(runner)
        return runner

    # ---------------------------------------------------------- classic API
    def num_subgraphs(self):
        return len(self._model.subgraphs)

    def allocate_tensors(self):
        with self._lock:
            self._executor(0).ensure_ready()

    def invoke(self):
        with self._lock:
            ex = self._executor(0)
            if ex.plan is None:
                raise StateError("Invoke called on model that is not ready: call "
                                 "allocate_tensors() first (and again after a resize)")
            if not ex.ready:  # another signature grew the shared arena: re-plan, inputs are kept
                ex.allocate()
            ex.invoke()

    def get_input_details(self):
        ex = self._executor(0)
        return [tensor_details(ex.tensors[i]) for i in ex.inputs]

    def get_output_details(self):
        ex = self._executor(0)
        return [tensor_details(ex.tensors[i]) for i in ex.outputs]

    def get_tensor_details(self, subgraph_index=0):
        ex = self._executor(subgraph_index)
        return [tensor_details(t) for t in ex.tensors]

    def _tensor(self, index, subgraph_index=0):
        ex = self._executor(subgraph_index)
        if not isinstance(index, (int, np.integer)) or not 0 <= index < len(ex.tensors):
            raise InputError(f"Invalid tensor index {index}: subgraph {subgraph_index} has "
                             f"tensors 0..{len(ex.tensors) - 1}")
        return ex, ex.tensors[index]

    def resize_input_tensor(self, input_index, tensor_size, strict=False):
        with self._lock:
            ex, t = self._tensor(input_index)
            if input_index not in ex.inputs:
                raise InputError(f"tensor {input_index} ('{t.name}') is not an input of subgraph 0")
            shape = tuple(int(d) for d in np.asarray(tensor_size).reshape(-1))
            if any(d < 0 for d in shape):
                raise InputError(f"cannot resize input '{t.name}' to {list(shape)}: negative size")
            if strict and not _inputs.fits_signature(shape, t.signature):
                raise InputError(f"cannot resize input '{t.name}' to {list(shape)}: strict resize "
                                 f"only changes the dims that are -1 in its shape_signature "
                                 f"{list(t.signature)}")
            if shape != t.shape:
                t.shape = shape
                ex.reset()

    resize_tensor_input = resize_input_tensor  # LiteRT's name

    def set_tensor(self, tensor_index, value):
        with self._lock:
            ex, t = self._tensor(tensor_index)
            if t.data is None or ex.plan is None:
                raise StateError("Cannot set tensor: Tensor is unallocated. Try calling "
                                 "allocate_tensors() first")
            label = f"tensor {tensor_index} ('{t.name}')"
            arr = _inputs.coerce(value, t, label)
            if arr.shape != t.shape:
                raise InputError(f"Cannot set {label}: shape {list(arr.shape)} does not match "
                                 f"the tensor's shape {list(t.shape)}; resize the input first")
            if t.is_const:
                raise InputError(f"Cannot set {label}: it is a constant of the model")
            t.data[...] = arr

    def get_tensor(self, tensor_index, subgraph_index=0):
        with self._lock:
            _, t = self._tensor(tensor_index, subgraph_index)
            if t.data is None:
                raise StateError(f"Tensor data is null for tensor {tensor_index} ('{t.name}'). "
                                 "Run allocate_tensors() first")
            return np.array(t.data, copy=True) if t.data.ndim else t.data[()]  # LiteRT: a scalar

    def tensor(self, tensor_index):
        """A function returning a writable view of the tensor's current storage (no copy)."""
        _, t = self._tensor(tensor_index)
        return lambda: t.data

    def reset_all_variables(self):
        """Set every variable tensor (e.g. an LSTM's state) back to zero, as LiteRT does."""
        with self._lock:
            for ex in self._subgraphs.executors():
                for t in ex.tensors:
                    if t.is_variable and t.data is not None and not t.is_const:
                        t.data[...] = 0

    # ------------------------------------------------------------- variables
    def _initialize(self):
        """Prepare the entry subgraphs, which runs their CALL_ONCE initializers."""
        roots = sorted({0} | {s.subgraph_index for s in self._signatures.values()})
        for i in roots:
            ex = self._executor(i)
            if not ex.prepared:
                try:
                    ex.prepare()
                except Exception:
                    ex.reset()
                    raise

    def get_variables(self):
        """``{name: array}`` (copies) of the model's resource variables, initialised."""
        with self._lock:
            self._initialize()
            return self._subgraphs.resources.get()

    def set_variables(self, values):
        """Overwrite variables by name; shapes must match, dtypes must cast safely. All entries
        are checked before any is written."""
        with self._lock:
            self._initialize()
            self._subgraphs.resources.set(dict(values))

    def reset_variables(self):
        """Every resource variable back to its value right after the initializers ran."""
        with self._lock:
            self._initialize()
            self._subgraphs.resources.reset()

    def save_variables(self, path):
        """Write the variables to ``path`` as a numpy ``.npz`` (keys are variable names)."""
        np.savez(path, **self.get_variables())

    def restore_variables(self, path):
        """Load variables saved by :meth:`save_variables` (all names must be the model's)."""
        with np.load(path, allow_pickle=False) as f:
            self.set_variables({k: f[k] for k in f.files})

    def memory_plan(self):
        """Where every tensor lives: arena bytes, weight bytes and per-tensor offsets
        (an ``interp.memory_plan.MemoryPlan``). Before ``allocate_tensors()`` it is the plan
        allocation would make for the current input shapes; nothing is allocated."""
        from interp.memory_plan import memory_plan
        with self._lock:
            roots = sorted({0} | {s.subgraph_index for s in self._signatures.values()})
            return memory_plan(self._subgraphs, [self._executor(i) for i in roots])

    @property
    def model(self):
        """The loaded, immutable ``interp.model.Model``."""
        return self._model

    def get_signature_defs(self):
        """``{key: interp.serving.SignatureDef}`` (method_name, inputs/outputs as name ->
        TensorInfo), from the file alone: no allocate_tensors() needed."""
        from interp.signature_defs import signature_defs
        return signature_defs(self._model, self._signatures)
