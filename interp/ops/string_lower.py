"""Select-TF StringLower (``FlexStringLower``): encoding "" (TF's default) lowers ASCII letters
only; "utf-8" applies Unicode lower-casing (interp.flex.tf_strings, shared with StringUpper)."""
from interp.ops import _flex

UPPER = False


def init(operator):
    return _flex.case_options(operator, "StringLower")


prepare = _flex.prepare_same_shape_strings
bind = _flex.bind_case
