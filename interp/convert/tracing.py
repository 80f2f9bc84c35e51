"""The converter's graph IR, and the traced tensors a user's function computes with.

Converting a signature runs its Python function once with :class:`Tensor` objects in place of
arrays. Every ``interp.ops`` call (and every operator ``+ - * / @`` on a traced tensor) appends a
:class:`Node` to the :class:`Graph` being traced and returns the node's output tensor, whose dtype
and shape (``None`` = dynamic dim) are worked out at once, so mistakes surface at the line that made
them. A graph is plain data: the passes (``interp.convert.passes``) rewrite it and the emitter
(``interp.convert.emit``) turns graphs into an ``interp.model.Model``.

Contracts:

* A graph belongs to one signature. Its tensors are inputs (``graph.inputs``), constants
  (``tensor.data`` is a numpy array; identical constants are one tensor) or node outputs.
* ``Node.op`` is the schema's BuiltinOperator name (``"FULLY_CONNECTED"``) or, for Select-TF ops,
  the custom code (``"FlexAsString"``) with ``Node.flex = (tf_op_name, attrs)``.
* ``Node.options`` holds every field of the op's options table (FORMAT.md §5.2), by schema name.
* Nothing depends on ``id()`` or set order: tracing the same function twice gives the same graph.
"""
import contextlib
import threading

import numpy as np

from interp import dtypes
from interp.errors import InterpError


class ConversionError(InterpError, ValueError):
    """A model cannot be converted: a bad op argument, shape, signature or graph definition."""


class ConversionTypeError(ConversionError, TypeError):
    """A value of the wrong kind or dtype met an op (TensorFlow raises a TypeError here too)."""


# ---------------------------------------------------------------------------------------------
# dtypes in user terms

def dtype_name(code: int) -> str:
    """``"float32"``, ``"int64"``, ``"string"``: the user-facing name of a TensorType code."""
    return dtypes.name(code).lower()


def to_type(dtype, what="dtype") -> int:
    """TensorType code of a user dtype: ``"float32"``, ``np.int64``, ``np.dtype("bool")``,
    ``"string"``/``bytes``/``str``."""
    if isinstance(dtype, int) and not isinstance(dtype, bool) and dtype in dtypes.TYPE_NAMES:
        return dtype
    if dtype in (str, bytes):
        return dtypes.STRING
    try:
        code = dtypes.from_name(dtype)
    except (TypeError, ValueError):
        raise ConversionTypeError(
            f"{what}: {dtype!r} is not a dtype interp knows "
            "(use e.g. 'float32', 'int32', 'int64', 'bool', 'string')") from None
    if code not in dtypes.NUMPY:
        raise ConversionTypeError(f"{what}: dtype {dtype_name(code)} cannot be converted")
    return code


def shape_str(shape) -> str:
    """``[None, 4]`` for messages."""
    return "[" + ", ".join("None" if d is None else str(d) for d in shape) + "]"


# ---------------------------------------------------------------------------------------------
# the IR

