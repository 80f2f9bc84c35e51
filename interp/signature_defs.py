"""SignatureDefs as TF Serving sees them, read from the model file alone (no tensors allocated).

Each signature's ``method_name`` lives in the ``Model.metadata`` entry
``interp.serving.METHOD_NAMES_METADATA``: UTF-8 JSON ``{signature key: method_name}`` with sorted
keys. LiteRT ignores metadata it does not know, so it loads these files unchanged. A signature the
entry does not name (or a file without the entry) is a predict signature.
"""
import json

from interp import dtypes, serving
from interp.errors import ModelError


def encode_method_names(methods) -> bytes:
    """The metadata entry's bytes for ``{signature key: method_name}``."""
    return json.dumps(dict(sorted(methods.items())), separators=(",", ":")).encode("utf-8")


def method_names(model) -> dict:
    """``{signature key: method_name}`` as stored in ``model``'s metadata (empty when absent)."""
    raw = model.metadata_bytes(serving.METHOD_NAMES_METADATA)
    if raw is None:
        return {}
    where = f"metadata entry '{serving.METHOD_NAMES_METADATA}'"
    try:
        doc = json.loads(bytes(raw).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ModelError(f"{where} is not UTF-8 JSON: {exc}") from None
    if not isinstance(doc, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                            for k, v in doc.items()):
        raise ModelError(f"{where} must be a JSON object {{signature key: method_name}}")
    return doc


def tensor_info(tensor) -> serving.TensorInfo:
    """The TensorInfo of an ``interp.model.Tensor``."""
    return serving.TensorInfo(name=tensor.name, dtype=dtypes.NUMPY.get(tensor.type),
                              shape=tuple(int(d) for d in tensor.signature))


def signature_defs(model, signatures) -> dict:
    """``{key: serving.SignatureDef}`` for ``signatures`` (``{key: interp.model.SignatureDef}``,
    as the interpreter lists them), TensorInfo maps sorted by name."""
    methods = method_names(model)
    unknown = sorted(set(methods) - set(signatures))
    if unknown:
        raise ModelError(f"metadata entry '{serving.METHOD_NAMES_METADATA}' names signature(s) "
                         f"{', '.join(repr(k) for k in unknown)} the model does not have")
    out = {}
    for key, sig in signatures.items():
        tensors = model.subgraphs[sig.subgraph_index].tensors
        out[key] = serving.SignatureDef(
            method_name=methods.get(key, serving.PREDICT_METHOD_NAME),
            inputs={m.name: tensor_info(tensors[m.tensor_index])
                    for m in sorted(sig.inputs, key=lambda m: m.name)},
            outputs={m.name: tensor_info(tensors[m.tensor_index])
                     for m in sorted(sig.outputs, key=lambda m: m.name)})
    return out
