"""ARG_MIN: the index of the smallest value along one axis (the first on ties; NaN never wins).
See interp/ops/_arg.py for inputs and types."""
from interp.ops import _arg

init = _arg.init
bind = _arg.bind


def prepare(node):
    _arg.prepare(node, "arg_min", "ArgMinOptions", "minimum")
