"""Post-training quantization of a float `.tflite` model (docs/quantization.md).

The pass works on an :class:`interp.model.Model`, so it quantizes the converter's own output and
float files made by TensorFlow alike. ``interp.Converter`` calls it when ``optimizations`` holds
``interp.Optimize.DEFAULT``.

Two modes:

* **full integer** (a representative dataset is given): every signature's subgraph is calibrated by
  running the float model in interp (``experimental_preserve_all_tensors``), then rewritten to
  int8: weights int8 symmetric per channel, biases int32 with scale ``input_scale *
  weight_scale[c]``, activations int8 per tensor with ranges from the dataset. Float inputs and
  outputs (the default) get a QUANTIZE after each input and a DEQUANTIZE before each output.
* **dynamic range** (no dataset): the constant weights of FULLY_CONNECTED, CONV_2D,
  DEPTHWISE_CONV_2D and BATCH_MATMUL (constant right-hand side) become int8 symmetric per channel;
  those ops run as LiteRT's hybrid kernels (float in, float out); everything else stays float.

Quantized tensors keep the names of the float tensors they replace, so ``interp.compare`` can match
them.
"""
import enum
import math
import os
from dataclasses import replace
from types import MappingProxyType

import numpy as np

from interp import dtypes
from interp.convert.tracing import ConversionError
from interp.errors import InterpError
from interp.model import Buffer, Model, Operator, OperatorCode, Quantization
from interp.opnames import BUILTIN_CODES, builtin_name

__all__ = ["Optimize", "QuantizationError", "quantize_model", "quantize", "calibrate",
           "DYNAMIC_RANGE_MIN_ELEMENTS"]


class Optimize(enum.Enum):
    """The names of ``tf.lite.Optimize``. DEFAULT (and its deprecated aliases OPTIMIZE_FOR_SIZE and
    OPTIMIZE_FOR_LATENCY) turns post-training quantization on. EXPERIMENTAL_SPARSITY is refused."""
    DEFAULT = "DEFAULT"
    OPTIMIZE_FOR_SIZE = "OPTIMIZE_FOR_SIZE"
    OPTIMIZE_FOR_LATENCY = "OPTIMIZE_FOR_LATENCY"
    EXPERIMENTAL_SPARSITY = "EXPERIMENTAL_SPARSITY"


class QuantizationError(ConversionError):
    """The model cannot be quantized (unsupported ops, a bad representative dataset, ...)."""


# TensorFlow leaves weights with fewer elements than this in float in dynamic-range mode.
DYNAMIC_RANGE_MIN_ELEMENTS = 1024

INT8_MIN, INT8_MAX = -128, 127
_I32 = (-2**31, 2**31 - 1)

# -- which ops the full-integer pass knows, and how their output parameters are chosen --------

# op: (data input, weights input, weights quantized_dimension, bias input)
WEIGHT_OPS = {
    "CONV_2D": (0, 1, 0, 2),
    "DEPTHWISE_CONV_2D": (0, 1, 3, 2),
    "FULLY_CONNECTED": (0, 1, 0, 2),
    "TRANSPOSE_CONV": (2, 1, 0, 3),
}
# The output reuses the data input's parameters (the kernel moves values without rescaling).
SAME_AS_INPUT = {
    "RESHAPE": 0, "SQUEEZE": 0, "EXPAND_DIMS": 0, "MAX_POOL_2D": 0, "TRANSPOSE": 0, "PAD": 0,
    "SLICE": 0, "STRIDED_SLICE": 0, "GATHER": 0, "SPACE_TO_DEPTH": 0, "DEPTH_TO_SPACE": 0,
    "BATCH_TO_SPACE_ND": 0, "SPACE_TO_BATCH_ND": 0, "RESIZE_NEAREST_NEIGHBOR": 0, "SPLIT": 1,
    "SPLIT_V": 0, "UNPACK": 0, "REDUCE_MAX": 0, "REDUCE_MIN": 0, "TILE": 0, "BROADCAST_TO": 0,
    "TOPK_V2": 0, "AVERAGE_POOL_2D": 0,
}
# Inputs and output must share one set of parameters: the output is calibrated and inputs with
# other parameters get a requantizing QUANTIZE (int8 -> int8) in front.
ALL_SAME = {"CONCATENATION", "PACK", "MAXIMUM", "MINIMUM"}
# Output parameters LiteRT's int8 kernels require.
FIXED_OUTPUT = {
    "SOFTMAX": (1.0 / 256, -128),
    "LOGISTIC": (1.0 / 256, -128),
    "TANH": (1.0 / 128, 0),
    "L2_NORMALIZATION": (1.0 / 128, 0),
}
# LOG_SOFTMAX (int8 output 16/256, 127 in LiteRT) is left out: interp has no int8 kernel for it,
# and the pass only writes files interp itself runs, so a model with it is refused, naming it.
# The output gets its own calibrated parameters.
CALIBRATED = {
    "ADD", "SUB", "MUL", "MEAN", "SUM", "RELU", "RELU6", "RELU_N1_TO_1",
    "LEAKY_RELU", "HARD_SWISH", "PRELU", "ELU", "RESIZE_BILINEAR", "SQUARED_DIFFERENCE",
    "BATCH_MATMUL", "ARG_MAX", "ARG_MIN", "SHAPE", "GELU",
}
FULL_INTEGER_OPS = frozenset(WEIGHT_OPS) | frozenset(SAME_AS_INPUT) | ALL_SAME \
    | frozenset(FIXED_OUTPUT) | CALIBRATED

