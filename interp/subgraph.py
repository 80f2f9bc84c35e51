"""Running one subgraph: tensors, nodes, the memory plan and the invoke plan.

An :class:`Executor` owns the runtime tensors and nodes of one subgraph of one interpreter. Its life:

``prepare()``
    Every op's ``prepare`` in order (shapes, checks, parameters). An op whose inputs are all
    constants (or, for ``SHAPE_ONLY`` ops, whose input shapes are known) is *folded*: run once here,
    its outputs become constants until the next prepare. An op whose output shape depends on values
    only known while the model runs raises ``registry.DynamicShape``; it and every op after it are
    then prepared at invoke time (the "dynamic tail").
``allocate()``
    Lifetimes of the static ops' tensors -> :mod:`interp.planner` -> offsets in the arena; tensors
    become views of it. Pinned tensors (the subgraph's inputs and outputs, variables, strings) have
    storage of their own, so their values survive other signatures running in the shared arena.
    Then every static op's ``bind`` gives the invoke plan.
``invoke()``
    Calls the plan's callables (nothing else), then runs the dynamic tail, if any.

Changing an input's shape marks the executor unprepared; the arena growing (another signature needed
more) marks it unallocated; :meth:`ensure_ready` redoes what is needed.
"""
import os
import sys

import numpy as np

from interp import dtypes, native_plan, planner
from interp import inputs as _inputs
from interp.arena import Arena
from interp.errors import KernelError, ModelError
from interp.ops import registry
from interp.resources import Resources
from interp.tensor import RuntimeTensor


# INTERP_DEBUG=1 traces every op with its shapes to stderr; =2 also prints the output values.
DEBUG = int(os.environ.get("INTERP_DEBUG", "0") or 0)


def _traced(node, run):
    def traced():
        status = run()
        ins = ", ".join(t.describe() if t is not None else "-" for t in node.inputs)
        outs = ", ".join(t.describe() for t in node.outputs)
        print(f"interp: {node.where()}: {ins} -> {outs}", file=sys.stderr)
        if DEBUG >= 2:
            for t in node.outputs:
                print(f"interp:   {t.name} = {np.array2string(np.asarray(t.data), threshold=20)}",
                      file=sys.stderr)
        return status

    return traced


def _heap_array(shape, dtype, type_code, limit=None, name="a tensor"):
    """Storage of a tensor outside the arena; ``limit``: the most bytes one tensor may take
    (interp.Limits.max_tensor_bytes). Too big or out of memory: ModelError."""
    nbytes = int(np.prod(shape, dtype=np.float64)) * (dtype.itemsize if dtype is not None else 8)
    if limit is not None and nbytes > limit:
        raise ModelError(f"{name} of shape {list(shape)} needs {nbytes} bytes, above the limit of "
                         f"{limit} (interp.Limits.max_tensor_bytes)")
    if dtype is not None:
        _inputs.check_size(shape, dtype.itemsize, name)  # InputError past the machine's memory
    try:
        if type_code in (dtypes.RESOURCE, dtypes.VARIANT):
            return np.zeros(shape, np.int32)  # a handle: the id of a variable or table
        if type_code == dtypes.STRING:
            a = np.empty(shape, object)
            a.fill(b"")
            return a
        return np.empty(shape, dtype)
    except (MemoryError, ValueError):
        raise ModelError(f"cannot allocate {name} of shape {list(shape)} ({nbytes} bytes)") from None


