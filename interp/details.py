"""Tensor details dicts with exactly LiteRT's keys (FORMAT.md §9)."""
import numpy as np

from interp import dtypes


def tensor_details(tensor, index=None):
    """``{'name', 'index', 'shape', 'shape_signature', 'dtype', 'quantization',
    'quantization_parameters', 'sparsity_parameters'}`` for a RuntimeTensor."""
    q = tensor.quantization
    scales = np.array(q.scale if q else (), dtype=np.float32)
    zero_points = np.array(q.zero_point if q else (), dtype=np.int32)
    if len(scales) == 1 and len(zero_points) >= 1:
        quantization = (float(scales[0]), int(zero_points[0]))
    else:
        quantization = (0.0, 0)
    return {
        "name": tensor.name,
        "index": tensor.index if index is None else index,
        "shape": np.array(tensor.shape, dtype=np.int32),
        "shape_signature": np.array(tensor.signature, dtype=np.int32),
        "dtype": dtypes.numpy_type(tensor.type) if tensor.type in dtypes.NUMPY else None,
        "quantization": quantization,
        "quantization_parameters": {
            "scales": scales,
            "zero_points": zero_points,
            "quantized_dimension": q.quantized_dimension if q else 0,
            "block_size": 0,
        },
        "sparsity_parameters": {},
    }