# Op versions TensorFlow writes for the int8 forms (at least; observed with TF 2.21 for the
# MobileNetV2 set, pools, CONCATENATION, PAD, TRANSPOSE, RESHAPE, ARG_MAX, LOG_SOFTMAX, DEQUANTIZE,
# RELU, LOGISTIC, TANH, MUL, SUB, SOFTMAX, L2_NORMALIZATION, TRANSPOSE_CONV, MEAN, GATHER,
# STRIDED_SLICE, where LEAKY_RELU, HARD_SWISH and MAXIMUM stay 1); others keep theirs.
INT8_VERSION = {
    "CONV_2D": 3, "DEPTHWISE_CONV_2D": 3, "FULLY_CONNECTED": 4, "TRANSPOSE_CONV": 2,
    "ADD": 2, "SUB": 2, "MUL": 2, "MEAN": 2, "SUM": 2, "AVERAGE_POOL_2D": 2, "MAX_POOL_2D": 2,
    "SOFTMAX": 2, "LOGISTIC": 2, "TANH": 2, "LOG_SOFTMAX": 2, "L2_NORMALIZATION": 2,
    "CONCATENATION": 2, "PACK": 2, "PAD": 2, "TRANSPOSE": 2, "RELU": 2, "RELU6": 2,
    "STRIDED_SLICE": 2, "SLICE": 2, "GATHER": 2, "RESIZE_BILINEAR": 2,
    "RESIZE_NEAREST_NEIGHBOR": 2, "SPACE_TO_DEPTH": 2, "DEPTH_TO_SPACE": 2, "SPLIT": 2,
    "SPLIT_V": 2, "UNPACK": 2, "REDUCE_MAX": 2, "REDUCE_MIN": 2,
    "ARG_MAX": 2, "ARG_MIN": 2, "BATCH_TO_SPACE_ND": 2, "SPACE_TO_BATCH_ND": 2, "TOPK_V2": 2,
    "DEQUANTIZE": 2, "QUANTIZE": 1, "BATCH_MATMUL": 2, "SQUEEZE": 1, "RESHAPE": 1,
}
# Dynamic range: op -> (weights input, quantized_dimension, version at least). The versions are
# those TF 2.21 writes for hybrid per-channel ops (observed on MobileNetV2).
HYBRID_OPS = {
    "FULLY_CONNECTED": (1, 0, 12),
    "CONV_2D": (1, 0, 5),
    "DEPTHWISE_CONV_2D": (1, 3, 6),
    # per channel along the output columns: the last axis, the one before it with adj_y
    "BATCH_MATMUL": (1, -1, 1),
}


# -- the scheme --------------------------------------------------------------------------------

def _round_half_away(x):
    return np.where(x >= 0, np.floor(x + 0.5), -np.floor(-x + 0.5))


def activation_params(lo, hi):
    """``(scale, zero_point)`` for an int8 activation seen in [lo, hi] (TensorFlow's rule): the
    range is widened to hold 0, scale = (max - min) / 255, zero_point = round(-128 - min / scale)
    clamped to [-128, 127]. An all-zero range gets scale 1."""
    lo, hi = min(float(lo), 0.0), max(float(hi), 0.0)
    if hi == lo:
        return 1.0, INT8_MIN
    scale = float(np.float32((hi - lo) / 255.0))
    zp = int(_round_half_away(np.float64(INT8_MIN - lo / scale)))
    return scale, max(INT8_MIN, min(INT8_MAX, zp))


