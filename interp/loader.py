"""Load and verify a `.tflite` model: bytes -> :class:`interp.model.Model`.

``load_model(data)`` reads the FlatBuffer with a small bounds-checked reader (not flatc's accessors,
which trust their input), applies the schema defaults and the rules of FORMAT.md, and checks every
index, offset, length and size before anything else sees it. Any problem raises
:class:`interp.errors.ModelError` naming what is wrong and where, e.g.
``subgraph 0 operator 3 (ADD): input 2 is tensor 57 but the subgraph has 12 tensors``; no other
exception type escapes for bad bytes.

Buffer data and custom options are zero-copy ``memoryview`` slices of ``data`` (the caller keeps
``data`` alive, e.g. an ``mmap``). Field ids come from ``interp.schema_tables.TABLES``, which is
generated from ``schema/interp.fbs``.

Not decoded (kept only as flags or ignored): sparsity parameters (``Tensor.has_sparsity``),
quantization details (``Quantization.details_type``), BuiltinOptions2, variant sub-types,
``mutating_variable_inputs``, the legacy ``metadata_buffer``. Tensors that use an ``ExternalBuffer``
(data in a separate file) are rejected.
"""
import math
import struct
from types import MappingProxyType

from interp import dtypes
from interp import schema_tables as _schema
from interp.errors import ModelError
from interp.opnames import BUILTIN_CODES, BUILTIN_NAMES, builtin_name
from interp.model import (
    EMPTY_OPTIONS, Buffer, Metadata, Model, Operator, OperatorCode, Quantization, SignatureDef,
    SubGraph, Tensor, TensorMap,
)
from interp.sniff import sniff, truncated
from interp.strings import string_offsets

__all__ = ["load_model", "sniff", "op_name", "SCHEMA_VERSION", "IDENTIFIER"]

SCHEMA_VERSION = 3
IDENTIFIER = b"TFL3"

OP_NAMES = BUILTIN_NAMES
CUSTOM = BUILTIN_CODES["CUSTOM"]
PLACEHOLDER = BUILTIN_CODES["PLACEHOLDER_FOR_GREATER_OP_CODES"]
OPTIONS_TABLES = _schema.UNIONS["BuiltinOptions"]           # union index i -> OPTIONS_TABLES[i - 1]
_N_DETAILS = len(_schema.UNIONS["QuantizationDetails"])

# struct code and width of each schema scalar type
_SCALAR = {
    "bool": "B", "byte": "b", "ubyte": "B", "short": "h", "ushort": "H", "int": "i", "uint": "I",
    "long": "q", "ulong": "Q", "float": "f", "double": "d",
}
_WIDTH = {code: struct.calcsize("<" + code) for code in set(_SCALAR.values())}

# Bits per element of each TensorType whose constant data has a fixed size (STRING is checked by its
# own layout; RESOURCE and VARIANT hold no data).
_BITS = {code: dt.itemsize * 8 for code, dt in dtypes.NUMPY.items() if code != dtypes.STRING}
_BITS.update({dtypes.INT4: 4, dtypes.UINT4: 4, dtypes.INT2: 2, dtypes.BFLOAT16: 16,
              dtypes.FLOAT8_E4M3FN: 8, dtypes.FLOAT8_E5M2: 8})


def _ids(table):
    return {name: fid for name, fid, *_ in _schema.TABLES[table]}


_MODEL, _SUBGRAPH, _TENSOR = _ids("Model"), _ids("SubGraph"), _ids("Tensor")
_BUFFER, _OPCODE, _OPERATOR = _ids("Buffer"), _ids("OperatorCode"), _ids("Operator")
_QUANT, _SIGDEF, _TMAP, _META = (_ids("QuantizationParameters"), _ids("SignatureDef"),
                                 _ids("TensorMap"), _ids("Metadata"))

# Per options table: ((field, id, struct code or None, kind, default), ...) for the decoder.
_OPTION_FIELDS = tuple(
    tuple((name, fid, _SCALAR.get(ftype), kind, default)
          for name, fid, kind, ftype, default, _enum in _schema.TABLES[table])
    for table in OPTIONS_TABLES
)
# Options tables holding strings or vectors (their decoded dicts are not shared between operators).
_OPTIONS_WITH_REFS = {i + 1 for i, fields in enumerate(_OPTION_FIELDS)
                      if any(kind != "scalar" for _n, _f, _c, kind, _d in fields)}
