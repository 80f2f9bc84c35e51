"""Model-level checks of a loaded :class:`interp.model.Model`, before any kernel sees it.

The work is split in two, and each check lives in exactly one place:

``interp.loader`` (while decoding bytes; it needs these to decode safely)
    every table, vtable, offset, vector length and string inside the file; enum values
    (TensorType, BuiltinOperator, BuiltinOptions, QuantizationDetails); every index a record holds
    (op inputs/outputs/intermediates -> tensors, tensor -> buffer, op -> operator code, signature ->
    subgraph and tensors, metadata -> buffer); a constant tensor's shape x dtype against its buffer
    size; the STRING buffer layout (count, header, offsets monotonic and inside the buffer, via
    ``interp.strings``); quantization parameter counts (scales vs zero points, per-axis count = that
    dimension's size, axis in range).

:func:`verify` (this module; relations between records, and resource limits)
    the options table of each builtin op (the union type must match the op where the schema pairs
    them); input/output counts of builtin ops whose arity is fixed; op outputs that are constants
    (kernels would write into the read-only model bytes); use of a tensor before anything defines it
    (not a subgraph input, constant, variable or an earlier op's output) and dependency cycles;
    subgraph indices in control-flow options (WHILE, IF, CALL_ONCE, ...) and recursion through
    them; signature inputs that are not inputs of their subgraph; and :class:`Limits`.

Every failure is a :class:`interp.errors.ModelError` naming the subgraph, the op (index and name), the
tensor (index and name) and expected vs got.
"""
import math
from dataclasses import dataclass

from interp import dtypes
from interp import schema_tables as _schema
from interp.errors import ModelError
from interp.opnames import BUILTIN_CODES, builtin_name

__all__ = ["Limits", "DEFAULT_LIMITS", "verify", "options_table", "ARITY"]

_UNION = _schema.UNIONS["BuiltinOptions"]
_CUSTOM = BUILTIN_CODES["CUSTOM"]


@dataclass(frozen=True)
class Limits:
    """Resource limits a model must stay within: checked on load, and while running for what only
    then is known (``max_tensor_bytes`` for shapes computed in prepare, ``max_arena_bytes`` when an
    arena grows, ``max_while_iterations`` in WHILE). The defaults are far above any real model;
    lower them to run untrusted files on a small machine (docs/robustness.md). ``None`` switches a
    limit off."""
    max_tensor_bytes: int = 8 << 30       # one tensor, from its static shape
    max_arena_bytes: int = 32 << 30       # the non-constant tensors of one subgraph, all together
    max_rank: int = 64
    max_tensors: int = 10_000_000         # per subgraph
    max_operators: int = 10_000_000       # per subgraph
    max_subgraphs: int = 100_000
    max_call_depth: int = 1_000           # nesting of WHILE / IF / CALL_ONCE subgraph calls
    max_while_iterations: int = 100_000_000  # one WHILE op's iterations in one invoke

    def __post_init__(self):
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                raise TypeError(f"Limits.{name} must be a non-negative int or None, got {value!r}")


DEFAULT_LIMITS = Limits()


# ------------------------------------------------------------------------------ options tables
def _norm(name):
    return name.replace("_", "").lower()


_BY_NORM = {_norm(t[:-len("Options")]): t for t in _UNION if t.endswith("Options")}
# Ops whose table is not named after them (LiteRT's pairing, schema comments).
_SHARED_TABLES = {
    "AVERAGE_POOL_2D": "Pool2DOptions", "MAX_POOL_2D": "Pool2DOptions", "L2_POOL_2D": "Pool2DOptions",
    "L2_NORMALIZATION": "L2NormOptions", "MEAN": "ReducerOptions", "SUM": "ReducerOptions",
    "REDUCE_MAX": "ReducerOptions", "REDUCE_MIN": "ReducerOptions", "REDUCE_PROD": "ReducerOptions",
    "REDUCE_ANY": "ReducerOptions", "REDUCE_ALL": "ReducerOptions",
    "MAXIMUM": "MaximumMinimumOptions", "MINIMUM": "MaximumMinimumOptions",
    "UNIDIRECTIONAL_SEQUENCE_RNN": "SequenceRNNOptions", "LSTM": "LSTMOptions",
    "RANDOM_STANDARD_NORMAL": "RandomOptions", "RANDOM_UNIFORM": "RandomOptions",
    "MULTINOMIAL": "RandomOptions",
}


