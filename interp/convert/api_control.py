"""Control flow and the fused LSTM: ``while_loop`` (WHILE), ``cond`` (IF), ``lstm``
(UNIDIRECTIONAL_SEQUENCE_LSTM).

``while_loop`` and ``cond`` trace the user's Python functions into graphs of their own
(:class:`CalledGraph`), which the emitter writes as extra subgraphs after the signatures' and refers
to by index from the WHILE / IF options (``Node.calls``).

Captures: a called graph may read tensors of the graphs it is called from (closures). While
tracing it, ``graph_of`` lets such tensors in; afterwards :func:`_foreign` finds them and
:func:`_bind_captures` replaces every one by a new input of the called graph, and the calling op
passes the outer tensor in: IF as an extra input, WHILE as an extra loop variable the body passes
through unchanged (what TensorFlow's converter does). Outer constants are copied into the called
graph instead. A result that is a constant (``lambda: 0.0``) becomes an outer constant passed in
the same way, since a subgraph output must be computed or be an input. Nested control flow works
the same: a capture of a grandparent's tensor makes the parent capture it too.
"""
import numpy as np

from interp import dtypes
from interp.convert import oputil
from interp.convert.tracing import (ConversionError, ConversionTypeError, Graph, Tensor,
                                    current_graph, shape_str, to_tensor, tracing)

__all__ = ["while_loop", "cond", "lstm"]

F32, I32, BOOL = dtypes.FLOAT32, dtypes.INT32, dtypes.BOOL


class CalledGraph(Graph):
    """A graph run by a WHILE / IF node of ``parent`` (``role``: "cond", "body", "then", "else")."""

    def __init__(self, parent, op_name, role):
        from interp.convert.variables import scope
        with scope(parent.variables):
            super().__init__(f"{op_name}_{role}")
        self.parent = parent
        self.op_name = op_name
        self.role = role

    def where(self) -> str:
        return f"the {self.role} of '{self.op_name}' in {self.parent.where()}"


def _trace(parent, op_name, role, fn, inputs):
    """Run ``fn`` on new inputs ``[(name, type, shape)]`` of a CalledGraph: (graph, raw result)."""
    if not callable(fn):
        raise ConversionTypeError(f"{op_name}: {role} must be callable, got {fn!r}")
    graph = CalledGraph(parent, op_name, role)
    with tracing(graph):
        args = [graph.add_input(n, t, s) for n, t, s in inputs]
        result = fn(*args)
    return graph, result


def _result_tensors(graph, result, what):
    """The results of a traced function as tensors (Python / numpy values become constants)."""
    if isinstance(result, (list, tuple)):
        values = list(result)
    else:
        values = [result]
    out = []
    for k, v in enumerate(values):
        if v is None:
            raise ConversionTypeError(f"{graph.op_name}: {what} result {k} is None, not a tensor")
        out.append(to_tensor(graph, v, graph.op_name, f"{what} result {k}",
                             hint=f"{graph.op_name}/{graph.role}_{k}"))
    return out


def _foreign(graph, results):
    """Outer tensors ``graph`` reads, in first-use order (node inputs, then results); outer
    constants read by nodes are copied into ``graph`` on the way, result constants replaced by
    outer ones. Returns (outer tensors, results with constants replaced)."""
    found, seen = [], set()

    def note(t):
        if id(t) not in seen:
            seen.add(id(t))
            found.append(t)

    for node in graph.nodes:
        for i, t in enumerate(node.inputs):
            if t is None or t.graph is graph:
                continue
            if t.is_constant:
                node.inputs[i] = graph.constant(t.data, t.type, t.hint)
            else:
                note(t)
    fixed = []
    for t in results:
        if t.is_constant:
            t = graph.parent.constant(t.data, t.type, t.hint)
        if t.graph is not graph:
            note(t)
        fixed.append(t)
    return found, fixed


