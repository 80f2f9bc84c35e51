"""Run one builtin op in LiteRT (the oracle): a one-op model written with interp.writer, run by
``ai_edge_litert`` with its reference kernels (BUILTIN_REF, no XNNPACK).

``litert_op("TRANSPOSE", [x, perm], const=(1,))`` mirrors ``kernel_runner.run_op``: the options
table is chosen from the op's name (the schema's ``<Op>Options``). Inputs listed in ``const`` are
constants in the file; the others are the model's inputs. Returns the outputs LiteRT computes.
"""
from types import MappingProxyType

import numpy as np
import pytest

from interp import dtypes
from interp import schema_generated as fb
from interp.model import Buffer, Model, Operator, OperatorCode, SubGraph, Tensor
from interp.opnames import BUILTIN_CODES
from interp.writer import write_model

# Ops whose options table is not named after the op.
_TABLE = {"SPLIT_V": "SplitVOptions", "GATHER_ND": "GatherNdOptions", "PADV2": "PadV2Options",
          "RESIZE_NEAREST_NEIGHBOR": "ResizeNearestNeighborOptions",
          "BATCH_TO_SPACE_ND": "BatchToSpaceNDOptions",
          "SPACE_TO_BATCH_ND": "SpaceToBatchNDOptions"}

# Ops LiteRT registers from a version above 1 only.
_VERSION = {"BROADCAST_TO": 2}


def _options_type(op):
    table = _TABLE.get(op) or "".join(w.capitalize() for w in op.split("_")) + "Options"
    tables = fb.UNIONS["BuiltinOptions"]
    return tables.index(table) + 1 if table in tables else 0


def litert_op(op, inputs, options=None, const=(), output_types=None, n_outputs=1):
    interpreter = pytest.importorskip("ai_edge_litert.interpreter")
    from interp.strings import encode_strings
    tensors, buffers, graph_inputs, feeds = [], [Buffer()], [], []
    for i, a in enumerate(inputs):
        a = np.asarray(a)
        t = dtypes.from_numpy(a.dtype)
        if i in const:
            raw = encode_strings(a.ravel()) if t == dtypes.STRING else \
                np.ascontiguousarray(a).tobytes()
            buffers.append(Buffer(data=raw))
        else:
            buffers.append(Buffer())
            graph_inputs.append(i)
            feeds.append(a)
        tensors.append(Tensor(f"in{i}", t, tuple(a.shape), buffer=len(buffers) - 1))
    if output_types is None:
        output_types = [np.asarray(inputs[0]).dtype] * n_outputs
    outs = []
    for j, ot in enumerate(output_types):
        buffers.append(Buffer())
        outs.append(len(tensors))
        tensors.append(Tensor(f"out{j}", dtypes.from_numpy(ot), (), buffer=len(buffers) - 1))
    otype = _options_type(op) if options is not None else 0
    operator = Operator(0, tuple(range(len(inputs))), tuple(outs), otype,
                        MappingProxyType(dict(options or {})))
    graph = SubGraph(tuple(tensors), tuple(graph_inputs), tuple(outs), (operator,), "main")
    model = Model((OperatorCode(BUILTIN_CODES[op], version=_VERSION.get(op, 1)),), (graph,),
                  tuple(buffers))
    it = interpreter.Interpreter(
        model_content=write_model(model),
        experimental_op_resolver_type=interpreter.OpResolverType.BUILTIN_REF)
    for i, a in zip(graph_inputs, feeds):
        it.resize_tensor_input(i, a.shape)
    it.allocate_tensors()
    for i, a in zip(graph_inputs, feeds):
        it.set_tensor(i, a)
    it.invoke()
    return [it.get_tensor(j) for j in outs]