def quantize_array(values, scale, zero_point, lo=INT8_MIN, hi=INT8_MAX, dtype=np.int8):
    """``clamp(round(values / scale) + zero_point)`` (round half away from zero)."""
    q = _round_half_away(np.asarray(values, np.float64) / np.float64(scale)) + zero_point
    return np.clip(q, lo, hi).astype(dtype)


def symmetric_weights(w, axis):
    """int8 symmetric weights: per channel along ``axis`` (None = per tensor); scale = max|w| /
    127 (1.0 for an all-zero channel); values round(w / scale) in [-127, 127]. Returns (q, scales
    float32)."""
    w = np.asarray(w, np.float32)
    if axis is None:
        amax = np.array([np.max(np.abs(w))]) if w.size else np.zeros(1)
        shape = (1,) * w.ndim
    else:
        other = tuple(i for i in range(w.ndim) if i != axis)
        amax = np.max(np.abs(w), axis=other) if w.size else np.zeros(w.shape[axis])
        shape = [1] * w.ndim
        shape[axis] = -1
    scales = np.where(amax > 0, amax.astype(np.float64) / 127.0, 1.0).astype(np.float32)
    q = _round_half_away(w.astype(np.float64) / scales.astype(np.float64).reshape(shape))
    return np.clip(q, -127, 127).astype(np.int8), scales


def bias_int32(b, input_scale, weight_scales):
    """int32 bias: scale[c] = input_scale * weight_scale[c], q = round(b / scale[c]).
    Returns (q, scales float32)."""
    scales = (np.float64(input_scale) * np.asarray(weight_scales, np.float64)).astype(np.float32)
    b = np.asarray(b, np.float64)
    q = _round_half_away(b / np.broadcast_to(scales.astype(np.float64), b.shape))
    return np.clip(q, *_I32).astype(np.int32), scales


# -- the representative dataset ----------------------------------------------------------------

def _signatures(model):
    """[(key, SignatureDef)] in file order; a model without SignatureDefs gets one for subgraph 0
    named serving_default, with its tensors' names as input names."""
    if model.signature_defs:
        return [(s.signature_key, s) for s in model.signature_defs]
    from interp.model import SignatureDef, TensorMap
    sg = model.subgraphs[0]
    return [("serving_default", SignatureDef(
        "serving_default", tuple(TensorMap(sg.tensors[i].name, i) for i in sg.inputs),
        tuple(TensorMap(sg.tensors[i].name, i) for i in sg.outputs), 0))]


def _samples(representative_dataset, model):
    """Check the representative dataset's samples one by one, yielding (key, {input name:
    array}) in the signature's input order."""
    sigs = dict(_signatures(model))
    if not callable(representative_dataset):
        raise QuantizationError(
            f"representative_dataset must be a callable returning an iterable of samples, got "
            f"{type(representative_dataset).__name__}")
    try:
        items = iter(representative_dataset())
    except TypeError:
        raise QuantizationError("representative_dataset() must return an iterable of samples") \
            from None
    for n, item in enumerate(items):
        where = f"representative_dataset sample {n}"
        key = None
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
            key, item = item
            if key not in sigs:
                raise QuantizationError(f"{where}: unknown signature key {key!r}; the model's "
                                        f"signatures are {sorted(sigs)}")
        elif len(sigs) != 1:
            raise QuantizationError(
                f"{where}: the model has {len(sigs)} signatures {sorted(sigs)}; give "
                f"(signature_key, {{input name: array}}) pairs")
        else:
            key = next(iter(sigs))
        sig = sigs[key]
        names = [m.name for m in sig.inputs]
        if isinstance(item, (list, tuple)):  # TensorFlow's older form: arrays in input order
            if len(item) != len(names):
                raise QuantizationError(f"{where} (signature {key!r}): {len(item)} arrays for "
                                        f"{len(names)} inputs {names}")
            item = dict(zip(names, item))
        if not isinstance(item, dict):
            raise QuantizationError(f"{where}: expected a dict {{input name: array}}, a list of "
                                    f"arrays or a (signature_key, dict) pair, got "
                                    f"{type(item).__name__}")
        unknown = sorted(set(item) - set(names))
        missing = [nm for nm in names if nm not in item]
        if unknown or missing:
            raise QuantizationError(
                f"{where} (signature {key!r}): "
                + (f"unknown input name(s) {unknown}; " if unknown else "")
                + (f"missing input(s) {missing}; " if missing else "")
                + f"the signature's inputs are {names}")
        sub = model.subgraphs[sig.subgraph_index]
        sample = {}
        for m in sig.inputs:
            t = sub.tensors[m.tensor_index]
            want = dtypes.NUMPY.get(t.type)
            arr = np.asarray(item[m.name])
            if want is None or (arr.dtype != want and not np.can_cast(arr.dtype, want,
                                                                        "same_kind")):
                raise QuantizationError(f"{where} (signature {key!r}): input {m.name!r} has dtype "
                                        f"{arr.dtype}, expected {dtypes.name(t.type).lower()}")
            arr = arr.astype(want, copy=False)
            sig_shape = t.signature
            if arr.ndim != len(sig_shape) or any(d != -1 and d != a
                                                 for d, a in zip(sig_shape, arr.shape)):
                shown = [None if d == -1 else d for d in sig_shape]
                raise QuantizationError(f"{where} (signature {key!r}): input {m.name!r} has shape "
                                        f"{list(arr.shape)}, expected {shown}")
            sample[m.name] = arr
        yield key, sample


