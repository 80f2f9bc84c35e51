"""Deterministic mutations of `.tflite` files, and a worker pool that runs each mutant through interp.

``mutant(seed, index)`` -> ``(label, bytes)``: the same pair on every machine and run. A mutant is one
of: byte flips (mostly in the FlatBuffer's structure, rarely in weight bytes), a truncation, a splice
of two fixtures, or a field-aware change (the fixture's FlatBuffer is walked once with the schema
tables, giving the byte position of every field: shapes, tensor types, tensor/buffer/opcode indices,
op inputs and outputs, vector lengths, buffer data lengths, option values, quantization parameters,
union tags, offsets; one to three of them get an edge value: 0, -1, +-1, a large number, ...).

Also ``model`` edits: the fixture decoded with interp.loader, one tensor shape/type, op input
or output, option value or small integer constant changed, and written back with interp.writer.

``run_mutants(seed, count, workers=2, timeout=...)`` loads, allocates and invokes every mutant (each
signature, inputs of the right shapes and dtypes) in worker processes and returns an
:class:`Outcome` tally: ``ok`` (ran), ``InterpError`` subclasses by name, and failures: ``crash``
(a worker died, e.g. by a signal), ``hang`` (no answer within ``timeout`` seconds) and ``other``
(any exception that is not an InterpError). Used by tests/test_fuzz.py; the long-run mode is
described in docs/robustness.md.
"""
import collections
import dataclasses
import multiprocessing
import os
import random
import struct
import time
import traceback
from multiprocessing.connection import wait
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
# mobilenet_v2 is 6.7 MB and slow to invoke: picked less often.
WEIGHTS = {"mobilenet_v2": 0.15, "transformer_block": 0.5}
MAX_RUN_BYTES = 64 << 20

_FMT = {"bool": "B", "byte": "b", "ubyte": "B", "short": "h", "ushort": "H", "int": "i", "uint": "I",
        "long": "q", "ulong": "Q", "float": "f", "double": "d"}


@dataclasses.dataclass
class Field:
    path: str    # e.g. "Tensor.shape[]", "Operator.opcode_index", "vector_length", "offset"
    pos: int     # byte position in the file
    code: str    # struct code of the value at pos


class _Walker:
    """Records the position of every field of a well-formed `.tflite` FlatBuffer."""

    def __init__(self, data):
        from interp import schema_tables
        self.data = data
        self.tables = schema_tables.TABLES
        self.unions = schema_tables.UNIONS
        self.fields = []
        self.data_ranges = []  # (start, end) of buffer data: weights
        self.seen = set()

    def u32(self, pos):
        return struct.unpack_from("<I", self.data, pos)[0]

    def table(self, pos, name):
        if (pos, name) in self.seen or name not in self.tables:
            return
        self.seen.add((pos, name))
        data = self.data
        vt = pos - struct.unpack_from("<i", data, pos)[0]
        vsize = struct.unpack_from("<H", data, vt)[0]
        nslots = (vsize - 4) // 2
        offs = struct.unpack_from(f"<{nslots}H", data, vt + 4)
        self.fields.append(Field("vtable_size", vt, "H"))
        self.fields.append(Field("soffset", pos, "i"))
        self.fields.extend(Field("vtable_slot", vt + 4 + 2 * i, "H") for i in range(nslots))
        spec = self.tables[name]
        for fname, fid, kind, ftype, _default, _enum in spec:
            if fid >= nslots or not offs[fid]:
                continue
            fpos = pos + offs[fid]
            label = f"{name}.{fname}"
            if kind == "scalar":
                self.fields.append(Field(label, fpos, _FMT[ftype]))
            elif kind == "union":
                tag_slot = fid - 1
                tag = data[pos + offs[tag_slot]] if tag_slot < nslots and offs[tag_slot] else 0
                self.fields.append(Field(label + "_type", pos + offs[tag_slot], "B")
                                   if tag_slot < nslots and offs[tag_slot] else Field(label, fpos, "I"))
                self.fields.append(Field("offset", fpos, "I"))
                members = self.unions.get(ftype, ())
                if 0 < tag <= len(members):
                    self.table(fpos + self.u32(fpos), members[tag - 1])
            elif kind == "table":
                self.fields.append(Field("offset", fpos, "I"))
                self.table(fpos + self.u32(fpos), ftype)
            elif kind == "string":
                self.fields.append(Field("offset", fpos, "I"))
                self.fields.append(Field("string_length", fpos + self.u32(fpos), "I"))
            elif kind == "vector":
                self.fields.append(Field("offset", fpos, "I"))
                vpos = fpos + self.u32(fpos)
                n = self.u32(vpos)
                self.fields.append(Field(f"{label}.length", vpos, "I"))
                if ftype in _FMT:
                    width = struct.calcsize(_FMT[ftype])
                    if name == "Buffer" and fname == "data" or ftype in ("ubyte", "byte") and n > 64:
                        self.data_ranges.append((vpos + 4, vpos + 4 + n))
                        continue
                    for i in range(min(n, 64)):
                        self.fields.append(Field(label + "[]", vpos + 4 + i * width, _FMT[ftype]))
                elif ftype == "string":
                    for i in range(min(n, 64)):
                        self.fields.append(Field("offset", vpos + 4 + 4 * i, "I"))
                else:
                    for i in range(n):
                        epos = vpos + 4 + 4 * i
                        if i < 64:
                            self.fields.append(Field("offset", epos, "I"))
                        self.table(epos + self.u32(epos), ftype)


