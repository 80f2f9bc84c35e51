"""Select-TF RegexFullMatch (``FlexRegexFullMatch``): bool, whether each whole string matches the
RE2 pattern read from scalar string input 1 when the op runs (compiled patterns are cached)."""
from interp import dtypes
from interp.ops import _flex, _flex_regex


def init(operator):
    _flex.nodedef(operator, "RegexFullMatch")


def prepare(node):
    _flex_regex.prepare(node, 2, dtypes.BOOL)


def bind(node):
    (x, pattern), y = node.inputs, node.outputs[0]

    def fail(message):
        return _flex.run_error(node, message)

    def run():
        rx = _flex_regex.compile_or_error(_flex_regex.scalar(pattern), fail)
        y.data[...] = _flex_regex.full_match_all(rx, x.data)

    return run
