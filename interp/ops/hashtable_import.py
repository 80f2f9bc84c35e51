"""HASHTABLE_IMPORT: fill a table (input 0) with keys (input 1) -> values (input 2). Tables are
static, as TensorFlow's StaticHashTable: the first import fills it, later ones change nothing."""
from interp import dtypes
from interp.ops import _resource

FOLDABLE = False


def prepare(node):
    node.expect_io(3, 0)
    table = _resource.table(node)
    tid = table.table_id
    keys, values = node.inputs[1], node.inputs[2]
    for role, t, want in (("keys", keys, table.key_type), ("values", values, table.value_type)):
        if t.type != want:
            raise node.error(f"{role} {t.describe()} must be {dtypes.name(want)} for table {tid}")
    if keys.shape != values.shape:
        raise node.error(f"keys {keys.describe()} and values {values.describe()} must have the "
                         f"same shape")
    node.state = table


def bind(node):
    table, keys, values = node.state, node.inputs[1], node.inputs[2]
    return lambda: table.import_(keys.data, values.data)
