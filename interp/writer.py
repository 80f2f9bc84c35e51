"""Write an :class:`interp.model.Model` as `.tflite` bytes that LiteRT (and ``interp.loader``) load.

``write_model(model)`` is deterministic: the same Model always gives the same bytes. What it writes
(FORMAT.md): identifier ``TFL3``, ``Model.version`` 3, ``buffers[0]`` the empty sentinel, buffer data
16-byte aligned, OperatorCode with ``builtin_code`` = code and ``deprecated_builtin_code`` =
min(code, 127), options dicts packed into the table named by ``builtin_options_type`` (fields equal
to their default are left out, as FlatBuffers does), SignatureDef TensorMaps sorted by name,
``shape_signature`` only when a dimension is dynamic (-1), ``has_rank`` as the Tensor says (true
unless the rank is unknown).

Models whose data would push the FlatBuffer past its 2 GiB limit are written in the
buffers-past-the-FlatBuffer layout (FORMAT.md §2.4, docs/format.md): the FlatBuffer, zero-padded to
a multiple of 16, then every distinct buffer (identical ones stored once) and every custom-options
blob, each at a 16-aligned absolute file offset recorded in ``Buffer.offset/size`` or
``Operator.large_custom_options_offset/size``.
"""
import hashlib
import struct

import flatbuffers

from interp import schema_generated as fb
from interp.errors import ModelError

__all__ = ["write_model", "DEFAULT_EXTERNAL_THRESHOLD"]

SCHEMA_VERSION = 3
IDENTIFIER = b"TFL3"
# Above this many bytes of buffer data and custom options, data goes past the FlatBuffer. The
# FlatBuffer itself must stay below 2 GiB; the margin leaves room for the tables.
DEFAULT_EXTERNAL_THRESHOLD = 2**31 - 2**27
_ALIGN = 16
_PLACEHOLDER = 1  # offset/size written in the sizing pass; any value > 0 gives the same layout

_OPTIONS_TABLES = fb.UNIONS["BuiltinOptions"]
_PREPEND = {
    "bool": "PrependBoolSlot", "byte": "PrependInt8Slot", "ubyte": "PrependUint8Slot",
    "short": "PrependInt16Slot", "ushort": "PrependUint16Slot", "int": "PrependInt32Slot",
    "uint": "PrependUint32Slot", "long": "PrependInt64Slot", "ulong": "PrependUint64Slot",
    "float": "PrependFloat32Slot", "double": "PrependFloat64Slot",
}
_VECTOR_CODE = {
    "bool": "B", "byte": "b", "ubyte": "B", "short": "h", "ushort": "H", "int": "i", "uint": "I",
    "long": "q", "ulong": "Q", "float": "f", "double": "d",
}


def write_model(model, *, external_threshold=DEFAULT_EXTERNAL_THRESHOLD) -> bytes:
    """Serialize ``model`` to `.tflite` bytes.

    ``external_threshold``: when the buffer data and custom options together exceed this many
    bytes, they are stored past the FlatBuffer (offset/size) instead of inside it. Lower it to test
    that layout on small models. Raises ModelError when the Model cannot be written (bad options,
    unknown option fields, a non-empty buffer 0, quantization details or sparsity it cannot carry).
    """
    buffers = model.buffers
    if buffers and buffers[0].data is not None and len(buffers[0].data):
        raise ModelError(f"buffer 0 must be the empty sentinel but holds {len(buffers[0].data)} bytes")
    total = sum(len(b.data) for b in buffers if b.data is not None)
    total += sum(len(op.custom_options) for sg in model.subgraphs for op in sg.operators
                 if op.custom_options is not None)
    if total <= external_threshold:
        try:
            return _Writer(model, None, total).build()
        except flatbuffers.builder.BuilderSizeError:
            pass  # the tables pushed it over 2 GiB: fall through to the external layout
    return _write_external(model)


