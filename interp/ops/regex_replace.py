"""Select-TF RegexReplace (``FlexRegexReplace``, ``tf.strings.regex_replace`` with a tensor
pattern): like StaticRegexReplace, with the RE2 pattern and the rewrite read from scalar string
inputs 1 and 2 when the op runs (compiled patterns are cached). ``replace_global`` attr, default
true."""
from dataclasses import dataclass

from interp import dtypes
from interp.flex import re2
from interp.ops import _flex, _flex_regex


@dataclass(frozen=True)
class Options:
    replace_global: bool


def init(operator):
    return Options(_flex.nodedef(operator, "RegexReplace").attr("replace_global", "b", True))


def prepare(node):
    _flex_regex.prepare(node, 3, dtypes.STRING)


def bind(node):
    (x, pattern, rewrite), y = node.inputs, node.outputs[0]
    glob = node.options.replace_global

    def fail(message):
        return _flex.run_error(node, message)

    def run():
        rx = _flex_regex.compile_or_error(_flex_regex.scalar(pattern), fail)
        parts = re2.parse_rewrite(_flex_regex.scalar(rewrite))
        y.data[...] = _flex_regex.replace_all(rx, parts, x.data, glob, fail)

    return run
