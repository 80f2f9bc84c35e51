"""Select-TF StringSplitV2 (``FlexStringSplitV2``, what ``tf.strings.split`` emits): split each
string of a vector by the scalar ``sep`` (an empty ``sep`` splits on ASCII whitespace runs) at
most ``maxsplit`` times (attr, -1 = no limit). Outputs TF's sparse triple: indices int64 [n, 2],
values string [n], dense_shape int64 [2]."""
from dataclasses import dataclass

from interp.flex import tf_strings
from interp.ops import _flex


@dataclass(frozen=True)
class Options:
    maxsplit: int


def init(operator):
    return Options(maxsplit=_flex.nodedef(operator, "StringSplitV2").attr("maxsplit", "i", -1))


def prepare(node):
    maxsplit = node.options.maxsplit
    _flex.prepare_split(node, lambda x, sep: tf_strings.split_v2(x, sep, maxsplit))


bind = _flex.bind_split
