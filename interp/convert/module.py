"""``interp.Module``, ``interp.function`` and ``interp.TensorSpec``: defining a model in Python.

A signature is a Python function decorated with ``@interp.function(input_signature=[...])``, either
a method of an :class:`Module` subclass or a plain function. The converter calls it once with traced
tensors (one per ``TensorSpec``) and records what it computes; it must return a traced tensor
(signature output ``output_0``), a tuple/list of them (``output_0``, ``output_1``, ...) or a dict
``{output name: tensor}``.

Input names are the ``TensorSpec`` names, else the function's argument names.
"""
import functools
import inspect

import numpy as np

from interp.convert.tracing import (ConversionError, ConversionTypeError, Graph, Tensor,
                                    dtype_name, to_type, tracing)


class TensorSpec:
    """The shape and dtype of a signature input: ``TensorSpec([None, 4], "float32", name="x")``.

    ``None`` in ``shape`` is a dynamic dim (written as -1 in ``shape_signature``, 1 in ``shape``).
    ``dtype`` is a name (``"float32"``, ``"int64"``, ``"string"``, ...) or a numpy dtype.
    """
    __slots__ = ("shape", "dtype", "name", "_type")

    def __init__(self, shape, dtype="float32", name=None):
        if shape is None:
            raise ConversionError("TensorSpec: a shape of unknown rank (None) is not supported; "
                                  "give a list with None for each dynamic dim")
        if isinstance(shape, (int, np.integer)):
            shape = [shape]
        try:
            dims = list(shape)
        except TypeError:
            raise ConversionTypeError(f"TensorSpec: shape must be a list, got {shape!r}") from None
        for d in dims:
            is_dim = isinstance(d, (int, np.integer)) and not isinstance(d, bool) and d >= 0
            ok = d is None or is_dim
            if not ok:
                raise ConversionError(f"TensorSpec: shape {dims} has the bad dim {d!r} "
                                      "(use ints >= 0, or None for a dynamic dim)")
        if name is not None and (not isinstance(name, str) or not name):
            raise ConversionTypeError(f"TensorSpec: name must be a non-empty string, got {name!r}")
        self.shape = tuple(None if d is None else int(d) for d in dims)
        self._type = to_type(dtype, "TensorSpec")
        self.dtype = dtype_name(self._type)
        self.name = name

    def __repr__(self):
        return f"TensorSpec(shape={list(self.shape)}, dtype={self.dtype!r}, name={self.name!r})"

    def __eq__(self, other):
        return (isinstance(other, TensorSpec) and self.shape == other.shape
                and self._type == other._type and self.name == other.name)

    def __hash__(self):
        return hash((self.shape, self._type, self.name))


class Module:
    """Base class for a model with several signatures (like ``tf.Module``).

    Attributes may hold numpy arrays (weights); used in a traced function they become constants,
    stored once in the file however many signatures use them.
    """

    def __init__(self, name=None):
        self._interp_name = name

    @property
    def name(self) -> str:
        return getattr(self, "_interp_name", None) or type(self).__name__

    def signature_functions(self):
        """{attribute name: bound function} for every ``@interp.function`` of this module's class,
        in sorted name order."""
        found = {}
        for attr in sorted(dir(type(self))):
            if isinstance(inspect.getattr_static(type(self), attr, None), Function):
                found[attr] = getattr(self, attr)
        return found


class Function:
    """A function decorated with ``@interp.function``; on a class, accessed through an instance it
    becomes a :class:`BoundFunction`. Calling it runs the Python function (inlined when traced)."""

    def __init__(self, python_function, input_signature, method_name=None):
        if not callable(python_function):
            raise ConversionTypeError(f"interp.function: {python_function!r} is not callable")
        self.python_function = python_function
        self.input_signature = _check_signature(python_function, input_signature)
        self.method_name = _check_method(python_function, method_name)
        functools.update_wrapper(self, python_function)

    @property
    def name(self) -> str:
        return self.python_function.__name__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return BoundFunction(self, instance)

    def __call__(self, *args, **kwargs):
        return self.python_function(*args, **kwargs)

    def __repr__(self):
        return f"<interp.function {self.name}>"


