"""The converter: Python functions or a JSON graph definition -> `.tflite` bytes.

Public names (re-exported as ``interp.Module``, ``interp.function``, ``interp.TensorSpec``,
``interp.Converter``; the ops are ``interp.ops``)::

    class Model(interp.Module):
        @interp.function(input_signature=[interp.TensorSpec(shape=[None], dtype="float32")])
        def encode(self, x):
            return {"encoded_result": interp.ops.as_string(x)}

    m = Model()
    data = interp.Converter.from_module(m, signatures={"encode": m.encode}).convert()

Layout: ``tracing`` (traced tensors, the graph IR), ``api`` (the ops; it joins ``api_math``,
``api_nn`` and ``api_array``, which share ``oputil``), ``module`` (Module, function,
TensorSpec, tracing a signature), ``passes`` (pruning, bias/activation fusion), ``emit`` (graphs ->
``interp.model.Model``), ``graph_def`` (the JSON format), ``converter`` (Converter).
"""
from interp.convert.converter import Converter
from interp.convert.module import Module, TensorSpec, function
from interp.convert.tracing import ConversionError, ConversionTypeError

__all__ = ["Converter", "Module", "TensorSpec", "function", "ConversionError",
           "ConversionTypeError"]
