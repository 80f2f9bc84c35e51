"""``interp.bake_variables``: write variable values back into a model as its initial values.

A converted model initialises each resource variable in a CALL_ONCE initializer subgraph with
``ASSIGN_VARIABLE(VAR_HANDLE(name), constant)``. Baking replaces those constants, so a fresh
interpreter (interp or LiteRT) starts from the given values: train on the device, bake, ship.
"""
import dataclasses

import numpy as np

from interp import dtypes
from interp.errors import InputError
from interp.loader import load_model
from interp.model import Buffer
from interp.opnames import BUILTIN_CODES
from interp.writer import write_model

_CALL_ONCE, _VAR_HANDLE, _ASSIGN = (BUILTIN_CODES[n] for n in
                                    ("CALL_ONCE", "VAR_HANDLE", "ASSIGN_VARIABLE"))


def _variable_name(options):
    container, shared = options.get("container") or "", options.get("shared_name") or ""
    return f"{container}/{shared}" if container else shared


def initial_value_tensors(model):
    """``{variable name: [(subgraph index, tensor index)]}``: the constants the initializers assign."""
    init_subgraphs = set()
    for sg in model.subgraphs:
        for op in sg.operators:
            if model.operator_codes[op.opcode_index].builtin_code == _CALL_ONCE:
                init_subgraphs.add(op.builtin_options.get("init_subgraph_index", 0))
    found = {}
    for si in sorted(init_subgraphs):
        if not 0 <= si < len(model.subgraphs):
            continue
        sg = model.subgraphs[si]
        handles = {}
        for op in sg.operators:
            code = model.operator_codes[op.opcode_index].builtin_code
            if code == _VAR_HANDLE and op.outputs:
                handles[op.outputs[0]] = _variable_name(op.builtin_options)
            elif code == _ASSIGN and len(op.inputs) == 2 and op.inputs[0] in handles:
                found.setdefault(handles[op.inputs[0]], []).append((si, op.inputs[1]))
    return found


def bake_variables(model_bytes, values) -> bytes:
    """A copy of ``model_bytes`` whose initializers assign ``values`` (name -> array, names as
    ``Interpreter.get_variables()`` gives them). Shapes and dtypes must match the variables'."""
    model = load_model(bytes(model_bytes))
    targets = initial_value_tensors(model)
    unknown = sorted(set(values) - set(targets))
    if unknown:
        raise InputError(f"cannot bake {', '.join(repr(n) for n in unknown)}: the model's "
                         f"initializers assign constants to {', '.join(repr(n) for n in sorted(targets)) or 'no variables'}")
    subgraphs = [list(sg.tensors) for sg in model.subgraphs]
    buffers = list(model.buffers)
    for name, value in values.items():
        arr = np.asarray(value)
        for si, ti in targets[name]:
            spec = subgraphs[si][ti]
            if model.tensor_data(spec) is None:
                raise InputError(f"cannot bake '{name}': its initial value (tensor {ti} of "
                                 f"subgraph {si}) is computed, not a constant")
            want = dtypes.NUMPY.get(spec.type)
            if arr.shape != tuple(spec.shape):
                raise InputError(f"cannot bake '{name}': shape {list(arr.shape)}, the variable is "
                                 f"{list(spec.shape)}")
            if want is None or not np.can_cast(arr.dtype, want, "same_kind"):
                raise InputError(f"cannot bake '{name}': dtype {arr.dtype}, the variable is "
                                 f"{dtypes.name(spec.type)}")
            buffers.append(Buffer(np.ascontiguousarray(arr, dtype=want).tobytes()))
            subgraphs[si][ti] = dataclasses.replace(spec, buffer=len(buffers) - 1)
    new = dataclasses.replace(
        model, buffers=tuple(buffers),
        subgraphs=tuple(dataclasses.replace(sg, tensors=tuple(ts))
                        for sg, ts in zip(model.subgraphs, subgraphs)))
    return write_model(new)


__all__ = ["bake_variables", "initial_value_tensors"]