class BoundFunction:
    """An ``@interp.function`` method bound to its module instance."""

    def __init__(self, function: Function, instance):
        self.function = function
        self.instance = instance

    @property
    def name(self) -> str:
        return self.function.name

    @property
    def __name__(self):
        return self.function.name

    @property
    def input_signature(self):
        return self.function.input_signature

    @property
    def method_name(self):
        return self.function.method_name

    @property
    def python_function(self):
        return self.function.python_function

    def __call__(self, *args, **kwargs):
        return self.function.python_function(self.instance, *args, **kwargs)

    def __eq__(self, other):
        return (isinstance(other, BoundFunction) and other.function is self.function
                and other.instance is self.instance)

    def __hash__(self):
        return hash((id(self.function), id(self.instance)))

    def __repr__(self):
        return f"<interp.function {self.name} of {self.instance!r}>"


def function(func=None, input_signature=None, method_name=None):
    """Mark a signature function: ``@interp.function(input_signature=[TensorSpec(...), ...])``.

    Works on methods of an :class:`Module` and on plain functions; ``@interp.function`` without
    arguments is accepted too, but such a function cannot be converted until it has an
    ``input_signature``. ``method_name`` is the signature's TF Serving method
    (``interp.serving.CLASSIFY_METHOD_NAME`` / ``REGRESS_METHOD_NAME`` / ``PREDICT_METHOD_NAME``,
    or the short ``"classify"`` / ``"regress"`` / ``"predict"``); the default is predict.
    """
    if func is None:
        return lambda f: Function(f, input_signature, method_name)
    if isinstance(func, (list, tuple)):
        raise ConversionTypeError("interp.function: pass the specs as "
                                  "input_signature=[interp.TensorSpec(...), ...]")
    return Function(func, input_signature, method_name)


def _check_method(python_function, method_name):
    from interp import serving
    if method_name is None:
        return serving.PREDICT_METHOD_NAME
    try:
        return serving.method_name(method_name)
    except ValueError as exc:
        raise ConversionError(f"interp.function({_fname(python_function)}): {exc}") from None


def method_of(fn) -> str:
    """The TF Serving method_name of a signature function (predict when it has none)."""
    from interp import serving
    return getattr(fn, "method_name", None) or serving.PREDICT_METHOD_NAME


def _check_signature(python_function, input_signature):
    if input_signature is None:
        return None
    if isinstance(input_signature, TensorSpec) or not isinstance(input_signature, (list, tuple)):
        raise ConversionTypeError(
            f"interp.function({_fname(python_function)}): input_signature must be a list of "
            f"interp.TensorSpec, got {input_signature!r}")
    for i, spec in enumerate(input_signature):
        if not isinstance(spec, TensorSpec):
            raise ConversionTypeError(
                f"interp.function({_fname(python_function)}): input_signature[{i}] is "
                f"{spec!r}, not an interp.TensorSpec")
    return tuple(input_signature)


def _fname(fn):
    return getattr(fn, "__name__", repr(fn))


# ---------------------------------------------------------------------------------------------
# tracing a signature

def resolve(fn, module=None):
    """(python callable taking only the traced inputs, input_signature, function name) of a
    signature function: a Function, a BoundFunction, or an unbound Function plus ``module``."""
    if isinstance(fn, BoundFunction):
        func, instance = fn.function, fn.instance
    elif isinstance(fn, Function):
        func, instance = fn, None
        if module is not None and _is_method(func):
            instance = module
    elif callable(fn):
        raise ConversionError(
            f"signature function {_fname(fn)!r} is not decorated with "
            "@interp.function(input_signature=[interp.TensorSpec(...), ...])")
    else:
        raise ConversionTypeError(f"a signature must be an @interp.function, got {fn!r}")
    if func.input_signature is None:
        raise ConversionError(
            f"signature function {func.name!r} has no input_signature: decorate it with "
            "@interp.function(input_signature=[interp.TensorSpec(shape, dtype), ...])")
    if instance is None and _is_method(func):
        raise ConversionError(f"signature function {func.name!r} is a method: pass it bound "
                              "(module.fn) or give the module")
    if instance is not None:
        call = functools.partial(func.python_function, instance)
    else:
        call = func.python_function
    return call, func.input_signature, func.name, instance is not None


