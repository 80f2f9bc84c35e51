"""UNIDIRECTIONAL_SEQUENCE_LSTM, float32: an LSTM layer over a whole sequence (kernels/lstm.c).

Inputs (TFLite's order; -1 = omitted):
  0 input [batch, time, n_input] ([time, batch, n_input] with ``time_major``)
  1-4 input-to-{input, forget, cell, output} weights [n_cell, n_input]
  5-8 recurrent-to-{input, forget, cell, output} weights [n_cell, n_output]
  9-11 cell-to-{input, forget, output} peephole weights [n_cell] (optional, all or none)
  12-15 {input, forget, cell, output} gate biases [n_cell]
  16 projection weights [n_output, n_cell] (optional), 17 projection bias [n_output] (optional)
  18 output state [batch, n_output], 19 cell state [batch, n_cell]: variable tensors
  20-23 {input, forget, cell, output} layer-norm coefficients [n_cell] (optional, all or none;
  only present in the 24-input form)
CIFG (coupled input and forget gate) omits the input-gate weights (1, 5), bias (12), peephole (9)
and layer-norm coefficients (20): i = 1 - f.

Activation: the options' fused activation is the cell gate's and the cell output's (usually
TANH). With NONE, LiteRT's output is o * g (the cell gate) rather than o * c, because its NONE
writes nothing into the buffer holding g; interp computes the same (observed, LiteRT 2.3.0).

State: inputs 18 and 19 are read when the op starts and hold the state after its last time step
when it ends, so a second invoke continues where the first stopped (LiteRT's behaviour, observed:
its states persist until ``reset_all_variables``). The executor must therefore keep them as
persistent tensors (never arena-shared, never folded) initialised to zero at allocation; interp
only requires that they are not constants. Hybrid (int8 weights) LSTM is not supported yet.
"""
import functools
from dataclasses import dataclass

from interp import dtypes
from interp.ops._kernels import QUANTIZED, ffi, lib, ptr, unsupported_type
from interp.ops._reduce import scratch

FOLDABLE = False  # it updates its state inputs

INPUT, OUTPUT_STATE, CELL_STATE = 0, 18, 19
W_X, W_H, PEEP, BIAS, LN = (1, 2, 3, 4), (5, 6, 7, 8), (9, 10, None, 11), (12, 13, 14, 15), \
    (20, 21, 22, 23)
PROJ_W, PROJ_B = 16, 17
NAMES = {1: "input-to-input weights", 2: "input-to-forget weights", 3: "input-to-cell weights",
         4: "input-to-output weights", 5: "recurrent-to-input weights",
         6: "recurrent-to-forget weights", 7: "recurrent-to-cell weights",
         8: "recurrent-to-output weights", 9: "cell-to-input weights",
         10: "cell-to-forget weights", 11: "cell-to-output weights", 12: "input gate bias",
         13: "forget gate bias", 14: "cell gate bias", 15: "output gate bias",
         16: "projection weights", 17: "projection bias", 18: "output state", 19: "cell state",
         20: "input layer-norm coefficients", 21: "forget layer-norm coefficients",
         22: "cell layer-norm coefficients", 23: "output layer-norm coefficients", 0: "input"}
