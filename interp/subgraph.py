"""Running one subgraph: tensors, nodes, and the invoke plan.

An :class:`Executor` owns the runtime tensors and nodes of one subgraph of one interpreter. Its life:
``prepare()`` (shapes and checks, every op's ``prepare``), ``allocate()`` (storage for every tensor,
then every op's ``bind``, giving the plan), ``invoke()`` (calls the plan, nothing else). Changing an
input's shape marks the executor unprepared; the next ``ensure_ready()`` redoes prepare and allocate.
"""
import os
import sys

import numpy as np

from interp.errors import KernelError, ModelError
from interp.ops import registry
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


class Executor:
    def __init__(self, model, index, display_name=None):
        self.model = model
        self.index = index
        sg = model.subgraphs[index]
        self.display = display_name or (f"subgraph {index} ('{sg.name}')" if sg.name else f"subgraph {index}")
        self.tensors = [RuntimeTensor(i, t, model.tensor_data(t)) for i, t in enumerate(sg.tensors)]
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
            self.nodes.append(registry.Node(i, self.display, name, op, module, ins, outs))
        # A tensor with no elements that nothing produces is a constant even though its buffer is
        # empty (e.g. the shape [] of a reshape to a scalar).
        produced = set(self.inputs).union(*(op.outputs for op in sg.operators))
        for t in self.tensors:
            if not t.is_const and t.index not in produced and 0 in t.shape and t.dtype is not None:
                t.make_constant(np.empty(t.shape, t.dtype))
        self.plan = None
        self.prepared = False

    def prepare(self):
        self.plan = None
        self.prepared = False
        for node in self.nodes:
            node.module.prepare(node)
        self.prepared = True

    def allocate(self):
        for t in self.tensors:
            if not t.is_const and t.dtype is not None:
                t.allocate()
        plan = tuple((node, node.module.bind(node)) for node in self.nodes)
        if DEBUG:
            plan = tuple((node, _traced(node, run)) for node, run in plan)
        self.plan = plan

    def ensure_ready(self):
        if not self.prepared:
            self.prepare()
        if self.plan is None:
            self.allocate()

    def invoke(self):
        node = None
        try:
            for node, run in self.plan:
                status = run()
                if status:
                    raise KernelError(f"{node.where()}: kernel failed with status {status}")
        except KernelError as exc:
            where = node.where()
            if str(exc).startswith(where):
                raise
            raise KernelError(f"{where}: {exc}") from None


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


__all__ = ["Executor", "describe_unsupported"]