class Tensor:
    """A value inside a function being converted: a signature input, a constant or an op result.

    ``dtype`` is a name such as ``"float32"``; ``shape`` a tuple whose ``None`` entries are dynamic.
    Arithmetic operators build ops: ``x + y``, ``x - y``, ``x * y``, ``x / y`` (ADD, SUB, MUL, DIV
    with broadcasting; Python numbers take the tensor's dtype), ``x // y``, ``x % y``, ``x ** y``
    (FLOOR_DIV, FLOOR_MOD, POW), ``abs(x)``, ``x < y`` and the other comparisons (LESS, ...),
    ``a & b``, ``a | b``, ``~a`` on bools (LOGICAL_AND/OR/NOT), ``x @ w`` (FULLY_CONNECTED for a
    constant 2-D ``w``, else BATCH_MATMUL) and ``x[...]`` (STRIDED_SLICE). ``==`` stays Python
    identity, as in TensorFlow 2 (use ``interp.ops.equal``).
    """
    __slots__ = ("graph", "type", "shape", "producer", "hint", "data", "is_variable")
    __array_ufunc__ = None  # numpy defers to the reflected operators: np_array * t -> t.__rmul__

    def __init__(self, graph, type_code, shape, producer=None, hint="", data=None,
                 is_variable=False):
        self.graph = graph
        self.type = type_code
        self.shape = tuple(shape)
        self.producer = producer
        self.hint = hint
        self.data = data
        self.is_variable = is_variable  # an op's state (LSTM): written is_variable, no producer

    @property
    def dtype(self) -> str:
        return dtype_name(self.type)

    @property
    def rank(self) -> int:
        return len(self.shape)

    @property
    def is_constant(self) -> bool:
        return self.data is not None

    @property
    def name(self) -> str:
        return self.hint

    def __repr__(self):
        kind = "constant" if self.is_constant else "tensor"
        return (f"<interp traced {kind} '{self.hint}' shape={shape_str(self.shape)} "
                f"dtype={self.dtype}>")

    # operators: the public functions, so operators and interp.ops give identical graphs
    def __add__(self, other):
        return _api().add(self, other)

    def __radd__(self, other):
        return _api().add(other, self)

    def __sub__(self, other):
        return _api().subtract(self, other)

    def __rsub__(self, other):
        return _api().subtract(other, self)

    def __mul__(self, other):
        return _api().multiply(self, other)

    def __rmul__(self, other):
        return _api().multiply(other, self)

    def __truediv__(self, other):
        return _api().divide(self, other)

    def __rtruediv__(self, other):
        return _api().divide(other, self)

    def __matmul__(self, other):
        return _api().matmul(self, other)

    def __rmatmul__(self, other):
        return _api().matmul(other, self)

    def _refuse(self, what):
        raise ConversionTypeError(
            f"{what} of a traced tensor is not possible: {self!r} has no value while the function "
            "is converted (it is a placeholder for the data the model will receive)")

    def __bool__(self):
        self._refuse("taking the truth value")

    def __iter__(self):
        self._refuse("iterating over elements")

    def __len__(self):
        self._refuse("len()")

    def __index__(self):
        self._refuse("using as an index")

    def __float__(self):
        self._refuse("float()")

    def __int__(self):
        self._refuse("int()")

    def __array__(self, *args, **kwargs):
        self._refuse("converting to a numpy array")

    def __getitem__(self, item):
        """Python indexing and slicing (``x[1:, ::2]``, ``x[..., 0]``, ``x[:, None]``) as
        STRIDED_SLICE, like TensorFlow's ``Tensor.__getitem__``; indices must be Python ints."""
        return _api().getitem(self, item)

    def __neg__(self):
        return _api().multiply(self, -1)

    def __floordiv__(self, other):
        return _api().floordiv(self, other)

    def __rfloordiv__(self, other):
        return _api().floordiv(other, self)

    def __mod__(self, other):
        return _api().floormod(self, other)

    def __rmod__(self, other):
        return _api().floormod(other, self)

    def __pow__(self, other):
        return _api().pow(self, other)

    def __rpow__(self, other):
        return _api().pow(other, self)

    def __abs__(self):
        return _api().abs(self)

    def __lt__(self, other):
        return _api().less(self, other)

    def __le__(self, other):
        return _api().less_equal(self, other)

    def __gt__(self, other):
        return _api().greater(self, other)

    def __ge__(self, other):
        return _api().greater_equal(self, other)

    def __and__(self, other):
        return _api().logical_and(self, other)

    def __rand__(self, other):
        return _api().logical_and(other, self)

    def __or__(self, other):
        return _api().logical_or(self, other)

    def __ror__(self, other):
        return _api().logical_or(other, self)

    def __invert__(self):
        return _api().logical_not(self)