def quantized_models():
    """{name: bytes}: small int8 models (per-tensor and per-channel quantization) written with
    tests/quant_op.py, so the quantization fields get mutated too (the fixtures are float)."""
    import numpy as np
    from quant_op import Q, quant_model
    x = Q(np.arange(8, dtype=np.int8).reshape(2, 4), 0.1, -3)
    w = Q(np.ones((3, 4), np.int8), [0.02, 0.03, 0.04], 0, axis=0)
    b = Q(np.zeros(3, np.int32), [0.002, 0.003, 0.004], 0, axis=0)
    img = Q(np.zeros((1, 4, 4, 2), np.int8), 0.1, -3)
    filt = Q(np.ones((3, 2, 2, 2), np.int8), [0.02, 0.03, 0.04], 0, axis=0)
    specs = {
        "q_fully_connected": ("FULLY_CONNECTED", [x, w, b], [Q(np.int8, 0.5, 1, shape=(2, 3))], (1, 2)),
        "q_add": ("ADD", [x, Q(np.ones((2, 4), np.int8), 0.2, 1)], [Q(np.int8, 0.3, 0, shape=(2, 4))], ()),
        "q_conv_2d": ("CONV_2D", [img, filt, b], [Q(np.int8, 0.5, 1, shape=(1, 3, 3, 3))], (1, 2)),
    }
    return {name: quant_model(op, ins, outs, const=const, options={})
            for name, (op, ins, outs, const) in specs.items()}


class Corpus:
    """The fixture files (and :func:`quantized_models`) with their field maps (built once per
    process)."""

    def __init__(self, paths=None):
        paths = sorted(paths or FIXTURES.glob("*.tflite"))
        self.names = [p.stem for p in paths]
        self.files = [p.read_bytes() for p in paths]
        for name, data in quantized_models().items():
            self.names.append(name)
            self.files.append(data)
        self.weights = [WEIGHTS.get(n, 1.0) for n in self.names]
        self.maps = []
        for data in self.files:
            w = _Walker(data)
            w.table(struct.unpack_from("<I", data, 0)[0], "Model")
            w.data_ranges.sort()
            self.maps.append(w)


_CORPUS = None


def corpus():
    global _CORPUS
    if _CORPUS is None:
        _CORPUS = Corpus()
    return _CORPUS


_INTERESTING = {
    "b": (0, 1, -1, 127, -128, 2, 5, 13, 14, 22, 23, 100),
    "B": (0, 1, 2, 255, 127, 128, 0x7f),
    "h": (0, 1, -1, 0x7fff, -0x8000), "H": (0, 1, 2, 4, 0xffff, 0x8000, 6, 8, 255),
    "i": (0, 1, -1, 2, -2, 3, 4, 7, 255, 256, 1 << 16, 1 << 20, 1 << 24, 0x7fffffff, -0x80000000,
          100000),
    "I": (0, 1, 2, 3, 4, 0xffffffff, 0x7fffffff, 0x80000000, 1 << 16, 1 << 20, 1 << 24, 1000),
    "q": (0, 1, -1, 255, -128, 1 << 31, -(1 << 63), (1 << 63) - 1, 1 << 40),
    "Q": (0, 1, 2, (1 << 64) - 1, 1 << 63, 1 << 40, 1 << 32),
    "f": (0.0, -0.0, 1.0, -1.0, float("nan"), float("inf"), float("-inf"), 1e-45, 3.4e38, 1e-30, 0.5),
    "d": (0.0, float("nan"), float("inf"), -1.0, 1e308),
}
_LIMITS = {"b": (-128, 127), "B": (0, 255), "h": (-(1 << 15), (1 << 15) - 1), "H": (0, (1 << 16) - 1),
           "i": (-(1 << 31), (1 << 31) - 1), "I": (0, (1 << 32) - 1), "q": (-(1 << 63), (1 << 63) - 1),
           "Q": (0, (1 << 64) - 1)}


