"""Shared parts of the Select-TF ("Flex") ops: reading the NodeDef a Flex op carries."""
from dataclasses import dataclass

from interp import dtypes
from interp.errors import KernelError, ModelError
from interp.flex.custom_options import decode_flex_options
from interp.flex.datatype import tensor_type


def nodedef(operator, expected_op):
    """The NodeDef of a Flex op, checked to be TF op ``expected_op``."""
    if operator.custom_options is None:
        raise ModelError(f"Flex{expected_op}: the operator has no custom_options (its NodeDef)")
    name, node_def = decode_flex_options(bytes(operator.custom_options))
    if node_def.op and node_def.op != expected_op:
        raise ModelError(f"Flex{expected_op}: its NodeDef is for TF op '{node_def.op}'")
    return node_def


def type_attr(node_def, name, default=None):
    """A ``type`` attr as a TensorType code (None when absent and no default)."""
    value = node_def.attr(name, "type", default)
    if value is None:
        return None
    code = tensor_type(value)
    if code is None:
        raise ModelError(f"{node_def.op}: attr {name} is TF DataType {value}, which has no "
                         f".tflite TensorType")
    return code


def text_attr(node_def, name, default=""):
    """A string (``s``) attr as str (UTF-8); ``default`` when absent."""
    value = node_def.attr(name, "s", None)
    if value is None:
        return default
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise ModelError(f"{node_def.op}: attr {name} is not UTF-8: {value[:40]!r}") from None


def unit_attr(node_def):
    """The ``unit`` attr of StringLength / Substr: "BYTE" (TF's default) or "UTF8_CHAR"."""
    unit = text_attr(node_def, "unit", "BYTE")
    if unit not in ("BYTE", "UTF8_CHAR"):
        raise ModelError(f"{node_def.op}: unit {unit!r} is not BYTE or UTF8_CHAR")
    return unit


def check_type(node, tensor, types, role):
    """Raise ``node.error`` unless ``tensor``'s type is one of ``types`` (TensorType codes)."""
    types = (types,) if isinstance(types, int) else tuple(types)
    if tensor.type not in types:
        want = " or ".join(dtypes.name(t) for t in types)
        raise node.error(f"{role} {tensor.describe()} has type {dtypes.name(tensor.type)}, "
                         f"expected {want}")


def check_strings(node, n_inputs, n_outputs=1):
    """The common shape of the unary string ops: counts, STRING in and (by default) out."""
    node.expect_io(n_inputs, n_outputs)
    for i in range(n_inputs if isinstance(n_inputs, int) else len(node.inputs)):
        check_type(node, node.inputs[i], dtypes.STRING, f"input {i}")


def run_error(node, message):
    """A KernelError for a TF runtime error (``message`` is TensorFlow's text)."""
    return KernelError(f"{node.where()}: {message}")


def elementwise(node, fn):
    """bind() for ops whose output is ``fn(input 0 values)`` with input 0's shape."""
    x, y = node.inputs[0], node.outputs[0]

    def run():
        y.data[...] = fn(x.data)

    return run


def prepare_same_shape_strings(node, out_type=dtypes.STRING):
    """prepare() of the one-input string ops whose output keeps the shape."""
    check_strings(node, 1)
    check_type(node, node.outputs[0], out_type, "output")
    node.outputs[0].shape = node.inputs[0].shape


@dataclass(frozen=True)
class CaseOptions:
    """Options of StringLower / StringUpper: ``encoding`` "" (ASCII) or "utf-8"."""
    encoding: str


def case_options(operator, op):
    encoding = text_attr(nodedef(operator, op), "encoding", "")
    if encoding.lower() not in ("", "utf-8", "utf8"):
        raise ModelError(f"{op}: encoding {encoding!r} is not supported (TF takes '' or 'utf-8')")
    return CaseOptions("" if encoding == "" else "utf-8")


def bind_case(node):
    from interp.flex import tf_strings
    upper, encoding = node.module.UPPER, node.options.encoding
    return elementwise(node, lambda x: tf_strings.change_case(x, upper, encoding))


def prepare_split(node, compute):
    """prepare() of StringSplit / StringSplitV2: input 0 a vector of strings, input 1 a scalar
    string; the sparse triple's sizes depend on the values, so they are computed here (at invoke
    time when the input is not a constant) and copied out by :func:`bind_split`."""
    node.expect_io(2, 3)
    x, sep = node.inputs
    check_type(node, x, dtypes.STRING, "input")
    check_type(node, sep, dtypes.STRING, "input 1")
    indices, values, shape = node.outputs
    check_type(node, indices, dtypes.INT64, "output 0 (indices)")
    check_type(node, values, dtypes.STRING, "output 1 (values)")
    check_type(node, shape, dtypes.INT64, "output 2 (dense_shape)")
    if len(x.shape) != 1:
        raise node.error(f"input {x.describe()} must be a vector (TF: input must be a vector)")
    if len(sep.shape) != 0:
        raise node.error(f"input 1 {sep.describe()} must be a scalar")
    node.state = compute(node.value(0), node.value(1).reshape(()).item())
    for t, a in zip(node.outputs, node.state):
        t.shape = a.shape


def bind_split(node):
    outs = node.outputs

    def run():
        for t, a in zip(outs, node.state):
            t.data[...] = a

    return run
