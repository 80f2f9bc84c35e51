"""HASHTABLE_SIZE: the number of entries of a table (input 0), as INT64 of shape [1]."""
from interp import dtypes
from interp.ops import _resource

FOLDABLE = False


def prepare(node):
    node.expect_io(1, 1)
    res = _resource.store(node)
    tid = _resource.handle_id(node)
    if tid not in res.tables:
        raise node.error(f"input 0 names table {tid}, which no HASHTABLE op made")
    out = node.outputs[0]
    if out.type != dtypes.INT64:
        raise node.error(f"output {out.describe()} must be INT64")
    out.shape = (1,)
    node.state = res.tables[tid]


def bind(node):
    table, out = node.state, node.outputs[0]

    def run():
        out.data[0] = len(table.data)
    return run
