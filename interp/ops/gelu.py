"""GELU: x * Phi(x), float32; GeluOptions.approximate (default false) selects the tanh form
x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))) instead of the exact erf one."""
from dataclasses import dataclass

from interp import dtypes
from interp.ops import _unary
from interp.ops._kernels import params


@dataclass(frozen=True)
class Options:
    approximate: bool = False


def init(operator):
    return Options(bool(operator.builtin_options.get("approximate", False)))


def prepare(node):
    _unary.prepare(node, "gelu", (dtypes.FLOAT32,),
                   params("interp_gelu_params", approximate=int(node.options.approximate)))


bind = _unary.bind
