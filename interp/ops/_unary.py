"""The elementwise unary ops (EXP ... ROUND, ABS, NEG, LOGICAL_NOT, and the float activations):
one input, one output of the same type and shape, ``interp_<dtype>_<op>(x, y, n[, params])``."""
import functools

from interp.ops._kernels import check_same_type, kernel, ptr, unsupported_type


def prepare(node, op: str, types, params=None):
    """Check ``node``, give its output the input's shape, and ready ``interp_<dtype>_<op>``
    (called with ``params`` last when given)."""
    node.expect_io(1, 1)
    x, y = node.inputs[0], node.outputs[0]
    if x.type not in types:
        raise unsupported_type(node, x, types)
    check_same_type(node, x, [("output 0", y)])
    y.shape = x.shape
    node.state = (kernel(op, x.type), params)


def bind(node):
    fn, p = node.state
    x, y = node.inputs[0], node.outputs[0]
    extra = () if p is None else (p,)
    return functools.partial(fn, ptr(x), ptr(y), x.size, *extra)
