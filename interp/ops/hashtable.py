"""HASHTABLE: the handle of the hash table ``table_id`` (the same id in the initializer and the
main subgraph is the same table)."""
from dataclasses import dataclass

from interp import dtypes
from interp.ops import _resource


@dataclass(frozen=True)
class Options:
    table_id: int = 0
    key_dtype: int = 0
    value_dtype: int = 0


def init(operator):
    o = operator.builtin_options
    return Options(int(o.get("table_id", 0)), int(o.get("key_dtype", 0)),
                   int(o.get("value_dtype", 0)))


def prepare(node):
    node.expect_io(0, 1)
    o = node.options
    for what, code in (("key", o.key_dtype), ("value", o.value_dtype)):
        if code not in dtypes.NUMPY:
            raise node.error(f"{what} type {dtypes.name(code)} is not supported")
    table = _resource.store(node).table(o.table_id, o.key_dtype, o.value_dtype)
    if (table.key_type, table.value_type) != (o.key_dtype, o.value_dtype):
        raise node.error(f"table {o.table_id} was made with {dtypes.name(table.key_type)} -> "
                         f"{dtypes.name(table.value_type)}, here {dtypes.name(o.key_dtype)} -> "
                         f"{dtypes.name(o.value_dtype)}")
    _resource.write_handle(node, o.table_id)


bind = _resource.bind_handle
