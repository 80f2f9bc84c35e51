"""Select-TF StringLength (``FlexStringLength``): int32 length of each string, in bytes
(unit "BYTE", TF's default) or UTF-8 characters (unit "UTF8_CHAR": bytes that are not UTF-8
continuation bytes, so invalid UTF-8 still counts)."""
from dataclasses import dataclass
from functools import partial

from interp import dtypes
from interp.flex import tf_strings
from interp.ops import _flex


@dataclass(frozen=True)
class Options:
    unit: str


def init(operator):
    return Options(unit=_flex.unit_attr(_flex.nodedef(operator, "StringLength")))


def prepare(node):
    _flex.prepare_same_shape_strings(node, dtypes.INT32)


def bind(node):
    return _flex.elementwise(node, partial(tf_strings.string_length, unit=node.options.unit))
