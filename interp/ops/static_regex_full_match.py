"""Select-TF StaticRegexFullMatch (``FlexStaticRegexFullMatch``, ``tf.strings.regex_full_match``
with a constant pattern): bool, whether each whole string matches the RE2 ``pattern`` attr."""
from dataclasses import dataclass

from interp import dtypes
from interp.errors import ModelError
from interp.ops import _flex, _flex_regex


@dataclass(frozen=True)
class Options:
    pattern: bytes


def init(operator):
    pattern = _flex.nodedef(operator, "StaticRegexFullMatch").attr("pattern", "s", None)
    if pattern is None:
        raise ModelError("StaticRegexFullMatch: the NodeDef lacks the pattern attr")
    return Options(pattern)


def prepare(node):
    _flex_regex.prepare(node, 1, dtypes.BOOL)
    node.state = _flex_regex.compile_or_error(node.options.pattern, node.error)


def bind(node):
    rx = node.state
    return _flex.elementwise(node, lambda x: _flex_regex.full_match_all(rx, x))