def calibrate(model_bytes, representative_dataset, model=None):
    """Run the float model in interp over the dataset; return ``{subgraph index: {tensor index:
    (min, max)}}`` for every float32 tensor of every signature's subgraph."""
    from interp.interpreter import Interpreter
    from interp.loader import load_model
    model = model if model is not None else load_model(model_bytes)
    sigs = dict(_signatures(model))
    interp = None
    ranges, counts, plans = {}, {key: 0 for key in sigs}, {}
    for key, sample in _samples(representative_dataset, model):  # streamed: one sample at a time
        if interp is None:
            try:
                interp = Interpreter(model_content=bytes(model_bytes),
                                     experimental_preserve_all_tensors=True)
            except InterpError as exc:
                raise QuantizationError(f"calibration runs the float model in interp, which "
                                        f"refuses it: {exc}") from exc
        if key not in plans:
            si = sigs[key].subgraph_index
            sub = model.subgraphs[si]
            watch = [i for i, t in enumerate(sub.tensors) if t.type == dtypes.FLOAT32
                     and model.tensor_data(t) is None]
            runner = interp.get_signature_runner(key) if model.signature_defs else None
            plans[key] = (si, sub, watch, runner)
        si, sub, watch, runner = plans[key]
        counts[key] += 1
        rng = ranges.setdefault(si, {})
        if runner is not None:
            runner(**sample)
        else:
            for i, arr in zip(sub.inputs, sample.values()):
                interp.resize_input_tensor(i, arr.shape)
            interp.allocate_tensors()
            for i, arr in zip(sub.inputs, sample.values()):
                interp.set_tensor(i, arr)
            interp.invoke()
        for i in watch:
            try:
                v = np.asarray(interp.get_tensor(i, si))
            except (InterpError, ValueError):  # a tensor the run never produced (an unused one)
                continue
            if v.size == 0:
                continue
            lo, hi = float(np.min(v)), float(np.max(v))
            if not (math.isfinite(lo) and math.isfinite(hi)):
                raise QuantizationError(
                    f"calibration of signature {key!r}: tensor {sub.tensors[i].name!r} took "
                    f"non-finite values ({lo}, {hi}); it cannot be quantized")
            old = rng.get(i)
            rng[i] = (lo, hi) if old is None else (min(old[0], lo), max(old[1], hi))
    empty = [k for k, c in counts.items() if not c]
    if empty:
        raise QuantizationError(f"representative_dataset gave no samples for signature(s) "
                                f"{empty}; every signature must be calibrated")
    return ranges


# -- the rewrite -------------------------------------------------------------------------------

class _Builder:
    """Collects new tensors, buffers and operator codes for the rewritten model."""

    def __init__(self, model):
        self.model = model
        self.buffers = list(model.buffers)
        self.codes = list(model.operator_codes)

    def buffer(self, array):
        self.buffers.append(Buffer(data=np.ascontiguousarray(array).tobytes()))
        return len(self.buffers) - 1

    def opcode(self, name, version=1):
        code = BUILTIN_CODES[name]
        for i, c in enumerate(self.codes):
            if c.builtin_code == code and c.custom_code is None:
                if c.version < version:
                    self.codes[i] = replace(c, version=version)
                return i
        self.codes.append(OperatorCode(builtin_code=code, version=version))
        return len(self.codes) - 1

    def bump(self, opcode_index, version):
        c = self.codes[opcode_index]
        if c.version < version:
            self.codes[opcode_index] = replace(c, version=version)

    def op_name(self, op):
        return builtin_name(self.model.operator_codes[op.opcode_index].builtin_code)

    def const(self, tensor):
        """The float32 values of a constant tensor (None for a runtime one)."""
        data = self.model.tensor_data(tensor)
        if data is None:
            return None
        return np.frombuffer(data, dtype=dtypes.NUMPY[tensor.type]).reshape(tensor.shape)


