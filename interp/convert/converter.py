"""``interp.Converter``: signature functions (or a JSON graph definition) -> `.tflite` bytes.

Conversion traces each signature function (``interp.convert.module.trace``), runs the graph passes,
emits one ``interp.model.Model`` and hands it to ``interp.writer.write_model``. The result is
byte-identical for the same input, in any process.
"""
from interp.convert import emit, passes, variables
from interp.convert.module import (BoundFunction, Function, Module, input_names, method_of, resolve,
                                   trace)
from interp.convert.tracing import ConversionError, ConversionTypeError

DEFAULT_KEY = "serving_default"


class Converter:
    """Build with one of the ``from_*`` class methods, then call :meth:`convert`.

    ``fuse_activations`` (default True) folds bias adds and RELU/RELU6 into the preceding op, as
    TensorFlow's converter does; set it to False to write every op as traced.

    Post-training quantization (docs/quantization.md), as TensorFlow's converter spells it:
    ``optimizations = [interp.Optimize.DEFAULT]`` with ``representative_dataset`` (a callable
    returning an iterable of samples) gives a full-integer int8 model; without a dataset, a
    dynamic-range model (int8 weights, hybrid ops). ``inference_input_type`` /
    ``inference_output_type``: ``np.float32`` (default: QUANTIZE / DEQUANTIZE at the edges) or
    ``np.int8``. ``dynamic_range_min_elements`` (default 1024): smaller weights stay float in
    dynamic-range mode.

    ``external_buffer_threshold`` (bytes; default just under 2 GiB): when the model's buffer data
    exceeds it, the buffers are written past the FlatBuffer with offset/size (the layout LiteRT reads
    for models over the FlatBuffer's 2 GiB limit); lower it to get that layout on small models.
    """

    def __init__(self, tracers, methods=None):
        # tracers: [(signature key, zero-argument callable returning a Graph)]
        # methods: {signature key: TF Serving method_name}; a key not in it is predict
        keys = [k for k, _ in tracers]
        if not keys:
            raise ConversionError("nothing to convert: no signatures given")
        for k in keys:
            if not isinstance(k, str) or not k:
                raise ConversionTypeError(f"signature keys must be non-empty strings, got {k!r}")
        dup = sorted({k for k in keys if keys.count(k) > 1})
        if dup:
            raise ConversionError(f"duplicate signature key(s): {dup}")
        self._tracers = list(tracers)
        self._module = None  # where interp.Variable attributes get their names
        from interp.writer import DEFAULT_EXTERNAL_THRESHOLD
        self.external_buffer_threshold = DEFAULT_EXTERNAL_THRESHOLD
        self._methods = {k: m for k, m in (methods or {}).items() if m}
        self.fuse_activations = True
        self.optimizations = []
        self.representative_dataset = None
        self.inference_input_type = None   # float32
        self.inference_output_type = None  # float32
        self.dynamic_range_min_elements = None  # interp.quantize.DYNAMIC_RANGE_MIN_ELEMENTS

    # -- entry points ------------------------------------------------------------------------

    @classmethod
    def from_module(cls, module, signatures=None):
        """Signatures ``{key: fn}`` of ``module`` (default: every @interp.function it has, keyed by
        attribute name)."""
        if signatures is None:
            if not isinstance(module, Module):
                raise ConversionTypeError("from_module: give signatures={key: fn} for an object "
                                          "that is not an interp.Module")
            signatures = module.signature_functions()
            if not signatures:
                raise ConversionError(f"from_module: {module.name} has no @interp.function methods")
        if not isinstance(signatures, dict):
            raise ConversionTypeError(f"from_module: signatures must be a dict {{key: function}}, "
                                      f"got {type(signatures).__name__}")
        conv = cls([(key, _tracer(key, fn, module)) for key, fn in signatures.items()],
                   {key: method_of(fn) for key, fn in signatures.items()})
        conv._module = module
        return conv

    @classmethod
    def from_functions(cls, functions, module=None):
        """One signature per function, keyed by the function's name."""
        if isinstance(functions, (Function, BoundFunction)) or not isinstance(functions,
                                                                              (list, tuple)):
            raise ConversionTypeError("from_functions: give a list of functions")
        tracers, methods = [], {}
        for fn in functions:
            name = getattr(fn, "name", None) if isinstance(fn, (Function, BoundFunction)) \
                else getattr(fn, "__name__", None)
            if not name:
                raise ConversionTypeError(f"from_functions: {fn!r} has no name to use as its key")
            tracers.append((name, _tracer(name, fn, module)))
            methods[name] = method_of(fn)
        conv = cls(tracers, methods)
        conv._module = module if module is not None else _module_of(functions)
        return conv

    @classmethod
    def from_function(cls, function, module=None):
        """A single signature with key ``serving_default``."""
        conv = cls([(DEFAULT_KEY, _tracer(DEFAULT_KEY, function, module))],
                   {DEFAULT_KEY: method_of(function)})
        conv._module = module if module is not None else _module_of([function])
        return conv

    @classmethod
    def from_graph_def(cls, graph_def):
        """A JSON graph definition: a dict, JSON text or a path to a ``.json`` file
        (docs/graph_def.md)."""
        from interp.convert.graph_def import load_graph_def, methods, tracers
        doc = load_graph_def(graph_def)
        return cls(tracers(doc), methods(doc))

    # -- conversion --------------------------------------------------------------------------

    @property
    def signature_keys(self):
        return sorted(k for k, _ in self._tracers)

    def graphs(self):
        """Trace every signature and run the passes: the graphs :meth:`convert` writes."""
        graphs = []
        with variables.scope(variables.Scope(self._module)):
            for _, make in self._tracers:
                graphs.append(passes.run_all(make(), fuse=self.fuse_activations))
        return graphs

    def to_model(self):
        """The converted ``interp.model.Model`` (what :meth:`convert` serializes).

        A classify or regress signature that breaks TF Serving's rules is refused with every rule
        it breaks (``interp.serving.validate_signature``).
        """
        model = emit.emit(self.graphs(), self._methods)
        _check_methods(model)
        if self._quantizing():
            from interp import quantize
            model = quantize.quantize(model, self.representative_dataset,
                                      inference_input_type=self.inference_input_type,
                                      inference_output_type=self.inference_output_type,
                                      min_elements=self.dynamic_range_min_elements)
        return model

    def _quantizing(self):
        """True when ``optimizations`` asks for post-training quantization; checks the options."""
        from interp.quantize import Optimize, QuantizationError
        opts = self.optimizations
        if opts is None:
            opts = []
        if not isinstance(opts, (list, tuple, set, frozenset)):
            raise QuantizationError(f"optimizations must be a list of interp.Optimize values, got "
                                    f"{type(opts).__name__}")
        for o in opts:
            if not isinstance(o, Optimize):
                try:
                    o = Optimize(getattr(o, "name", o))
                except ValueError:
                    raise QuantizationError(f"unknown optimization {o!r}; use interp.Optimize."
                                            f"DEFAULT") from None
            if o == Optimize.EXPERIMENTAL_SPARSITY:
                raise QuantizationError("Optimize.EXPERIMENTAL_SPARSITY is not supported")
        on = bool(opts)
        if not on and (self.representative_dataset is not None
                       or _not_float(self.inference_input_type)
                       or _not_float(self.inference_output_type)):
            raise QuantizationError("representative_dataset and int8 inference_input_type / "
                                    "inference_output_type need optimizations=[interp.Optimize."
                                    "DEFAULT]")
        return on

    def convert(self) -> bytes:
        """The `.tflite` file as bytes."""
        from interp.writer import write_model
        return bytes(write_model(self.to_model(),
                                 external_threshold=self.external_buffer_threshold))