def options_table(op_name):
    """The BuiltinOptions table the schema pairs with builtin op ``op_name``, or None if unknown."""
    table = _SHARED_TABLES.get(op_name)
    if table is None:
        table = _BY_NORM.get(_norm(op_name))
    return table


_OPTIONS_TYPE = {}
for _code, _name in ((c, builtin_name(c)) for c in BUILTIN_CODES.values()):
    _t = options_table(_name)
    if _t is not None:
        _OPTIONS_TYPE[_code] = _UNION.index(_t) + 1


# ------------------------------------------------------------------------------------- arity
def _a(n_in, n_out):
    return (n_in if isinstance(n_in, tuple) else (n_in, n_in),
            n_out if isinstance(n_out, tuple) else (n_out, n_out))


_MANY = 1 << 30
_UNARY = ("LOGISTIC TANH RELU RELU6 RELU_N1_TO_1 RELU_0_TO_1 ELU HARD_SWISH GELU EXP LOG SQRT RSQRT "
          "SQUARE ABS NEG SIN COS FLOOR CEIL ROUND SIGN LOGICAL_NOT CAST ZEROS_LIKE SHAPE "
          "L2_NORMALIZATION LOG_SOFTMAX LEAKY_RELU SOFTMAX SQUEEZE DEPTH_TO_SPACE SPACE_TO_DEPTH "
          "AVERAGE_POOL_2D MAX_POOL_2D L2_POOL_2D WHERE QUANTIZE DEQUANTIZE READ_VARIABLE "
          "HASHTABLE_SIZE")
_BINARY = ("ADD SUB MUL DIV MAXIMUM MINIMUM POW FLOOR_DIV FLOOR_MOD SQUARED_DIFFERENCE LESS "
           "LESS_EQUAL GREATER GREATER_EQUAL EQUAL NOT_EQUAL LOGICAL_AND LOGICAL_OR PRELU GATHER "
           "GATHER_ND PAD MIRROR_PAD TRANSPOSE TILE BROADCAST_TO FILL EXPAND_DIMS MEAN SUM REDUCE_MAX "
           "REDUCE_MIN REDUCE_PROD REDUCE_ANY REDUCE_ALL ARG_MAX ARG_MIN CUMSUM BATCH_MATMUL "
           "RESIZE_BILINEAR RESIZE_NEAREST_NEIGHBOR")
# Input and output counts ((min, max), (min, max)) of builtin ops whose arity LiteRT fixes.
# An omitted optional input (-1) still counts.
ARITY = {name: _a(1, 1) for name in _UNARY.split()}
ARITY.update({name: _a(2, 1) for name in _BINARY.split()})
ARITY.update({
    "SELECT": _a(3, 1), "SELECT_V2": _a(3, 1), "RESHAPE": _a((1, 2), 1),
    "FULLY_CONNECTED": _a((2, 3), (1, 2)), "CONV_2D": _a((2, 3), 1),
    "DEPTHWISE_CONV_2D": _a((2, 3), 1), "TRANSPOSE_CONV": _a((3, 4), 1),
    "CONCATENATION": _a((1, _MANY), 1), "PACK": _a((1, _MANY), 1), "UNPACK": _a(1, (0, _MANY)),
    "SPLIT": _a(2, (1, _MANY)), "SPLIT_V": _a(3, (1, _MANY)), "PADV2": _a(3, 1), "SLICE": _a(3, 1),
    "STRIDED_SLICE": _a(4, 1), "RANGE": _a(3, 1), "ONE_HOT": _a(4, 1), "TOPK_V2": _a(2, 2),
    "BATCH_TO_SPACE_ND": _a(3, 1), "SPACE_TO_BATCH_ND": _a(3, 1),
    "UNIDIRECTIONAL_SEQUENCE_LSTM": _a((20, 24), 1), "VAR_HANDLE": _a(0, 1),
    "ASSIGN_VARIABLE": _a(2, 0), "CALL_ONCE": _a(0, 0), "HASHTABLE": _a(0, 1),
    "HASHTABLE_FIND": _a(3, 1), "HASHTABLE_IMPORT": _a(3, 0),
})
_ARITY_BY_CODE = {BUILTIN_CODES[n]: v for n, v in ARITY.items() if n in BUILTIN_CODES}
# Inputs (by position) that ops of ARITY may omit (-1); ops not listed here take none omitted.
_ANY = None
OPTIONAL_INPUTS = {"FULLY_CONNECTED": {2}, "CONV_2D": {2}, "DEPTHWISE_CONV_2D": {2},
                   "TRANSPOSE_CONV": {3}, "RESHAPE": {1},
                   "UNIDIRECTIONAL_SEQUENCE_LSTM": {1, 5, 9, 10, 11, 12, 16, 17, 20, 21, 22, 23}}
