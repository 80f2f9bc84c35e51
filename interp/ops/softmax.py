"""SOFTMAX, float32, over the last axis: exp(beta·(x − max)) / Σ. Quantized is a later issue."""
from dataclasses import dataclass

from interp.ops import _last_axis
from interp.ops._kernels import lib


@dataclass(frozen=True)
class Options:
    beta: float = 0.0  # the schema default; converters always write it (1.0)


def init(operator):
    return Options(float(operator.builtin_options.get("beta", 0.0)))


def prepare(node):
    _last_axis.prepare(node, "interp_softmax_params", beta=node.options.beta)


def bind(node):
    return _last_axis.bind(node, lib.interp_f32_softmax)
