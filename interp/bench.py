"""Timing one signature of a model: latency percentiles, a per-op profile, memory, LiteRT beside it.

``benchmark(model, signature=None, runs=100, warmup=10, profile=False, compare=None, inputs=None,
shapes=None)`` returns a :class:`BenchResult`; ``interp bench`` (``interp/cli_bench.py``) is a thin
layer over it. docs/bench.md describes the measurements and every key of ``BenchResult.as_dict()``.

What is timed (``mode``):
    ``"invoke"`` (default): the inputs are copied in once, then each sample is one run of the
    signature's subgraph, nothing else (LiteRT: its wrapper's ``Invoke`` for the same subgraph).
    ``"call"``: each sample is a whole signature-runner call, ``runner(**inputs)``: input checks and
    copies, the run, output copies (LiteRT: its ``SignatureRunner.__call__``).
Each sample is one ``time.perf_counter_ns`` interval; the garbage collector is off while timing.
With ``compare="litert"`` both engines live in this process and run in alternating blocks of
``BLOCK`` calls (who goes first alternates too), so machine noise hits both alike.

The profile calls the callables of the executor's plan (the ordered ``(node, callable)`` pairs whose
calls in order make one invoke) one by one, timing each; it runs after the latency samples, so it
does not disturb them.
"""
import dataclasses
import gc
import os
import sys
import time

import numpy as np

from interp import inputs as _inputs
from interp.errors import InputError, InterpError, KernelError

MODES = ("invoke", "call")
COMPARE = ("litert",)
LITERT_RESOLVERS = ("auto", "builtin")  # builtin = BUILTIN_WITHOUT_DEFAULT_DELEGATES
BLOCK = 10          # calls per engine per turn when comparing
INT_HIGH = 4        # random ints are drawn from [0, INT_HIGH): safe as indices, sizes, token ids


class CompareUnavailable(InterpError):
    """The engine to compare with is not installed, or cannot run the model."""


@dataclasses.dataclass
class LatencyStats:
    """Latency samples of one engine, in microseconds, and their summary."""
    latencies_us: list
    mean_us: float
    min_us: float
    p50_us: float
    p90_us: float
    p99_us: float

    @staticmethod
    def summary(samples_ns):
        """The keyword arguments of the fields above, from per-call times in nanoseconds."""
        us = np.asarray(samples_ns, dtype=np.float64) / 1000.0
        p50, p90, p99 = np.percentile(us, [50, 90, 99])
        return {"latencies_us": us.tolist(), "mean_us": float(us.mean()),
                "min_us": float(us.min()), "p50_us": float(p50), "p90_us": float(p90),
                "p99_us": float(p99)}


@dataclasses.dataclass
class LiteRTStats(LatencyStats):
    resolver: str           # "auto" or "builtin" (BUILTIN_WITHOUT_DEFAULT_DELEGATES)
    num_threads: int
    version: str | None     # ai-edge-litert's package version


@dataclasses.dataclass
class InputInfo:
    name: str
    dtype: str              # numpy name: "float32", "int64", "bool", "bytes" ...
    shape: list
    source: str             # "random" or "given"


@dataclasses.dataclass
class ProfileRow:
    op: str                 # op name (``FULLY_CONNECTED``, a custom op's name ...)
    node: int               # node index in its subgraph
    subgraph: str           # the subgraph's display name
    output_shapes: list     # one shape (list of ints) per output
    calls: int
    total_us: float
    per_call_us: float
    share: float            # of the summed time of all nodes; the shares add up to 1


