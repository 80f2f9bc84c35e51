"""TensorFlow ``DataType`` enum values (FORMAT.md §7) and the TensorTypes they correspond to."""
from interp import dtypes

# TensorType code -> TF DataType value (DT_FLOAT = 1, ...)
TF_DATATYPE = {
    dtypes.FLOAT32: 1, dtypes.FLOAT64: 2, dtypes.INT32: 3, dtypes.UINT8: 4, dtypes.INT16: 5,
    dtypes.INT8: 6, dtypes.STRING: 7, dtypes.COMPLEX64: 8, dtypes.INT64: 9, dtypes.BOOL: 10,
    dtypes.BFLOAT16: 14, dtypes.UINT16: 17, dtypes.COMPLEX128: 18, dtypes.FLOAT16: 19,
    dtypes.RESOURCE: 20, dtypes.VARIANT: 21, dtypes.UINT32: 22, dtypes.UINT64: 23,
}
# TF DataType value -> TensorType code
TENSOR_TYPE = {tf: code for code, tf in TF_DATATYPE.items()}


def tensor_type(tf_datatype: int):
    """The TensorType code for a TF DataType value, or None when .tflite has no such type."""
    return TENSOR_TYPE.get(tf_datatype)
