"""Select-TF StringJoin (``FlexStringJoin``): join N string tensors element by element with the
``separator`` attr (TF default ""). Non-scalar inputs must share one shape; scalars are repeated
(interp.flex.tf_strings)."""
from dataclasses import dataclass

from interp import dtypes
from interp.flex import tf_strings
from interp.ops import _flex


@dataclass(frozen=True)
class Options:
    separator: bytes
    N: object  # the NodeDef's input count, or None


def init(operator):
    nd = _flex.nodedef(operator, "StringJoin")
    return Options(separator=nd.attr("separator", "s", b""), N=nd.attr("N", "i", None))


def prepare(node):
    n = len(node.inputs)
    if n < 1:
        raise node.error("expects at least 1 input")
    if node.options.N is not None and node.options.N != n:
        raise node.error(f"the NodeDef says N={node.options.N} inputs, the operator has {n}")
    _flex.check_strings(node, n)
    _flex.check_type(node, node.outputs[0], dtypes.STRING, "output")
    try:
        node.state = tf_strings.join_shape([t.shape for t in node.inputs])
    except ValueError as exc:
        raise node.error(str(exc)) from None
    node.outputs[0].shape = node.state


def bind(node):
    xs, y, sep, shape = node.inputs, node.outputs[0], node.options.separator, node.state

    def run():
        y.data[...] = tf_strings.string_join([x.data for x in xs], sep, shape)

    return run