def _new_value(rng, code, old):
    if code in "fd":
        return rng.choice(_INTERESTING[code]) if rng.random() < 0.8 else old * rng.choice((2, -1, 1e10))
    lo, hi = _LIMITS[code]
    r = rng.random()
    if r < 0.5:
        v = rng.choice(_INTERESTING[code])
    elif r < 0.8:
        v = old + rng.choice((-2, -1, 1, 2, 3))
    elif r < 0.9:
        v = old * rng.choice((2, 4, 16, 1000))
    else:
        v = rng.randint(lo, hi)
    return min(max(v, lo), hi)


def _flip(rng, c, data, k):
    out = bytearray(data)
    w = c.maps[k]
    for _ in range(rng.choice((1, 1, 2, 4, 8))):
        if w.data_ranges and rng.random() < 0.1:
            a, b = rng.choice(w.data_ranges)
            pos = rng.randrange(a, b) if b > a else a
        else:
            pos = _structural_pos(rng, w, len(out))
        if pos >= len(out):
            continue
        r = rng.random()
        if r < 0.4:
            out[pos] ^= 1 << rng.randrange(8)
        elif r < 0.8:
            out[pos] = rng.choice((0, 0xff, 0x7f, 0x80, 1))
        else:
            out[pos] = rng.randrange(256)
    return "flip", bytes(out)


def _structural_pos(rng, w, size):
    """A random byte position outside the buffer data (the FlatBuffer structure)."""
    for _ in range(8):
        pos = rng.randrange(size)
        if not any(a <= pos < b for a, b in w.data_ranges):
            return pos
    return rng.randrange(size)


def _truncate(rng, c, data, k):
    r = rng.random()
    if r < 0.3:
        cut = rng.randrange(min(len(data), 64))
    elif r < 0.6:
        cut = len(data) - rng.randint(1, min(len(data), 256))
    else:
        cut = rng.randrange(len(data))
    return f"truncate@{cut}", data[:cut]


def _splice(rng, c, data, k):
    j = rng.randrange(len(c.files))
    other = c.files[j]
    a = rng.randrange(len(data) + 1)
    b = rng.randrange(len(other) + 1)
    if rng.random() < 0.5:  # keep the length: overwrite a window of data with bytes of the other file
        n = rng.randint(1, 512)
        piece = other[b:b + n]
        out = data[:a] + piece + data[a + len(piece):]
        return f"splice-window:{c.names[j]}", out[:len(data)]
    return f"splice:{c.names[j]}", data[:a] + other[b:]


def _fields(rng, c, data, k):
    w = c.maps[k]
    out = bytearray(data)
    paths = []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        f = _pick_field(rng, w.fields)
        size = struct.calcsize("<" + f.code)
        if f.pos + size > len(out):
            continue
        old = struct.unpack_from("<" + f.code, out, f.pos)[0]
        new = _new_value(rng, f.code, old)
        struct.pack_into("<" + f.code, out, f.pos, new)
        paths.append(f"{f.path}={new!r}")
    return "field:" + ",".join(paths), bytes(out)


# Field kinds weighted towards the ones that reach kernels (shapes, indices, types, options).
_PREFERRED = ("Tensor.shape[]", "Tensor.type", "Tensor.buffer", "Operator.opcode_index",
              "Operator.inputs[]", "Operator.outputs[]", "SubGraph.inputs[]", "SubGraph.outputs[]",
              ".length", "Options.", "QuantizationParameters", "OperatorCode.", "TensorMap",
              "Tensor.shape_signature[]", "builtin_options_type")


def _pick_field(rng, fields):
    for _ in range(4):
        f = rng.choice(fields)
        if rng.random() < 0.15 or any(p in f.path for p in _PREFERRED):
            return f
    return f


