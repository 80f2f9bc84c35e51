"""Quantized one-op models: written with ``interp.writer``, run in interp and in LiteRT (the oracle).

A tensor is a :class:`Q`: an array (an input or a constant) or a ``(dtype, shape)`` pair (an output),
with its quantization (``scale`` and ``zero_point`` scalars for per-tensor, sequences plus ``axis``
for per-channel; ``scale=None`` for an unquantized tensor such as an int32 shape or float input).

``run_quant(op, [Q(x, 0.1, -3), Q(w, [0.02, 0.03], 0, axis=0)], [Q(np.int8, (1, 2), 0.5, 1)],
const=(1,), options={...})`` returns ``(litert_outputs, interp_outputs)``, both running the same
file through their ``Interpreter``. LiteRT runs with ``BUILTIN_WITHOUT_DEFAULT_DELEGATES`` (its
built-in optimized kernels, which use the double-rounding fixed-point multiply; FORMAT.md §8) unless
``resolver`` says otherwise.
"""
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Optional, Sequence, Union

import numpy as np

from interp import dtypes
from interp.model import Buffer, Model, Operator, OperatorCode, Quantization, SubGraph, Tensor
from interp.opnames import BUILTIN_CODES
from interp.schema_tables import UNIONS
from interp.writer import write_model

# Ops whose options table is not named after the op.
_TABLE = {"MEAN": "ReducerOptions", "SUM": "ReducerOptions", "REDUCE_MAX": "ReducerOptions",
          "REDUCE_MIN": "ReducerOptions", "TOPK_V2": "TopKV2Options",
          "L2_NORMALIZATION": "L2NormOptions",
          "AVERAGE_POOL_2D": "Pool2DOptions", "MAX_POOL_2D": "Pool2DOptions",
          "DEPTHWISE_CONV_2D": "DepthwiseConv2DOptions", "CONV_2D": "Conv2DOptions",
          "PADV2": "PadV2Options", "BATCH_MATMUL": "BatchMatMulOptions",
          "CONCATENATION": "ConcatenationOptions", "STRIDED_SLICE": "StridedSliceOptions",
          "LEAKY_RELU": "LeakyReluOptions", "HARD_SWISH": "HardSwishOptions"}


@dataclass
class Q:
    value: Any                       # an array, or for outputs a numpy dtype
    scale: Union[None, float, Sequence[float]] = None
    zero_point: Union[None, int, Sequence[int]] = None
    axis: int = 0
    shape: Optional[Sequence[int]] = None  # outputs: the shape written in the file

    def quantization(self):
        if self.scale is None:
            return None
        scale = tuple(float(s) for s in np.atleast_1d(self.scale))
        zp = self.zero_point if self.zero_point is not None else 0
        zp = tuple(int(z) for z in np.atleast_1d(zp))
        if len(zp) == 1 and len(scale) > 1:
            zp = zp * len(scale)
        return Quantization(scale=scale, zero_point=zp, quantized_dimension=self.axis)


def options_type(op):
    table = _TABLE.get(op) or "".join(w.capitalize() for w in op.split("_")) + "Options"
    tables = UNIONS["BuiltinOptions"]
    return tables.index(table) + 1 if table in tables else 0


def quant_model(op, inputs, outputs, const=(), options=None, version=1):
    """The bytes of a one-op model; inputs not in ``const`` (and not None) are the model's inputs."""
    tensors, buffers, in_idx, graph_inputs = [], [Buffer()], [], []
    for i, q in enumerate(inputs):
        if q is None:
            in_idx.append(-1)
            continue
        if not isinstance(q, Q):
            q = Q(q)
        a = np.asarray(q.value)
        data = np.ascontiguousarray(a).tobytes() if i in const else None
        buffers.append(Buffer(data=data))
        tensors.append(Tensor(f"in{i}", dtypes.from_numpy(a.dtype), tuple(a.shape),
                              buffer=len(buffers) - 1, quantization=q.quantization()))
        in_idx.append(len(tensors) - 1)
        if i not in const:
            graph_inputs.append(len(tensors) - 1)
    out_idx = []
    for j, q in enumerate(outputs):
        buffers.append(Buffer())
        tensors.append(Tensor(f"out{j}", dtypes.from_numpy(np.dtype(q.value)),
                              tuple(q.shape or ()), buffer=len(buffers) - 1,
                              quantization=q.quantization()))
        out_idx.append(len(tensors) - 1)
    otype = options_type(op) if options is not None else 0
    operator = Operator(0, tuple(in_idx), tuple(out_idx), otype,
                        MappingProxyType(dict(options or {})))
    model = Model(operator_codes=(OperatorCode(BUILTIN_CODES[op], version=version),),
                  subgraphs=(SubGraph(tuple(tensors), tuple(graph_inputs), tuple(out_idx),
                                      (operator,), "main"),),
                  buffers=tuple(buffers))
    return write_model(model)


def feeds_of(inputs, const):
    return [np.asarray(q.value if isinstance(q, Q) else q) for i, q in enumerate(inputs)
            if q is not None and i not in const]


def run_file(interpreter, feeds):
    for detail, value in zip(interpreter.get_input_details(), feeds):
        interpreter.resize_tensor_input(detail["index"], value.shape)
    interpreter.allocate_tensors()
    for detail, value in zip(interpreter.get_input_details(), feeds):
        interpreter.set_tensor(detail["index"], value)
    interpreter.invoke()
    return [interpreter.get_tensor(d["index"]) for d in interpreter.get_output_details()]


def litert(data, feeds, resolver="BUILTIN_WITHOUT_DEFAULT_DELEGATES"):
    from ai_edge_litert import interpreter as lite
    it = lite.Interpreter(model_content=data,
                          experimental_op_resolver_type=getattr(lite.OpResolverType, resolver))
    return run_file(it, feeds)


def ours(data, feeds):
    import interp
    return run_file(interp.Interpreter(model_content=data), feeds)


def run_quant(op, inputs, outputs, const=(), options=None, version=1,
              resolver="BUILTIN_WITHOUT_DEFAULT_DELEGATES"):
    """(LiteRT outputs, interp outputs) of the one-op model on the non-constant inputs."""
    data = quant_model(op, inputs, outputs, const, options, version)
    feeds = feeds_of(inputs, const)
    return litert(data, feeds, resolver), ours(data, feeds)
