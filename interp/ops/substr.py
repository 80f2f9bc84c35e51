"""Select-TF Substr (``FlexSubstr``): ``input[pos : pos + len]`` per element, in bytes (unit
"BYTE", TF's default) or UTF-8 characters ("UTF8_CHAR"). ``pos`` and ``len`` (int32 or int64, the
NodeDef's T) have one shape and broadcast against the input. A negative ``pos`` counts from the
end; ``|pos|`` past the length fails the call with TF's message; a too long ``len`` takes the rest;
a negative one takes the rest in BYTE units and gives "" in UTF8_CHAR units (as TF)."""
from dataclasses import dataclass

from interp import dtypes
from interp.errors import KernelError
from interp.flex import tf_strings
from interp.ops import _flex


@dataclass(frozen=True)
class Options:
    unit: str
    T: object


def init(operator):
    nd = _flex.nodedef(operator, "Substr")
    return Options(unit=_flex.unit_attr(nd), T=_flex.type_attr(nd, "T"))


def prepare(node):
    node.expect_io(3, 1)
    x, pos, length = node.inputs
    _flex.check_type(node, x, dtypes.STRING, "input")
    _flex.check_type(node, pos, (dtypes.INT32, dtypes.INT64), "pos")
    _flex.check_type(node, length, pos.type, "len")
    if node.options.T is not None and pos.type != node.options.T:
        raise node.error(f"pos {pos.describe()} is {dtypes.name(pos.type)} but the NodeDef says "
                         f"T={dtypes.name(node.options.T)}")
    _flex.check_type(node, node.outputs[0], dtypes.STRING, "output")
    if pos.shape != length.shape:
        raise node.error(f"pos and len should have the same shape, got {list(pos.shape)} vs. "
                         f"{list(length.shape)}")
    try:
        node.state = tf_strings.broadcast_shape(x.shape, pos.shape)
    except ValueError as exc:
        raise node.error(str(exc)) from None
    node.outputs[0].shape = node.state


def bind(node):
    (x, pos, length), y = node.inputs, node.outputs[0]
    unit, shape = node.options.unit, node.state

    def run():
        try:
            y.data[...] = tf_strings.substr(x.data, pos.data, length.data, unit, shape)
        except KernelError as exc:
            raise _flex.run_error(node, str(exc)) from None

    return run
