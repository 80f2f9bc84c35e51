"""HASHTABLE_FIND: look keys (input 1) up in a table (input 0); missing keys give the default
(input 2, one value). The output has the keys' shape and the table's value type."""
from interp import dtypes
from interp.ops import _resource

FOLDABLE = False


def prepare(node):
    node.expect_io(3, 1)
    table = _resource.table(node)
    tid = table.table_id
    keys, default, out = node.inputs[1], node.inputs[2], node.outputs[0]
    if keys.type != table.key_type:
        raise node.error(f"keys {keys.describe()} must be {dtypes.name(table.key_type)} for "
                         f"table {tid}")
    for role, t in (("default value", default), ("output", out)):
        if t.type != table.value_type:
            raise node.error(f"{role} {t.describe()} must be {dtypes.name(table.value_type)}")
    if default.size != 1:
        raise node.error(f"default value {default.describe()} must hold one value")
    out.shape = keys.shape
    node.state = table


def bind(node):
    table, keys, default, out = node.state, node.inputs[1], node.inputs[2], node.outputs[0]

    def run():
        table.find(keys.data, default.data.reshape(-1)[0], out.data)
    return run
