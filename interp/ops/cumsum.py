"""CUMSUM: running sums along one axis (float32, int32, int64), with ``exclusive`` (each output
leaves out its own element) and ``reverse`` (sums run from the end). Inputs: x (rank >= 1) and the
axis (an INT32/INT64 scalar or 1-element tensor known in prepare, read with ``node.value(1)``;
negative counts from the end). Float sums run in double; integer ones wrap like the type."""
import functools
import math
from dataclasses import dataclass

from interp import dtypes
from interp.ops._arg import single_axis
from interp.ops._kernels import check_same_type, kernel, params, ptr, unsupported_type
from interp.ops._reduce import scratch

TYPES = (dtypes.FLOAT32, dtypes.INT32, dtypes.INT64)


@dataclass(frozen=True)
class Options:
    exclusive: bool = False
    reverse: bool = False


def init(operator):
    o = operator.builtin_options
    return Options(bool(o.get("exclusive", False)), bool(o.get("reverse", False)))


def prepare(node):
    node.expect_io(2, 1)
    x, axis_t = node.inputs
    y = node.outputs[0]
    if x.type not in TYPES:
        raise unsupported_type(node, x, TYPES)
    check_same_type(node, x, [("output 0", y)])
    if not x.shape:
        raise node.error(f"input {x.describe()} must have rank >= 1")
    axis = single_axis(node, x, axis_t)
    y.shape = x.shape
    inner = math.prod(x.shape[axis + 1:])
    node.request_scratch(8 * max(inner, 1))
    node.state = (kernel("cumsum", x.type), params(
        "interp_cumsum_params", outer=math.prod(x.shape[:axis]), axis=x.shape[axis], inner=inner,
        exclusive=node.options.exclusive, reverse=node.options.reverse))


def bind(node):
    fn, p = node.state
    x = node.inputs[0]
    acc = scratch(node, "double" if x.type == dtypes.FLOAT32 else "uint64_t")
    return functools.partial(fn, ptr(x), ptr(node.outputs[0]), acc, p)