_OPTIONAL_BY_CODE = {BUILTIN_CODES[n]: frozenset(v) for n, v in OPTIONAL_INPUTS.items()}
_OPTIONAL_BY_CODE.update({c: frozenset() for c in _ARITY_BY_CODE if c not in _OPTIONAL_BY_CODE})
_CONTROL = {BUILTIN_CODES[n] for n in ("WHILE", "IF", "CALL_ONCE") if n in BUILTIN_CODES}


def _count(lo, hi):
    if lo == hi:
        return str(lo)
    return f"at least {lo}" if hi >= _MANY else f"{lo} to {hi}"


# ---------------------------------------------------------------------------------- the checks
class _Where:
    """Names places in messages: ``subgraph 1 ('body') operator 3 (ADD)``, ``tensor 5 ('x')``."""

    def __init__(self, model):
        self.model = model

    def subgraph(self, s):
        name = self.model.subgraphs[s].name
        return f"subgraph {s} ({name!r})" if name else f"subgraph {s}"

    def op_label(self, op):
        code = self.model.operator_codes[op.opcode_index]
        return code.custom_code if code.builtin_code == _CUSTOM and code.custom_code else \
            builtin_name(code.builtin_code)

    def op(self, s, k):
        op = self.model.subgraphs[s].operators[k]
        return f"{self.subgraph(s)} operator {k} ({self.op_label(op)})"

    def tensor(self, s, t):
        name = self.model.subgraphs[s].tensors[t].name
        return f"tensor {t} ({name!r})" if name else f"tensor {t}"


def verify(model, limits=None):
    """Check ``model`` (as returned by ``interp.loader.load_model``); raise ModelError on the first
    problem. ``limits``: a :class:`Limits` (None = :data:`DEFAULT_LIMITS`)."""
    limits = DEFAULT_LIMITS if limits is None else limits
    if not isinstance(limits, Limits):
        raise TypeError(f"limits must be an interp.Limits, not {type(limits).__name__}")
    where = _Where(model)
    n_sub = len(model.subgraphs)
    _limit(limits.max_subgraphs, n_sub, "model", "subgraphs")
    for s, sg in enumerate(model.subgraphs):
        _limit(limits.max_tensors, len(sg.tensors), where.subgraph(s), "tensors")
        _limit(limits.max_operators, len(sg.operators), where.subgraph(s), "operators")
        _check_tensors(model, s, where, limits)
        _check_operators(model, s, where)
        _check_dataflow(model, s, where)
    _check_calls(model, where, limits)
    _check_signatures(model, where)
    return model


def _limit(limit, got, place, what):
    if limit is not None and got > limit:
        raise ModelError(f"{place}: has {got} {what}, more than the limit of {limit} "
                         f"(interp.Limits)")


def _is_const(model, tensor):
    return model.tensor_data(tensor) is not None


