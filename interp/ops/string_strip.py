"""Select-TF StringStrip (``FlexStringStrip``): drop ASCII whitespace (`` \\t\\n\\v\\f\\r``) at both
ends of each string."""
from interp.flex import tf_strings
from interp.ops import _flex


def init(operator):
    _flex.nodedef(operator, "StringStrip")


prepare = _flex.prepare_same_shape_strings


def bind(node):
    return _flex.elementwise(node, tf_strings.strip)