class Executor:
    def __init__(self, model, index, arena=None, context=None, display_name=None, pin_all=False,
                 constants=None):
        self.model = model
        self.index = index
        self.arena = arena if arena is not None else Arena(f"subgraph {index}")
        self.arena_generation = -1
        limits = getattr(context, "limits", None)
        self.tensor_limit = limits.max_tensor_bytes if limits is not None else None
        if arena is None and limits is not None:
            self.arena.limit = limits.max_arena_bytes
        sg = model.subgraphs[index]
        self.display = display_name or (f"subgraph {index} ('{sg.name}')" if sg.name else f"subgraph {index}")
        self.tensors = [RuntimeTensor(i, t, model.tensor_data(t)) for i, t in enumerate(sg.tensors)]
        const_arrays, packs = constants if constants is not None else ({}, {})
        for i, array in const_arrays.items():  # a clone: the same arrays (so packs match them)
            self.tensors[i].data = array
        self.inputs = list(sg.inputs)
        self.outputs = list(sg.outputs)
        self.nodes = []
        self.unsupported = []  # (op display name, node index)
        for i, op in enumerate(sg.operators):
            code = model.operator_codes[op.opcode_index]
            name = registry.op_display_name(code.builtin_code, code.custom_code)
            module = registry.lookup(code.builtin_code, code.custom_code)
            if module is None:
                self.unsupported.append((name, i))
                continue
            ins = [self.tensors[t] if t >= 0 else None for t in op.inputs]
            outs = [self.tensors[t] for t in op.outputs]
            node = registry.Node(i, self.display, name, op, module, ins, outs)
            node.context = context
            if i in packs:  # a clone: the packed weights the original made (read-only)
                node.state = dict(packs[i])
            self.nodes.append(node)
        # A tensor with no elements that nothing produces is a constant even though its buffer is
        # empty (e.g. the shape [] of a reshape to a scalar).
        produced = set(self.inputs).union(*(op.outputs for op in sg.operators))
        for t in self.tensors:
            if not t.is_const and t.index not in produced and 0 in t.shape and t.dtype is not None:
                t.make_constant(np.empty(t.shape, t.dtype))
        # Pinned tensors own their storage: inputs and outputs (their values must outlive other
        # signatures' runs), variables (state across runs), strings (object arrays) and tensors no
        # op produces.
        pinned = set(self.inputs) | set(self.outputs)
        for t in self.tensors:
            if pin_all or t.is_variable or t.index not in produced or \
                    t.type in (dtypes.STRING, dtypes.RESOURCE, dtypes.VARIANT):
                pinned.add(t.index)
        self.pinned = frozenset(i for i in pinned if not self.tensors[i].is_const)
        self.static_nodes = []
        self.dynamic_nodes = []
        self.folded = []       # tensors made constant by folding in the last prepare
        self.buffers = ()      # the last allocate's planner input: (key, nbytes, first, last)
        self.memory = None     # the last allocate's planner.Plan
        self.plan = None       # ((node, callable), ...): one invoke, op by op
        self.runs = ()         # the same work with runs of C calls fused (interp.native_plan)
        self.prepared = False

    # ------------------------------------------------------------------ prepare
    def prepare(self):
        self.plan = None
        self.prepared = False
        for t in self.folded:
            t.is_const = False
            t.data = None
        self.folded = []
        static, dynamic = [], []
        for node in self.nodes:
            node.scratch_bytes = 0
            node.scratch = None
            node.values_ready = False
            if dynamic:
                dynamic.append(node)
                continue
            try:
                node.module.prepare(node)
            except registry.DynamicShape:
                dynamic.append(node)
                continue
            if self._foldable(node):
                self._fold(node)
            else:
                static.append(node)
        self.static_nodes, self.dynamic_nodes = static, dynamic
        self.prepared = True

    @staticmethod
    def _foldable(node):
        module = node.module
        if not getattr(module, "FOLDABLE", True):
            return False
        if any(t.is_variable for t in node.outputs):
            return False
        if getattr(module, "SHAPE_ONLY", False):
            return True
        return all(t is None or t.is_const for t in node.inputs)

    def _fold(self, node):
        for t in node.outputs:
            t.data = _heap_array(t.shape, t.dtype, t.type, self.tensor_limit,
                                 f"{self.display} {t.describe()}")
        if node.scratch_bytes:
            node.scratch = np.empty(node.scratch_bytes, np.uint8)
        run = node.module.bind(node)
        self._run_one(node, run)
        for t in node.outputs:
            t.make_constant(t.data)
            self.folded.append(t)

    # ----------------------------------------------------------------- allocate
    def memory_buffers(self):
        """The planner's input for the static ops: ``(key, nbytes, first, last)`` with keys
        ``("tensor", index)`` and ``("scratch", node index)``, and the lifetimes of every tensor
        the static ops touch (``{index: (first, last)}``)."""
        step = {node.index: s for s, node in enumerate(self.static_nodes)}
        end = len(self.static_nodes)  # a step after the static ops: the dynamic tail
        first, last = {}, {}
        for s, node in enumerate(self.static_nodes):
            for t in node.outputs:
                first.setdefault(t.index, s)
                last[t.index] = max(last.get(t.index, s), s)
            for t in node.inputs:
                if t is not None:
                    last[t.index] = max(last.get(t.index, s), s)
        for node in self.dynamic_nodes:
            for t in node.inputs:
                if t is not None and t.index in first:
                    last[t.index] = end
        buffers = []
        for index, s in first.items():
            t = self.tensors[index]
            if index in self.pinned or t.is_const or t.dtype is None:
                continue
            buffers.append((("tensor", index), t.size * t.dtype.itemsize, s, last[index]))
        for node in self.static_nodes:
            if node.scratch_bytes:
                s = step[node.index]
                buffers.append((("scratch", node.index), node.scratch_bytes, s, s))
        return buffers, {i: (first[i], last[i]) for i in first}

    def allocate(self):
        """Plan the arena for the static ops, make tensors views of it, bind the plan."""
        buffers, _ = self.memory_buffers()
        plan = planner.plan(buffers)
        self.arena.reserve(plan.size)
        self.arena_generation = self.arena.generation
        self.buffers, self.memory = tuple(buffers), plan
        for (kind, index), nbytes, _, _ in buffers:
            if kind == "tensor":
                t = self.tensors[index]
                t.data = self.arena.view(plan.offsets[(kind, index)], nbytes, t.dtype, t.shape)
        for node in self.static_nodes:
            if node.scratch_bytes:
                node.scratch = self.arena.bytes_view(plan.offsets[("scratch", node.index)],
                                                     node.scratch_bytes)
        for index in self.pinned:
            self._own_storage(self.tensors[index])
        for node in self.dynamic_nodes:  # their outputs get storage when they run
            for t in node.outputs:
                if t.index not in self.pinned:
                    t.data = None
        run_plan = tuple((node, node.module.bind(node)) for node in self.static_nodes)
        if DEBUG:
            run_plan = tuple((node, _traced(node, run)) for node, run in run_plan)
            self.runs = tuple(((node,), run, None) for node, run in run_plan)
        else:
            self.runs = native_plan.fuse(run_plan)
        self.plan = run_plan

    def _own_storage(self, t):
        if t.is_const or (t.dtype is None and t.type not in (dtypes.RESOURCE, dtypes.VARIANT)):
            return
        if t.data is None or t.data.shape != t.shape:
            t.data = _heap_array(t.shape, t.dtype, t.type, self.tensor_limit,
                                 f"{self.display} {t.describe()}")
            if t.is_variable:
                t.data[...] = 0  # variables start at zero (LiteRT resets them on allocation)

    # ------------------------------------------------------------------- running
    @property
    def ready(self) -> bool:
        return self.plan is not None and self.arena_generation == self.arena.generation

    def ensure_ready(self):
        if not self.prepared:
            self.prepare()
        if not self.ready:
            self.allocate()

    def invoke(self):
        nodes = None
        try:
            for nodes, run, failed in self.runs:
                status = run()
                if status:
                    node = nodes[failed[0]] if failed is not None else nodes[0]
                    raise KernelError(f"{node.where()}: kernel failed with status {status}")
        except KernelError as exc:
            where = nodes[0].where() if failed is None else None
            if where is None or str(exc).startswith(where):
                raise
            raise KernelError(f"{where}: {exc}") from None
        if self.dynamic_nodes:
            self._invoke_dynamic()

    def _invoke_dynamic(self):
        """Prepare, allocate and run the ops whose shapes depend on values computed in this run."""
        for node in self.dynamic_nodes:
            node.values_ready = True
            node.scratch_bytes = 0
            node.module.prepare(node)
            for t in node.outputs:
                if t.data is None or t.data.shape != t.shape or t.data.dtype != t.dtype:
                    t.data = _heap_array(t.shape, t.dtype, t.type, self.tensor_limit,
                                         f"{self.display} {t.describe()}")
            if node.scratch_bytes and (node.scratch is None or node.scratch.size < node.scratch_bytes):
                node.scratch = np.empty(node.scratch_bytes, np.uint8)
            run = node.module.bind(node)
            if DEBUG:
                run = _traced(node, run)
            self._run_one(node, run)

    @staticmethod
    def _run_one(node, run):
        try:
            status = run()
        except KernelError as exc:
            if str(exc).startswith(node.where()):
                raise
            raise KernelError(f"{node.where()}: {exc}") from None
        if status:
            raise KernelError(f"{node.where()}: kernel failed with status {status}")

    def reset(self):
        """Forget the preparation (after an input shape changed)."""
        self.prepared = False
        self.plan = None

    def shareable(self):
        """What a clone's executor of the same subgraph may share: ``({tensor index: array}`` of
        the model's constants, ``{node index: {"packed": ..., "packed_source": ...}})``."""
        arrays = {t.index: t.data for t in self.tensors
                  if t.is_const and t.data is not None and self.model.tensor_data(t.spec) is not None}
        sources = {id(a) for a in arrays.values()}
        packs = {}
        for node in self.nodes:
            state = node.state
            if isinstance(state, dict) and "packed" in state and \
                    id(state.get("packed_source")) in sources:  # not packs of folded tensors
                packs[node.index] = {"packed": state["packed"],
                                     "packed_source": state["packed_source"]}
        return arrays, packs

    def close(self):
        """Drop every array and callable (the interpreter is closing)."""
        self.plan = None
        self.runs = ()
        self.prepared = False
        for t in self.tensors:
            t.data = None
        for node in self.nodes:
            node.state = node.scratch = None


