"""IF: input 0 (one BOOL) picks the then or the else subgraph, which runs on the other inputs and
gives the outputs.

When both branches give the same output shapes, those are the outputs' shapes. When they differ, the
shapes depend on the condition: with a constant condition the chosen branch decides in prepare;
otherwise the node is prepared when it runs (``node.value(0)``).
"""
from dataclasses import dataclass

from interp import dtypes
from interp.ops import _control

FOLDABLE = False


@dataclass(frozen=True)
class Options:
    then_subgraph_index: int = 0
    else_subgraph_index: int = 0


def init(operator):
    o = operator.builtin_options
    return Options(int(o.get("then_subgraph_index", 0)), int(o.get("else_subgraph_index", 0)))


def prepare(node):
    if not node.inputs or node.inputs[0] is None:
        raise node.error("needs the condition as input 0")
    cond = node.inputs[0]
    if cond.type != dtypes.BOOL or cond.size != 1:
        raise node.error(f"condition {cond.describe()} must be one BOOL")
    args = node.inputs[1:]
    for k, t in enumerate(args):
        if t is None:
            raise node.error(f"input {k + 1} is omitted (-1)")
    types = [t.type for t in args]
    out_types = [t.type for t in node.outputs]
    opts = node.options
    branches = (_control.callee(node, opts.then_subgraph_index, "then"),
                _control.callee(node, opts.else_subgraph_index, "else"))
    shapes = [t.shape for t in args]
    for role, ex in zip(("then", "else"), branches):
        _control.check_io(node, ex, role, types, out_types)
        _control.prepare_callee(node, ex, shapes)
    then_shapes, else_shapes = ([ex.tensors[i].shape for i in ex.outputs] for ex in branches)
    if then_shapes != else_shapes:
        chosen = branches[0] if bool(node.value(0).reshape(-1)[0]) else branches[1]
        then_shapes = [chosen.tensors[i].shape for i in chosen.outputs]
    for out, shape in zip(node.outputs, then_shapes):
        out.shape = shape
    node.state = (branches, shapes)


def bind(node):
    branches, shapes = node.state
    flag = node.inputs[0].data
    args = [t.data for t in node.inputs[1:]]
    outs = [t.data for t in node.outputs]

    def run():
        ex = branches[0] if flag.reshape(-1)[0] else branches[1]
        if not ex.ready:
            _control.prepare_callee(node, ex, shapes)
        _control.copy_in(args, _control.input_arrays(ex))
        ex.invoke()
        _control.copy_out(node, "then" if ex is branches[0] else "else", ex, outs)

    return run
