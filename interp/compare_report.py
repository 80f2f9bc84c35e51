"""``interp.compare`` (this module is ``interp.compare_report``, so the name ``interp.compare``
stays the function): per-tensor error of a quantized model against its float original.

Both models run on the same inputs with every tensor kept (``experimental_preserve_all_tensors``);
tensors are matched by name (the quantizer keeps the float model's names), quantized values are
dequantized with their own parameters, and each matched tensor gets max abs error, RMS error,
relative RMS error (RMS error / RMS of the float values), cosine similarity and SNR in dB. The
report lists them worst first (by relative RMS error). docs/quantization.md.
"""
import math
import os
from dataclasses import dataclass

import numpy as np

from interp import dtypes
from interp.errors import InputError

__all__ = ["compare", "CompareReport", "TensorError"]

_QUANT = (dtypes.INT8, dtypes.UINT8, dtypes.INT16, dtypes.INT32)


@dataclass(frozen=True)
class TensorError:
    """The error of one matched tensor over every input."""
    name: str
    shape: tuple
    quant_dtype: str     # the dtype in the quantized model ("int8", "int32", "float32")
    kind: str            # "weight" (a constant) or "activation"
    max_abs: float
    rms: float
    rel_rms: float       # rms / RMS of the float values (inf when those are all 0 and rms > 0)
    cosine: float        # cosine similarity of the flattened tensors (1 = same direction)
    snr_db: float        # 10*log10(sum(float^2) / sum(err^2)); inf when there is no error


class CompareReport:
    """Rows (:class:`TensorError`) worst first. ``report["name"]`` finds one, ``len(report)``,
    iteration, ``report.worst(n)``, ``report.unmatched`` (float tensors with no quantized
    counterpart), ``str(report)`` a table."""

    def __init__(self, rows, signature_key, num_inputs, unmatched=()):
        self.rows = sorted(rows, key=lambda r: (-_key(r.rel_rms), -_key(r.max_abs), r.name))
        self.signature_key = signature_key
        self.num_inputs = num_inputs
        self.unmatched = tuple(unmatched)
        self._by_name = {r.name: r for r in self.rows}

    def __len__(self):
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, name):
        return self._by_name[name]

    def __contains__(self, name):
        return name in self._by_name

    def worst(self, n=10):
        return self.rows[:n]

    def table(self, limit=None, name_width=48):
        rows = self.rows if limit is None else self.rows[:limit]
        head = (f"{'tensor':<{name_width}} {'kind':<10} {'dtype':<7} {'shape':<18} "
                f"{'max_abs':>10} {'rms':>10} {'rel_rms':>9} {'cosine':>8} {'snr_db':>7}")
        lines = [f"signature {self.signature_key!r}, {self.num_inputs} input(s), "
                 f"{len(self.rows)} tensors matched, worst first", head, "-" * len(head)]
        for r in rows:
            name = r.name if len(r.name) <= name_width else "..." + r.name[-(name_width - 3):]
            lines.append(f"{name:<{name_width}} {r.kind:<10} {r.quant_dtype:<7} "
                         f"{str(list(r.shape)):<18} {r.max_abs:>10.4g} {r.rms:>10.4g} "
                         f"{r.rel_rms:>9.4g} {r.cosine:>8.5f} {r.snr_db:>7.2f}")
        if limit is not None and len(self.rows) > limit:
            lines.append(f"... {len(self.rows) - limit} more")
        return "\n".join(lines)

    def __str__(self):
        return self.table()

    def __repr__(self):
        worst = self.rows[0].name if self.rows else None
        return (f"<CompareReport signature={self.signature_key!r} tensors={len(self.rows)} "
                f"worst={worst!r}>")


def _key(v):
    return v if not math.isnan(v) else math.inf


def _load(m):
    if isinstance(m, (str, os.PathLike)):
        with open(m, "rb") as f:
            return f.read()
    return bytes(m)


def _dequantize(value, tensor):
    q = tensor.quantization
    if tensor.type not in _QUANT or q is None or not q.scale:
        return np.asarray(value, np.float64) if tensor.type == dtypes.FLOAT32 else None
    scale = np.asarray(q.scale, np.float64)
    zp = np.asarray(q.zero_point or [0] * len(q.scale), np.float64)
    v = np.asarray(value, np.float64)
    if len(scale) > 1:
        shape = [1] * v.ndim
        shape[q.quantized_dimension] = -1
        scale, zp = scale.reshape(shape), zp.reshape(shape)
    return (v - zp) * scale


def _quantize_input(x, tensor):
    from interp.ops._quant import QRANGE
    from interp.quantize import quantize_array
    q = tensor.quantization
    lo, hi = QRANGE[tensor.type]
    return quantize_array(x, float(q.scale[0]), int(q.zero_point[0]) if q.zero_point else 0,
                          lo, hi, dtypes.NUMPY[tensor.type])


