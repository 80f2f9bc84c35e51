"""Select-TF StringToHashBucketFast (``FlexStringToHashBucketFast``): FarmHash Fingerprint64 of
each string mod ``num_buckets`` (attr, >= 1), as int64 (interp.flex.farmhash)."""
from dataclasses import dataclass

import numpy as np

from interp import dtypes
from interp.errors import ModelError
from interp.flex.farmhash import fingerprint64
from interp.ops import _flex


@dataclass(frozen=True)
class Options:
    num_buckets: int


def init(operator):
    nd = _flex.nodedef(operator, "StringToHashBucketFast")
    num_buckets = nd.attr("num_buckets", "i", None)
    if num_buckets is None or num_buckets < 1:
        raise ModelError(f"StringToHashBucketFast: num_buckets must be >= 1, got {num_buckets}")
    return Options(num_buckets=num_buckets)


def prepare(node):
    _flex.prepare_same_shape_strings(node, dtypes.INT64)


def hash_buckets(x, num_buckets):
    flat = [fingerprint64(s) % num_buckets for s in x.reshape(-1)]
    return np.array(flat, np.int64).reshape(x.shape)


def bind(node):
    n = node.options.num_buckets
    return _flex.elementwise(node, lambda x: hash_buckets(x, n))
