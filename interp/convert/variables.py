"""``interp.Variable``: state a converted model keeps across calls, shared by its signatures.

Inside a signature function a Variable reads like a tensor (``x @ v``, ``v + 1``,
``interp.ops.relu(v)``) and changes with ``v.assign(value)``, ``v.assign_add(delta)`` and
``v.assign_sub(delta)``. The converter writes what TensorFlow's converter writes for resource
variables, so the file runs in LiteRT too:

* every use reads the variable with ``READ_VARIABLE(VAR_HANDLE(name))``; a read after an assign in
  the same function sees the assigned value (ops run in the order they were traced);
* ``ASSIGN_VARIABLE`` ops are kept even though no output depends on them;
* an initializer subgraph (``NoOp``) assigns every variable its initial value, and each signature
  subgraph starts with ``CALL_ONCE`` of it, so the initial values are set once per interpreter.

Names (the VAR_HANDLE ``shared_name``, and what ``Interpreter.get_variables()`` returns): the
``name=`` given, else the attribute path in the converted module (``w``, ``dense/kernel`` for a
sub-module attribute), else ``variable``, ``variable_1``, ... in order of first use.
"""
import contextlib
import threading

import numpy as np

from interp import dtypes
from interp.convert.tracing import (ConversionError, ConversionTypeError, Tensor, current_graph,
                                    to_tensor, weak_array, shape_str)

TYPES = (dtypes.FLOAT32, dtypes.INT32, dtypes.INT64, dtypes.BOOL)


class Variable:
    def __init__(self, initial_value, dtype=None, name=None):
        if isinstance(initial_value, Tensor):
            raise ConversionTypeError("Variable: the initial value must be a concrete value "
                                      "(numpy array or Python number/list), not a traced tensor")
        if dtype is not None:
            from interp.convert.tracing import to_type
            code = to_type(dtype, "Variable dtype")
            array = np.asarray(initial_value, dtype=dtypes.NUMPY[code])
        elif isinstance(initial_value, (np.ndarray, np.generic)):
            array = np.asarray(initial_value)
            try:
                code = dtypes.from_numpy(array.dtype)
            except ValueError:
                raise ConversionTypeError(f"Variable: numpy dtype {array.dtype} has no .tflite "
                                          f"type") from None
        else:
            array, code = weak_array(initial_value, None, "Variable", "initial value")
        if code not in TYPES:
            raise ConversionTypeError(f"Variable: dtype {dtypes.name(code).lower()} is not "
                                      f"supported (float32, int32, int64, bool)")
        if name is not None and (not isinstance(name, str) or not name):
            raise ConversionTypeError(f"Variable: name must be a non-empty string, got {name!r}")
        self._initial = np.array(array, copy=True)
        self._initial.flags.writeable = False
        self._type = code
        self.name = name

    @property
    def dtype(self) -> str:
        return dtypes.name(self._type).lower()

    @property
    def shape(self):
        return tuple(self._initial.shape)

    @property
    def initial_value(self):
        return self._initial

    def __repr__(self):
        return f"<interp.Variable {self.name or '(unnamed)'} {self.dtype}{list(self.shape)}>"

    # -- inside a traced function ------------------------------------------------------------

    def _graph(self, what):
        graph = current_graph()
        if graph is None:
            raise ConversionError(f"Variable.{what} works while a signature function is being "
                                  "converted (inside an @interp.function)")
        return graph

    def value(self):
        """The variable's current value, as a traced tensor."""
        return self._graph("value")._read_variable(self)

    read_value = value

    def assign(self, value):
        """Set the variable to ``value`` (same dtype and shape); returns the new value."""
        graph = self._graph("assign")
        tensor = to_tensor(graph, value, "assign", "value", like=self._type)
        if tensor.type != self._type:
            raise ConversionTypeError(f"Variable {graph._variable_name(self)!r} is {self.dtype}; "
                                      f"cannot assign {dtypes.name(tensor.type).lower()}")
        if tuple(tensor.shape) != self.shape:
            raise ConversionError(f"Variable {graph._variable_name(self)!r} has shape "
                                  f"{shape_str(self.shape)}; cannot assign a value of shape "
                                  f"{shape_str(tensor.shape)}")
        graph._assign_variable(self, tensor)
        return tensor

    def assign_add(self, delta):
        return self.assign(self.value() + delta)

    def assign_sub(self, delta):
        return self.assign(self.value() - delta)

    # Read-like uses: a Variable stands for its value.
    def __add__(self, o): return self.value() + o
    def __radd__(self, o): return o + self.value()
    def __sub__(self, o): return self.value() - o
    def __rsub__(self, o): return o - self.value()
    def __mul__(self, o): return self.value() * o
    def __rmul__(self, o): return o * self.value()
    def __truediv__(self, o): return self.value() / o
    def __rtruediv__(self, o): return o / self.value()
    def __matmul__(self, o): return self.value() @ o
    def __rmatmul__(self, o): return o @ self.value()
    def __neg__(self): return -self.value()
    def __getitem__(self, item): return self.value()[item]

    __array_ufunc__ = None


# ---------------------------------------------------------------------------------------------
# naming, per conversion

class Scope:
    """The variables of one conversion: their names and first-use order across signatures."""

    def __init__(self, module=None):
        self._paths = _attribute_paths(module) if module is not None else {}
        self._names = {}   # id(var) -> name
        self.order = []    # [Variable] in first-use order

    def name(self, var):
        name = self._names.get(id(var))
        if name is None:
            name = var.name or self._paths.get(id(var))
            taken = set(self._names.values())
            if name is None:
                name, n = "variable", 0
                while name in taken:
                    n += 1
                    name = f"variable_{n}"
            elif name in taken:
                raise ConversionError(f"two different Variables are named {name!r}")
            self._names[id(var)] = name
            self.order.append(var)
        return name


def _attribute_paths(module, prefix="", seen=None):
    """{id(Variable): 'attr/path'} for Variables reachable from ``module``'s attributes."""
    from interp.convert.module import Module
    seen = set() if seen is None else seen
    if id(module) in seen:
        return {}
    seen.add(id(module))
    found = {}
    items = sorted(vars(module).items()) if hasattr(module, "__dict__") else []
    for attr, value in items:
        if attr.startswith("_"):
            continue
        path = f"{prefix}{attr}"
        values = [(path, value)]
        if isinstance(value, (list, tuple)):
            values = [(f"{path}/{i}", v) for i, v in enumerate(value)]
        elif isinstance(value, dict):
            values = [(f"{path}/{k}", v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))]
        for p, v in values:
            if isinstance(v, Variable):
                found.setdefault(id(v), p)
            elif isinstance(v, Module):
                for k, q in _attribute_paths(v, p + "/", seen).items():
                    found.setdefault(k, q)
    return found


_state = threading.local()


def current_scope():
    return getattr(_state, "scope", None)


@contextlib.contextmanager
def scope(s):
    old = current_scope()
    _state.scope = s
    try:
        yield s
    finally:
        _state.scope = old


__all__ = ["Scope", "Variable", "current_scope", "scope"]
