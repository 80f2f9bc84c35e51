"""Select-TF StaticRegexReplace (``FlexStaticRegexReplace``, ``tf.strings.regex_replace`` with a
constant pattern): replace the first (``replace_global`` false) or every match of the RE2
``pattern`` attr with ``rewrite`` (``\\0``-``\\9`` groups, ``\\\\`` a backslash). As in RE2, a
rewrite naming a group the pattern lacks leaves the strings unchanged. Patterns Python's ``re``
cannot run with RE2's meaning are refused at load, with the reason."""
from dataclasses import dataclass

from interp import dtypes
from interp.errors import ModelError
from interp.flex import re2
from interp.ops import _flex, _flex_regex


@dataclass(frozen=True)
class Options:
    pattern: bytes
    rewrite: bytes
    replace_global: bool


def init(operator):
    nd = _flex.nodedef(operator, "StaticRegexReplace")
    pattern = nd.attr("pattern", "s", None)
    rewrite = nd.attr("rewrite", "s", None)
    if pattern is None or rewrite is None:
        raise ModelError("StaticRegexReplace: the NodeDef lacks the pattern or rewrite attr")
    return Options(pattern, rewrite, nd.attr("replace_global", "b", True))


def prepare(node):
    _flex_regex.prepare(node, 1, dtypes.STRING)
    rx = _flex_regex.compile_or_error(node.options.pattern, node.error)
    node.state = rx, re2.parse_rewrite(node.options.rewrite)


def bind(node):
    (rx, parts), glob = node.state, node.options.replace_global

    def fail(message):
        return _flex.run_error(node, message)

    return _flex.elementwise(node, lambda x: _flex_regex.replace_all(rx, parts, x, glob, fail))
