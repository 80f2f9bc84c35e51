"""Float I/O for quantized signatures: ``get_signature_runner(key, float_io=True)``.

The runner takes float values for every quantized input and returns float32 for every quantized
output, converting with each tensor's own affine parameters through interp's QUANTIZE and DEQUANTIZE
kernels (kernels/quantize.c), so the result is bit for bit that of a float-I/O model whose first op
is QUANTIZE and whose last is DEQUANTIZE (as TensorFlow's converter writes with
``inference_input_type=float32``): q = clamp(rint(x * (1/scale)) + zero_point) in float32, and
real = scale * (q - zero_point). NaN and infinite inputs are refused (QUANTIZE would map them to the
type's minimum).

Inputs and outputs that are not quantized pass through unchanged. A tensor quantized per axis cannot
be converted with one scale, so such a signature is refused when the runner is made.
"""
import numpy as np

from interp import dtypes
from interp.errors import InputError
from interp.ops._kernels import ffi, kernel, params
from interp.ops._quant import QRANGE


def _params(tensor, key, role, name):
    """The quantize params struct of a per-tensor quantized tensor, or None."""
    q = tensor.quantization
    if tensor.type not in QRANGE or tensor.type == dtypes.INT32 or q is None or not q.scale:
        return None
    if len(q.scale) != 1:
        raise InputError(f"signature '{key}' {role} '{name}' is quantized per axis ({len(q.scale)} "
                         f"scales along dimension {q.quantized_dimension}); float_io needs one "
                         f"scale per tensor")
    zp = int(q.zero_point[0]) if q.zero_point else 0
    lo, hi = QRANGE[tensor.type]
    return params("interp_quantize_params", scale=float(q.scale[0]), zero_point=zp, lo=lo, hi=hi)


def _ptr(ctype, a):
    return ffi.from_buffer(ctype + "[]", a)


def quantize(x, p, type_code):
    """float values -> quantized array of ``type_code`` with interp's QUANTIZE kernel."""
    x = np.array(x, dtype=np.float32, order="C")
    if not np.all(np.isfinite(x)):
        raise ValueError("NaN or infinity cannot be quantized")
    y = np.empty(x.shape, dtypes.NUMPY[type_code])
    ctype = {dtypes.INT8: "int8_t", dtypes.UINT8: "uint8_t", dtypes.INT16: "int16_t"}[type_code]
    kernel("quantize", dtypes.FLOAT32, type_code)(_ptr("float", x), _ptr(ctype, y), x.size, p)
    return y


def dequantize(q, p, type_code):
    """A quantized array -> float32 with interp's DEQUANTIZE kernel."""
    q = np.array(q, order="C")
    y = np.empty(q.shape, np.float32)
    ctype = {dtypes.INT8: "int8_t", dtypes.UINT8: "uint8_t", dtypes.INT16: "int16_t"}[type_code]
    kernel("dequantize", type_code)(_ptr(ctype, q), _ptr("float", y), q.size, p)
    return y


class FloatIORunner:
    """A :class:`~interp.signature_runner.SignatureRunner` seen through float inputs and outputs."""

    def __init__(self, runner):
        self._runner = runner
        key = runner.signature_key
        self._in = {name: _params(t, key, "input", name) for name, t in runner._inputs.items()}
        self._in_type = {name: t.type for name, t in runner._inputs.items()}
        self._out_type = dict((name, t.type) for name, t in runner._outputs)
        self._out = {name: _params(t, key, "output", name) for name, t in runner._outputs}

    signature_key = property(lambda self: self._runner.signature_key)
    method_name = property(lambda self: self._runner.method_name)

    def __call__(self, **kwargs):
        feeds = {}
        for name, value in kwargs.items():
            p = self._in.get(name)
            if p is None:
                feeds[name] = value
                continue
            arr = np.asarray(value)
            if arr.dtype.kind not in "fiu":
                raise InputError(f"signature '{self.signature_key}' input '{name}': float_io "
                                 f"takes real numbers, got dtype {arr.dtype}")
            try:
                feeds[name] = quantize(arr, p, self._in_type[name])
            except ValueError as exc:
                raise InputError(f"signature '{self.signature_key}' input '{name}': {exc}") from None
        out = self._runner(**feeds)
        for name, p in self._out.items():
            if p is not None:
                out[name] = dequantize(out[name], p, self._out_type[name])
        return out

    def get_input_details(self):
        return self._float_details(self._runner.get_input_details(), self._in)

    def get_output_details(self):
        return self._float_details(self._runner.get_output_details(), self._out)

    @staticmethod
    def _float_details(details, params):
        """The details of the wrapped runner, with the dtype the caller sees (float32) for the
        converted tensors; 'quantization' still shows the tensor's own parameters."""
        out = {}
        for name, d in details.items():
            d = dict(d)
            if params.get(name) is not None:
                d["dtype"] = np.float32
            out[name] = d
        return out
