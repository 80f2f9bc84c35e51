"""L2_NORMALIZATION, float32, over the last axis: x / max(‖x‖₂, 1e-6), LiteRT's epsilon. The
options' fused activation must be NONE (LiteRT rejects the others). int8 / uint8: LiteRT's
fixed-point 1/sqrt of the int32 sum of squares; the output must have scale 1/128 and zero point 0
(int8) or 128 (uint8)."""
import functools
from dataclasses import dataclass

from interp import dtypes
from interp.ops import _last_axis, _quant
from interp.ops._kernels import check_same_type, kernel, lib, params, ptr

# The output zero point LiteRT requires per type (the scale is 1/128 for both).
QTYPES = {dtypes.INT8: 0, dtypes.UINT8: 128}

EPSILON = 1e-6


@dataclass(frozen=True)
class Options:
    fused_activation_function: int = 0


def init(operator):
    return Options(int(operator.builtin_options.get("fused_activation_function", 0)))


def prepare(node):
    if node.options.fused_activation_function != 0:
        raise node.error(f"fused activation {node.options.fused_activation_function} is not "
                         f"supported; L2_NORMALIZATION takes NONE (0), as LiteRT")
    if node.inputs and node.inputs[0].type in QTYPES:
        _prepare_quantized(node)
        return
    _last_axis.prepare(node, "interp_l2_norm_params", epsilon=EPSILON)


def _prepare_quantized(node):
    node.expect_io(1, 1)
    x, y = node.inputs[0], node.outputs[0]
    check_same_type(node, x, [("output 0", y)])
    if not x.shape:
        raise node.error(f"input {x.describe()} must have rank >= 1")
    _, zi = _quant.params(node, x, "input 0")
    so, zo = _quant.params(node, y, "output 0")
    if so != 1.0 / 128.0 or zo != QTYPES[x.type]:
        raise node.error(f"output 0 {y.describe()}: {dtypes.name(y.type)} L2_NORMALIZATION needs "
                         f"scale 0.0078125 (1/128), zero point {QTYPES[x.type]}; got scale {so!r}, "
                         f"zero point {zo}")
    y.shape = x.shape
    depth = x.shape[-1]
    p = params("interp_ql2_params", rows=x.size // depth if depth else 0, depth=depth, in_zp=zi)
    node.state = (kernel("l2_normalization", x.type), p)


def bind(node):
    if isinstance(node.state, tuple):
        fn, p = node.state
        return functools.partial(fn, ptr(node.inputs[0]), ptr(node.outputs[0]), p)
    return _last_axis.bind(node, lib.interp_f32_l2_normalization)
