"""SignatureRunner: call one signature of a model with named inputs, get named outputs.

``runner(**inputs)`` checks names, dtypes and shapes (raising InputError that names the signature
and input), resizes inputs whose shape changed within their shape_signature, copies the inputs in,
invokes the signature's subgraph and returns ``{output name: owned numpy array}``.

TF Serving helpers: ``runner.method_name`` is the signature's method (stored in the file, predict
when absent); ``runner.classify(inputs)`` and ``runner.regress(inputs)`` run a classify / regress
signature on its single ``inputs`` tensor.
"""
import numpy as np

from interp import inputs as _inputs
from interp.details import tensor_details
from interp.errors import InputError, StateError


class SignatureRunner:
    def __init__(self, interpreter, key, sigdef, executor):
        self._interpreter = interpreter
        self._lock = interpreter._lock
        self._key = key
        self._executor = executor
        tensors = executor.tensors
        self._inputs = {m.name: tensors[m.tensor_index] for m in sorted(sigdef.inputs, key=lambda m: m.name)}
        self._outputs = tuple((m.name, tensors[m.tensor_index])
                              for m in sorted(sigdef.outputs, key=lambda m: m.name))
        self._input_names = frozenset(self._inputs)

    @property
    def signature_key(self):
        return self._key

    @property
    def method_name(self):
        """The signature's TF Serving method_name (``interp.serving.*_METHOD_NAME``)."""
        return self._sigdef().method_name

    def _sigdef(self):
        sig = getattr(self, "_serving_def", None)
        if sig is None:
            sig = self._serving_def = self._interpreter.get_signature_defs()[self._key]
        return sig

    def _serving_call(self, kind, method, inputs):
        from interp import serving
        sig = self._sigdef()
        if sig.method_name != method:
            raise InputError(
                f"signature '{self._key}' is a {serving.short_name(sig.method_name)} signature "
                f"(method_name '{sig.method_name}'), so {kind}() cannot run it: {kind}() needs "
                f"method_name '{method}'" + ("; call the runner with its named inputs instead"
                                             if sig.method_name == serving.PREDICT_METHOD_NAME
                                             else ""))
        problems = serving.validate_signature(sig)
        if problems:
            raise InputError(f"signature '{self._key}' breaks TF Serving's {kind} rules: "
                             + "; ".join(problems))
        if isinstance(inputs, dict):
            return self(**inputs)
        return self(**{serving.CLASSIFY_INPUTS: inputs})

    def classify(self, inputs):
        """Run a classify signature: ``{'classes': ..., 'scores': ...}`` (those it has).

        ``inputs`` is the value of its single input ``inputs`` (or ``{'inputs': value}``)."""
        from interp import serving
        return self._serving_call("classify", serving.CLASSIFY_METHOD_NAME, inputs)

    def regress(self, inputs):
        """Run a regress signature on ``inputs``; returns its ``outputs`` array."""
        from interp import serving
        out = self._serving_call("regress", serving.REGRESS_METHOD_NAME, inputs)
        return out[serving.REGRESS_OUTPUTS]

    def __call__(self, **kwargs):
        ins = self._inputs
        if kwargs.keys() != self._input_names:
            self._name_error(kwargs)
        with self._lock:
            if self._interpreter._closed:
                raise StateError(f"signature '{self._key}': the interpreter is closed")
            ex = self._executor
            pending = []
            for name, value in kwargs.items():
                t = ins[name]
                if type(value) is not np.ndarray or value.dtype != t.dtype or value.dtype.hasobject:
                    value = _inputs.coerce(value, t, f"signature '{self._key}' input '{name}'")
                shape = value.shape
                if shape != t.shape:
                    if not _inputs.fits_signature(shape, t.signature):
                        raise InputError(
                            f"signature '{self._key}' input '{name}': shape {list(shape)} does not "
                            f"fit the input's shape signature {list(t.signature)} (-1 = any size)")
                    _inputs.check_size(shape, t.dtype.itemsize,
                                       f"signature '{self._key}' input '{name}'")
                    t.shape = shape
                    ex.reset()
                pending.append((t, value))
            if not ex.ready:
                try:
                    ex.ensure_ready()
                except (InputError, MemoryError) as exc:
                    ex.reset()
                    shapes = ", ".join(f"'{n}': {list(t.shape)}" for n, t in ins.items())
                    raise InputError(f"signature '{self._key}' with input shapes {{{shapes}}}: "
                                     f"{exc if str(exc) else 'out of memory'}") from None
                except Exception:
                    ex.reset()
                    raise
            for t, value in pending:
                t.data[...] = value
            ex.invoke()
            # a 0-d output comes back as a numpy scalar, as LiteRT returns it
            return {name: t.data.copy() if t.data.ndim else t.data[()] for name, t in self._outputs}

    def _name_error(self, kwargs):
        expected = sorted(self._input_names)
        unknown = sorted(set(kwargs) - self._input_names)
        missing = sorted(self._input_names - set(kwargs))
        parts = []
        if unknown:
            parts.append(f"unknown input(s) {', '.join(repr(n) for n in unknown)}")
        if missing:
            parts.append(f"missing input(s) {', '.join(repr(n) for n in missing)}")
        raise InputError(f"signature '{self._key}': {'; '.join(parts)}. Expected inputs: "
                         f"{', '.join(repr(n) for n in expected) or '(none)'}")

    def get_input_details(self):
        return {name: tensor_details(t) for name, t in self._inputs.items()}

    def get_output_details(self):
        return {name: tensor_details(t) for name, t in self._outputs}