for _table, _fields in zip(OPTIONS_TABLES, _OPTION_FIELDS):
    for _name, _fid, _code, _kind, _default in _fields:
        assert _kind == "string" or _code is not None, f"{_table}.{_name}: decoder cannot read {_kind}"

_u16x2 = struct.Struct("<HH").unpack_from
_i32 = struct.Struct("<i").unpack_from
_u32 = struct.Struct("<I").unpack_from
_UNPACK = {code: struct.Struct("<" + code).unpack_from for code in set(_SCALAR.values())}
_VT_STRUCTS = {}


op_name = builtin_name


class _Reader:
    """Bounds-checked access to FlatBuffer tables. A table is ``(pos, field offsets by id)``.

    ``where`` names what is being read, for error messages: a string, or ``(format, args)`` so the
    hot loops need not format a string per tensor.
    """

    __slots__ = ("buf", "size", "where")

    def __init__(self, buf):
        self.buf = buf
        self.size = len(buf)
        self.where = "model"

    def place(self):
        where = self.where
        return where if isinstance(where, str) else where[0] % where[1]

    def fail(self, message):
        raise ModelError(f"{self.place()}: {message}")

    def table(self, pos):
        buf, size = self.buf, self.size
        if pos < 0:
            self.fail(f"table at byte {pos} lies outside the {size}-byte file (corrupt)")
        if pos + 4 > size:
            self.fail(f"the table at byte {pos} lies outside the file; {truncated(size, pos + 4)}")
        vt = pos - _i32(buf, pos)[0]
        if vt < 0:
            self.fail(f"the vtable of the table at byte {pos} lies outside the file (corrupt)")
        if vt + 4 > size:
            self.fail(f"the vtable of the table at byte {pos} lies outside the file; "
                      f"{truncated(size, vt + 4)}")
        vsize, tsize = _u16x2(buf, vt)
        if vsize >= 4 and not vsize & 1 and tsize >= 4 and max(vt + vsize, pos + tsize) > size:
            self.fail(f"the table at byte {pos} runs past the end of the file; "
                      f"{truncated(size, max(vt + vsize, pos + tsize))}")
        if vsize < 4 or vsize & 1 or vt + vsize > size or tsize < 4 or pos + tsize > size:
            self.fail(f"the table at byte {pos} has a corrupt vtable (vtable {vsize} bytes, "
                      f"table {tsize} bytes)")
        count = (vsize - 4) >> 1
        unpack = _VT_STRUCTS.get(count)
        if unpack is None:
            unpack = _VT_STRUCTS[count] = struct.Struct(f"<{count}H").unpack_from
        offs = unpack(buf, vt + 4)
        if offs and max(offs) > tsize - 1:
            self.fail(f"the table at byte {pos} has a field outside its {tsize} bytes (corrupt)")
        return pos, offs

    def scalar(self, tab, fid, code, default):
        pos, offs = tab
        o = offs[fid] if fid < len(offs) else 0
        return _UNPACK[code](self.buf, pos + o)[0] if o else default

    def ref(self, tab, fid):
        """Absolute position of the object an offset field points to, or None when absent."""
        pos, offs = tab
        o = offs[fid] if fid < len(offs) else 0
        return pos + o + _u32(self.buf, pos + o)[0] if o else None

    def vector_at(self, field, width, what):
        """(start, length) of the vector the offset at ``field`` points to; checks it fits the file."""
        p = field + _u32(self.buf, field)[0]
        if p + 4 > self.size:
            self.fail(f"{what} lies outside the file; {truncated(self.size, p + 4)}")
        n = _u32(self.buf, p)[0]
        if p + 4 + n * width > self.size:
            self.fail(f"{what} claims {n} elements ({n * width} bytes at byte {p + 4}); "
                      f"{truncated(self.size, p + 4 + n * width)}")
        return p + 4, n

    def scalars_at(self, field, code, what):
        start, n = self.vector_at(field, _WIDTH[code], what)
        return struct.unpack_from(f"<{n}{code}", self.buf, start) if n else ()

    def string_at(self, field, what):
        start, n = self.vector_at(field, 1, what)
        try:
            return str(self.buf[start:start + n], "utf-8")
        except UnicodeDecodeError:
            self.fail(f"{what} is not valid UTF-8: {bytes(self.buf[start:start + min(n, 40)])!r}")

    def vector(self, tab, fid, width, what):
        """(start, length) of a vector field, or None when absent."""
        pos, offs = tab
        o = offs[fid] if fid < len(offs) else 0
        return self.vector_at(pos + o, width, what) if o else None

    def scalars(self, tab, fid, code, what):
        """A numeric vector field as a tuple (() when absent)."""
        pos, offs = tab
        o = offs[fid] if fid < len(offs) else 0
        return self.scalars_at(pos + o, code, what) if o else ()

    def tables(self, tab, fid, what):
        """Positions of the tables of a vector-of-tables field ([] when absent)."""
        vec = self.vector(tab, fid, 4, what)
        if vec is None or not vec[1]:
            return []
        start, n = vec
        return [start + 4 * i + off for i, off in enumerate(struct.unpack_from(f"<{n}I", self.buf, start))]

    def string(self, tab, fid, what):
        pos, offs = tab
        o = offs[fid] if fid < len(offs) else 0
        return self.string_at(pos + o, what) if o else None