class Node:
    """One op of a graph. ``inputs`` may hold None for an omitted optional input (written -1).

    ``calls`` maps an options field naming a subgraph (``body_subgraph_index``) to the
    :class:`Graph` it runs; the emitter numbers those graphs and fills the field in."""
    __slots__ = ("op", "inputs", "outputs", "options", "flex", "calls")

    def __init__(self, op, inputs, options=None, flex=None, calls=None):
        self.op = op
        self.inputs = list(inputs)
        self.outputs = []
        self.options = dict(options or {})
        self.flex = flex  # (TensorFlow op name, {attr: value}) for Select-TF ops
        self.calls = dict(calls or {})

    def __repr__(self):
        return f"<Node {self.op} -> {[t.hint for t in self.outputs]}>"


class Graph:
    """The traced body of one signature: inputs, constants, nodes in execution order, outputs."""

    parent = None  # the graph whose op calls this one (control flow), None for a signature

    def __init__(self, key: str):
        self.key = key
        self.inputs = []      # [(signature input name, Tensor)] in argument order
        self.nodes = []       # execution (topological) order
        self.outputs = {}     # signature output name -> Tensor, in the order returned
        self._constants = {}  # (type, shape, bytes) -> Tensor
        self._names = set()
        from interp.convert.variables import Scope, current_scope
        self.variables = current_scope() or Scope()  # names and order, shared by the signatures
        self._handles = {}    # id(Variable) -> its VAR_HANDLE tensor in this graph
        self._reads = {}      # id(Variable) -> its READ_VARIABLE tensor, until the next assign

    def unique_name(self, base: str) -> str:
        """``base``, or ``base_1``, ``base_2``, ... if taken (op names as TensorFlow makes them)."""
        if not isinstance(base, str) or not base:
            raise ConversionTypeError(f"op names must be non-empty strings, got {base!r}")
        name, n = base, 0
        while name in self._names:
            n += 1
            name = f"{base}_{n}"
        self._names.add(name)
        return name

    def where(self) -> str:
        return f"signature '{self.key}'"

    def sees(self, other) -> bool:
        """Whether tensors of ``other`` may be read here: this graph's own, or (captured) those of
        the graphs it is called from."""
        g = self
        while g is not None:
            if g is other:
                return True
            g = g.parent
        return False

    def add_input(self, name, type_code, shape) -> Tensor:
        t = Tensor(self, type_code, shape, hint=name)
        self.inputs.append((name, t))
        return t

    def constant(self, array: np.ndarray, type_code: int, hint: str) -> Tensor:
        """The constant tensor holding ``array`` (one per distinct dtype, shape and bytes)."""
        key = (type_code, tuple(array.shape), constant_bytes(array, type_code))
        t = self._constants.get(key)
        if t is None:
            t = Tensor(self, type_code, array.shape, hint=hint, data=array)
            self._constants[key] = t
        return t

    def add_node(self, op, inputs, out_type, out_shape, hint, options=None, flex=None) -> Tensor:
        """Append ``op`` reading ``inputs``; returns its (single) output tensor."""
        node = Node(op, inputs, options, flex)
        out = Tensor(self, out_type, out_shape, producer=node, hint=hint)
        node.outputs.append(out)
        self.nodes.append(node)
        return out

    def add_node_n(self, op, inputs, outs, hint, options=None) -> list:
        """Append an op with several outputs, ``outs`` = [(type, shape)]; returns the tensors
        (named ``hint``, ``hint:1``, ``hint:2``, ...)."""
        node = Node(op, inputs, options)
        for i, (out_type, out_shape) in enumerate(outs):
            node.outputs.append(Tensor(self, out_type, out_shape, producer=node,
                                       hint=hint if i == 0 else f"{hint}:{i}"))
        self.nodes.append(node)
        return list(node.outputs)

    # -- variables (interp.convert.variables) ---------------------------------------------------

    def _variable_name(self, var):
        return self.variables.name(var)

    def _variable_handle(self, var):
        h = self._handles.get(id(var))
        if h is None:
            name = self._variable_name(var)
            h = self._handles[id(var)] = self.add_node(
                "VAR_HANDLE", [], dtypes.RESOURCE, (), name,
                options={"container": "", "shared_name": name})
        return h

    def _read_variable(self, var):
        t = self._reads.get(id(var))
        if t is None:
            h = self._variable_handle(var)
            t = self._reads[id(var)] = self.add_node(
                "READ_VARIABLE", [h], var._type, var.shape, self._variable_name(var) + "/read")
        return t

    def _assign_variable(self, var, value):
        h = self._variable_handle(var)
        self.nodes.append(Node("ASSIGN_VARIABLE", [h, value]))
        self._reads.pop(id(var), None)  # later reads see the new value

    def consumers(self):
        """{id(tensor): number of node inputs and signature outputs reading it}."""
        counts = {}
        for node in self.nodes:
            for t in node.inputs:
                if t is not None:
                    counts[id(t)] = counts.get(id(t), 0) + 1
        for t in self.outputs.values():
            counts[id(t)] = counts.get(id(t), 0) + 1
        return counts