ACTIVATIONS = (0, 1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Options:
    fused_activation_function: int = 0
    cell_clip: float = 0.0
    proj_clip: float = 0.0
    time_major: bool = False
    asymmetric_quantize_inputs: bool = False
    diagonal_recurrent_tensors: bool = False


def init(operator):
    o = operator.builtin_options
    return Options(int(o.get("fused_activation_function", 0)), float(o.get("cell_clip", 0.0)),
                   float(o.get("proj_clip", 0.0)), bool(o.get("time_major", False)),
                   bool(o.get("asymmetric_quantize_inputs", False)),
                   bool(o.get("diagonal_recurrent_tensors", False)))


def _get(node, i):
    return node.inputs[i] if i < len(node.inputs) else None


def _check(node, i, shape, required=True):
    t = _get(node, i)
    if t is None:
        if required:
            raise node.error(f"input {i} ({NAMES[i]}) is required but omitted (-1)")
        return None
    if t.type != dtypes.FLOAT32:
        if t.type in QUANTIZED and i != INPUT:
            raise node.error(f"input {i} ({NAMES[i]}) {t.describe()}: hybrid or quantized "
                             f"UNIDIRECTIONAL_SEQUENCE_LSTM is not supported yet")
        raise unsupported_type(node, t, (dtypes.FLOAT32,), role=f"input {i} ({NAMES[i]})")
    if tuple(t.shape) != tuple(shape):
        raise node.error(f"input {i} ({NAMES[i]}) {t.describe()} must have shape {list(shape)}")
    return t


def prepare(node):
    if len(node.inputs) not in (20, 24) or len(node.outputs) != 1:
        raise node.error(f"expects 20 or 24 inputs and 1 output, got {len(node.inputs)} and "
                         f"{len(node.outputs)}")
    opts = node.options
    if opts.fused_activation_function not in ACTIVATIONS:
        raise node.error(f"fused activation {opts.fused_activation_function} is not supported")
    if opts.diagonal_recurrent_tensors:
        raise node.error("diagonal_recurrent_tensors is not supported")
    if opts.cell_clip < 0 or opts.proj_clip < 0:
        raise node.error(f"cell_clip ({opts.cell_clip}) and proj_clip ({opts.proj_clip}) must "
                         f"be >= 0")
    x = _get(node, INPUT)
    if x is None or x.type != dtypes.FLOAT32:
        if x is not None and x.type in QUANTIZED:
            raise unsupported_type(node, x, (dtypes.FLOAT32,))
        raise node.error("input 0 must be a FLOAT32 tensor")
    if len(x.shape) != 3:
        layout = "[time, batch, n_input]" if opts.time_major else "[batch, time, n_input]"
        raise node.error(f"input {x.describe()} must have rank 3 ({layout})")
    n_time, n_batch, n_input = x.shape if opts.time_major else (x.shape[1], x.shape[0], x.shape[2])
    forget = _get(node, W_X[1])
    if forget is None or len(forget.shape) != 2:
        raise node.error("input 2 (input-to-forget weights) must be a [n_cell, n_input] tensor")
    n_cell = forget.shape[0]
    rec = _get(node, W_H[1])
    if rec is None or len(rec.shape) != 2:
        raise node.error("input 6 (recurrent-to-forget weights) must be a [n_cell, n_output] tensor")
    n_output = rec.shape[1]
    cifg = _get(node, W_X[0]) is None
    for g in range(4):
        need = not (g == 0 and cifg)
        _check(node, W_X[g], (n_cell, n_input), need)
        _check(node, W_H[g], (n_cell, n_output), need)
        _check(node, BIAS[g], (n_cell,), need)
    if cifg:
        for i in (W_H[0], BIAS[0]):
            if _get(node, i) is not None:
                raise node.error(f"input {i} ({NAMES[i]}) is given but the input-to-input "
                                 f"weights are omitted (CIFG); give both or neither")
    peep = [_check(node, PEEP[g], (n_cell,), False) if PEEP[g] is not None else None
            for g in range(4)]
    given = [t is not None for t in peep]
    if given[1] != given[3] or (not cifg and given[0] != given[1]):
        raise node.error("the peephole weights (inputs 9-11) must be all given or all omitted "
                         "(9 omitted with CIFG)")
    if cifg and peep[0] is not None:
        raise node.error("input 9 (cell-to-input weights) is given but the gate is CIFG")
    proj = _check(node, PROJ_W, (n_output, n_cell), False)
    _check(node, PROJ_B, (n_output,), False)
    if proj is None:
        if _get(node, PROJ_B) is not None:
            raise node.error("input 17 (projection bias) is given without projection weights")
        if n_output != n_cell:
            raise node.error(f"without projection weights n_output ({n_output}, from the "
                             f"recurrent weights) must equal n_cell ({n_cell})")
    ln = [_check(node, LN[g], (n_cell,), False) for g in range(4)] if len(node.inputs) == 24 \
        else [None] * 4
    if any(t is not None for t in ln):
        if any(ln[g] is None for g in (1, 2, 3)) or (ln[0] is None) != cifg:
            raise node.error("the layer-norm coefficients (inputs 20-23) must be all given or all "
                             "omitted (20 omitted with CIFG)")
    for i, shape in ((OUTPUT_STATE, (n_batch, n_output)), (CELL_STATE, (n_batch, n_cell))):
        t = _check(node, i, shape)
        if t.is_const:
            raise node.error(f"input {i} ({NAMES[i]}) {t.describe()} must be a variable tensor, "
                             f"not a constant")
    y = node.outputs[0]
    if y.type != dtypes.FLOAT32:
        raise unsupported_type(node, y, (dtypes.FLOAT32,), role="output")
    y.shape = (n_time, n_batch, n_output) if opts.time_major else (n_batch, n_time, n_output)
    node.request_scratch(4 * (4 * n_batch * n_cell + n_cell))
    dims = dict(n_batch=n_batch, n_time=n_time, n_input=n_input, n_cell=n_cell,
                n_output=n_output)
    if opts.time_major:
        strides = (n_batch * n_input, n_input, n_batch * n_output, n_output)
    else:
        strides = (n_input, n_time * n_input, n_output, n_time * n_output)
    node.state = (dims, strides)


def bind(node):
    dims, strides = node.state[:2]
    opts = node.options
    p = ffi.new("interp_lstm_params *")
    keep = [p]

    def pointer(i):
        t = _get(node, i) if i is not None else None
        if t is None:
            return ffi.NULL
        c = ptr(t)
        keep.append(c)
        return c

    for g in range(4):
        p.w_x[g], p.w_h[g] = pointer(W_X[g]), pointer(W_H[g])
        p.peep[g], p.bias[g], p.ln[g] = pointer(PEEP[g]), pointer(BIAS[g]), \
            pointer(LN[g] if len(node.inputs) == 24 else None)
    p.proj_w, p.proj_b = pointer(PROJ_W), pointer(PROJ_B)
    for name, value in dims.items():
        setattr(p, name, value)
    p.in_time_stride, p.in_batch_stride, p.out_time_stride, p.out_batch_stride = strides
    p.activation = opts.fused_activation_function
    p.cell_clip, p.proj_clip = opts.cell_clip, opts.proj_clip
    node.state = (dims, strides, keep)  # the pointers' buffers stay alive with the node
    return functools.partial(lib.interp_f32_unidirectional_sequence_lstm,
                             pointer(INPUT), pointer(OUTPUT_STATE), pointer(CELL_STATE),
                             ptr(node.outputs[0]), scratch(node, "float"), p)
