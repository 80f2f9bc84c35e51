"""READ_VARIABLE: the current value of a variable (input 0 is its handle)."""
from interp import dtypes
from interp.errors import KernelError
from interp.ops import _resource
from interp.ops.registry import DynamicShape

FOLDABLE = False


def prepare(node):
    node.expect_io(1, 1)
    res = _resource.store(node)
    vid = _resource.handle_id(node)
    out = node.outputs[0]
    name = res.names.get(vid, f"variable {vid}")
    value = res.values.get(vid)
    if value is not None:
        if dtypes.NUMPY.get(out.type) != value.dtype:
            raise node.error(f"variable '{name}' holds {value.dtype} values but output "
                             f"{out.describe()} is {dtypes.name(out.type)}")
        out.shape = value.shape
    elif -1 in out.signature:
        if node.values_ready:
            raise node.error(f"variable '{name}' is read before anything assigned it")
        raise DynamicShape(node, 0)  # shape known once the variable is assigned, at run time
    node.state = (res, vid, name)


def bind(node):
    res, vid, name = node.state
    out = node.outputs[0].data
    where = node.where()

    def run():
        value = res.values.get(vid)
        if value is None:
            raise KernelError(f"{where}: variable '{name}' is read before anything assigned it")
        if value.shape != out.shape:
            raise KernelError(f"{where}: variable '{name}' now has shape {list(value.shape)}, "
                              f"prepared for {list(out.shape)}")
        out[...] = value
    return run
