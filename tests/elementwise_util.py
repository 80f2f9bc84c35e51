"""Shared pieces of the elementwise golden tests: sizes around the SIMD tiles, broadcasting shape
pairs, random operands and two's complement wrapping for integer references."""
import numpy as np

from interp.ops import _binary
from interp.ops._kernels import ffi

TILE_SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129]

BROADCASTS = [
    ((), ()),                                   # scalar with scalar
    ((5,), ()), ((), (5,)),                     # scalar either side
    ((1,), (9,)), ((9,), (1,)),
    ((3, 17), (17,)), ((3, 17), (1, 17)),       # row
    ((17, 3), (17, 1)), ((17, 1), (17, 3)),     # column
    ((3, 1), (1, 4)),                           # outer product
    ((2, 1, 3, 1), (1, 4, 1, 5)),               # rank 4, size-1 dims on both sides
    ((2, 3, 4, 9), (2, 1, 4, 1)),
    ((1, 1, 1, 8), (2, 3, 4, 8)),
    ((2, 3, 1, 4, 1), (3, 5, 1, 2)),            # rank 5 with rank 4
    ((1, 2, 1, 3, 1, 2), (2, 1, 4, 1, 5, 1)),   # rank 6, alternating
    ((2, 2, 2, 2, 2, 2), (2, 1, 2, 1, 2, 1)),
    ((1, 1, 1, 1, 1, 2, 3), (3,)),              # rank 7 that folds to 2 dims
    ((0, 3), (3,)), ((2, 0, 3), (1, 1, 3)), ((0,), ()),  # empty outputs
]


def wrap(values, dtype):
    """Python ints reduced to ``dtype``'s two's complement range."""
    bits = np.iinfo(dtype).bits
    v = np.asarray(values, dtype=object)
    v = (v + 2**(bits - 1)) % 2**bits - 2**(bits - 1)
    return np.asarray(v, dtype=object).astype(dtype)


def random_operand(rng, dtype, shape, nonzero=False):
    """Floats ~ N(0, 10); integers over the whole range or (half the time) small ones."""
    if dtype == np.float32:
        v = rng.standard_normal(shape).astype(np.float32) * 10
    elif dtype == np.bool_:
        v = rng.random(shape) < 0.5
    else:
        info = np.iinfo(dtype)
        v = rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)
        if rng.random() < 0.5:  # small values too, so clamps and exact quotients show up
            v = rng.integers(-20, 20, size=shape).astype(dtype)
    v = np.array(v, dtype)
    if nonzero:
        v[v == 0] = 1
    return v


def f32_params(a_shape, b_shape):
    """interp_f32_binary_params for a C call made by hand (in-place tests), no clamp."""
    _, dims = _binary.broadcast(a_shape, b_shape)
    p = ffi.new("interp_f32_binary_params *")
    p.lo, p.hi = -np.inf, np.inf
    p.bc.rank = len(dims)
    for i, (size, sa, sb) in enumerate(dims):
        p.bc.shape[i], p.bc.a_stride[i], p.bc.b_stride[i] = size, sa, sb
    p.bc.b_count = int(np.prod(b_shape))
    return p