@dataclasses.dataclass
class BenchResult(LatencyStats):
    """interp's latency (the inherited fields) and everything else one benchmark measured."""
    model: str              # the path, or "<bytes>"
    signature: str
    subgraph: str
    mode: str
    runs: int
    warmup: int
    seed: int
    inputs: list            # of InputInfo, sorted by name
    profile: list | None    # of ProfileRow, largest share first; None without profile=True
    profile_total_us: float | None  # sum of the nodes' per-call times: one invoke, op by op
    arena_bytes: int | None  # Interpreter.memory_plan().arena_bytes; None when not available
    peak_rss_bytes: int | None  # the process's peak resident set size; None on Windows
    litert: LiteRTStats | None
    ratio: float | None     # interp p50 / LiteRT p50

    def as_dict(self):
        """Plain JSON-ready data: the fields above by name, nested dataclasses as dicts."""
        d = dataclasses.asdict(self)
        d["latencies_us"] = d.pop("latencies_us")  # the long list last, for readers
        if d["litert"] is not None:
            d["litert"]["latencies_us"] = d["litert"].pop("latencies_us")
        return d

    def format_table(self):
        """The human report ``interp bench`` prints."""
        lines = [f"model: {self.model}",
                 f"signature: '{self.signature}' ({self.subgraph}), mode {self.mode}, "
                 f"{self.runs} runs after {self.warmup} warmup"]
        for info in self.inputs:
            dims = ",".join(str(d) for d in info.shape)
            src = f"random, seed {self.seed}" if info.source == "random" else "given"
            lines.append(f"input {info.name}: {info.dtype}[{dims}] ({src})")
        lines += ["", f"{'latency (us)':<14}" + "".join(f"{h:>11}" for h in
                                                       ("mean", "min", "p50", "p90", "p99"))]
        engines = [("interp", self)] + ([("litert", self.litert)] if self.litert else [])
        for name, s in engines:
            lines.append(f"{name:<14}" + "".join(f"{v:>11.2f}" for v in
                                                 (s.mean_us, s.min_us, s.p50_us, s.p90_us,
                                                  s.p99_us)))
        if self.litert is not None:
            lt = self.litert
            lines.append(f"interp/litert (p50): {self.ratio:.3f}x  [LiteRT {lt.version or '?'}, "
                         f"num_threads={lt.num_threads}, resolver {lt.resolver}, interleaved in "
                         f"blocks of {BLOCK}]")
        lines += ["", f"arena: {_bytes(self.arena_bytes)}    peak RSS: "
                      f"{_bytes(self.peak_rss_bytes)}"]
        if self.profile is not None:
            lines += ["", f"per-op profile ({self.runs} runs; the ops sum to "
                          f"{self.profile_total_us:.2f} us per invoke)"]
            rows = [(r.op, str(r.node), r.subgraph,
                     " ".join("[" + ",".join(str(d) for d in s) + "]" for s in r.output_shapes),
                     f"{r.total_us:.1f}", f"{r.per_call_us:.3f}", f"{100 * r.share:.1f}%")
                    for r in self.profile]
            head = ("op", "node", "subgraph", "output shape", "total us", "per call us", "share")
            widths = [max(len(x) for x in col) for col in zip(head, *rows)]
            left = (True, False, True, True, False, False, False)
            for row in (head, *rows):
                lines.append("  ".join(c.ljust(w) if l else c.rjust(w)
                                       for c, w, l in zip(row, widths, left)).rstrip())
        return "\n".join(lines)


