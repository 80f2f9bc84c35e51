"""AVERAGE_POOL_2D: float32 (the shared body is interp/ops/_pool.py) and quantized INT8, UINT8, INT16
(interp/ops/_qpool.py)."""
from interp.ops import _pool, _qpool
from interp.ops._kernels import lib

init = _pool.init


def prepare(node):
    if _qpool.is_quantized(node):
        _qpool.prepare(node, "average_pool_2d")
    else:
        _pool.prepare(node)


def bind(node):
    if _qpool.is_quantized(node):
        return _qpool.bind(node)
    return _pool.bind(node, lib.interp_f32_average_pool_2d)