def _bind_captures(graph, captures, results):
    """Give ``graph`` one input per outer tensor in ``captures`` (in that order) and read those
    instead; returns the results rewritten the same way."""
    local = {}
    for k, t in enumerate(captures):
        local[id(t)] = graph.add_input(f"captured_{k}", t.type, t.shape)
    for node in graph.nodes:
        node.inputs = [local.get(id(t), t) if t is not None else None for t in node.inputs]
    return [local.get(id(t), t) for t in results]


def _union(*lists):
    out, seen = [], set()
    for lst in lists:
        for t in lst:
            if id(t) not in seen:
                seen.add(id(t))
                out.append(t)
    return out


def _set_outputs(graph, results):
    width = len(str(max(len(results) - 1, 0)))
    graph.outputs = {f"output_{k:0{width}d}": t for k, t in enumerate(results)}


def _forget_reads(graph, node):
    """When the called graphs assign variables, later reads in ``graph`` must read again."""
    from interp.convert.passes import side_effect
    if side_effect(node):
        graph._reads.clear()


def _compatible(a, b):
    """The merged shape of two static-or-None shapes, or None when they cannot be one shape."""
    if len(a) != len(b):
        return None
    out = []
    for x, y in zip(a, b):
        if x is not None and y is not None and x != y:
            return None
        out.append(x if x is not None else y)
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# WHILE

def while_loop(cond, body, loop_vars, maximum_iterations=None, name=None):
    """``tf.while_loop``: repeat ``loop_vars = body(*loop_vars)`` while ``cond(*loop_vars)``.

    ``cond`` returns a bool scalar tensor; ``body`` returns the new values, as many as
    ``loop_vars`` with the same dtypes and shapes (interp and LiteRT run loops whose variables
    keep their shapes). ``loop_vars`` is a list/tuple of tensors or numpy / Python values (which
    become constants); a single tensor is accepted too, and the result then is a single tensor.
    ``maximum_iterations`` (an int or an int32 scalar tensor) stops the loop after that many
    iterations, with a counter loop variable and ``LESS`` / ``LOGICAL_AND`` in the cond, as
    TensorFlow writes it. Tensors of the calling function that ``cond`` or ``body`` read become
    extra loop variables the body passes through. Returns the final values (a list, or one tensor).
    """
    op = "while_loop"
    single = not isinstance(loop_vars, (list, tuple))
    values = [loop_vars] if single else list(loop_vars)
    if not values:
        raise ConversionError(f"{op}: loop_vars is empty; give at least one loop variable")
    graph, hint = oputil.start(op, name, "while", *values)
    user = [to_tensor(graph, v, op, f"loop_vars[{k}]", hint=f"{hint}/loop_var_{k}")
            for k, v in enumerate(values)]
    for k, t in enumerate(user):
        if t.type == dtypes.RESOURCE:
            raise ConversionTypeError(f"{op}: loop_vars[{k}] is a resource; read the variable "
                                      "inside the loop instead")
    lead = []  # [counter, limit] with maximum_iterations
    if maximum_iterations is not None:
        limit = to_tensor(graph, maximum_iterations, op, "maximum_iterations", like=I32,
                          hint=f"{hint}/maximum_iterations")
        if limit.type != I32 or limit.shape not in ((), (1,)):
            raise ConversionTypeError(
                f"{op}: maximum_iterations must be an int or an int32 scalar tensor, got "
                f"{limit.dtype} {shape_str(limit.shape)}")
        lead = [to_tensor(graph, np.int32(0), op, "counter", hint=f"{hint}/loop_counter"), limit]
    n_lead = len(lead)
    specs = ([("loop_counter", I32, lead[0].shape), ("maximum_iterations", I32, lead[1].shape)]
             if lead else [])
    specs += [(f"loop_var_{k}", t.type, t.shape) for k, t in enumerate(user)]

    def cond_fn(*args):
        flag = cond(*args[n_lead:])
        flags = _result_tensors(current_graph(), flag, "cond")
        if len(flags) != 1:
            raise ConversionError(f"{op}: cond returns {len(flags)} values; it must return one "
                                  "bool scalar tensor")
        flag = flags[0]
        if flag.type != BOOL or any(d != 1 for d in flag.shape):
            raise ConversionTypeError(f"{op}: cond must return a bool scalar tensor, got "
                                      f"{flag.dtype} {shape_str(flag.shape)}")
        if lead:
            from interp.convert.api import less, logical_and
            flag = logical_and(less(args[0], args[1]), flag)
        return flag

    cond_graph, flag = _trace(graph, hint, "cond", cond_fn, specs)
    if not callable(body):
        raise ConversionTypeError(f"{op}: body must be callable, got {body!r}")
    body_fn = (lambda *a: _with_counter(body, a)) if lead else body
    body_graph, new = _trace(graph, hint, "body", body_fn, specs)
    results = _result_tensors(body_graph, new, "body")
    if len(results) != len(specs):
        raise ConversionError(f"{op}: body returns {len(results) - n_lead} values for "
                              f"{len(user)} loop variables")
    for k, (t, (_, typ, shape)) in enumerate(zip(results, specs)):
        what = f"loop variable {k - n_lead}" if k >= n_lead else "the loop counter"
        if t.type != typ:
            raise ConversionTypeError(
                f"{op}: body changes the dtype of {what} from {oputil.names([typ])} to "
                f"{t.dtype}")
        merged = _compatible(shape, t.shape)
        if merged is None:
            raise ConversionError(
                f"{op}: body changes the shape of {what} from {shape_str(shape)} to "
                f"{shape_str(t.shape)}; loop variables must keep their shapes")
    cond_caps, cond_results = _foreign(cond_graph, [flag])
    body_caps, results = _foreign(body_graph, results)
    captures = _union(cond_caps, body_caps)
    cond_results = _bind_captures(cond_graph, captures, cond_results)
    results = _bind_captures(body_graph, captures, results)
    passed = [i for _, i in body_graph.inputs[len(specs):]]
    _set_outputs(cond_graph, cond_results)
    _set_outputs(body_graph, results + passed)
    inputs = lead + user + captures
    outs = graph.add_node_n("WHILE", inputs, [(t.type, t.shape) for t in inputs], hint,
                            options={"cond_subgraph_index": 0, "body_subgraph_index": 0})
    outs[0].producer.calls = {"cond_subgraph_index": cond_graph,
                              "body_subgraph_index": body_graph}
    _forget_reads(graph, outs[0].producer)
    final = outs[n_lead:n_lead + len(user)]
    return final[0] if single else final