def load_model(data) -> Model:
    """Parse and verify the bytes of a `.tflite` file into a :class:`Model`.

    ``data``: bytes, bytearray, memoryview or mmap holding the whole file; buffer data in the result
    are views of it, so keep it alive (and unmodified) while the model is in use.
    Raises ModelError for anything malformed, inconsistent or unsupported.
    """
    buf = _byte_view(data)
    reader = _Reader(buf)
    try:
        return _load(reader)
    except ModelError:
        raise
    except (struct.error, IndexError, ValueError, OverflowError, TypeError, KeyError, MemoryError,
            RecursionError) as exc:
        raise ModelError(f"{reader.place()}: corrupt model ({type(exc).__name__}: {exc})") from None


def _byte_view(data):
    if isinstance(data, str) or hasattr(data, "__fspath__"):
        raise TypeError("load_model takes the model's bytes (bytes, bytearray, memoryview or mmap), "
                        f"not {type(data).__name__}; read the file first")
    try:
        view = memoryview(data)
        return view if view.format == "B" and view.ndim == 1 else view.cast("B")
    except TypeError:
        raise TypeError("load_model takes a contiguous bytes-like object (bytes, bytearray, "
                        f"memoryview or mmap), not {type(data).__name__}") from None


def _load(r):
    buf, size = r.buf, r.size
    if size < 8 or buf[4:8] != IDENTIFIER:
        raise ModelError(f"not a .tflite model: {sniff(buf)}")
    root = _u32(buf, 0)[0]
    if root + 4 > size:
        raise ModelError(f"truncated .tflite file: the root table is at byte {root}; "
                         f"{truncated(size, root + 4)}")
    model = r.table(root)
    version = r.scalar(model, _MODEL["version"], "I", 0)
    if version != SCHEMA_VERSION:
        r.fail(f"schema version {version}, but only version {SCHEMA_VERSION} is supported")

    opcodes = _operator_codes(r, model)
    buffers = _buffers(r, model)
    r.where = "model"
    subgraph_pos = r.tables(model, _MODEL["subgraphs"], "Model.subgraphs")
    if not subgraph_pos:
        r.fail("the model has no subgraphs")
    subgraphs = tuple(_subgraph(r, i, pos, opcodes, buffers) for i, pos in enumerate(subgraph_pos))
    signatures = _signatures(r, model, subgraphs)
    metadata = _metadata(r, model, len(buffers))
    r.where = "model"
    description = r.string(model, _MODEL["description"], "Model.description") or ""
    return Model(operator_codes=opcodes, subgraphs=subgraphs, buffers=buffers,
                 signature_defs=signatures, metadata=metadata, description=description,
                 version=version)


def _operator_codes(r, model):
    out = []
    for i, pos in enumerate(r.tables(model, _MODEL["operator_codes"], "Model.operator_codes")):
        r.where = f"operator code {i}"
        tab = r.table(pos)
        deprecated = r.scalar(tab, _OPCODE["deprecated_builtin_code"], "b", 0)
        builtin = r.scalar(tab, _OPCODE["builtin_code"], "i", 0)
        code = max(deprecated, builtin)
        custom = r.string(tab, _OPCODE["custom_code"], "custom_code")
        version = r.scalar(tab, _OPCODE["version"], "i", 1)
        if code == PLACEHOLDER:
            r.fail(f"builtin code {code} is PLACEHOLDER_FOR_GREATER_OP_CODES, not an op "
                   f"(builtin_code {builtin}, deprecated_builtin_code {deprecated})")
        if code not in OP_NAMES:
            r.fail(f"unknown builtin code {code} (builtin_code {builtin}, deprecated_builtin_code "
                   f"{deprecated}); interp knows codes 0..{max(OP_NAMES)}")
        if code == CUSTOM and not custom:
            r.fail("a CUSTOM op code without a custom_code name")
        out.append(OperatorCode(builtin_code=code, custom_code=custom, version=version))
    return tuple(out)