def _loaded(c, k):
    """The fixture's :class:`interp.model.Model` (cached per process)."""
    cache = c.__dict__.setdefault("models", {})
    if k not in cache:
        from interp.loader import load_model
        cache[k] = load_model(c.files[k])
    return cache[k]


_INT_EDGES = (-1, 0, 1, 2, 3, -2, 7, 255, 1 << 16, (1 << 31) - 1, -(1 << 31), 1 << 20)


def _model_edit(rng, c, data, k):
    """A semantic edit of the decoded Model, written back with interp.writer (a well-formed file
    whose content is wrong): an op input/output pointed at another tensor, a tensor's shape or
    type, an option value, or one value of a small integer constant (axes, indices, sizes...)."""
    import dataclasses as dc
    import numpy as np
    from interp import dtypes
    from interp.model import Buffer
    from interp.writer import write_model
    m = _loaded(c, k)
    s = rng.randrange(len(m.subgraphs))
    sg = m.subgraphs[s]
    tensors, ops, buffers = list(sg.tensors), list(sg.operators), list(m.buffers)
    what = rng.choice(("op_io", "shape", "type", "option", "const", "const", "signature"))
    if what == "op_io" and ops and tensors:
        i = rng.randrange(len(ops))
        op = ops[i]
        side = rng.choice(("inputs", "outputs")) if op.outputs else "inputs"
        vals = list(getattr(op, side))
        if not vals:
            return _fields(rng, c, data, k)
        j = rng.randrange(len(vals))
        vals[j] = rng.choice((-1, rng.randrange(len(tensors))))
        ops[i] = dc.replace(op, **{side: tuple(vals)})
        label = f"op{i}.{side}[{j}]={vals[j]}"
    elif what in ("shape", "signature", "type") and tensors:
        i = rng.randrange(len(tensors))
        t = tensors[i]
        if what == "type":
            new = rng.choice(sorted(dtypes.TYPE_NAMES))
            tensors[i] = dc.replace(t, type=new)
            label = f"t{i}.type={new}"
        else:
            shape = list(t.shape)
            r = rng.random()
            if shape and r < 0.6:
                d = rng.randrange(len(shape))
                shape[d] = max(0, rng.choice((0, 1, 2, shape[d] + 1, shape[d] - 1, shape[d] * 2, 7)))
            elif shape and r < 0.8:
                shape.pop(rng.randrange(len(shape)))
            else:
                shape.insert(rng.randrange(len(shape) + 1), rng.choice((1, 2, 3)))
            if what == "signature":
                sig = [-1 if rng.random() < 0.5 else v for v in shape] if len(shape) == len(t.shape) \
                    else None
                tensors[i] = dc.replace(t, shape_signature=tuple(sig) if sig else None)
                label = f"t{i}.shape_signature={sig}"
            else:
                tensors[i] = dc.replace(t, shape=tuple(shape), shape_signature=None)
                label = f"t{i}.shape={shape}"
    elif what == "option" and any(op.builtin_options for op in ops):
        i = rng.choice([n for n, op in enumerate(ops) if op.builtin_options])
        opts = dict(ops[i].builtin_options)
        key = rng.choice(sorted(opts))
        old = opts[key]
        if isinstance(old, bool):
            new = not old
        elif isinstance(old, int):
            new = rng.choice(_INT_EDGES + (old + 1, old - 1))
            new = max(min(new, 127), -128) if key.endswith(("_type", "padding", "function")) else new
        elif isinstance(old, float):
            new = rng.choice((0.0, -1.0, float("nan"), float("inf"), 1e30, old * 2))
        elif isinstance(old, tuple):
            new = tuple(rng.choice(_INT_EDGES) for _ in range(rng.randrange(4)))
        else:
            return _fields(rng, c, data, k)
        opts[key] = new
        ops[i] = dc.replace(ops[i], builtin_options=opts)
        label = f"op{i}.{key}={new!r}"
    else:
        small = [i for i, t in enumerate(tensors) if t.type in (dtypes.INT32, dtypes.INT64)
                 and m.tensor_data(t) is not None and len(m.tensor_data(t)) <= 512]
        if not small:
            return _fields(rng, c, data, k)
        i = rng.choice(small)
        t = tensors[i]
        arr = np.frombuffer(m.tensor_data(t), dtypes.NUMPY[t.type]).copy()
        j = rng.randrange(arr.size) if arr.size else 0
        if arr.size:
            arr[j] = rng.choice(_INT_EDGES + (int(arr[j]) + 1, -int(arr[j]) - 1))
        buffers.append(Buffer(data=arr.tobytes()))
        tensors[i] = dc.replace(t, buffer=len(buffers) - 1)
        label = f"t{i}.const[{j}]={arr[j] if arr.size else None}"
    subgraphs = list(m.subgraphs)
    subgraphs[s] = dc.replace(sg, tensors=tuple(tensors), operators=tuple(ops))
    try:
        out = write_model(dc.replace(m, subgraphs=tuple(subgraphs), buffers=tuple(buffers)))
    except Exception:  # the writer refuses some edits: fall back to a byte-level one
        return _fields(rng, c, data, k)
    return f"model:s{s}.{label}", out


