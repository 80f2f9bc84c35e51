"""Run one builtin op in LiteRT (the oracle) on loose arrays: a one-op model written with
``interp.writer``, every input a runtime input (or a constant when listed in ``const``), run with
LiteRT's reference kernels (``BUILTIN_REF``; the optimized ones for the few ops
without a reference kernel). Used by the elementwise golden tests to check interp
against LiteRT itself; the tests skip when ``ai_edge_litert`` is not installed.
"""
import numpy as np

from interp import dtypes, model
from interp.opnames import BUILTIN_CODES
from interp.strings import encode_strings
from interp.writer import write_model
from support import litert

# Ops LiteRT 2.3.0 registers only among its optimized kernels (no BUILTIN_REF entry).
NO_REFERENCE_KERNEL = {"CEIL", "ROUND", "ELU"}


def _raw(a):
    return encode_strings(a) if a.dtype.kind in "USO" else np.ascontiguousarray(a).tobytes()


def litert_run(op, inputs, options=None, options_type=0, output_types=None, const=(), n_outputs=1):
    """The outputs of ``op`` (a BuiltinOperator name) in LiteRT, as numpy arrays.

    ``options``: the options table fields; ``options_type``: its BuiltinOptions union index.
    ``output_types``: numpy dtypes of the outputs (default the first input's). Errors LiteRT
    raises (at allocation or invoke) propagate as its RuntimeError/ValueError.
    """
    inputs = [np.asarray(a) for a in inputs]
    if output_types is None:
        output_types = [inputs[0].dtype] * n_outputs
    tensors, buffers, graph_inputs = [], [model.Buffer()], []
    for i, a in enumerate(inputs):
        buf = 0
        if i in const:
            buffers.append(model.Buffer(data=_raw(a)))
            buf = len(buffers) - 1
        else:
            graph_inputs.append(i)
        tensors.append(model.Tensor(name=f"in{i}", type=dtypes.from_numpy(a.dtype),
                                    shape=tuple(a.shape), buffer=buf))
    outs = []
    for j, ot in enumerate(output_types):
        outs.append(len(tensors))
        tensors.append(model.Tensor(name=f"out{j}", type=dtypes.from_numpy(ot), shape=()))
    operator = model.Operator(opcode_index=0, inputs=tuple(range(len(inputs))), outputs=tuple(outs),
                              builtin_options_type=options_type,
                              builtin_options=dict(options or {}))
    sg = model.SubGraph(tensors=tuple(tensors), inputs=tuple(graph_inputs), outputs=tuple(outs),
                        operators=(operator,), name="main")
    m = model.Model(operator_codes=(model.OperatorCode(BUILTIN_CODES[op]),), subgraphs=(sg,),
                    buffers=tuple(buffers))
    lite = litert()
    resolver = (lite.OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES if op in NO_REFERENCE_KERNEL
                else lite.OpResolverType.BUILTIN_REF)
    it = lite.Interpreter(model_content=write_model(m), experimental_op_resolver_type=resolver)
    for k, i in enumerate(graph_inputs):
        it.resize_tensor_input(k, list(inputs[i].shape), strict=False)
    it.allocate_tensors()
    for k, i in enumerate(graph_inputs):
        it.set_tensor(it.get_input_details()[k]["index"], inputs[i])
    it.invoke()
    return [it.get_tensor(d["index"]) for d in it.get_output_details()]
