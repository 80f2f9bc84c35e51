"""Run one op on loose arrays, with no model file: the golden-test helper (STYLE.md §5).

``run_op("ADD", [a, b], options={"fused_activation_function": 1})`` builds the runtime tensors and
node the interpreter would build, then calls the op's init, prepare, bind and the bound callable,
and returns the outputs as numpy arrays (copies).
"""
import numpy as np

from interp import dtypes, model
from interp.errors import KernelError
from interp.ops import registry
from interp.opnames import BUILTIN_CODES
from interp.tensor import RuntimeTensor


def run_op(op, inputs, options=None, output_types=None, const=(), custom_options=None,
           n_outputs=1, output_shapes=None):
    """Run ``op`` (a BuiltinOperator name or code, or a custom code such as ``"FlexAsString"``).

    ``inputs``: arrays (or None for an omitted optional input). Indices listed in ``const`` are
    constant tensors (as weights are in a model). ``output_types``: TensorType codes or numpy dtypes
    of the outputs (default: the first input's). Returns a list of output arrays.
    """
    if isinstance(op, str) and op in BUILTIN_CODES:
        code, custom = BUILTIN_CODES[op], None
    elif isinstance(op, int):
        code, custom = op, None
    else:
        code, custom = 32, op
    module = registry.lookup(code, custom)
    if module is None:
        raise LookupError(f"no kernel for {op}")
    tensors, in_idx = [], []
    for i, a in enumerate(inputs):
        if a is None:
            in_idx.append(-1)
            continue
        a = np.asarray(a)
        spec = model.Tensor(name=f"in{i}", type=dtypes.from_numpy(a.dtype), shape=a.shape)
        if i in const:
            raw = _const_bytes(a)
            t = RuntimeTensor(len(tensors), spec, raw)
        else:
            t = RuntimeTensor(len(tensors), spec)
            t.allocate()
            t.data[...] = a
        in_idx.append(len(tensors))
        tensors.append(t)
    first = next(a for a in inputs if a is not None)
    if output_types is None:
        output_types = [dtypes.from_numpy(np.asarray(first).dtype)] * n_outputs
    out_idx = []
    for j, ot in enumerate(output_types):
        code_t = ot if isinstance(ot, int) else dtypes.from_numpy(ot)
        shape = output_shapes[j] if output_shapes else ()
        spec = model.Tensor(name=f"out{j}", type=code_t, shape=tuple(shape))
        out_idx.append(len(tensors))
        tensors.append(RuntimeTensor(len(tensors), spec))
    operator = model.Operator(opcode_index=0, inputs=tuple(in_idx), outputs=tuple(out_idx),
                              builtin_options=dict(options or {}), custom_options=custom_options)
    node = registry.Node(0, "test", str(op), operator, module,
                         [tensors[i] if i >= 0 else None for i in in_idx],
                         [tensors[i] for i in out_idx])
    try:
        module.prepare(node)
    except registry.DynamicShape:
        # An input that decides the output shape is not a constant: the executor would prepare this
        # node at invoke time, when the values exist; do the same.
        node.values_ready = True
        node.scratch_bytes = 0
        module.prepare(node)
    for t in node.outputs:
        t.allocate()
    if node.scratch_bytes:
        node.scratch = _aligned_scratch(node.scratch_bytes)
    run = module.bind(node)
    status = run()
    if status:
        raise KernelError(f"{op}: kernel failed with status {status}")
    return [np.array(t.data, copy=True) for t in node.outputs]


def _aligned_scratch(nbytes, align=64):
    raw = np.empty(nbytes + align, np.uint8)
    start = (-raw.ctypes.data) % align
    return raw[start:start + nbytes]


def _const_bytes(a):
    if a.dtype.kind in "USO":
        from interp.strings import encode_strings
        return encode_strings(a)
    return np.ascontiguousarray(a).tobytes()
