"""LEAKY_RELU: x for x > 0, alpha * x otherwise (LeakyReluOptions.alpha, default 0.0), float32."""
from dataclasses import dataclass

from interp import dtypes
from interp.ops import _unary
from interp.ops._kernels import params


@dataclass(frozen=True)
class Options:
    alpha: float = 0.0


def init(operator):
    return Options(float(operator.builtin_options.get("alpha", 0.0)))


def prepare(node):
    _unary.prepare(node, "leaky_relu", (dtypes.FLOAT32,),
                   params("interp_leaky_relu_params", alpha=node.options.alpha))


bind = _unary.bind