def _qparams(scales, zero_points, axis=0):
    return Quantization(scale=tuple(float(s) for s in np.atleast_1d(scales)),
                        zero_point=tuple(int(z) for z in np.atleast_1d(zero_points)),
                        quantized_dimension=int(axis))


def _per_tensor(scale, zp):
    return _qparams([scale], [zp])


def unsupported_ops(model):
    """{signature key: sorted op names the full-integer pass cannot quantize} (empty when none)."""
    out = {}
    for key, sig in _signatures(model):
        sub = model.subgraphs[sig.subgraph_index]
        bad = set()
        for op in sub.operators:
            code = model.operator_codes[op.opcode_index]
            name = builtin_name(code.builtin_code) if code.custom_code is None else code.custom_code
            touches_float = any(i >= 0 and sub.tensors[i].type in (dtypes.FLOAT32, dtypes.FLOAT16,
                                                                   dtypes.FLOAT64)
                                for i in tuple(op.inputs) + tuple(op.outputs))
            if code.custom_code is not None or name not in FULL_INTEGER_OPS:
                if touches_float or code.custom_code is not None or name in (
                        "WHILE", "IF", "CALL_ONCE", "VAR_HANDLE", "READ_VARIABLE",
                        "ASSIGN_VARIABLE", "CALL"):
                    bad.add(name)
            elif any(i >= 0 and sub.tensors[i].type in (dtypes.FLOAT16, dtypes.FLOAT64)
                     for i in tuple(op.inputs) + tuple(op.outputs)):
                bad.add(f"{name} (float16/float64 tensors)")
        if bad:
            out[key] = sorted(bad)
    return out


