"""TANH: tanh(x), float32."""
from interp.ops import _activation
from interp.ops._kernels import lib

prepare = _activation.prepare_float_unary


def bind(node):
    return _activation.bind_float_unary(node, lib.interp_f32_tanh)