_EMPTY_BUFFER = Buffer()


def _buffers(r, model):
    r.where = "model"
    positions = r.tables(model, _MODEL["buffers"], "Model.buffers")
    if not positions:
        r.fail("the model has no buffers (buffer 0, the empty sentinel, is required)")
    buf, size = r.buf, r.size
    data_id, offset_id, size_id = _BUFFER["data"], _BUFFER["offset"], _BUFFER["size"]
    out = []
    for i, pos in enumerate(positions):
        r.where = ("buffer %d", (i,))
        tab = r.table(pos)
        vec = r.vector(tab, data_id, 1, "data")
        offset = r.scalar(tab, offset_id, "Q", 0)
        length = r.scalar(tab, size_id, "Q", 0)
        if vec is not None:
            data = buf[vec[0]:vec[0] + vec[1]]
        elif offset > 1:
            if offset + length > size:
                r.fail(f"data at file offset {offset} with size {length} runs past the end; "
                       f"{truncated(size, offset + length)}")
            data = buf[offset:offset + length]
        else:
            data = None
        if data is None and not offset and not length:
            out.append(_EMPTY_BUFFER)  # most buffers: immutable, so one instance serves all
        else:
            out.append(Buffer(data=data, offset=offset, size=length))
    if out[0].data is not None and len(out[0].data):
        raise ModelError(f"buffer 0 must be the empty sentinel but holds {len(out[0].data)} bytes")
    return tuple(out)


def _subgraph(r, index, pos, opcodes, buffers):
    where = f"subgraph {index}"
    r.where = where
    tab = r.table(pos)
    name = r.string(tab, _SUBGRAPH["name"], "name") or ""
    tensor_pos = r.tables(tab, _SUBGRAPH["tensors"], "tensors")
    tensors = tuple(_tensor(r, index, j, p, buffers) for j, p in enumerate(tensor_pos))
    nt = len(tensors)
    r.where = where
    inputs = r.scalars(tab, _SUBGRAPH["inputs"], "i", "inputs")
    outputs = r.scalars(tab, _SUBGRAPH["outputs"], "i", "outputs")
    _check_indices(r, inputs, nt, "input", allow_omitted=False)
    _check_indices(r, outputs, nt, "output", allow_omitted=False)
    op_pos = r.tables(tab, _SUBGRAPH["operators"], "operators")
    labels = [code.custom_code if code.builtin_code == CUSTOM else op_name(code.builtin_code)
              for code in opcodes]
    cache = {}
    operators = tuple(_operator(r, index, k, p, opcodes, nt, labels, cache) for k, p in enumerate(op_pos))
    return SubGraph(tensors=tensors, inputs=inputs, outputs=outputs, operators=operators, name=name)


def _check_indices(r, indices, count, what, allow_omitted):
    low = -1 if allow_omitted else 0
    if indices and (min(indices) < low or max(indices) >= count):
        for i, t in enumerate(indices):
            if t < low or t >= count:
                r.fail(f"{what} {i} is tensor {t} but the subgraph has {count} tensors")


_T_NAME, _T_SHAPE, _T_TYPE, _T_BUFFER = (_TENSOR[k] for k in ("name", "shape", "type", "buffer"))
_T_QUANT, _T_VARIABLE, _T_SPARSITY = (_TENSOR[k] for k in ("quantization", "is_variable", "sparsity"))
_T_SIGNATURE, _T_HAS_RANK, _T_EXTERNAL = (_TENSOR[k] for k in ("shape_signature", "has_rank",
                                                                "external_buffer"))
_i8 = _UNPACK["b"]
_u8 = _UNPACK["B"]