def constant_bytes(array: np.ndarray, type_code: int) -> bytes:
    """The buffer bytes of a constant: little-endian C order, strings as FORMAT.md §6."""
    if type_code == dtypes.STRING:
        from interp.strings import encode_strings
        return bytes(encode_strings(array))
    dt = dtypes.NUMPY[type_code].newbyteorder("<")
    return np.ascontiguousarray(array, dtype=dt).tobytes()


# ---------------------------------------------------------------------------------------------
# the tracing context

_state = threading.local()


def current_graph():
    """The graph being traced on this thread, or None."""
    stack = getattr(_state, "stack", None)
    return stack[-1] if stack else None


@contextlib.contextmanager
def tracing(graph: Graph):
    """Make ``graph`` the target of ``interp.ops`` calls on this thread while the block runs."""
    stack = getattr(_state, "stack", None)
    if stack is None:
        stack = _state.stack = []
    stack.append(graph)
    try:
        yield graph
    finally:
        stack.pop()


def _api():
    from interp.convert import api
    return api


# ---------------------------------------------------------------------------------------------
# values -> tensors

def graph_of(op, *values) -> Graph:
    """The graph an op call belongs to: that of its traced tensors, else the one being traced."""
    current = current_graph()
    if current is not None and current.parent is not None:
        # tracing a called graph (interp.ops.while_loop / cond): outer tensors are captured
        for v in values:
            if isinstance(v, Tensor) and not current.sees(v.graph):
                raise ConversionError(
                    f"{op}: a tensor of {v.graph.where()} was used while tracing "
                    f"{current.where()} (a loop or branch reads its own tensors and those of "
                    "the functions it is called from; tensors cannot cross signatures)")
        return current
    graph = None
    for v in values:
        if isinstance(v, Tensor):
            if graph is not None and v.graph is not graph:
                raise ConversionError(
                    f"{op}: mixes tensors of {graph.where()} and {v.graph.where()}")
            graph = v.graph
    if graph is None:
        graph = current
    if graph is None:
        raise ConversionError(
            f"interp.ops.{op} works on traced tensors only: call it inside a function decorated "
            "with @interp.function while a Converter converts it")
    if current is not None and graph is not current:
        raise ConversionError(f"{op}: a tensor of {graph.where()} was used while tracing "
                              f"{current.where()} (tensors cannot cross signatures)")
    return graph


def is_weak(value) -> bool:
    """Python numbers, strings and (nested) lists of them: their dtype follows the other operand."""
    return isinstance(value, (bool, int, float, str, bytes, list, tuple))


def to_tensor(graph, value, op, what, like=None, hint=None) -> Tensor:
    """``value`` as a tensor of ``graph``.

    Traced tensors pass through. numpy arrays and scalars become constants of their own dtype.
    Python values (numbers, strings, nested lists) become constants of dtype ``like`` (a TensorType
    code) when given, else float32 / int32 (int64 when out of range) / bool / string.
    """
    if isinstance(value, Tensor):
        return value
    from interp.convert.variables import Variable
    if isinstance(value, Variable):
        return graph._read_variable(value)
    hint = hint or f"{op}/{what}"
    if isinstance(value, (np.ndarray, np.generic)):
        array = np.asarray(value)
        if array.dtype.kind in "USO":
            return graph.constant(_string_array(array, op, what), dtypes.STRING, hint)
        try:
            code = dtypes.from_numpy(array.dtype)
        except ValueError:
            raise ConversionTypeError(f"{op}: {what} has numpy dtype {array.dtype}, which has no "
                                      ".tflite type") from None
        return graph.constant(array, code, hint)
    if is_weak(value):
        array, code = weak_array(value, like, op, what)
        return graph.constant(array, code, hint)
    raise ConversionTypeError(f"{op}: {what} must be a traced tensor, a numpy array or a Python "
                              f"number/list, got {type(value).__name__}")


