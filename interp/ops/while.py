"""WHILE: loop variables go through the body subgraph as long as the cond subgraph says true.

Inputs and outputs are the N loop variables. The cond subgraph takes the N values and gives one BOOL;
the body takes the N values and gives their next values. interp runs loops whose variables keep
their shapes from one iteration to the next (which is what converted RNNs and counters do); a body
that changes a shape is refused in prepare, naming the variable.
"""
from dataclasses import dataclass

from interp import dtypes
from interp.errors import KernelError
from interp.ops import _control

FOLDABLE = False


@dataclass(frozen=True)
class Options:
    cond_subgraph_index: int = 0
    body_subgraph_index: int = 0


def init(operator):
    o = operator.builtin_options
    return Options(int(o.get("cond_subgraph_index", 0)), int(o.get("body_subgraph_index", 0)))


def prepare(node):
    n = len(node.inputs)
    if len(node.outputs) != n:
        raise node.error(f"has {n} loop variables as inputs but {len(node.outputs)} outputs")
    for k, t in enumerate(node.inputs):
        if t is None:
            raise node.error(f"loop variable {k} is omitted (-1)")
    types = [t.type for t in node.inputs]
    for k, (t, out) in enumerate(zip(node.inputs, node.outputs)):
        if out.type != t.type:
            raise node.error(f"output {k} {out.describe()} must have input {k}'s type "
                             f"{dtypes.name(t.type)}")
    opts = node.options
    cond = _control.callee(node, opts.cond_subgraph_index, "cond")
    body = _control.callee(node, opts.body_subgraph_index, "body")
    _control.check_io(node, cond, "cond", types, [dtypes.BOOL])
    _control.check_io(node, body, "body", types, types)
    shapes = [t.shape for t in node.inputs]
    _control.prepare_callee(node, cond, shapes)
    _control.prepare_callee(node, body, shapes)
    flag = cond.tensors[cond.outputs[0]]
    if flag.size != 1 and flag.index not in {n.outputs[0].index for n in cond.dynamic_nodes
                                               if n.outputs}:
        raise node.error(f"cond subgraph {cond.index} output {flag.describe()} must hold one "
                         f"BOOL")
    dynamic = {t.index for n in body.dynamic_nodes for t in n.outputs}
    for k, i in enumerate(body.outputs):
        t = body.tensors[i]
        if i not in dynamic and t.shape != shapes[k]:
            raise node.error(f"the body (subgraph {body.index}) changes the shape of loop "
                             f"variable {k} from {list(shapes[k])} to {list(t.shape)}; interp runs "
                             f"loops whose variables keep their shapes")
    for out, shape in zip(node.outputs, shapes):
        out.shape = shape
    node.state = (cond, body)


def bind(node):
    cond, body = node.state
    ins = [t.data for t in node.inputs]
    outs = [t.data for t in node.outputs]
    shapes = [t.shape for t in node.inputs]
    flag_index = cond.outputs[0]
    limit = _control.max_iterations(node)

    def run():
        if not (cond.ready and body.ready):  # another caller re-prepared them
            _control.prepare_callee(node, cond, shapes)
            _control.prepare_callee(node, body, shapes)
        state = _control.input_arrays(body)
        cond_in = _control.input_arrays(cond)
        _control.copy_in(ins, state)
        count = 0
        while True:
            _control.copy_in(state, cond_in)
            cond.invoke()
            flag = cond.tensors[flag_index].data
            if flag.size != 1:
                raise KernelError(f"{node.where()}: cond subgraph {cond.index} gave "
                                  f"{flag.size} values, expected one BOOL")
            if not flag.reshape(-1)[0]:
                break
            count += 1
            if limit is not None and count > limit:
                raise KernelError(f"{node.where()}: still looping after {limit} iterations, the "
                                  f"limit (interp.Limits.max_while_iterations)")
            body.invoke()
            _control.copy_out(node, "body", body, state)
        _control.copy_in(state, outs)

    return run
