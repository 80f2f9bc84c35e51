"""``Interpreter.memory_plan()``: where every tensor of an interpreter lives, and how big it all is.

Storage kinds of a tensor (``TensorPlacement.storage``):

``arena``   a view at ``offset`` into an arena: the shared arena for signature subgraphs, a private
            one for subgraphs run by control-flow ops; live from step ``first`` to ``last``.
``pinned``  storage of its own: subgraph inputs and outputs, variables, strings.
``weight``  a constant of the file: a zero-copy view of the model bytes.
``folded``  computed once at prepare time (its inputs were all constants or shapes).
``dynamic`` its shape depends on values computed while the model runs: allocated when it runs.

Byte counts: ``arena_bytes`` is what the arenas need (the shared arena's largest signature plus every
private arena); ``lower_bound_bytes`` the same total of the largest bytes live at one step, which no
plan can beat; ``weight_bytes`` the constant data in the file (each buffer counted once);
``pinned_bytes`` and ``folded_bytes`` the rest.
"""
from dataclasses import asdict, dataclass
from typing import Optional, Tuple

from interp import dtypes, planner


@dataclass(frozen=True)
class TensorPlacement:
    subgraph: int
    index: int
    name: str
    dtype: str
    shape: Tuple[int, ...]
    nbytes: int
    storage: str
    offset: Optional[int] = None
    first: Optional[int] = None
    last: Optional[int] = None


@dataclass(frozen=True)
class MemoryPlan:
    allocated: bool           # True once every entry subgraph was allocated (allocate_tensors / a run)
    arena_bytes: int
    lower_bound_bytes: int
    weight_bytes: int
    pinned_bytes: int
    folded_bytes: int
    subgraph_arena_bytes: Tuple[Tuple[int, int], ...]  # (subgraph, bytes its plan needs)
    tensors: Tuple[TensorPlacement, ...]

    def as_dict(self):
        return asdict(self)

    def __str__(self):
        return (f"arena {self.arena_bytes} bytes (lower bound {self.lower_bound_bytes}), weights "
                f"{self.weight_bytes}, pinned {self.pinned_bytes}, folded {self.folded_bytes}; "
                f"{len(self.tensors)} tensors")


def _nbytes(t):
    if t.type == dtypes.STRING:
        return int(sum(len(b) for b in t.data.reshape(-1))) if t.data is not None else 0
    if t.dtype is None:
        return 0
    return t.size * t.dtype.itemsize


def memory_plan(subgraphs, roots):
    """The plan for the executors in ``roots`` (entry executors) and every callee."""
    allocated = True
    plans = {}
    for ex in roots + [e for e in subgraphs.executors() if e not in roots]:
        if not ex.prepared:
            ex.prepare()
            allocated = False
        if ex.plan is not None:  # allocated (a re-plan after the arena grew gives the same offsets)
            plans[id(ex)] = (ex.buffers, ex.memory)
        else:
            buffers, _ = ex.memory_buffers()
            plans[id(ex)] = (tuple(buffers), planner.plan(buffers))
            if ex in roots:
                allocated = False
    shared_size = shared_bound = private_size = private_bound = 0
    per_subgraph = []
    tensors = []
    weights = {}
    pinned_bytes = folded_bytes = 0
    for ex in subgraphs.executors():
        buffers, plan = plans[id(ex)]
        if ex.arena is subgraphs.shared:
            shared_size, shared_bound = max(shared_size, plan.size), max(shared_bound, plan.lower_bound)
        else:
            private_size += plan.size
            private_bound += plan.lower_bound
        per_subgraph.append((ex.index, plan.size))
        _, lifetimes = ex.memory_buffers()
        in_arena = {key[1]: (plan.offsets[key], nbytes) for key, nbytes, _, _ in buffers
                    if key[0] == "tensor"}
        dynamic = {t.index for n in ex.dynamic_nodes for t in n.outputs}
        folded = {t.index for t in ex.folded}
        for t in ex.tensors:
            first, last = lifetimes.get(t.index, (None, None))
            offset = None
            if t.index in in_arena:
                storage, (offset, nbytes) = "arena", in_arena[t.index]
            elif t.index in folded:
                storage, nbytes = "folded", _nbytes(t)
                folded_bytes += nbytes
            elif t.is_const:
                storage, nbytes = "weight", _nbytes(t)
                weights[t.spec.buffer] = nbytes
            elif t.index in dynamic:
                storage, nbytes = "dynamic", _nbytes(t)
            else:
                storage, nbytes = "pinned", _nbytes(t)
                pinned_bytes += nbytes
            tensors.append(TensorPlacement(ex.index, t.index, t.name, dtypes.name(t.type),
                                           tuple(t.shape), nbytes, storage, offset, first, last))
    return MemoryPlan(allocated, shared_size + private_size, shared_bound + private_bound,
                      sum(weights.values()), pinned_bytes, folded_bytes, tuple(per_subgraph),
                      tuple(tensors))


__all__ = ["MemoryPlan", "TensorPlacement", "memory_plan"]