def _tensor(r, sub, j, pos, buffers):
    # The hot loop of loading: fields are read straight from the vtable offsets.
    r.where = ("subgraph %d tensor %d", (sub, j))
    buf = r.buf
    pos, offs = r.table(pos)
    nf = len(offs)
    o = offs[_T_NAME] if nf > _T_NAME else 0
    name = r.string_at(pos + o, "name") if o else ""
    if name:
        r.where = ("subgraph %d tensor %d (%r)", (sub, j, name))
    o = offs[_T_SHAPE] if nf > _T_SHAPE else 0
    shape = r.scalars_at(pos + o, "i", "shape") if o else ()
    o = offs[_T_TYPE] if nf > _T_TYPE else 0
    ttype = _i8(buf, pos + o)[0] if o else 0
    if ttype not in dtypes.TYPE_NAMES:
        r.fail(f"unknown TensorType {ttype}")
    if shape and min(shape) < 0:
        r.fail(f"shape {list(shape)} has a negative dimension (only shape_signature may use -1)")
    o = offs[_T_SIGNATURE] if nf > _T_SIGNATURE else 0
    signature = r.scalars_at(pos + o, "i", "shape_signature") if o else None
    if signature is not None:
        if len(signature) != len(shape):
            r.fail(f"shape_signature {list(signature)} and shape {list(shape)} differ in rank")
        if signature and min(signature) < -1:
            r.fail(f"shape_signature {list(signature)} has a dimension below -1")
        if signature == shape:
            signature = None
    o = offs[_T_BUFFER] if nf > _T_BUFFER else 0
    buffer = _u32(buf, pos + o)[0] if o else 0
    if buffer >= len(buffers):
        r.fail(f"buffer index {buffer} but the model has {len(buffers)} buffers")
    o = offs[_T_EXTERNAL] if nf > _T_EXTERNAL else 0
    if o and _u32(buf, pos + o)[0]:
        r.fail(f"uses ExternalBuffer {_u32(buf, pos + o)[0]}: weights in external files are not "
               "supported")
    sparse = bool(offs[_T_SPARSITY]) if nf > _T_SPARSITY else False
    o = offs[_T_QUANT] if nf > _T_QUANT else 0
    quant = _quantization(r, r.table(pos + o + _u32(buf, pos + o)[0]), shape, ttype) if o else None
    data = buffers[buffer].data
    if data is not None and len(data) and not sparse:
        _check_data(r, ttype, shape, buffer, data)
    o = offs[_T_VARIABLE] if nf > _T_VARIABLE else 0
    variable = bool(_u8(buf, pos + o)[0]) if o else False
    # has_rank only matters for shape []: true = scalar, false = unknown rank. Files from before the
    # field existed leave it out, so a non-empty shape alone says the rank is known.
    o = offs[_T_HAS_RANK] if nf > _T_HAS_RANK else 0
    has_rank = bool(shape) or (bool(_u8(buf, pos + o)[0]) if o else False)
    return Tensor(name=name, type=ttype, shape=shape, buffer=buffer, shape_signature=signature,
                  quantization=quant, is_variable=variable, has_rank=has_rank, has_sparsity=sparse)


def _check_data(r, ttype, shape, buffer, data):
    count = math.prod(shape)
    if ttype == dtypes.STRING:
        string_offsets(data, count, f"{r.place()}: buffer {buffer}")
        return
    bits = _BITS.get(ttype)
    if bits is None:
        r.fail(f"a {dtypes.name(ttype)} tensor cannot hold constant data (buffer {buffer} has "
               f"{len(data)} bytes)")
    expected = (count * bits + 7) // 8
    if len(data) != expected:
        r.fail(f"buffer {buffer} holds {len(data)} bytes but a {dtypes.name(ttype)} tensor of shape "
               f"{list(shape)} needs {expected}")


# Zero points a quantized tensor of each integer type can hold; any other tensor's must fit int32
# (LiteRT's TfLiteAffineQuantization and the tensor details hold them as int32).
_ZP_RANGE = {dtypes.INT8: (-128, 127), dtypes.UINT8: (0, 255), dtypes.INT16: (-32768, 32767),
             dtypes.UINT16: (0, 65535), dtypes.INT4: (-8, 7), dtypes.UINT4: (0, 15),
             dtypes.INT2: (-2, 1)}
_INT32_RANGE = (-(1 << 31), (1 << 31) - 1)