def benchmark(model, signature=None, runs=100, warmup=10, profile=False, compare=None,
              inputs=None, shapes=None, *, seed=0, mode="invoke", litert_resolver="auto"):
    """Time ``runs`` runs of one signature after ``warmup`` untimed ones; see the module docstring.

    ``model``: a path or the model's bytes. ``inputs``: ``{name: array or path to a .npy file}``
    (other inputs get seeded random values: floats uniform in [-1, 1), ints in [0, 4), bools
    random; STRING inputs must be given). ``shapes``: ``{name: shape}`` for random inputs, required
    where the shape signature has a -1. ``compare="litert"`` also times LiteRT (num_threads=1,
    ``litert_resolver`` "auto" or "builtin") and raises :class:`CompareUnavailable` when
    ai_edge_litert is missing or cannot run the model. Errors in arguments raise InputError.
    """
    runs, warmup = _count("runs", runs, 1), _count("warmup", warmup, 0)
    if mode not in MODES:
        raise InputError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    if compare is not None and compare not in COMPARE:
        raise InputError(f"compare must be None or one of {', '.join(COMPARE)}, got {compare!r}")
    if litert_resolver not in LITERT_RESOLVERS:
        raise InputError(f"litert_resolver must be one of {', '.join(LITERT_RESOLVERS)}, "
                         f"got {litert_resolver!r}")
    from interp.interpreter import Interpreter

    label, source = _source(model)
    interpreter = Interpreter(**source)
    runner = interpreter.get_signature_runner(signature)
    values, infos = make_inputs(runner, inputs, shapes, seed)
    runner(**values)  # prepare, allocate and copy the inputs in (and fail here, not while timing)
    executor = runner._executor  # interp-internal: the signature's subgraph executor
    engines = [_interp_call(interpreter, executor, runner, values, mode)]
    lite = None
    if compare == "litert":
        lite = _LiteRT(source, runner.signature_key, values, litert_resolver)
        engines.append(lite.call if mode == "call" else lite.invoke)
    for fn in engines:
        for _ in range(warmup):
            fn()
    samples = time_interleaved(engines, runs)
    rows = total = None
    if profile:
        rows, total = profile_plan(interpreter, executor, runs)
    lite_stats = ratio = None
    if lite is not None:
        lite_stats = LiteRTStats(**LatencyStats.summary(samples[1]), resolver=litert_resolver,
                                 num_threads=1, version=lite.version)
    stats = LatencyStats.summary(samples[0])
    if lite_stats is not None:
        ratio = stats["p50_us"] / lite_stats.p50_us if lite_stats.p50_us > 0 else float("inf")
    return BenchResult(
        **stats, model=label, signature=runner.signature_key,
        subgraph=getattr(executor, "display", ""), mode=mode, runs=runs, warmup=warmup, seed=seed,
        inputs=infos, profile=rows, profile_total_us=total, arena_bytes=arena_bytes(interpreter),
        peak_rss_bytes=peak_rss_bytes(), litert=lite_stats, ratio=ratio)


# ------------------------------------------------------------------------------------ inputs
def make_inputs(runner, inputs=None, shapes=None, seed=0):
    """``({name: array}, [InputInfo])`` for every input of ``runner``'s signature (see benchmark)."""
    key = runner.signature_key
    details = runner.get_input_details()
    inputs, shapes = dict(inputs or {}), dict(shapes or {})
    for what, given in (("inputs", inputs), ("shapes", shapes)):
        unknown = sorted(set(given) - set(details))
        if unknown:
            raise InputError(f"{what}: signature '{key}' has no input "
                             f"{', '.join(repr(n) for n in unknown)}; its inputs are "
                             f"{', '.join(repr(n) for n in sorted(details)) or '(none)'}")
    rng = np.random.default_rng(seed)
    values, infos = {}, []
    for name in sorted(details):
        d = details[name]
        sig = [int(x) for x in d["shape_signature"]]
        label = f"signature '{key}' input '{name}'"
        want = d["dtype"]
        if want is None:
            raise InputError(f"{label}: its type cannot be fed from Python")
        is_string = want is np.bytes_
        if name in inputs:
            arr = _given(label, inputs[name], is_string, np.dtype(want))
            if name in shapes and list(arr.shape) != [int(x) for x in shapes[name]]:
                raise InputError(f"{label}: the given data has shape {list(arr.shape)} but the "
                                 f"shape asked for is {[int(x) for x in shapes[name]]}")
            source = "given"
        else:
            if is_string:
                raise InputError(f"{label} is a STRING tensor and random strings are not "
                                 f"generated: give real data with inputs={{'{name}': array or "
                                 f"'file.npy'}} (CLI: --input {name}=file.npy)")
            arr = random_values(np.dtype(want), _shape(label, name, sig, shapes.get(name)), rng)
            source = "random"
        if not _inputs.fits_signature(arr.shape, sig):
            raise InputError(f"{label}: shape {list(arr.shape)} does not fit the input's shape "
                             f"signature {sig} (-1 = any size)")
        values[name] = arr
        infos.append(InputInfo(name, "bytes" if is_string else str(arr.dtype), list(arr.shape),
                               source))
    return values, infos