def weak_array(value, like, op, what):
    """(numpy array, TensorType code) of a Python value, cast to ``like`` if given (TF's rules:
    ints may become floats, floats never become ints, strings only strings, bools only bools)."""
    try:
        array = np.asarray(value)
    except ValueError as e:
        raise ConversionError(f"{op}: {what} is not a rectangular nested list ({e})") from None
    kind = array.dtype.kind
    if kind in "US":
        array = _string_array(array, op, what)
        kind = "S"
    elif kind == "O" and all(isinstance(v, (str, bytes)) for v in array.reshape(-1)):
        array = _string_array(array, op, what)
        kind = "S"
    if kind not in "biufS":
        raise ConversionTypeError(f"{op}: cannot make a constant of {what} = {value!r}")
    if like is None:
        if kind == "S":
            return array, dtypes.STRING
        if kind == "b":
            return array.astype(np.bool_), dtypes.BOOL
        if kind == "f":
            return array.astype(np.float32), dtypes.FLOAT32
        info = np.iinfo(np.int32)
        if array.size and (array.min() < info.min or array.max() > info.max):
            return array.astype(np.int64), dtypes.INT64
        return array.astype(np.int32), dtypes.INT32
    target = dtypes.NUMPY.get(like)
    ok = {"f": "biuf", "c": "biuf", "i": "biu", "u": "biu", "b": "b", "O": "S"}
    tkind = "O" if like == dtypes.STRING else target.kind
    if kind not in ok.get(tkind, ""):
        raise ConversionTypeError(
            f"{op}: cannot convert {what} = {value!r} ({_python_kind(kind)}) to a "
            f"{dtype_name(like)} constant to match the other operand")
    if like == dtypes.STRING:
        return array, like
    if tkind in "iu" and array.size:
        info = np.iinfo(target)
        if array.min() < info.min or array.max() > info.max:
            raise ConversionError(
                f"{op}: {what} = {value!r} is out of range for {dtype_name(like)}")
    return array.astype(target), like


def _python_kind(kind):
    return {"b": "bool", "i": "int", "u": "int", "f": "float", "S": "string"}.get(kind, kind)


def _string_array(array, op, what):
    out = np.empty(array.shape, dtype=object)
    flat_in, flat_out = array.reshape(-1), out.reshape(-1)
    for i, v in enumerate(flat_in):
        if isinstance(v, np.str_) or isinstance(v, str):
            flat_out[i] = str(v).encode("utf-8")
        elif isinstance(v, (bytes, np.bytes_)):
            flat_out[i] = bytes(v)
        else:
            raise ConversionTypeError(f"{op}: {what} mixes strings with {type(v).__name__}")
    return out


# ---------------------------------------------------------------------------------------------
# shapes

def broadcast_shapes(op, a, b):
    """numpy broadcasting of two shapes with ``None`` (dynamic) dims, as TensorFlow infers it."""
    rank = max(len(a), len(b))
    a = (1,) * (rank - len(a)) + tuple(a)
    b = (1,) * (rank - len(b)) + tuple(b)
    out = []
    for i, (x, y) in enumerate(zip(a, b)):
        if x == 1:
            out.append(y)
        elif y == 1:
            out.append(x)
        elif x is None:
            out.append(y)
        elif y is None or x == y:
            out.append(x)
        else:
            raise ConversionError(f"{op}: shapes {shape_str(a)} and {shape_str(b)} cannot be "
                                  f"broadcast (dimension {i}: {x} vs {y})")
    return tuple(out)
