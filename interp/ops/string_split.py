"""Select-TF StringSplit (``FlexStringSplit``, ``tf.compat.v1.string_split``): split each string
of a vector at every byte found in the scalar ``delimiter`` (into single bytes when it is empty),
dropping empty pieces when ``skip_empty`` (attr, TF default true). Outputs TF's sparse triple."""
from dataclasses import dataclass

from interp.flex import tf_strings
from interp.ops import _flex


@dataclass(frozen=True)
class Options:
    skip_empty: bool


def init(operator):
    return Options(skip_empty=_flex.nodedef(operator, "StringSplit").attr("skip_empty", "b", True))


def prepare(node):
    skip = node.options.skip_empty
    _flex.prepare_split(node, lambda x, d: tf_strings.split_v1(x, d, skip))


bind = _flex.bind_split
