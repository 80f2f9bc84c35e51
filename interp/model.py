"""The in-memory model: plain, immutable dataclasses mirroring the `.tflite` schema.

The loader (``interp.loader``) turns file bytes into a :class:`Model` after checking every index and
size; the writer (``interp.writer``) turns a :class:`Model` back into bytes; the converter builds one.
Field names are the schema's (FORMAT.md §2). Defaults are already applied: a reader of these classes
never needs to know the schema's default rules. Buffer data are zero-copy ``memoryview`` slices of the
model bytes (or ``bytes`` when built in memory).

Operator options are kept as a read-only mapping ``{schema field name: value}`` holding every field of
the options table (defaults filled in), with ``builtin_options_type`` = the BuiltinOptions union index
(FORMAT.md §5.3; 0 = none). Enum-valued fields hold their integer code.
"""
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping, Optional, Tuple, Union

EMPTY_OPTIONS: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Quantization:
    """Affine quantization: ``real = scale * (q - zero_point)``; per-axis when len(scale) > 1."""
    scale: Tuple[float, ...] = ()
    zero_point: Tuple[int, ...] = ()
    quantized_dimension: int = 0
    min: Tuple[float, ...] = ()
    max: Tuple[float, ...] = ()
    details_type: int = 0  # QuantizationDetails union tag; nonzero = non-affine scheme


@dataclass(frozen=True)
class Tensor:
    name: str
    type: int  # TensorType code (interp.dtypes)
    shape: Tuple[int, ...]
    buffer: int = 0
    shape_signature: Optional[Tuple[int, ...]] = None  # -1 = dynamic dim; None = same as shape
    quantization: Optional[Quantization] = None
    is_variable: bool = False
    has_rank: bool = True
    has_sparsity: bool = False

    @property
    def signature(self) -> Tuple[int, ...]:
        """The shape signature, falling back to the static shape."""
        return self.shape_signature if self.shape_signature is not None else self.shape


@dataclass(frozen=True)
class Buffer:
    data: Optional[Union[memoryview, bytes]] = None  # resolved bytes (inside or past the FlatBuffer)
    offset: int = 0  # as stored in the file (>1 = data lives past the FlatBuffer)
    size: int = 0


@dataclass(frozen=True)
class OperatorCode:
    builtin_code: int  # resolved: max(builtin_code, deprecated_builtin_code)
    custom_code: Optional[str] = None
    version: int = 1


@dataclass(frozen=True)
class Operator:
    opcode_index: int
    inputs: Tuple[int, ...]  # -1 = omitted optional input
    outputs: Tuple[int, ...]
    builtin_options_type: int = 0
    builtin_options: Mapping[str, Any] = field(default_factory=lambda: EMPTY_OPTIONS)
    custom_options: Optional[Union[memoryview, bytes]] = None
    intermediates: Tuple[int, ...] = ()


@dataclass(frozen=True)
class SubGraph:
    tensors: Tuple[Tensor, ...]
    inputs: Tuple[int, ...]
    outputs: Tuple[int, ...]
    operators: Tuple[Operator, ...]
    name: str = ""


@dataclass(frozen=True)
class TensorMap:
    name: str
    tensor_index: int


@dataclass(frozen=True)
class SignatureDef:
    signature_key: str
    inputs: Tuple[TensorMap, ...]
    outputs: Tuple[TensorMap, ...]
    subgraph_index: int = 0


@dataclass(frozen=True)
class Metadata:
    name: str
    buffer: int


@dataclass(frozen=True)
class Model:
    operator_codes: Tuple[OperatorCode, ...]
    subgraphs: Tuple[SubGraph, ...]
    buffers: Tuple[Buffer, ...]  # buffers[0] is the empty sentinel
    signature_defs: Tuple[SignatureDef, ...] = ()
    metadata: Tuple[Metadata, ...] = ()
    description: str = ""
    version: int = 3

    def tensor_data(self, tensor: Tensor):
        """The constant bytes of ``tensor``, or None when it has no data (a runtime tensor)."""
        data = self.buffers[tensor.buffer].data
        return data if data is not None and len(data) > 0 else None

    def metadata_bytes(self, name: str):
        """The buffer bytes of the metadata entry ``name``, or None."""
        for entry in self.metadata:
            if entry.name == name:
                return self.buffers[entry.buffer].data
        return None