def random_values(dtype, shape, rng):
    """Seeded values of ``dtype``: floats in [-1, 1), ints in [0, INT_HIGH), bools either way."""
    if dtype.kind == "f":
        out = np.asarray(rng.random(shape) * 2 - 1).astype(dtype)
        out[out >= 1] = np.nextafter(dtype.type(1), dtype.type(0))  # rounding must not reach 1
        return out
    if dtype.kind == "c":
        out = (rng.random(shape) * 2 - 1) + 1j * (rng.random(shape) * 2 - 1)
    elif dtype.kind in "iu":
        out = rng.integers(0, INT_HIGH, size=shape)
    elif dtype.kind == "b":
        out = rng.random(shape) < 0.5
    else:
        raise InputError(f"cannot make random values of dtype {dtype}")
    return np.asarray(out).astype(dtype)  # an array even for shape () (numpy gives scalars)


def _shape(label, name, sig, asked):
    if asked is not None:
        shape = tuple(int(x) for x in asked)
        if not _inputs.fits_signature(shape, sig):
            raise InputError(f"{label}: shape {list(shape)} does not fit the input's shape "
                             f"signature {sig} (-1 = any size)")
        return shape
    if -1 in sig:
        example = [1 if x == -1 else x for x in sig]
        raise InputError(f"{label} has the dynamic shape signature {sig} (-1 = any size): give "
                         f"its shape with shapes={{'{name}': {example}}} (CLI: --shape "
                         f"{name}={','.join(str(x) for x in example)})")
    return tuple(sig)