def _full_integer_subgraph(b, si, ranges, input_type, output_type):
    """Rewrite subgraph ``si`` to int8. Returns (new SubGraph, {old output index: new index})."""
    model = b.model
    sub = model.subgraphs[si]
    tensors = list(sub.tensors)
    params = {}      # int8 tensor index -> (scale, zp) (per-tensor ones)
    alias = {}       # old index -> index ops read instead (int8 copy of a float input)
    memo = {}        # constant (index, how) -> new tensor index
    ops = []

    def add_tensor(t):
        tensors.append(t)
        return len(tensors) - 1

    def calibrated(i):
        r = ranges.get(i)
        if r is None:
            raise QuantizationError(f"subgraph {sub.name or si}: tensor {tensors[i].name!r} got no "
                                    f"calibration values")
        return activation_params(*r)

    def set_int8(i, p):
        t = tensors[i]
        params[i] = p
        tensors[i] = replace(t, type=dtypes.INT8, quantization=_per_tensor(*p))

    def const_tensor(i, how, p=None):
        """A quantized copy of constant ``i``: how = 'own' (per tensor, own range), 'params' (given
        p), 'symmetric' (per tensor symmetric)."""
        key = (i, how, p)
        if key in memo:
            return memo[key], memo[key + ("p",)]
        t = sub.tensors[i]
        v = b.const(t)
        if how == "own":
            p = activation_params(float(v.min()) if v.size else 0.0,
                                  float(v.max()) if v.size else 0.0)
        if how == "symmetric":
            q, s = symmetric_weights(v, None)
            p = (float(s[0]), 0)
        else:
            q = quantize_array(v, *p)
        j = add_tensor(replace(t, type=dtypes.INT8, buffer=b.buffer(q),
                               quantization=_per_tensor(*p)))
        memo[key], memo[key + ("p",)] = j, p
        params[j] = p
        return j, p

    def is_const(i):
        return i >= 0 and b.model.tensor_data(sub.tensors[i]) is not None

    def is_float(i):
        return i >= 0 and sub.tensors[i].type == dtypes.FLOAT32

    def requant(i, p):
        """Index of tensor ``i`` (int8, params[i]) carried to params ``p`` (a QUANTIZE when they
        differ)."""
        if params[i] == p:
            return i
        key = (i, "requant", p)
        if key not in memo:
            j = add_tensor(replace(tensors[i], name=f"{tensors[i].name}/requantized",
                                   quantization=_per_tensor(*p), buffer=0))
            params[j] = p
            ops.append(Operator(opcode_index=b.opcode("QUANTIZE", 2), inputs=(i,), outputs=(j,)))
            memo[key] = j
        return memo[key]

    # inputs
    for i in sub.inputs:
        if not is_float(i):
            continue
        p = calibrated(i)
        if input_type == dtypes.INT8:
            set_int8(i, p)
        else:
            t = sub.tensors[i]
            j = add_tensor(replace(t, name=f"{t.name}/int8", type=dtypes.INT8,
                                   quantization=_per_tensor(*p), buffer=0))
            params[j] = p
            alias[i] = j
            ops.append(Operator(opcode_index=b.opcode("QUANTIZE", 1), inputs=(i,), outputs=(j,)))

    for op in sub.operators:
        name = b.op_name(op)
        ins = [alias.get(i, i) for i in op.inputs]
        if not any(is_float(i) for i in tuple(op.inputs) + tuple(op.outputs)):
            ops.append(replace(op, inputs=tuple(ins)))  # an integer op (shapes, indices)
            continue
        if name in WEIGHT_OPS:
            d, w, axis, bi = WEIGHT_OPS[name]
            if not is_const(op.inputs[w]) or not is_float(op.inputs[w]):
                raise QuantizationError(f"{name} in subgraph {sub.name or si}: its weights "
                                        f"{sub.tensors[op.inputs[w]].name!r} are not a float "
                                        f"constant")
            if is_const(op.inputs[d]) and is_float(op.inputs[d]):  # a constant data input
                ins[d], _ = const_tensor(op.inputs[d], "own")
            in_scale = params[ins[d]][0]
            key = (op.inputs[w], "w", axis)
            if key not in memo:
                t = sub.tensors[op.inputs[w]]
                q, s = symmetric_weights(b.const(t), axis)
                memo[key] = add_tensor(replace(t, type=dtypes.INT8, buffer=b.buffer(q),
                                               quantization=_qparams(s, np.zeros(len(s)), axis)))
                memo[key + ("s",)] = s
            ins[w], wscales = memo[key], memo[key + ("s",)]
            if bi < len(ins) and ins[bi] >= 0:
                bidx = op.inputs[bi]
                key = (bidx, "b", in_scale, tuple(wscales.tolist()))
                if key not in memo:
                    t = sub.tensors[bidx]
                    bv = b.const(t)
                    if bv is None or t.type != dtypes.FLOAT32:
                        raise QuantizationError(f"{name} in subgraph {sub.name or si}: its bias "
                                                f"{t.name!r} is not a float constant")
                    q, s = bias_int32(bv, in_scale, np.broadcast_to(wscales, bv.shape))
                    memo[key] = add_tensor(replace(t, type=dtypes.INT32, buffer=b.buffer(q),
                                                   quantization=_qparams(s, np.zeros(len(s)), 0)))
                ins[bi] = memo[key]
            for o in op.outputs:
                set_int8(o, calibrated(o))
        elif name in SAME_AS_INPUT:
            d = SAME_AS_INPUT[name]
            if is_const(op.inputs[d]) and is_float(op.inputs[d]):
                ins[d], p = const_tensor(op.inputs[d], "own")
            else:
                p = params.get(ins[d])
            for k, i in enumerate(op.inputs):
                if k != d and is_const(i) and is_float(i):
                    ins[k], _ = const_tensor(i, "params", p)
            for o in op.outputs:
                if is_float(o):
                    set_int8(o, p)
        elif name in ALL_SAME:
            o = op.outputs[0]
            p = calibrated(o)
            for k, i in enumerate(op.inputs):
                if is_float(i):
                    ins[k] = const_tensor(i, "params", p)[0] if is_const(i) else requant(ins[k], p)
            set_int8(o, p)
        else:  # FIXED_OUTPUT, CALIBRATED
            for k, i in enumerate(op.inputs):
                if is_const(i) and is_float(i):
                    ins[k], _ = const_tensor(i, "symmetric" if name == "BATCH_MATMUL" else "own")
            for o in op.outputs:
                if is_float(o):
                    set_int8(o, FIXED_OUTPUT[name] if name in FIXED_OUTPUT else calibrated(o))
        if name in INT8_VERSION:
            b.bump(op.opcode_index, INT8_VERSION[name])
        ops.append(replace(op, inputs=tuple(ins)))

    # outputs
    outputs = list(sub.outputs)
    remap = {}
    for n, i in enumerate(sub.outputs):
        if i not in params:
            continue
        if output_type == dtypes.FLOAT32:
            t = sub.tensors[i]
            j = add_tensor(replace(t, quantization=None, buffer=0))
            tensors[i] = replace(tensors[i], name=f"{t.name}/int8")
            ops.append(Operator(opcode_index=b.opcode("DEQUANTIZE", 2), inputs=(i,), outputs=(j,)))
            outputs[n] = j
            remap[i] = j
    new = replace(sub, tensors=tuple(tensors), operators=tuple(ops), outputs=tuple(outputs),
                  inputs=tuple(sub.inputs))
    return new, remap