def called_subgraphs(model, index):
    """Subgraph indices the ops of subgraph ``index`` name in their options (WHILE's cond/body,
    IF's branches, CALL_ONCE's init: every field ending in ``subgraph_index``)."""
    out = []
    for op in model.subgraphs[index].operators:
        for field, value in (op.builtin_options or {}).items():
            if field.endswith("subgraph_index") and isinstance(value, int):
                out.append(value)
    return out


def reachable_subgraphs(model, roots):
    """Indices of the subgraphs ``roots`` run, directly or through control-flow ops."""
    seen, todo = set(), list(roots)
    while todo:
        i = todo.pop()
        if i in seen or not 0 <= i < len(model.subgraphs):
            continue
        seen.add(i)
        todo.extend(called_subgraphs(model, i))
    return sorted(seen)


class Subgraphs:
    """The executors of one interpreter and the arena its signatures share.

    ``entry(i)`` is the executor that runs subgraph ``i`` as an entry point (subgraph 0 for the
    classic API, each signature's subgraph); entry executors share one arena. ``callee(i)`` is the
    executor that control-flow ops use to run subgraph ``i``; callees have arenas of their own
    (they run while their caller's tensors are live). ``calling`` guards against recursion.
    """

    def __init__(self, model, pin_all=False, constants=None, limits=None):
        self.model = model
        self._constants = constants or {}  # a clone's: {(table, index): Executor.shareable()}
        self.limits = limits  # interp.Limits (the Interpreter's), or None
        self.pin_all = pin_all  # experimental_preserve_all_tensors: every tensor keeps its values
        self.shared = Arena("shared arena")
        self.shared.limit = limits.max_arena_bytes if limits is not None else None
        self.resources = Resources()  # variables and hash tables, shared by every subgraph
        self._entries = {}
        self._callees = {}
        self.calling = []

    def _make(self, index, arena, table):
        if not 0 <= index < len(self.model.subgraphs):
            raise ModelError(f"subgraph index {index} is out of range: the model has "
                             f"{len(self.model.subgraphs)} subgraphs")
        kind = "entry" if table is self._entries else "callee"
        ex = Executor(self.model, index, arena, self, pin_all=self.pin_all,
                      constants=self._constants.get((kind, index)))
        table[index] = ex
        return ex

    def constants(self):
        """The constant arrays and packed weights of every executor, for a clone to share."""
        out = dict(self._constants)
        for kind, table in (("entry", self._entries), ("callee", self._callees)):
            for index, ex in table.items():
                out[(kind, index)] = ex.shareable()
        return out

    def close(self):
        """Release the arenas, tensors and executors."""
        for ex in self.executors():
            ex.close()
            ex.arena.release()
        self._entries, self._callees = {}, {}
        self.shared = None
        self.resources = None
        self.calling = []

    def entry(self, index):
        ex = self._entries.get(index)
        return ex if ex is not None else self._make(index, self.shared, self._entries)

    def has_entry(self, index):
        return index in self._entries

    def callee(self, index):
        ex = self._callees.get(index)
        return ex if ex is not None else self._make(index, None, self._callees)

    def executors(self):
        return list(self._entries.values()) + list(self._callees.values())

    def load(self, roots):
        """Build the executors ``roots`` need; the error listing unsupported ops, or None."""
        before = (dict(self._entries), dict(self._callees))
        for i in roots:
            self.entry(i)
        for i in reachable_subgraphs(self.model, roots):
            for j in called_subgraphs(self.model, i):
                self.callee(j)
        missing = describe_unsupported(self.executors())
        if missing is not None:
            self._entries, self._callees = before
        return missing


def describe_unsupported(executors):
    """One error listing every unsupported op of the model, or None when all are supported."""
    missing = []
    for ex in executors:
        for name, i in ex.unsupported:
            missing.append(f"{name} ({ex.display}, node {i})")
    if not missing:
        return None
    return ModelError(
        f"the model uses {len(missing)} op(s) interp cannot run: " + "; ".join(missing)
        + ". Supported: " + ", ".join(registry.supported_ops()))


__all__ = ["Executor", "Subgraphs", "called_subgraphs", "describe_unsupported",
           "reachable_subgraphs"]