def _given(label, value, is_string, dtype):
    if isinstance(value, (str, os.PathLike)):
        try:
            value = np.load(os.fspath(value), allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise InputError(f"{label}: cannot read '{os.fspath(value)}' as a .npy file: "
                             f"{exc}") from None
    arr = np.asarray(value)
    if is_string:
        if arr.dtype.kind not in "USO":
            raise InputError(f"{label}: expected strings (bytes or str), got dtype {arr.dtype}")
        return arr
    if arr.dtype != dtype:
        if not np.can_cast(arr.dtype, dtype, casting="same_kind"):
            raise InputError(f"{label}: the given data has dtype {arr.dtype}, which does not "
                             f"convert to the input's dtype {dtype}")
        arr = arr.astype(dtype)
    return arr


# ------------------------------------------------------------------------------------ timing
def time_interleaved(fns, runs, block=BLOCK):
    """Per-call times in ns, one int64 array per function: ``runs`` calls each, in alternating
    blocks of ``block`` calls; the function going first rotates from one turn to the next."""
    samples = [np.empty(runs, np.int64) for _ in fns]
    clock = time.perf_counter_ns
    enabled = gc.isenabled()
    gc.disable()
    try:
        done, turn = 0, 0
        while done < runs:
            k = min(block, runs - done)
            for j in range(len(fns)):
                j = (j + turn) % len(fns)
                fn, out = fns[j], samples[j]
                for i in range(done, done + k):
                    t0 = clock()
                    fn()
                    out[i] = clock() - t0
            done += k
            turn += 1
    finally:
        if enabled:
            gc.enable()
    return samples


def _interp_call(interpreter, executor, runner, values, mode):
    if mode == "call":
        return lambda: runner(**values)
    lock, invoke = interpreter._lock, executor.invoke

    def run():
        with lock:
            invoke()
    return run


def profile_plan(interpreter, executor, runs):
    """``([ProfileRow], summed per-call us)``: each callable of ``executor.plan`` timed, ``runs``
    times over. The plan is ``(node, callable)`` pairs; calling them in order is one invoke."""
    clock = time.perf_counter_ns
    enabled = gc.isenabled()
    with interpreter._lock:
        executor.ensure_ready()
        plan = tuple(executor.plan)
        totals = [0] * len(plan)
        gc.disable()
        try:
            for _ in range(runs):
                for i, (node, run) in enumerate(plan):
                    t0 = clock()
                    status = run()
                    totals[i] += clock() - t0
                    if status:
                        raise KernelError(f"{node.subgraph} node {node.index} ({node.op_name}): "
                                          f"kernel failed with status {status}")
        finally:
            if enabled:
                gc.enable()
    whole = sum(totals)
    rows = [ProfileRow(op=node.op_name, node=node.index, subgraph=node.subgraph,
                       output_shapes=[list(t.shape) for t in node.outputs], calls=runs,
                       total_us=ns / 1000.0, per_call_us=ns / 1000.0 / runs,
                       share=ns / whole if whole else 1.0 / len(plan))
            for (node, _), ns in zip(plan, totals)]
    rows.sort(key=lambda r: (-r.share, r.node))
    return rows, whole / 1000.0 / runs


# ------------------------------------------------------------------------------------ memory
def arena_bytes(interpreter):
    """``interpreter.memory_plan().arena_bytes``, or None while the interpreter has no planner."""
    plan = getattr(interpreter, "memory_plan", None)
    if not callable(plan):
        return None
    value = getattr(plan(), "arena_bytes", None)
    return int(value) if value is not None else None


def peak_rss_bytes():
    """This process's peak resident set size in bytes (None where ``resource`` is missing)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak) if sys.platform == "darwin" else int(peak) * 1024  # macOS: bytes, else KiB


def _bytes(n):
    if n is None:
        return "n/a"
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit} ({n} bytes)"
    return f"{n} bytes"


# ------------------------------------------------------------------------------------ LiteRT
class _LiteRT:
    """One LiteRT interpreter (num_threads=1) running the same signature on the same values."""

    def __init__(self, source, key, values, resolver):
        try:
            from ai_edge_litert import interpreter as lite
        except ImportError:
            raise CompareUnavailable(
                "--compare litert needs ai_edge_litert (LiteRT), which is not installed in this "
                "Python; install it with: pip install ai-edge-litert") from None
        try:
            from importlib.metadata import version
            self.version = version("ai-edge-litert")
        except Exception:  # metadata missing in odd installs: the version is only informative
            self.version = None
        kind = {"auto": lite.OpResolverType.AUTO,
                "builtin": lite.OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES}[resolver]
        try:
            it = lite.Interpreter(**source, num_threads=1, experimental_op_resolver_type=kind)
            if key in it.get_signature_list():
                runner = it.get_signature_runner(key)
                self.call = lambda: runner(**values)
                self.call()
                wrapper, index = runner._interpreter_wrapper, runner._subgraph_index
                self.invoke = lambda: wrapper.Invoke(index)
            elif not it.get_signature_list():
                self.call, self.invoke = self._classic(it, values)
                self.call()
            else:
                raise ValueError(f"it has no signature '{key}'")
        except (RuntimeError, ValueError) as exc:
            raise CompareUnavailable(f"LiteRT cannot run signature '{key}': {exc}") from None

    @staticmethod
    def _classic(it, values):
        """A model without SignatureDefs: subgraph 0 through the classic tensor-index API."""
        index = {d["name"]: d["index"] for d in it.get_input_details()}
        missing = sorted(set(values) - set(index))
        if missing:
            raise ValueError(f"its subgraph 0 has no input {', '.join(missing)}")
        for name, value in values.items():
            it.resize_tensor_input(index[name], value.shape)
        it.allocate_tensors()
        outs = [d["index"] for d in it.get_output_details()]

        def call():
            for name, value in values.items():
                it.set_tensor(index[name], value)
            it.invoke()
            return [it.get_tensor(i) for i in outs]
        return call, it.invoke


def _count(name, value, low):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise InputError(f"{name} must be an integer >= {low}, got {value!r}")
    return int(value)


def _source(model):
    if isinstance(model, (bytes, bytearray, memoryview)):
        return "<bytes>", {"model_content": bytes(model)}
    if isinstance(model, (str, os.PathLike)):
        path = os.fspath(model)
        return path, {"model_path": path}
    raise InputError(f"model must be a path or bytes, got {type(model).__name__}")


__all__ = ["benchmark", "BenchResult", "LatencyStats", "LiteRTStats", "ProfileRow", "InputInfo",
           "CompareUnavailable", "make_inputs", "random_values", "time_interleaved",
           "profile_plan", "arena_bytes", "peak_rss_bytes"]