def _check_tensors(model, s, where, limits):
    sg = model.subgraphs[s]
    activation_bytes = 0
    for t, tensor in enumerate(sg.tensors):
        shape = tensor.shape
        if limits.max_rank is not None and len(shape) > limits.max_rank:
            raise ModelError(f"{where.subgraph(s)} {where.tensor(s, t)}: rank {len(shape)} is above "
                             f"the limit of {limits.max_rank} (interp.Limits.max_rank)")
        dtype = dtypes.NUMPY.get(tensor.type)
        itemsize = dtype.itemsize if dtype is not None else 8
        nbytes = math.prod(shape) * itemsize
        if limits.max_tensor_bytes is not None and nbytes > limits.max_tensor_bytes:
            raise ModelError(f"{where.subgraph(s)} {where.tensor(s, t)}: shape {list(shape)} of "
                             f"{dtypes.name(tensor.type)} needs {nbytes} bytes, above the limit of "
                             f"{limits.max_tensor_bytes} (interp.Limits.max_tensor_bytes)")
        if not _is_const(model, tensor):
            activation_bytes += nbytes
        elif tensor.has_sparsity:
            raise ModelError(f"{where.subgraph(s)} {where.tensor(s, t)}: a sparse constant (sparsity "
                             "parameters); interp does not densify sparse tensors")
    if limits.max_arena_bytes is not None and activation_bytes > limits.max_arena_bytes:
        raise ModelError(f"{where.subgraph(s)}: its non-constant tensors need {activation_bytes} "
                         f"bytes, above the limit of {limits.max_arena_bytes} "
                         "(interp.Limits.max_arena_bytes)")


def _check_operators(model, s, where):
    sg = model.subgraphs[s]
    for k, op in enumerate(sg.operators):
        code = model.operator_codes[op.opcode_index].builtin_code
        if code == _CUSTOM:
            if op.builtin_options_type:
                raise ModelError(f"{where.op(s, k)}: a custom op with builtin options "
                                 f"{_UNION[op.builtin_options_type - 1]}")
            continue
        want = _OPTIONS_TYPE.get(code)
        got = op.builtin_options_type
        if got and want is not None and got != want:
            raise ModelError(f"{where.op(s, k)}: builtin options are {_UNION[got - 1]}, expected "
                             f"{_UNION[want - 1]} (or none)")
        arity = _ARITY_BY_CODE.get(code)
        if arity is not None:
            (ilo, ihi), (olo, ohi) = arity
            if not ilo <= len(op.inputs) <= ihi:
                raise ModelError(f"{where.op(s, k)}: expects {_count(ilo, ihi)} inputs, got "
                                 f"{len(op.inputs)}")
            if not olo <= len(op.outputs) <= ohi:
                raise ModelError(f"{where.op(s, k)}: expects {_count(olo, ohi)} outputs, got "
                                 f"{len(op.outputs)}")


def _check_dataflow(model, s, where):
    """Every op input must exist when the op runs (a later op's output read early is a cycle); no
    op writes a constant, a subgraph input or a tensor another op writes (the second prepare would
    resize it under the first one's kernel: a heap overflow, found by the fuzzer); subgraph inputs
    are distinct; only optional inputs of builtin ops with a known arity may be omitted (-1)."""
    sg = model.subgraphs[s]
    tensors = sg.tensors
    producer = {}
    for k, op in enumerate(sg.operators):
        for j, t in enumerate(op.outputs):
            tensor = tensors[t]
            if _is_const(model, tensor):
                raise ModelError(f"{where.op(s, k)}: output {j} is {where.tensor(s, t)}, a constant "
                                 f"of the model (buffer {tensor.buffer}); ops cannot write constants")
            if t in producer:
                raise ModelError(f"{where.op(s, k)}: output {j} is {where.tensor(s, t)}, which "
                                 f"operator {producer[t]} ({where.op_label(sg.operators[producer[t]])}) "
                                 "already produces; a tensor has one producer")
            producer[t] = k
    inputs = set(sg.inputs)
    for i, t in enumerate(sg.inputs):
        if _is_const(model, tensors[t]):
            raise ModelError(f"{where.subgraph(s)}: input {i} is {where.tensor(s, t)}, a constant of "
                             f"the model (buffer {tensors[t].buffer}); inputs are set by the caller")
        if t in producer:
            raise ModelError(f"{where.subgraph(s)}: input {i} is {where.tensor(s, t)}, which "
                             f"operator {producer[t]} ({where.op_label(sg.operators[producer[t]])}) "
                             "overwrites; an op's outputs cannot be inputs of the subgraph")
        if sg.inputs.index(t) != i:
            raise ModelError(f"{where.subgraph(s)}: input {i} is {where.tensor(s, t)}, which is "
                             f"already input {sg.inputs.index(t)}")
    for k, op in enumerate(sg.operators):
        code = model.operator_codes[op.opcode_index].builtin_code
        optional = _OPTIONAL_BY_CODE.get(code, _ANY) if code in _ARITY_BY_CODE else _ANY
        for j, t in enumerate(op.inputs):
            if t < 0:
                if optional is not _ANY and j not in optional:
                    raise ModelError(f"{where.op(s, k)}: input {j} is omitted (-1), but "
                                     f"{where.op_label(op)} needs it")
                continue
            if t in inputs:
                continue
            p = producer.get(t)
            if p is not None:
                if p >= k:
                    raise ModelError(f"{where.op(s, k)}: input {j} is {where.tensor(s, t)}, which "
                                     f"operator {p} produces {'itself' if p == k else 'later'} "
                                     "(a cycle: ops must come after the ops they read from)")
                continue
            tensor = tensors[t]
            if tensor.is_variable or _is_const(model, tensor) or 0 in tensor.shape \
                    or tensor.type in (dtypes.RESOURCE, dtypes.VARIANT):
                continue
            raise ModelError(f"{where.op(s, k)}: input {j} is {where.tensor(s, t)}, which is not a "
                             "subgraph input, a constant or a variable, and no earlier op produces it")
    for i, t in enumerate(sg.outputs):
        tensor = tensors[t]
        if t not in producer and t not in inputs and not tensor.is_variable and \
                not _is_const(model, tensor) and 0 not in tensor.shape and \
                tensor.type not in (dtypes.RESOURCE, dtypes.VARIANT):
            raise ModelError(f"{where.subgraph(s)}: output {i} is {where.tensor(s, t)}, which no op "
                             "produces and which is not an input, a constant or a variable")


