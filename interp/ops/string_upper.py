"""Select-TF StringUpper (``FlexStringUpper``): encoding "" (TF's default) upper-cases ASCII
letters only; "utf-8" applies full Unicode upper-casing (``ß`` -> ``SS``). TF's converter only
emits it with ``target_spec.experimental_select_user_tf_ops=["StringUpper"]``."""
from interp.ops import _flex

UPPER = True


def init(operator):
    return _flex.case_options(operator, "StringUpper")


prepare = _flex.prepare_same_shape_strings
bind = _flex.bind_case
