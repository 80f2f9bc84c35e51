"""LOG_SOFTMAX, float32, over the last axis: x − max − log Σ exp(x − max) (no options; no quantized
kernel yet)."""
from interp.ops import _last_axis
from interp.ops._kernels import lib


def prepare(node):
    _last_axis.prepare(node, "interp_softmax_params", beta=1.0)


def bind(node):
    return _last_axis.bind(node, lib.interp_f32_log_softmax)