def _is_method(func: Function) -> bool:
    params = list(inspect.signature(func.python_function).parameters)
    return bool(params) and params[0] == "self"


def input_names(func_name, python_function, specs, bound):
    """The signature input names: TensorSpec names, else argument names."""
    params = list(inspect.signature(python_function).parameters.values())
    if bound:
        params = params[1:]
    names, positional = [], []
    var = None
    for p in params:
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            positional.append(p)
        elif p.kind == p.VAR_POSITIONAL:
            var = p
    required = [p for p in positional if p.default is p.empty]
    if len(specs) < len(required) or (var is None and len(specs) > len(positional)):
        arg_names = [p.name for p in positional]
        raise ConversionError(
            f"signature function {func_name!r}: input_signature has {len(specs)} TensorSpec(s) "
            f"but the function takes {len(required)}"
            + (f" to {len(positional)}" if len(positional) != len(required) else "")
            + f" argument(s) {arg_names}")
    for i, spec in enumerate(specs):
        if spec.name is not None:
            names.append(spec.name)
        elif i < len(positional):
            names.append(positional[i].name)
        else:
            names.append(f"{var.name}_{i - len(positional)}")
    seen = set()
    for n in names:
        if n in seen:
            raise ConversionError(f"signature function {func_name!r}: two inputs are named {n!r}")
        seen.add(n)
    return names


def trace(key: str, fn, module=None) -> Graph:
    """Run the signature function ``fn`` on traced inputs; the graph of signature ``key``."""
    call, specs, func_name, bound = resolve(fn, module)
    names = input_names(func_name, call.func if bound else call, specs, bound)
    graph = Graph(key)
    with tracing(graph):
        args = [graph.add_input(n, s._type, s.shape) for n, s in zip(names, specs)]
        result = call(*args)
    set_outputs(graph, result, f"signature '{key}' (function {func_name!r})")
    return graph


def set_outputs(graph: Graph, result, where: str):
    """Record what a signature function returned as the graph's named outputs."""
    if isinstance(result, dict):
        items = list(result.items())
    elif isinstance(result, (tuple, list)):
        items = [(f"output_{i}", v) for i, v in enumerate(result)]
    else:
        items = [("output_0", result)]
    if not items and not any(n.op == "ASSIGN_VARIABLE" for n in graph.nodes):
        raise ConversionError(f"{where} returns no outputs (and changes no variable)")
    from interp.convert.variables import Variable
    outputs = {}
    for name, value in items:
        if isinstance(value, Variable):
            value = graph._read_variable(value)
        if not isinstance(name, str) or not name:
            raise ConversionTypeError(f"{where}: output names must be non-empty strings, got "
                                      f"{name!r}")
        if name in outputs:
            raise ConversionError(f"{where}: two outputs are named {name!r}")
        if not isinstance(value, Tensor):
            raise ConversionTypeError(
                f"{where}: output {name!r} is {_describe(value)}, not a traced tensor "
                "(outputs must be computed from the inputs with interp.ops)")
        if value.graph is not graph:
            raise ConversionError(f"{where}: output {name!r} is a tensor of {value.graph.where()}")
        if value.is_constant:
            raise ConversionError(f"{where}: output {name!r} is a constant; outputs must be "
                                  "computed from the inputs")
        outputs[name] = value
    graph.outputs = outputs


def _describe(value):
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"a numpy array (shape {list(value.shape)})"
    return f"a {type(value).__name__}"