def _dynamic_range_subgraph(b, si, min_elements):
    model = b.model
    sub = model.subgraphs[si]
    tensors = list(sub.tensors)
    memo = {}
    ops = []
    for op in sub.operators:
        name = b.op_name(op)
        spec = HYBRID_OPS.get(name)
        if spec is None or len(op.inputs) <= spec[0] or op.inputs[spec[0]] < 0 \
                or sub.tensors[op.inputs[0]].type != dtypes.FLOAT32:
            ops.append(op)
            continue
        w, axis, version = spec
        wi = op.inputs[w]
        t = sub.tensors[wi]
        v = b.const(t) if t.type == dtypes.FLOAT32 else None
        if v is None or v.size < min_elements:
            ops.append(op)
            continue
        opts = dict(op.builtin_options)
        if name in ("BATCH_MATMUL", "FULLY_CONNECTED"):
            opts["asymmetric_quantize_inputs"] = True
        if name == "BATCH_MATMUL":
            axis = v.ndim - (2 if op.builtin_options.get("adj_y") else 1)
        key = (wi, axis)
        if key not in memo:
            q, s = symmetric_weights(v, axis)
            tensors.append(replace(t, type=dtypes.INT8, buffer=b.buffer(q),
                                   quantization=_qparams(s, np.zeros(len(s)), axis)))
            memo[key] = len(tensors) - 1
        ins = list(op.inputs)
        ins[w] = memo[key]
        b.bump(op.opcode_index, version)
        ops.append(replace(op, inputs=tuple(ins), builtin_options=MappingProxyType(opts)))
    return replace(sub, tensors=tuple(tensors), operators=tuple(ops))


def _compact(model):
    """Drop tensors no op or subgraph uses, and buffers no tensor uses; renumber."""
    subgraphs, sig_maps = [], []
    for si, sub in enumerate(model.subgraphs):
        used = set(sub.inputs) | set(sub.outputs)
        for op in sub.operators:
            used.update(i for i in op.inputs if i >= 0)
            used.update(op.outputs)
            used.update(op.intermediates)
        keep = sorted(used)
        new_index = {old: n for n, old in enumerate(keep)}

        def m(seq):
            return tuple(new_index[i] if i >= 0 else i for i in seq)

        ops = tuple(replace(op, inputs=m(op.inputs), outputs=m(op.outputs),
                            intermediates=m(op.intermediates)) for op in sub.operators)
        subgraphs.append(replace(sub, tensors=tuple(sub.tensors[i] for i in keep),
                                 inputs=m(sub.inputs), outputs=m(sub.outputs), operators=ops))
        sig_maps.append(new_index)
    sigs = tuple(replace(s, inputs=tuple(replace(t, tensor_index=sig_maps[s.subgraph_index][
                             t.tensor_index]) for t in s.inputs),
                         outputs=tuple(replace(t, tensor_index=sig_maps[s.subgraph_index][
                             t.tensor_index]) for t in s.outputs))
                 for s in model.signature_defs)
    used_buf = {0} | {t.buffer for sg in subgraphs for t in sg.tensors} \
        | {m.buffer for m in model.metadata}
    keep = sorted(used_buf)
    bmap = {old: n for n, old in enumerate(keep)}
    subgraphs = [replace(sg, tensors=tuple(replace(t, buffer=bmap[t.buffer]) for t in sg.tensors))
                 for sg in subgraphs]
    buffers = tuple(model.buffers[i] for i in keep)
    metadata = tuple(replace(m, buffer=bmap[m.buffer]) for m in model.metadata)
    # drop operator codes no op uses
    used_codes = sorted({op.opcode_index for sg in subgraphs for op in sg.operators})
    cmap = {old: n for n, old in enumerate(used_codes)}
    subgraphs = tuple(replace(sg, operators=tuple(replace(op, opcode_index=cmap[op.opcode_index])
                                                  for op in sg.operators)) for sg in subgraphs)
    return replace(model, subgraphs=subgraphs, signature_defs=sigs, buffers=buffers,
                   metadata=metadata,
                   operator_codes=tuple(model.operator_codes[i] for i in used_codes))


