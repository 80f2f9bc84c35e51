"""HASHTABLE_SIZE: the number of entries of a table (input 0), as INT64 of shape [1]."""
from interp import dtypes
from interp.ops import _resource

FOLDABLE = False


def prepare(node):
    node.expect_io(1, 1)
    table = _resource.table(node)
    out = node.outputs[0]
    if out.type != dtypes.INT64:
        raise node.error(f"output {out.describe()} must be INT64")
    out.shape = (1,)
    node.state = table


def bind(node):
    table, out = node.state, node.outputs[0]

    def run():
        out.data[0] = len(table.data)
    return run
