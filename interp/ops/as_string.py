"""Select-TF AsString (custom op ``FlexAsString``): format numbers and bools as strings, with
TensorFlow's exact rules (interp.flex.string_ops). Attrs come from the op's NodeDef, with TF's
defaults for the ones left out: precision -1, scientific false, shortest false, width -1, fill ""."""
from dataclasses import dataclass

from interp import dtypes
from interp.errors import ModelError
from interp.flex.string_ops import check_as_string_attrs
from interp.ops import _flex


@dataclass(frozen=True)
class Options:
    T: object  # TensorType code of the input the NodeDef declares, or None
    precision: int
    scientific: bool
    shortest: bool
    width: int
    fill: bytes


def init(operator):
    nd = _flex.nodedef(operator, "AsString")
    return Options(
        T=_flex.type_attr(nd, "T"),
        precision=nd.attr("precision", "i", -1),
        scientific=nd.attr("scientific", "b", False),
        shortest=nd.attr("shortest", "b", False),
        width=nd.attr("width", "i", -1),
        fill=nd.attr("fill", "s", b""),
    )


def prepare(node):
    node.expect_io(1, 1)
    x, y = node.inputs[0], node.outputs[0]
    o = node.options
    if o.T is not None and x.type != o.T:
        raise node.error(f"input {x.describe()} has type {dtypes.name(x.type)} but the NodeDef "
                         f"says T={dtypes.name(o.T)}")
    if y.type != dtypes.STRING:
        raise node.error(f"output {y.describe()} must be STRING")
    if x.dtype is None or x.type == dtypes.STRING:
        raise node.error(f"input {x.describe()}: AsString takes numbers or bools, not "
                         f"{dtypes.name(x.type)}")
    try:
        node.state = check_as_string_attrs(x.dtype, o.precision, o.scientific, o.shortest,
                                           o.width, o.fill)
    except ModelError as exc:
        raise node.error(str(exc)) from None
    y.shape = x.shape


def bind(node):
    fmt, x, y = node.state, node.inputs[0], node.outputs[0]

    def run():
        y.data[...] = fmt.apply(x.data)

    return run