MUTATORS = ((_flip, 2), (_truncate, 1), (_splice, 1), (_fields, 5), (_model_edit, 5))


def mutant(seed, index):
    """The ``index``-th mutant of run ``seed``: ``(label, bytes)``, deterministic."""
    c = corpus()
    rng = random.Random(seed * 1_000_003 + index)
    k = rng.choices(range(len(c.files)), weights=c.weights)[0]
    func = rng.choices([m for m, _ in MUTATORS], weights=[w for _, w in MUTATORS])[0]
    what, data = func(rng, c, c.files[k], k)
    return f"{c.names[k]}:{what}", data


# ------------------------------------------------------------------------------------- running
def fuzz_limits():
    import interp
    return interp.Limits(max_tensor_bytes=16 << 20, max_arena_bytes=MAX_RUN_BYTES, max_rank=8,
                         max_while_iterations=100_000)


def _inputs(details, rng):
    import numpy as np
    out = {}
    for name, d in details.items():
        shape = [max(int(s), 0) for s in d["shape"]]
        dtype = np.dtype(d["dtype"]) if d["dtype"] is not object else None
        if dtype is None or dtype.kind in "OSU":
            out[name] = np.array([b"a b"] * int(np.prod(shape)), dtype=object).reshape(shape)
        elif dtype.kind == "b":
            out[name] = rng.integers(0, 2, shape).astype(bool)
        elif dtype.kind in "iu":
            out[name] = rng.integers(0, 3, shape).astype(dtype)
        else:
            out[name] = rng.standard_normal(shape).astype(dtype)
    return out


def run_one(data, seed=0):
    """Load, allocate and invoke ``data``; the outcome: "ok" or the InterpError's class name.
    Any other exception propagates."""
    import numpy as np
    import interp
    rng = np.random.default_rng(seed)
    try:
        it = interp.Interpreter(model_content=data, limits=fuzz_limits())
        for key in it.get_signature_list():
            runner = it.get_signature_runner(key)
            details = runner.get_input_details()
            sizes = [(int(np.prod(d["shape"])), d["dtype"]) for d in details.values()]
            if sum(n for n, _ in sizes) > (1 << 20) or \
                    sum(n for n, dt in sizes if np.dtype(dt).kind in "OSU") > (1 << 14):
                continue  # inputs of a mutated shape too big to fill (and run) cheaply
            runner(**_inputs(details, rng))
        it.allocate_tensors()
        it.invoke()
    except interp.InterpError as exc:
        return type(exc).__name__
    return "ok"


def _worker(conn, seed, runner):
    import faulthandler
    import resource
    faulthandler.disable()  # a crash is reported by the parent; no tracebacks from the child
    try:
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
    except (ValueError, OSError):
        pass
    while True:
        try:
            index = conn.recv()
        except EOFError:
            return
        if index is None:
            return
        label, data = mutant(seed, index)
        try:
            result = ("done", runner(data, seed + index), label)
        except BaseException as exc:  # the fuzzer's finding: report it, keep going
            result = ("other", f"{type(exc).__name__}: {exc}"[:300] + "\n" +
                      traceback.format_exc()[-1500:], label)
        conn.send(result)


def _isolated_child(conn, data):
    import faulthandler
    faulthandler.disable()
    try:
        conn.send(run_one(data))
    except BaseException as exc:
        conn.send(f"other: {type(exc).__name__}: {exc}"[:300])