def called(model, s):
    """``[(operator index, field, subgraph index), ...]`` the ops of subgraph ``s`` call: every
    options field ending in ``subgraph_index``; WHILE, IF and CALL_ONCE without options call
    subgraph 0 (the schema default)."""
    out = []
    for k, op in enumerate(model.subgraphs[s].operators):
        options = op.builtin_options or {}
        fields = [(f, v) for f, v in options.items() if f.endswith("subgraph_index")]
        if not fields and model.operator_codes[op.opcode_index].builtin_code in _CONTROL:
            fields = [("subgraph_index", 0)]
        out.extend((k, f, v) for f, v in fields)
    return out


def _check_calls(model, where, limits):
    n = len(model.subgraphs)
    edges = {}
    for s in range(n):
        edges[s] = []
        for k, field, target in called(model, s):
            if not isinstance(target, int) or not 0 <= target < n:
                raise ModelError(f"{where.op(s, k)}: {field} {target} is out of range: the model "
                                 f"has {n} subgraphs")
            edges[s].append((k, field, target))
    # Depth-first search for a cycle (iterative: call chains may be long).
    state = [0] * n  # 0 new, 1 on the current path, 2 done
    for root in range(n):
        if state[root]:
            continue
        path = [(root, iter(edges[root]))]
        via = []
        state[root] = 1
        while path:
            s, it = path[-1]
            step = next(it, None)
            if step is None:
                state[s] = 2
                path.pop()
                if via:
                    via.pop()
                continue
            k, field, target = step
            if state[target] == 1:
                chain = [p for p, _ in path]
                start = chain.index(target)
                loop = " -> ".join(str(i) for i in chain[start:] + [target])
                raise ModelError(f"{where.op(s, k)}: {field} {target} makes subgraph {target} end up "
                                 f"calling itself (subgraphs {loop}); recursion is not allowed")
            if state[target] == 0:
                if limits.max_call_depth is not None and len(path) >= limits.max_call_depth:
                    raise ModelError(f"{where.op(s, k)}: subgraph calls nest deeper than the limit "
                                     f"of {limits.max_call_depth} (interp.Limits.max_call_depth)")
                state[target] = 1
                via.append(k)
                path.append((target, iter(edges[target])))


def _check_signatures(model, where):
    for i, sig in enumerate(model.signature_defs):
        s = sig.subgraph_index
        inputs = set(model.subgraphs[s].inputs)
        for m in sig.inputs:
            if m.tensor_index not in inputs:
                raise ModelError(f"signature {i} ({sig.signature_key!r}): input {m.name!r} is "
                                 f"{where.tensor(s, m.tensor_index)} of {where.subgraph(s)}, which is "
                                 f"not one of that subgraph's inputs {list(model.subgraphs[s].inputs)}")