def _with_counter(body, args):
    new = body(*args[2:])
    new = list(new) if isinstance(new, (list, tuple)) else [new]
    return [args[0] + np.int32(1), args[1]] + new


# ---------------------------------------------------------------------------------------------
# IF

def cond(pred, true_fn, false_fn, name=None):
    """``tf.cond``: ``true_fn()`` if ``pred`` else ``false_fn()`` (IF).

    ``pred`` is a bool scalar tensor (or a Python / numpy bool, a constant). The branches take no
    arguments and read the tensors they need from the calling function (those become IF inputs);
    they must return the same number of values with the same dtypes and compatible shapes. Returns
    what the branches return: one tensor, or a list.
    """
    op = "cond"
    graph, hint = oputil.start(op, name, "cond", pred)
    flag = to_tensor(graph, pred, op, "pred", hint=f"{hint}/pred")
    if flag.type != BOOL or any(d != 1 for d in flag.shape):
        raise ConversionTypeError(f"{op}: pred must be a bool scalar, got {flag.dtype} "
                                  f"{shape_str(flag.shape)}")
    then_graph, then_raw = _trace(graph, hint, "then", true_fn, [])
    else_graph, else_raw = _trace(graph, hint, "else", false_fn, [])
    single = not isinstance(then_raw, (list, tuple))
    then_out = _result_tensors(then_graph, then_raw, "true_fn")
    else_out = _result_tensors(else_graph, else_raw, "false_fn")
    if len(then_out) != len(else_out):
        raise ConversionError(f"{op}: true_fn returns {len(then_out)} values but false_fn "
                              f"{len(else_out)}; both branches must return the same structure")
    shapes = []
    for k, (a, b) in enumerate(zip(then_out, else_out)):
        if a.type != b.type:
            raise ConversionTypeError(f"{op}: output {k} is {a.dtype} in true_fn but {b.dtype} "
                                      "in false_fn")
        merged = _compatible(a.shape, b.shape)
        if merged is None:
            raise ConversionError(f"{op}: output {k} has shape {shape_str(a.shape)} in true_fn "
                                  f"but {shape_str(b.shape)} in false_fn")
        shapes.append(tuple(x if x == y else None for x, y in zip(a.shape, b.shape)))
    then_caps, then_out = _foreign(then_graph, then_out)
    else_caps, else_out = _foreign(else_graph, else_out)
    captures = _union(then_caps, else_caps)
    _set_outputs(then_graph, _bind_captures(then_graph, captures, then_out))
    _set_outputs(else_graph, _bind_captures(else_graph, captures, else_out))
    outs = graph.add_node_n("IF", [flag] + captures,
                            [(t.type, s) for t, s in zip(then_out, shapes)], hint,
                            options={"then_subgraph_index": 0, "else_subgraph_index": 0})
    outs[0].producer.calls = {"then_subgraph_index": then_graph,
                              "else_subgraph_index": else_graph}
    _forget_reads(graph, outs[0].producer)
    return outs[0] if single else outs


