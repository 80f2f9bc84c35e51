"""Select-TF StringLength (``FlexStringLength``): int32 length of each string, in bytes
(unit "BYTE", TF's default) or UTF-8 characters (unit "UTF8_CHAR": bytes that are not UTF-8
continuation bytes, so invalid UTF-8 still counts)."""
from dataclasses import dataclass
from functools import partial

from interp import dtypes
from interp.errors import ModelError
from interp.flex import tf_strings
from interp.ops import _flex


@dataclass(frozen=True)
class Options:
    unit: str


def init(operator):
    nd = _flex.nodedef(operator, "StringLength")
    unit = _flex.text_attr(nd, "unit", "BYTE")
    if unit not in ("BYTE", "UTF8_CHAR"):
        raise ModelError(f"StringLength: unit {unit!r} is not BYTE or UTF8_CHAR")
    return Options(unit=unit)


def prepare(node):
    _flex.check_strings(node, 1)
    _flex.check_type(node, node.outputs[0], dtypes.INT32, "output")
    node.outputs[0].shape = node.inputs[0].shape


def bind(node):
    return _flex.elementwise(node, partial(tf_strings.string_length, unit=node.options.unit))