def _quantization(r, tab, shape, ttype):
    if not any(tab[1]):
        return None  # the empty table the converter writes for float tensors
    scale = r.scalars(tab, _QUANT["scale"], "f", "quantization.scale")
    zero_point = r.scalars(tab, _QUANT["zero_point"], "q", "quantization.zero_point")
    qmin = r.scalars(tab, _QUANT["min"], "f", "quantization.min")
    qmax = r.scalars(tab, _QUANT["max"], "f", "quantization.max")
    axis = r.scalar(tab, _QUANT["quantized_dimension"], "i", 0)
    details = r.scalar(tab, _QUANT["details"] - 1, "B", 0)
    if details > _N_DETAILS:
        r.fail(f"unknown QuantizationDetails type {details}")
    if not (scale or zero_point or qmin or qmax or details or axis):
        return None
    if scale and zero_point and len(scale) != len(zero_point):
        r.fail(f"quantization has {len(scale)} scales but {len(zero_point)} zero points")
    if len(scale) > 1:
        if not 0 <= axis < len(shape):
            r.fail(f"per-axis quantization along dimension {axis} of a rank-{len(shape)} tensor")
        if shape[axis] != len(scale):
            r.fail(f"{len(scale)} scales for dimension {axis} of shape {list(shape)}")
    if scale and not all(s >= 0.0 and s != math.inf for s in scale):  # NaN fails s >= 0
        bad = next(i for i, s in enumerate(scale) if not (s >= 0.0 and s != math.inf))
        r.fail(f"quantization scale {bad} is {scale[bad]}; scales must be finite and >= 0")
    if zero_point:
        lo, hi = _ZP_RANGE.get(ttype, _INT32_RANGE)
        if min(zero_point) < lo or max(zero_point) > hi:
            bad = next(i for i, z in enumerate(zero_point) if not lo <= z <= hi)
            r.fail(f"quantization zero point {bad} is {zero_point[bad]}, outside {lo}..{hi} "
                   f"for a {dtypes.name(ttype)} tensor")
    return Quantization(scale=scale, zero_point=zero_point, quantized_dimension=axis, min=qmin,
                        max=qmax, details_type=details)


_O_OPCODE, _O_INPUTS, _O_OUTPUTS = (_OPERATOR[k] for k in ("opcode_index", "inputs", "outputs"))
_O_OPTIONS, _O_CUSTOM, _O_INTERMEDIATES = (_OPERATOR[k] for k in ("builtin_options", "custom_options",
                                                                   "intermediates"))
_O_OPTIONS_TYPE = _O_OPTIONS - 1


def _operator(r, sub, k, pos, opcodes, nt, labels, options_cache):
    r.where = ("subgraph %d operator %d", (sub, k))
    buf = r.buf
    tab = r.table(pos)
    pos, offs = tab
    nf = len(offs)
    o = offs[_O_OPCODE] if nf > _O_OPCODE else 0
    opcode_index = _u32(buf, pos + o)[0] if o else 0
    if opcode_index >= len(opcodes):
        r.fail(f"opcode_index {opcode_index} but the model has {len(opcodes)} operator codes")
    r.where = ("subgraph %d operator %d (%s)", (sub, k, labels[opcode_index]))
    o = offs[_O_INPUTS] if nf > _O_INPUTS else 0
    inputs = r.scalars_at(pos + o, "i", "inputs") if o else ()
    o = offs[_O_OUTPUTS] if nf > _O_OUTPUTS else 0
    outputs = r.scalars_at(pos + o, "i", "outputs") if o else ()
    o = offs[_O_INTERMEDIATES] if nf > _O_INTERMEDIATES else 0
    intermediates = r.scalars_at(pos + o, "i", "intermediates") if o else ()
    if inputs and (min(inputs) < -1 or max(inputs) >= nt):
        _check_indices(r, inputs, nt, "input", allow_omitted=True)
    if outputs and (min(outputs) < 0 or max(outputs) >= nt):
        _check_indices(r, outputs, nt, "output", allow_omitted=False)
    if intermediates:
        _check_indices(r, intermediates, nt, "intermediate", allow_omitted=False)

    o = offs[_O_OPTIONS_TYPE] if nf > _O_OPTIONS_TYPE else 0
    options_type = _u8(buf, pos + o)[0] if o else 0
    options = EMPTY_OPTIONS
    if options_type:
        if options_type > len(OPTIONS_TABLES):
            r.fail(f"builtin_options_type {options_type} is not a BuiltinOptions member "
                   f"(1..{len(OPTIONS_TABLES)})")
        o = offs[_O_OPTIONS] if nf > _O_OPTIONS else 0
        otab = r.table(pos + o + _u32(buf, pos + o)[0]) if o else (0, ())
        options = _options(r, otab, options_type, options_cache)

    custom = None
    o = offs[_O_CUSTOM] if nf > _O_CUSTOM else 0
    if o:
        start, n = r.vector_at(pos + o, 1, "custom_options")
        custom = buf[start:start + n]
    elif nf > _O_CUSTOM:
        offset = r.scalar(tab, _OPERATOR["large_custom_options_offset"], "Q", 0)
        length = r.scalar(tab, _OPERATOR["large_custom_options_size"], "Q", 0)
        if offset > 1:
            if offset + length > r.size:
                r.fail(f"large custom options at file offset {offset} with size {length} run past "
                       f"the end; {truncated(r.size, offset + length)}")
            custom = buf[offset:offset + length]
    if custom is not None:
        fmt = r.scalar(tab, _OPERATOR["custom_options_format"], "b", 0)
        if fmt != 0:
            r.fail(f"custom_options_format {fmt}; only 0 (FLEXBUFFERS) exists")
    return Operator(opcode_index=opcode_index, inputs=inputs, outputs=outputs,
                    builtin_options_type=options_type, builtin_options=options,
                    custom_options=custom, intermediates=intermediates)