# ---------------------------------------------------------------------------------------------
# UNIDIRECTIONAL_SEQUENCE_LSTM

LSTM_ACTIVATIONS = {"tanh": 4, "relu": 1, "relu6": 3}  # ActivationFunctionType codes


def _weight(op, value, what, shape):
    if isinstance(value, Tensor) and not value.is_constant:
        raise ConversionTypeError(f"{op}: {what} must be a numpy array (a constant weight), got "
                                  f"the traced tensor {value!r}")
    array = value.data if isinstance(value, Tensor) else np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise ConversionTypeError(f"{op}: {what} must be a float array, got dtype {array.dtype}")
    if shape is not None and array.shape != tuple(shape):
        raise ConversionError(f"{op}: {what} has shape {list(array.shape)}, expected "
                              f"{list(shape)}")
    return np.ascontiguousarray(array, dtype=np.float32)


def lstm(x, kernel, recurrent_kernel, bias=None, time_major=False, activation="tanh",
         cell_clip=0.0, proj_clip=0.0, projection=None, projection_bias=None, peepholes=None,
         name=None):
    """A Keras LSTM layer over a whole sequence, ``return_sequences=True``
    (UNIDIRECTIONAL_SEQUENCE_LSTM, float32).

    ``x`` is [batch, time, n_input] ([time, batch, n_input] with ``time_major``); the batch must
    be static (the state tensors have it). The weights are numpy arrays in Keras' layout, gates in
    the order input, forget, cell, output: ``kernel`` [n_input, 4*units], ``recurrent_kernel``
    [n_output, 4*units], ``bias`` [4*units] (default zeros). Optional: ``projection``
    [units, n_output] and ``projection_bias`` [n_output] (LSTMP; n_output = units without),
    ``peepholes`` = (cell-to-input, cell-to-forget, cell-to-output) [units] each. ``activation``
    ("tanh", "relu", "relu6") is the cell gate's and the cell output's; ``cell_clip`` /
    ``proj_clip`` (> 0) clip the cell state / projected output. The recurrent (sigmoid) gates are
    fixed. Returns the output sequence [batch, time, n_output] ([time, batch, n_output]).

    The output and cell state are variable tensors starting at zero; like TensorFlow's converter
    writes it, they keep the state after the last step, so a second invoke continues from there.
    """
    op = "lstm"
    graph, hint = oputil.start(op, name, "lstm", x)
    x = to_tensor(graph, x, op, "x", hint=f"{hint}/x")
    oputil.check_dtype(op, x, (F32,))
    if x.rank != 3:
        raise ConversionError(f"{op}: x must be rank 3 ([batch, time, n_input]), got "
                              f"{shape_str(x.shape)}")
    time_major = oputil.bool_arg(op, "time_major", time_major)
    batch = x.shape[1] if time_major else x.shape[0]
    n_input = x.shape[2]
    if batch is None or n_input is None:
        raise ConversionError(f"{op}: the batch and feature dims of x must be static (the state "
                              f"tensors are [batch, n]), got {shape_str(x.shape)}")
    k = _weight(op, kernel, "kernel", None)
    if k.ndim != 2 or k.shape[0] != n_input or not k.shape[1] or k.shape[1] % 4:
        raise ConversionError(f"{op}: kernel has shape {list(k.shape)}, expected "
                              f"[{n_input}, 4*units] (n_input, then the four gates' units)")
    units = k.shape[1] // 4
    kernel = k
    n_output = units
    if projection is not None:
        p = _weight(op, projection, "projection", None)
        n_output = p.shape[-1] if p.ndim == 2 else units
        projection = _weight(op, p, "projection", (units, n_output))
    elif projection_bias is not None:
        raise ConversionError(f"{op}: projection_bias needs projection")
    recurrent = _weight(op, recurrent_kernel, "recurrent_kernel", (n_output, 4 * units))
    bias = np.zeros(4 * units, np.float32) if bias is None else \
        _weight(op, bias, "bias", (4 * units,))
    if activation not in LSTM_ACTIVATIONS:
        raise ConversionError(f"{op}: activation {activation!r} is not supported; use one of "
                              f"{sorted(LSTM_ACTIVATIONS)}")
    clips = []
    for what, v in (("cell_clip", cell_clip), ("proj_clip", proj_clip)):
        if isinstance(v, bool) or not isinstance(v, (int, float, np.floating, np.integer)) \
                or not np.isfinite(v) or v < 0:
            raise ConversionError(f"{op}: {what} must be a number >= 0 (0 = no clipping), got "
                                  f"{v!r}")
        clips.append(float(v))

    gates = ("input", "forget", "cell", "output")

    def const(array, role):
        return graph.constant(np.ascontiguousarray(array, np.float32), F32, f"{hint}/{role}")

    inputs = [x]
    inputs += [const(kernel[:, g * units:(g + 1) * units].T, f"input_to_{gates[g]}_weights")
               for g in range(4)]
    inputs += [const(recurrent[:, g * units:(g + 1) * units].T,
                     f"recurrent_to_{gates[g]}_weights") for g in range(4)]
    if peepholes is not None:
        if not isinstance(peepholes, (list, tuple)) or len(peepholes) != 3:
            raise ConversionError(f"{op}: peepholes must be (cell-to-input, cell-to-forget, "
                                  "cell-to-output) weights")
        inputs += [const(_weight(op, w, f"peepholes[{i}]", (units,)),
                         f"cell_to_{('input', 'forget', 'output')[i]}_weights")
                   for i, w in enumerate(peepholes)]
    else:
        inputs += [None] * 3
    inputs += [const(bias[g * units:(g + 1) * units], f"{gates[g]}_gate_bias") for g in range(4)]
    if projection is not None:
        inputs.append(const(projection.T, "projection_weights"))
        inputs.append(None if projection_bias is None else
                      const(_weight(op, projection_bias, "projection_bias", (n_output,)),
                            "projection_bias"))
    else:
        inputs += [None, None]
    for role, n in (("output_state", n_output), ("cell_state", units)):
        inputs.append(Tensor(graph, F32, (batch, n), hint=f"{hint}/{role}", is_variable=True))
    inputs += [None] * 4  # layer-norm coefficients
    out_shape = (x.shape[0], x.shape[1], n_output)
    options = {"fused_activation_function": LSTM_ACTIVATIONS[activation],
               "cell_clip": clips[0], "proj_clip": clips[1], "time_major": time_major,
               "asymmetric_quantize_inputs": False, "diagonal_recurrent_tensors": False}
    return graph.add_node("UNIDIRECTIONAL_SEQUENCE_LSTM", inputs, F32, out_shape, hint,
                          options=options)