def _io_type(value, what):
    if value is None:
        return dtypes.FLOAT32
    try:
        code = dtypes.from_name(value) if not isinstance(value, int) or isinstance(value, bool) \
            else value
    except (TypeError, ValueError):
        code = None
    if code not in (dtypes.FLOAT32, dtypes.INT8):
        raise QuantizationError(f"{what} must be float32 or int8, got {value!r}")
    return code


def quantize(model, representative_dataset=None, *, model_bytes=None, inference_input_type=None,
             inference_output_type=None, min_elements=None):
    """Quantize an :class:`interp.model.Model`; returns the new Model. See :func:`quantize_model`.
    ``model_bytes``: the bytes of ``model`` (written when not given), for calibration."""
    in_type = _io_type(inference_input_type, "inference_input_type")
    out_type = _io_type(inference_output_type, "inference_output_type")
    if representative_dataset is None:
        if in_type != dtypes.FLOAT32 or out_type != dtypes.FLOAT32:
            raise QuantizationError("int8 inference_input_type / inference_output_type need "
                                    "full-integer quantization: give a representative_dataset")
        b = _Builder(model)
        threshold = DYNAMIC_RANGE_MIN_ELEMENTS if min_elements is None else min_elements
        subs = tuple(_dynamic_range_subgraph(b, si, threshold)
                     for si in range(len(model.subgraphs)))
        return _compact(replace(model, subgraphs=subs, buffers=tuple(b.buffers),
                                operator_codes=tuple(b.codes)))
    bad = unsupported_ops(model)
    if bad:
        lines = "\n  ".join(f"signature '{k}': {', '.join(v)}" for k, v in bad.items())
        raise QuantizationError("full-integer quantization needs an int8 kernel for every op that "
                                "handles float tensors; these have none (or the pass does not "
                                f"know them):\n  {lines}")
    if model_bytes is None:
        from interp.writer import write_model
        model_bytes = write_model(model)
    ranges = calibrate(model_bytes, representative_dataset, model)
    b = _Builder(model)
    subs = list(model.subgraphs)
    remaps = {}
    for si in sorted(ranges):
        subs[si], remaps[si] = _full_integer_subgraph(b, si, ranges[si], in_type, out_type)
    sigs = tuple(replace(s, outputs=tuple(replace(t, tensor_index=remaps.get(s.subgraph_index, {})
                                                  .get(t.tensor_index, t.tensor_index))
                                          for t in s.outputs))
                 for s in model.signature_defs)
    out = _compact(replace(model, subgraphs=tuple(subs), buffers=tuple(b.buffers),
                           operator_codes=tuple(b.codes), signature_defs=sigs))
    _check_interp_runs(out)
    return out


def _check_interp_runs(model):
    """Refuse a full-integer model interp itself cannot run: prepare every signature in interp
    and name the op it has no int8 kernel for (the pass knows more ops than interp has kernels)."""
    from interp.interpreter import Interpreter
    from interp.writer import write_model
    it = Interpreter(model_content=write_model(model))
    problems = []
    for key in it.get_signature_list():
        runner = it.get_signature_runner(key)
        try:
            runner._executor.ensure_ready()
        except InterpError as exc:
            problems.append(f"signature '{key}': {exc}")
        finally:
            runner._executor.reset()
    if problems:
        raise QuantizationError("the quantized model needs int8 kernels interp does not have:\n  "
                                + "\n  ".join(problems))


def quantize_model(model, representative_dataset=None, *, inference_input_type=None,
                   inference_output_type=None, min_elements=None) -> bytes:
    """Post-training quantization of a float `.tflite` model.

    ``model``: bytes, a path, or an :class:`interp.model.Model`. With ``representative_dataset``
    (a callable returning an iterable of samples; docs/quantization.md) the result is a
    full-integer model; without it, a dynamic-range model. ``inference_input_type`` /
    ``inference_output_type``: float32 (default) or int8 (full integer only). ``min_elements``
    (dynamic range only): weights with fewer elements stay float (default 1024, as TensorFlow).
    Returns the `.tflite` bytes.
    """
    from interp.loader import load_model
    from interp.writer import write_model
    data = None
    if isinstance(model, Model):
        m = model
    else:
        if isinstance(model, (str, os.PathLike)):
            with open(model, "rb") as f:
                data = f.read()
        else:
            data = bytes(model)
        m = load_model(data)
    out = quantize(m, representative_dataset, model_bytes=data,
                   inference_input_type=inference_input_type,
                   inference_output_type=inference_output_type, min_elements=min_elements)
    return bytes(write_model(out))
