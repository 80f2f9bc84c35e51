"""Shared parts of the Select-TF ("Flex") ops: reading the NodeDef a Flex op carries."""
from interp.errors import ModelError
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