def run_isolated(data, timeout=30.0):
    """:func:`run_one` in a child process: its outcome, or ``"crash"`` / ``"hang"``."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_isolated_child, args=(child, data), daemon=True)
    proc.start()
    child.close()
    try:
        if parent.poll(timeout):
            try:
                return parent.recv()
            except EOFError:
                pass
        else:
            return "hang"
    finally:
        proc.kill()
        proc.join()
        parent.close()
    return "crash"


@dataclasses.dataclass
class Outcome:
    count: int = 0
    seconds: float = 0.0
    tally: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    failures: list = dataclasses.field(default_factory=list)  # (kind, index, label, detail)

    def report(self):
        lines = [f"{self.count} mutants in {self.seconds:.1f} s:"]
        for key, n in sorted(self.tally.items(), key=lambda kv: -kv[1]):
            lines.append(f"  {key:<28} {n}")
        for kind, index, label, detail in self.failures[:20]:
            lines.append(f"FAIL {kind} mutant {index} ({label[:120]}): {detail}")
        return "\n".join(lines)


class _Slot:
    def __init__(self, ctx, seed, runner):
        self.ctx, self.seed, self.runner = ctx, seed, runner
        self.start()

    def start(self):
        parent, child = self.ctx.Pipe()
        self.conn = parent
        self.proc = self.ctx.Process(target=_worker, args=(child, self.seed, self.runner),
                                     daemon=True)
        self.proc.start()
        child.close()
        self.index = None
        self.since = None

    def send(self, index):
        self.index, self.since = index, time.monotonic()
        self.conn.send(index)

    def kill(self):
        self.proc.kill()
        self.proc.join()
        self.conn.close()


def run_mutants(seed, count, workers=2, timeout=10.0, start=0, progress=None, runner=run_one):
    """Run mutants ``start .. start+count-1`` of ``seed`` through ``runner(data, seed)`` (default
    :func:`run_one`) in ``workers`` processes; returns an :class:`Outcome`."""
    ctx = multiprocessing.get_context("fork")
    corpus()  # build the field maps once, before forking
    out = Outcome()
    t0 = time.monotonic()
    slots = [_Slot(ctx, seed, runner) for _ in range(workers)]
    todo = iter(range(start, start + count))
    busy = {}
    try:
        for s in slots:
            i = next(todo, None)
            if i is not None:
                s.send(i)
                busy[s.conn] = s
        while busy:
            ready = wait(list(busy) + [s.proc.sentinel for s in busy.values()], timeout=0.5)
            now = time.monotonic()
            for s in list(busy.values()):
                finished = s.conn in ready
                died = not finished and s.proc.sentinel in ready
                if finished:
                    try:
                        kind, detail, label = s.conn.recv()
                    except (EOFError, OSError):
                        finished, died = False, True
                if finished:
                    if kind == "done":
                        out.tally[detail] += 1
                    else:
                        out.tally["other"] += 1
                        out.failures.append(("other", s.index, label, detail))
                elif died or now - s.since > timeout:
                    kind = "crash" if died else "hang"
                    s.proc.join(timeout=1)
                    detail = f"exit code {s.proc.exitcode}" if died else f"no answer in {timeout} s"
                    label = mutant(seed, s.index)[0]
                    out.tally[kind] += 1
                    out.failures.append((kind, s.index, label, detail))
                    del busy[s.conn]
                    s.kill()
                    s.start()
                    busy[s.conn] = s
                else:
                    continue
                out.count += 1
                if progress and out.count % progress == 0:
                    print(f"[fuzz] {out.count} mutants, {time.monotonic() - t0:.0f} s, "
                          f"{dict(out.tally)}", flush=True)
                i = next(todo, None)
                if i is None:
                    del busy[s.conn]
                else:
                    s.send(i)
    finally:
        for s in slots:
            try:
                s.conn.send(None)
            except (OSError, BrokenPipeError):
                pass
        for s in slots:
            s.proc.join(timeout=2)
            if s.proc.is_alive():
                s.kill()
    out.seconds = time.monotonic() - t0
    return out


if __name__ == "__main__":  # long run: INTERP_FUZZ_MUTANTS=200000 python tests/fuzz_mutators.py
    import sys
    n = int(os.environ.get("INTERP_FUZZ_MUTANTS", "2000"))
    seed = int(os.environ.get("INTERP_FUZZ_SEED", "1"))
    result = run_mutants(seed, n, timeout=float(os.environ.get("INTERP_FUZZ_TIMEOUT", "10")),
                         progress=max(n // 20, 100))
    print(result.report())
    sys.exit(1 if result.failures else 0)