def _write_external(model):
    # Distinct non-empty buffer contents, in order of first use; each buffer maps to one of them.
    blobs, blob_of_buffer, seen = [], [], {}
    for buffer in model.buffers:
        data = buffer.data
        if data is None or not len(data):
            blob_of_buffer.append(None)
            continue
        view = memoryview(data).cast("B") if isinstance(data, memoryview) else memoryview(data)
        key = (len(view), hashlib.sha256(view).digest())
        index = seen.get(key)
        if index is None or blobs[index] != view:
            index = seen[key] = len(blobs)
            blobs.append(view)
        blob_of_buffer.append(index)
    customs = [memoryview(op.custom_options) for sg in model.subgraphs for op in sg.operators
               if op.custom_options is not None and len(op.custom_options)]

    placeholder = _Placement([(_PLACEHOLDER, _PLACEHOLDER)] * len(blobs),
                             [(_PLACEHOLDER, _PLACEHOLDER)] * len(customs), blob_of_buffer)
    size = len(_Writer(model, placeholder, 0).build())
    cursor = _align(size)
    blob_places, custom_places = [], []
    for view, places in [(v, blob_places) for v in blobs] + [(v, custom_places) for v in customs]:
        places.append((cursor, len(view)))
        cursor = _align(cursor + len(view))
    head = _Writer(model, _Placement(blob_places, custom_places, blob_of_buffer), 0).build()
    assert len(head) == size, "external layout: the FlatBuffer changed size between passes"
    out = bytearray(cursor)
    out[:size] = head
    for view, (offset, length) in zip(blobs + customs, blob_places + custom_places):
        out[offset:offset + length] = view
    return bytes(out)


def _align(n):
    return (n + _ALIGN - 1) // _ALIGN * _ALIGN


class _Placement:
    """Where buffer data and custom options live when they are past the FlatBuffer."""

    def __init__(self, blob_places, custom_places, blob_of_buffer):
        self.blob_places = blob_places      # [(offset, size)] per distinct blob
        self.custom_places = custom_places  # [(offset, size)] per non-empty custom options, in op order
        self.blob_of_buffer = blob_of_buffer
        self.next_custom = 0

    def buffer(self, index):
        blob = self.blob_of_buffer[index]
        return None if blob is None else self.blob_places[blob]

    def custom(self):
        place = self.custom_places[self.next_custom]
        self.next_custom += 1
        return place