def _options(r, tab, options_type, cache):
    """Every field of the options table (defaults filled), keyed by schema field name.

    Decoded tables without strings or vectors are shared between operators with identical bytes.
    """
    fields = _OPTION_FIELDS[options_type - 1]
    pos, offs = tab
    key = None
    if options_type not in _OPTIONS_WITH_REFS:
        key = (options_type, offs, bytes(r.buf[pos:pos + max(offs) + 8]) if offs else b"")
        hit = cache.get(key)
        if hit is not None:
            return hit
    table = OPTIONS_TABLES[options_type - 1]
    out = {}
    for name, fid, code, kind, default in fields:
        if kind == "scalar":
            value = r.scalar(tab, fid, code, default)
            out[name] = bool(value) if isinstance(default, bool) else value
        elif kind == "vector":
            out[name] = r.scalars(tab, fid, code, f"{table}.{name}")
        else:  # string
            out[name] = r.string(tab, fid, f"{table}.{name}")
    options = MappingProxyType(out)
    if key is not None:
        cache[key] = options
    return options


def _signatures(r, model, subgraphs):
    out, keys = [], set()
    r.where = "model"
    for i, pos in enumerate(r.tables(model, _MODEL["signature_defs"], "Model.signature_defs")):
        r.where = f"signature {i}"
        tab = r.table(pos)
        key = r.string(tab, _SIGDEF["signature_key"], "signature_key")
        if not key:
            r.fail("has no signature_key")
        r.where = f"signature {i} ({key!r})"
        if key in keys:
            r.fail("the signature key appears twice")
        keys.add(key)
        sub = r.scalar(tab, _SIGDEF["subgraph_index"], "I", 0)
        if sub >= len(subgraphs):
            r.fail(f"subgraph_index {sub} but the model has {len(subgraphs)} subgraphs")
        nt = len(subgraphs[sub].tensors)
        maps = []
        for side in ("inputs", "outputs"):
            entries = []
            for j, mpos in enumerate(r.tables(tab, _SIGDEF[side], side)):
                mtab = r.table(mpos)
                name = r.string(mtab, _TMAP["name"], f"{side[:-1]} {j} name")
                if name is None:
                    r.fail(f"{side[:-1]} {j} has no name")
                index = r.scalar(mtab, _TMAP["tensor_index"], "I", 0)
                if index >= nt:
                    r.fail(f"{side[:-1]} {name!r} is tensor {index} but subgraph {sub} has {nt} tensors")
                entries.append(TensorMap(name=name, tensor_index=index))
            maps.append(tuple(entries))
        out.append(SignatureDef(signature_key=key, inputs=maps[0], outputs=maps[1], subgraph_index=sub))
    return tuple(out)


def _metadata(r, model, nbuf):
    out = []
    r.where = "model"
    for i, pos in enumerate(r.tables(model, _MODEL["metadata"], "Model.metadata")):
        r.where = f"metadata {i}"
        tab = r.table(pos)
        name = r.string(tab, _META["name"], "name") or ""
        buffer = r.scalar(tab, _META["buffer"], "I", 0)
        if buffer >= nbuf:
            r.fail(f"({name!r}) buffer index {buffer} but the model has {nbuf} buffers")
        out.append(Metadata(name=name, buffer=buffer))
    return tuple(out)
