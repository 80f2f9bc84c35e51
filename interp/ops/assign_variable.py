"""ASSIGN_VARIABLE: store input 1 in the variable whose handle is input 0 (no outputs)."""
from interp import dtypes
from interp.ops import _resource

FOLDABLE = False


def prepare(node):
    node.expect_io(2, 0)
    res = _resource.store(node)
    vid = _resource.handle_id(node)
    value = node.inputs[1]
    if value.dtype is None or value.type == dtypes.STRING:
        raise node.error(f"value {value.describe()}: variables of type "
                         f"{dtypes.name(value.type)} are not supported")
    cur = res.values.get(vid)
    if cur is not None and cur.dtype != value.dtype:
        raise node.error(f"variable '{res.names[vid]}' holds {cur.dtype} values; cannot assign "
                         f"{value.describe()}")
    node.state = (res, vid)


def bind(node):
    res, vid = node.state
    value = node.inputs[1]

    def run():
        res.assign(vid, value.data)
    return run
