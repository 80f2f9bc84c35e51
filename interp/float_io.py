"""Float I/O for quantized signatures: ``get_signature_runner(key, float_io=True)``.

The runner takes float values for every quantized input and returns float32 for every quantized
output, converting with each tensor's own affine parameters (FORMAT.md §8):

* in:  q = clamp(round(x / scale) + zero_point), the division in float32 and ``round`` half away
  from zero, as LiteRT's QUANTIZE kernel does, so feeding the result to an int8 model gives the same
  bits as a float-I/O model whose first op is QUANTIZE;
* out: real = scale * (q - zero_point), as DEQUANTIZE.

Inputs and outputs that are not quantized pass through unchanged. A tensor quantized per axis cannot
be converted with one scale, so such a signature is refused when the runner is made.
"""
import numpy as np

from interp import dtypes
from interp.errors import InputError
from interp.ops._quant import QRANGE


def _params(tensor, key, role, name):
    """(scale, zero_point, qmin, qmax) of a per-tensor quantized tensor, or None."""
    q = tensor.quantization
    if tensor.type not in QRANGE or tensor.type == dtypes.INT32 or q is None or not q.scale:
        return None
    if len(q.scale) != 1:
        raise InputError(f"signature '{key}' {role} '{name}' is quantized per axis ({len(q.scale)} "
                         f"scales along dimension {q.quantized_dimension}); float_io needs one "
                         f"scale per tensor")
    zp = int(q.zero_point[0]) if q.zero_point else 0
    return (float(q.scale[0]), zp) + QRANGE[tensor.type]


def quantize(x, scale, zero_point, qmin, qmax, dtype):
    """float array -> quantized array (float32 division, round half away from zero, clamp)."""
    v = (np.asarray(x, dtype=np.float32) / np.float32(scale)).astype(np.float64)
    if not np.all(np.isfinite(v)):
        raise ValueError("NaN or infinity cannot be quantized")
    r = np.sign(v) * np.floor(np.abs(v) + 0.5) + zero_point
    return np.clip(r, qmin, qmax).astype(dtype)


def dequantize(q, scale, zero_point):
    return (scale * (np.asarray(q, dtype=np.float64) - zero_point)).astype(np.float32)


class FloatIORunner:
    """A :class:`~interp.signature_runner.SignatureRunner` seen through float inputs and outputs."""

    def __init__(self, runner):
        self._runner = runner
        key = runner.signature_key
        self._in = {name: _params(t, key, "input", name) for name, t in runner._inputs.items()}
        self._in_dtype = {name: t.dtype for name, t in runner._inputs.items()}
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
                feeds[name] = quantize(arr, *p, self._in_dtype[name])
            except ValueError as exc:
                raise InputError(f"signature '{self.signature_key}' input '{name}': {exc}") from None
        out = self._runner(**feeds)
        for name, p in self._out.items():
            if p is not None:
                out[name] = dequantize(out[name], p[0], p[1])
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