def _run(data, model, key, samples, interpreter):
    """Run every sample; return (subgraph, [{tensor index: value}])."""
    from interp.quantize import _signatures
    sigs = dict(_signatures(model))
    if key is None:
        if len(sigs) != 1:
            raise InputError(f"compare: the model has signatures {sorted(sigs)}; give "
                             f"signature_key")
        key = next(iter(sigs))
    if key not in sigs:
        raise InputError(f"compare: unknown signature_key {key!r}; the model's signatures are "
                         f"{sorted(sigs)}")
    sig = sigs[key]
    si = sig.subgraph_index
    sub = model.subgraphs[si]
    it = interpreter(model_content=data, experimental_preserve_all_tensors=True)
    runner = it.get_signature_runner(key) if model.signature_defs else None
    by_name = {m.name: sub.tensors[m.tensor_index] for m in sig.inputs}
    runs = []
    for sample in samples:
        unknown = sorted(set(sample) - set(by_name))
        if unknown:
            raise InputError(f"compare: unknown input name(s) {unknown}; signature {key!r} has "
                             f"{sorted(by_name)}")
        feed = {}
        for name, x in sample.items():
            t = by_name[name]
            feed[name] = (_quantize_input(x, t) if t.type in _QUANT and t.quantization
                          and t.quantization.scale else
                          np.asarray(x, dtypes.NUMPY[t.type]))
        if runner is not None:
            runner(**feed)
        else:
            for m in sig.inputs:
                it.resize_input_tensor(m.tensor_index, feed[m.name].shape)
            it.allocate_tensors()
            for m in sig.inputs:
                it.set_tensor(m.tensor_index, feed[m.name])
            it.invoke()
        values = {}
        for i, t in enumerate(sub.tensors):
            try:
                values[i] = np.array(it.get_tensor(i, si))
            except Exception:  # not readable (a handle, never computed)
                pass
        runs.append(values)
    return key, sub, runs


def compare(float_model, quant_model, inputs, signature_key=None, interpreter=None):
    """Run ``float_model`` and ``quant_model`` (bytes or paths) on ``inputs`` (a dict {input name:
    float array} or a list of them) and return a :class:`CompareReport`.

    Inputs are given as float values; an int8 input of the quantized model is quantized with its
    own parameters. ``interpreter``: the interpreter class to run both models with (default
    ``interp.Interpreter``; ``ai_edge_litert.interpreter.Interpreter`` works too, as does any
    callable taking ``model_content=`` and ``experimental_preserve_all_tensors=``).
    """
    from interp.loader import load_model
    if interpreter is None:
        from interp.interpreter import Interpreter as interpreter
    if isinstance(inputs, dict):
        inputs = [inputs]
    inputs = list(inputs)
    if not inputs or not all(isinstance(x, dict) for x in inputs):
        raise InputError("compare: inputs must be a dict {input name: array} or a non-empty list "
                         "of them")
    fdata, qdata = _load(float_model), _load(quant_model)
    fmodel, qmodel = load_model(fdata), load_model(qdata)
    key, fsub, fruns = _run(fdata, fmodel, signature_key, inputs, interpreter)
    _, qsub, qruns = _run(qdata, qmodel, key, inputs, interpreter)
    qindex = {}
    for i, t in enumerate(qsub.tensors):
        qindex.setdefault(t.name, i)
    rows, unmatched = [], []
    for i, t in enumerate(fsub.tensors):
        if t.type != dtypes.FLOAT32:
            continue
        j = qindex.get(t.name)
        if j is None:
            unmatched.append(t.name)
            continue
        qt = qsub.tensors[j]
        fs, qs = [], []
        for fr, qr in zip(fruns, qruns):
            if i not in fr or j not in qr:
                continue
            f = np.asarray(fr[i], np.float64)
            q = _dequantize(qr[j], qt)
            if q is None or q.shape != f.shape:
                break
            fs.append(f.ravel())
            qs.append(q.ravel())
        else:
            if not fs:
                continue
            f, q = np.concatenate(fs), np.concatenate(qs)
            rows.append(_row(t, qt, f, q, fmodel.tensor_data(t) is not None))
            continue
        unmatched.append(t.name)
    return CompareReport(rows, key, len(inputs), unmatched)


def _row(t, qt, f, q, is_const):
    err = q - f
    n = max(f.size, 1)
    rms = math.sqrt(float(np.sum(err * err)) / n)
    ref = math.sqrt(float(np.sum(f * f)) / n)
    sig, noise = float(np.sum(f * f)), float(np.sum(err * err))
    nf, nq = math.sqrt(sig), math.sqrt(float(np.sum(q * q)))
    cosine = float(np.dot(f, q)) / (nf * nq) if nf > 0 and nq > 0 else (1.0 if nf == nq else 0.0)
    return TensorError(
        name=t.name, shape=tuple(t.shape), quant_dtype=dtypes.name(qt.type).lower(),
        kind="weight" if is_const else "activation",
        max_abs=float(np.max(np.abs(err))) if err.size else 0.0, rms=rms,
        rel_rms=rms / ref if ref > 0 else (0.0 if rms == 0 else math.inf),
        cosine=cosine,
        snr_db=10 * math.log10(sig / noise) if noise > 0 and sig > 0 else
        (math.inf if noise == 0 else -math.inf))