def _not_float(t):
    if t is None:
        return False
    try:
        import numpy as np
        return np.dtype(t) != np.float32
    except TypeError:
        return True


def _check_methods(model):
    """Refuse classify and regress signatures that break TF Serving's rules. Predict signatures are
    not held to them: a signature without inputs (get_weights) or outputs (set_weights) is a valid
    model entry point; ``serving.validate_signature`` still reports it."""
    from interp import serving
    from interp.signature_defs import signature_defs
    sigs = signature_defs(model, {s.signature_key: s for s in model.signature_defs})
    problems = [f"signature '{key}' ({serving.short_name(sig.method_name)}): {p}"
                for key, sig in sigs.items() if sig.method_name != serving.PREDICT_METHOD_NAME
                for p in serving.validate_signature(sig)]
    if problems:
        raise ConversionError("the signatures break TF Serving's rules:\n  "
                              + "\n  ".join(problems))


def _module_of(functions):
    """The module bound methods belong to (for naming its Variables), or None."""
    for fn in functions:
        owner = getattr(fn, "instance", None) or getattr(fn, "__self__", None)
        if isinstance(owner, Module):
            return owner
    return None


def _tracer(key, fn, module):
    call, specs, func_name, bound = resolve(fn, module)  # refuse bad signatures right away
    input_names(func_name, call.func if bound else call, specs, bound)
    return lambda: trace(key, fn, module)
