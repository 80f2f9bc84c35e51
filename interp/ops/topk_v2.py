"""TOPK_V2: the k largest values along the last axis, in descending order, and their indices
(INT32). Equal values keep the lower index first; NaN ranks below every number (LiteRT 2.3.0,
observed). Inputs: x (float32, int32, int64, or int8 / uint8 with
the same scale and zero point on the values output; rank >= 1) and k (an INT32 or INT16 scalar or
1-element tensor known in prepare, read with ``node.value(1)``; 0 <= k <= the last dim)."""
import functools

from interp import dtypes
from interp.ops import _qextra
from interp.ops._kernels import check_same_type, kernel, params, ptr, unsupported_type

TYPES = (dtypes.FLOAT32, dtypes.INT32, dtypes.INT64, dtypes.INT8, dtypes.UINT8)


def prepare(node):
    node.expect_io(2, 2)
    x, k_t = node.inputs
    values, indices = node.outputs
    if x.type not in TYPES:
        raise unsupported_type(node, x, TYPES)
    check_same_type(node, x, [("output 0", values)])
    _qextra.check_same_params(node, x, [("output 0", values)])
    if indices.type != dtypes.INT32:
        raise unsupported_type(node, indices, (dtypes.INT32,), role="output 1 (indices)",
                               quantized_later=False)
    if k_t.type not in (dtypes.INT32, dtypes.INT16) or k_t.size != 1:
        raise node.error(f"k {k_t.describe()} must be one INT32 (or INT16) value")
    if not x.shape:
        raise node.error(f"input {x.describe()} must have rank >= 1")
    n = x.shape[-1]
    k = int(node.value(1).reshape(-1)[0])
    if not 0 <= k <= n:
        raise node.error(f"k = {k} is outside [0, {n}] (the last dim of input {x.describe()})")
    if n >= 2**31:
        raise node.error(f"the last dim of input {x.describe()} does not fit INT32 indices")
    values.shape = indices.shape = x.shape[:-1] + (k,)
    rows = x.size // n if n else 0
    node.state = (kernel("topk_v2", x.type), params("interp_topk_params", rows=rows, n=n, k=k))


def bind(node):
    fn, p = node.state
    values, indices = node.outputs
    return functools.partial(fn, ptr(node.inputs[0]), ptr(values), ptr(indices), p)