class _Writer:
    def __init__(self, model, placement, data_size):
        self.model = model
        self.placement = placement
        self.b = flatbuffers.Builder(min(max(1024, data_size + 4096), flatbuffers.Builder.MAX_BUFFER_SIZE))
        self.where = "model"

    def build(self):
        try:
            return self._build()
        except ModelError:
            raise
        except flatbuffers.builder.BuilderSizeError:
            raise
        except (struct.error, OverflowError, TypeError, ValueError) as exc:
            raise ModelError(f"cannot write {self.where}: {exc}") from None

    def _build(self):
        m, b = self.model, self.b
        buffers = [self._buffer(i, buffer) for i, buffer in enumerate(m.buffers or (None,))]
        opcodes = [self._opcode(i, code) for i, code in enumerate(m.operator_codes)]
        subgraphs = [self._subgraph(i, sg) for i, sg in enumerate(m.subgraphs)]
        signatures = [self._signature(sig) for sig in m.signature_defs]
        self.where = "model metadata"
        metadata = []
        for entry in m.metadata:
            name = b.CreateString(entry.name)
            fb.MetadataStart(b)
            fb.MetadataAddName(b, name)
            fb.MetadataAddBuffer(b, entry.buffer)
            metadata.append(fb.MetadataEnd(b))
        self.where = "model"
        description = b.CreateString(m.description) if m.description else None

        opcodes_vec = self._tables(opcodes)
        subgraphs_vec = self._tables(subgraphs)
        buffers_vec = self._tables(buffers)
        metadata_vec = self._tables(metadata) if metadata else None
        signatures_vec = self._tables(signatures) if signatures else None
        fb.ModelStart(b)
        fb.ModelAddVersion(b, SCHEMA_VERSION)
        fb.ModelAddOperatorCodes(b, opcodes_vec)
        fb.ModelAddSubgraphs(b, subgraphs_vec)
        if description is not None:
            fb.ModelAddDescription(b, description)
        fb.ModelAddBuffers(b, buffers_vec)
        if metadata_vec is not None:
            fb.ModelAddMetadata(b, metadata_vec)
        if signatures_vec is not None:
            fb.ModelAddSignatureDefs(b, signatures_vec)
        b.Finish(fb.ModelEnd(b), IDENTIFIER)
        return bytes(b.Output())

    # --- vectors ----------------------------------------------------------------------------------

    def _tables(self, offsets):
        b = self.b
        b.StartVector(4, len(offsets), 4)
        for off in reversed(offsets):
            b.PrependUOffsetTRelative(off)
        return b.EndVector()

    def _numbers(self, values, code):
        """A vector of scalars (struct code ``code``) from a sequence."""
        b = self.b
        n = len(values)
        width = struct.calcsize(code)
        b.StartVector(width, n, width)
        b.head -= n * width
        struct.pack_into(f"<{n}{code}", b.Bytes, b.head, *values)
        return b.EndVector()

    def _bytes(self, data, alignment):
        """A [ubyte] vector holding ``data``, its first byte aligned to ``alignment``."""
        b = self.b
        view = memoryview(data).cast("B") if isinstance(data, memoryview) else memoryview(data)
        n = len(view)
        b.StartVector(1, n, alignment)
        b.head -= n
        b.Bytes[b.head:b.head + n] = view
        return b.EndVector()

    # --- tables -----------------------------------------------------------------------------------

    def _buffer(self, index, buffer):
        b = self.b
        self.where = f"buffer {index}"
        data = None if buffer is None else buffer.data
        place = None
        vec = None
        if data is not None and len(data):
            if self.placement is not None:
                place = self.placement.buffer(index)
            else:
                vec = self._bytes(data, _ALIGN)
        fb.BufferStart(b)
        if vec is not None:
            fb.BufferAddData(b, vec)
        if place is not None:
            fb.BufferAddOffset(b, place[0])
            fb.BufferAddSize(b, place[1])
        return fb.BufferEnd(b)

    def _opcode(self, index, code):
        b = self.b
        self.where = f"operator code {index}"
        custom = b.CreateString(code.custom_code) if code.custom_code is not None else None
        fb.OperatorCodeStart(b)
        fb.OperatorCodeAddDeprecatedBuiltinCode(b, min(code.builtin_code, 127))
        if custom is not None:
            fb.OperatorCodeAddCustomCode(b, custom)
        fb.OperatorCodeAddVersion(b, code.version)
        fb.OperatorCodeAddBuiltinCode(b, code.builtin_code)
        return fb.OperatorCodeEnd(b)

    def _subgraph(self, index, sg):
        b = self.b
        where = f"subgraph {index}"
        tensors = [self._tensor(f"{where} tensor {j}", t) for j, t in enumerate(sg.tensors)]
        operators = [self._operator(f"{where} operator {k}", op) for k, op in enumerate(sg.operators)]
        self.where = where
        tensors_vec = self._tables(tensors)
        operators_vec = self._tables(operators)
        inputs = self._numbers(sg.inputs, "i")
        outputs = self._numbers(sg.outputs, "i")
        name = b.CreateString(sg.name) if sg.name else None
        fb.SubGraphStart(b)
        fb.SubGraphAddTensors(b, tensors_vec)
        fb.SubGraphAddInputs(b, inputs)
        fb.SubGraphAddOutputs(b, outputs)
        fb.SubGraphAddOperators(b, operators_vec)
        if name is not None:
            fb.SubGraphAddName(b, name)
        return fb.SubGraphEnd(b)

    def _tensor(self, where, t):
        b = self.b
        self.where = where
        if t.has_sparsity:
            raise ModelError(f"cannot write {where} ({t.name!r}): sparsity parameters are not kept "
                             "in interp's Model")
        name = b.CreateString(t.name)
        shape = self._numbers(t.shape, "i")
        signature = None
        if t.shape_signature is not None and any(d < 0 for d in t.shape_signature):
            signature = self._numbers(t.shape_signature, "i")
        quant = self._quantization(where, t) if t.quantization is not None else None
        fb.TensorStart(b)
        fb.TensorAddShape(b, shape)
        fb.TensorAddType(b, t.type)
        fb.TensorAddBuffer(b, t.buffer)
        fb.TensorAddName(b, name)
        if quant is not None:
            fb.TensorAddQuantization(b, quant)
        fb.TensorAddIsVariable(b, bool(t.is_variable))
        if signature is not None:
            fb.TensorAddShapeSignature(b, signature)
        fb.TensorAddHasRank(b, bool(t.has_rank))
        return fb.TensorEnd(b)

    def _quantization(self, where, t):
        b = self.b
        q = t.quantization
        if q.details_type:
            raise ModelError(f"cannot write {where} ({t.name!r}): quantization details (type "
                             f"{q.details_type}) are not kept in interp's Model")
        vectors = [self._numbers(v, c) if v else None
                   for v, c in ((q.min, "f"), (q.max, "f"), (q.scale, "f"), (q.zero_point, "q"))]
        fb.QuantizationParametersStart(b)
        for add, vec in zip((fb.QuantizationParametersAddMin, fb.QuantizationParametersAddMax,
                             fb.QuantizationParametersAddScale, fb.QuantizationParametersAddZeroPoint),
                            vectors):
            if vec is not None:
                add(b, vec)
        fb.QuantizationParametersAddQuantizedDimension(b, q.quantized_dimension)
        return fb.QuantizationParametersEnd(b)

    def _operator(self, where, op):
        b = self.b
        self.where = where
        inputs = self._numbers(op.inputs, "i")
        outputs = self._numbers(op.outputs, "i")
        intermediates = self._numbers(op.intermediates, "i") if op.intermediates else None
        options = None
        if op.builtin_options_type:
            options = self._options(where, op.builtin_options_type, op.builtin_options)
        elif op.builtin_options:
            raise ModelError(f"cannot write {where}: builtin_options {dict(op.builtin_options)} but "
                             "builtin_options_type is 0 (NONE)")
        custom = place = None
        if op.custom_options is not None and len(op.custom_options):
            if self.placement is not None:
                place = self.placement.custom()
            else:
                custom = self._bytes(op.custom_options, 1)
        elif op.custom_options is not None:
            custom = self._bytes(b"", 1)
        fb.OperatorStart(b)
        fb.OperatorAddOpcodeIndex(b, op.opcode_index)
        fb.OperatorAddInputs(b, inputs)
        fb.OperatorAddOutputs(b, outputs)
        if options is not None:
            fb.OperatorAddBuiltinOptionsType(b, op.builtin_options_type)
            fb.OperatorAddBuiltinOptions(b, options)
        if custom is not None:
            fb.OperatorAddCustomOptions(b, custom)
        if intermediates is not None:
            fb.OperatorAddIntermediates(b, intermediates)
        if place is not None:
            fb.OperatorAddLargeCustomOptionsOffset(b, place[0])
            fb.OperatorAddLargeCustomOptionsSize(b, place[1])
        return fb.OperatorEnd(b)

    def _options(self, where, options_type, options):
        """The options table for a BuiltinOptions union index, from a {field: value} mapping."""
        b = self.b
        if not 1 <= options_type <= len(_OPTIONS_TABLES):
            raise ModelError(f"cannot write {where}: builtin_options_type {options_type} is not a "
                             f"BuiltinOptions member (1..{len(_OPTIONS_TABLES)})")
        table = _OPTIONS_TABLES[options_type - 1]
        fields = fb.TABLES[table]
        unknown = set(options) - {f[0] for f in fields}
        if unknown:
            known = ", ".join(f[0] for f in fields) or "none"
            raise ModelError(f"cannot write {where}: {table} has no field(s) {sorted(unknown)} "
                             f"(its fields: {known})")
        refs = {}
        for name, _fid, kind, ftype, _default, _enum in fields:
            value = options.get(name)
            if value is None:
                continue
            if kind == "string":
                refs[name] = b.CreateString(value)
            elif kind == "vector" and len(value):
                refs[name] = self._numbers(tuple(value), _VECTOR_CODE[ftype])
        b.StartObject(max((f[1] for f in fields), default=-1) + 1)
        for name, fid, kind, ftype, default, _enum in fields:
            if name in refs:
                b.PrependUOffsetTRelativeSlot(fid, refs[name], 0)
            elif kind == "scalar" and name in options:
                value = options[name]
                value = bool(value) if ftype == "bool" else (float(value) if ftype in ("float", "double")
                                                             else int(value))
                getattr(b, _PREPEND[ftype])(fid, value, default)
        return b.EndObject()

    def _signature(self, sig):
        b = self.b
        self.where = f"signature {sig.signature_key!r}"
        sides = []
        for maps in (sig.inputs, sig.outputs):
            entries = []
            for entry in sorted(maps, key=lambda e: e.name):
                name = b.CreateString(entry.name)
                fb.TensorMapStart(b)
                fb.TensorMapAddName(b, name)
                fb.TensorMapAddTensorIndex(b, entry.tensor_index)
                entries.append(fb.TensorMapEnd(b))
            sides.append(self._tables(entries))
        key = b.CreateString(sig.signature_key)
        fb.SignatureDefStart(b)
        fb.SignatureDefAddInputs(b, sides[0])
        fb.SignatureDefAddOutputs(b, sides[1])
        fb.SignatureDefAddSignatureKey(b, key)
        fb.SignatureDefAddSubgraphIndex(b, sig.subgraph_index)
        return fb.SignatureDefEnd(b)
