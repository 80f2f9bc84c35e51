"""What WHILE and IF share: finding the subgraphs they run, preparing them for the caller's input
shapes (with a guard against a subgraph that ends up calling itself), and copying values in and out.

A called subgraph runs on a callee executor (``Subgraphs.callee``) with an arena of its own, so its
tensors never overlap the caller's. Its inputs and outputs are pinned (they own their storage), so
values copied in stay put while it runs.
"""
import numpy as np

from interp import dtypes
from interp.errors import KernelError


def callee(node, index, role):
    """The executor running subgraph ``index`` for ``node`` (``role``: "cond", "body", ...)."""
    ctx = node.context
    if ctx is None:
        raise node.error("control flow needs an interpreter (it runs other subgraphs)")
    if not isinstance(index, int) or not 0 <= index < len(ctx.model.subgraphs):
        raise node.error(f"{role} subgraph index {index} is out of range: the model has "
                         f"{len(ctx.model.subgraphs)} subgraphs")
    return ctx.callee(index)


def check_io(node, ex, role, in_types, out_types=None):
    """The called subgraph must take ``in_types`` and, when given, give ``out_types``."""
    _check_types(node, ex, role, ex.inputs, in_types, ("input", "takes", "inputs", "passes"))
    if out_types is not None:
        _check_types(node, ex, role, ex.outputs, out_types, ("output", "gives", "outputs", "needs"))


def _check_types(node, ex, role, indices, types, words):
    what, verb, plural, want_verb = words
    if len(indices) != len(types):
        raise node.error(f"{role} subgraph {ex.index} {verb} {len(indices)} {plural}, but "
                         f"{node.op_name} {want_verb} {len(types)}")
    for k, (i, want) in enumerate(zip(indices, types)):
        got = ex.tensors[i].type
        if got != want:
            raise node.error(f"{role} subgraph {ex.index} {what} {k} is {dtypes.name(got)}, but "
                             f"{node.op_name} {want_verb} {dtypes.name(want)}")


def max_iterations(node):
    """``interp.Limits.max_while_iterations`` of the node's interpreter (None: no limit)."""
    limits = getattr(node.context, "limits", None)
    return getattr(limits, "max_while_iterations", None)


def prepare_callee(node, ex, shapes):
    """Give ``ex``'s inputs ``shapes``, then prepare and allocate it."""
    ctx = node.context
    if ex.index in ctx.calling:
        chain = " -> ".join(str(i) for i in ctx.calling + [ex.index])
        raise node.error(f"subgraph {ex.index} ends up calling itself (subgraphs {chain}); "
                         f"recursion is not allowed")
    for i, shape in zip(ex.inputs, shapes):
        t = ex.tensors[i]
        if t.shape != tuple(shape):
            t.shape = tuple(shape)
            ex.reset()
    ctx.calling.append(ex.index)
    try:
        ex.ensure_ready()
    finally:
        ctx.calling.pop()


def input_arrays(ex):
    return [ex.tensors[i].data for i in ex.inputs]


def output_tensors(ex):
    return [ex.tensors[i] for i in ex.outputs]


def copy_out(node, role, ex, dests):
    """Copy ``ex``'s outputs into the arrays ``dests``, checking shapes (a dynamic tail inside
    the subgraph may have changed them)."""
    for k, (t, dest) in enumerate(zip(output_tensors(ex), dests)):
        src = t.data
        if src.shape != dest.shape:
            raise KernelError(f"{node.where()}: {role} subgraph {ex.index} output {k} has shape "
                              f"{list(src.shape)} this run, expected {list(dest.shape)}")
        np.copyto(dest, src)


def copy_in(arrays, dests):
    for src, dest in zip(arrays, dests):
        np.copyto(dest, src)
