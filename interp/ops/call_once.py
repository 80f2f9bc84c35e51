"""CALL_ONCE: run the initializer subgraph ``init_subgraph_index`` once per interpreter.

It runs when the subgraph holding the op is first prepared (so later ops see initialised variables
and tables and can fix their shapes), and again only after ``reset_variables()``.
"""
from dataclasses import dataclass

from interp.ops import _control, _resource

FOLDABLE = False


@dataclass(frozen=True)
class Options:
    init_subgraph_index: int = 0


def init(operator):
    return Options(int(operator.builtin_options.get("init_subgraph_index", 0)))


def prepare(node):
    node.expect_io(0, 0)
    ex = _control.callee(node, node.options.init_subgraph_index, "init")
    if ex.inputs or ex.outputs:
        raise node.error(f"init subgraph {ex.index} must have no inputs and no outputs "
                         f"(it has {len(ex.inputs)} and {len(ex.outputs)})")
    node.state = (_resource.store(node), ex)
    _run(node)


def _run(node):
    res, ex = node.state
    if ex.index in res.initialized:
        return
    _control.prepare_callee(node, ex, [])
    ex.invoke()
    res.initialized.add(ex.index)
    res.snapshot_initial()


def bind(node):
    return lambda: _run(node)
