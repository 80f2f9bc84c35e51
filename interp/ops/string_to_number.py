"""Select-TF StringToNumber (custom op ``FlexStringToNumber``): parse strings as numbers with
TensorFlow's rules (interp.flex.string_ops); a string that is not a number fails the call with a
KernelError quoting it. ``out_type`` comes from the NodeDef (TF's default: float32)."""
from dataclasses import dataclass

from interp import dtypes
from interp.errors import ModelError
from interp.flex.string_ops import check_string_to_number_attrs, string_to_number
from interp.ops import _flex


@dataclass(frozen=True)
class Options:
    out_type: int  # TensorType code


def init(operator):
    nd = _flex.nodedef(operator, "StringToNumber")
    return Options(out_type=_flex.type_attr(nd, "out_type", 1))


def prepare(node):
    node.expect_io(1, 1)
    x, y = node.inputs[0], node.outputs[0]
    out_type = node.options.out_type
    if x.type != dtypes.STRING:
        raise node.error(f"input {x.describe()} must be STRING")
    if y.type != out_type:
        raise node.error(f"output {y.describe()} has type {dtypes.name(y.type)} but the NodeDef "
                         f"says out_type={dtypes.name(out_type)}")
    try:
        node.state = check_string_to_number_attrs(dtypes.NUMPY.get(out_type, out_type))
    except (ModelError, TypeError) as exc:
        raise node.error(str(exc)) from None
    y.shape = x.shape


def bind(node):
    out_dtype, x, y = node.state, node.inputs[0], node.outputs[0]

    def run():
        y.data[...] = string_to_number(x.data, out_dtype)

    return run
