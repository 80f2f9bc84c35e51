"""MAX_POOL_2D, float32 (the shared body is interp/ops/_pool.py)."""
from interp.ops import _pool
from interp.ops._kernels import lib

init = _pool.init
prepare = _pool.prepare


def bind(node):
    return _pool.bind(node, lib.interp_f32_max_pool_2d)
