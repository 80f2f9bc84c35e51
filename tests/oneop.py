"""One-op ``.tflite`` models written with ``interp.writer``, run in LiteRT (the oracle) and interp.

``one_op_model("MEAN", [x, axes], const=(1,), options={"keep_dims": True}, outputs=[...])`` gives
the bytes of a model with one operator whose non-constant inputs are the subgraph inputs.
``run_both`` runs the model in ``ai_edge_litert`` and the same op and inputs in interp, and returns
both lists of outputs.
"""
from types import MappingProxyType

import numpy as np

from interp import dtypes
from interp.model import Buffer, Model, Operator, OperatorCode, SubGraph, Tensor
from interp.opnames import BUILTIN_CODES
from interp.schema_generated import BuiltinOptions
from interp.writer import write_model

# BuiltinOptions union member of each op this family tests.
OPTIONS_TYPE = {
    "MEAN": BuiltinOptions.ReducerOptions, "SUM": BuiltinOptions.ReducerOptions,
    "REDUCE_MAX": BuiltinOptions.ReducerOptions, "REDUCE_MIN": BuiltinOptions.ReducerOptions,
    "REDUCE_PROD": BuiltinOptions.ReducerOptions, "REDUCE_ANY": BuiltinOptions.ReducerOptions,
    "REDUCE_ALL": BuiltinOptions.ReducerOptions, "SOFTMAX": BuiltinOptions.SoftmaxOptions,
    "LOG_SOFTMAX": BuiltinOptions.LogSoftmaxOptions, "L2_NORMALIZATION": BuiltinOptions.L2NormOptions,
    "ARG_MAX": BuiltinOptions.ArgMaxOptions, "ARG_MIN": BuiltinOptions.ArgMinOptions,
    "CUMSUM": BuiltinOptions.CumsumOptions, "TOPK_V2": BuiltinOptions.TopKV2Options,
    "UNIDIRECTIONAL_SEQUENCE_LSTM": BuiltinOptions.UnidirectionalSequenceLSTMOptions,
}


def one_op_model(op, inputs, outputs, const=(), options=None, variable=()):
    """``inputs``: arrays or None (omitted); ``outputs``: (numpy dtype, shape) pairs. Inputs listed
    in ``const`` are constants, those in ``variable`` are zero-initialised variable tensors; the
    rest are the model's inputs, in order."""
    tensors, buffers, in_idx, model_inputs = [], [Buffer()], [], []
    for i, a in enumerate(inputs):
        if a is None:
            in_idx.append(-1)
            continue
        a = np.asarray(a)
        data = np.ascontiguousarray(a).tobytes() if i in const else None
        buffers.append(Buffer(data=data))
        tensors.append(Tensor(f"in{i}", dtypes.from_numpy(a.dtype), tuple(a.shape),
                              buffer=len(buffers) - 1, is_variable=i in variable))
        in_idx.append(len(tensors) - 1)
        if i not in const and i not in variable:
            model_inputs.append(len(tensors) - 1)
    out_idx = []
    for j, (dt, shape) in enumerate(outputs):
        buffers.append(Buffer())
        tensors.append(Tensor(f"out{j}", dtypes.from_numpy(np.dtype(dt)), tuple(shape),
                              buffer=len(buffers) - 1))
        out_idx.append(len(tensors) - 1)
    opts = MappingProxyType(dict(options or {}))
    operator = Operator(0, tuple(in_idx), tuple(out_idx), OPTIONS_TYPE.get(op, 0), opts)
    model = Model(operator_codes=(OperatorCode(BUILTIN_CODES[op]),),
                  subgraphs=(SubGraph(tuple(tensors), tuple(model_inputs), tuple(out_idx),
                                      (operator,), "main"),),
                  buffers=tuple(buffers))
    return write_model(model)


def run_model(interpreter, feeds):
    interpreter.allocate_tensors()
    for detail, value in zip(interpreter.get_input_details(), feeds):
        interpreter.set_tensor(detail["index"], value)
    interpreter.invoke()
    return [interpreter.get_tensor(d["index"]) for d in interpreter.get_output_details()]


def run_both(op, inputs, outputs, const=(), options=None, variable=(), resolver="BUILTIN_REF"):
    """(LiteRT outputs, interp outputs) on ``inputs``: LiteRT runs the one-op model (``resolver``
    is its OpResolverType name; BUILTIN_REF = its reference kernels), interp runs the op through
    ``kernel_runner.run_op`` (the executor's scratch and variable handling are the lead's; the
    kernel is what is under test here)."""
    from kernel_runner import run_op
    want = litert_outputs(op, inputs, outputs, const, options, variable, resolver)
    got = run_op(op, inputs, options=options, const=tuple(const),
                 output_types=[np.dtype(dt) for dt, _ in outputs], n_outputs=len(outputs))
    return want, got


def litert_outputs(op, inputs, outputs, const=(), options=None, variable=(), resolver="BUILTIN_REF"):
    """LiteRT's outputs alone (for probing semantics)."""
    from ai_edge_litert import interpreter as lite
    data = one_op_model(op, inputs, outputs, const, options, variable)
    feeds = [np.asarray(a) for i, a in enumerate(inputs)
             if a is not None and i not in const and i not in variable]
    theirs = lite.Interpreter(model_content=data, experimental_op_resolver_type=getattr(
        lite.OpResolverType, resolver))
    return run_model(theirs, feeds)


def run_both_interpreters(op, inputs, outputs, const=(), options=None, variable=(),
                          resolver="BUILTIN_REF"):
    """(LiteRT outputs, interp outputs), both running the one-op model file through their
    ``Interpreter`` (loader, executor and all)."""
    import interp
    from ai_edge_litert import interpreter as lite
    data = one_op_model(op, inputs, outputs, const, options, variable)
    feeds = [np.asarray(a) for i, a in enumerate(inputs)
             if a is not None and i not in const and i not in variable]
    theirs = lite.Interpreter(model_content=data, experimental_op_resolver_type=getattr(
        lite.OpResolverType, resolver))
    return run_model(theirs, feeds), run_model(interp.Interpreter(model_content=data), feeds)
