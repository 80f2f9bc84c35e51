"""TF Serving's REST JSON shapes: requests to ``{input name: numpy array}``, outputs to responses.

Predict (``:predict``) takes the row form ``{"instances": [...]}`` (one item per example; an item
is ``{input name: value}``, or a bare value when the signature has one input) or the columnar form
``{"inputs": {input name: value}}`` (or ``{"inputs": value}`` for one input), plus an optional
``"signature_name"``. Row requests answer ``{"predictions": [...]}`` (one item per example: the
value of the single output, or ``{output name: value}``); columnar ones ``{"outputs": ...}``.

Strings: a JSON string is its UTF-8 bytes; ``{"b64": "..."}`` is base64-decoded bytes (for string
inputs only). Output strings are JSON strings when they are valid UTF-8 and the output name does
not end in ``_bytes``; otherwise ``{"b64": "..."}``.

Classify / regress (``:classify``, ``:regress``) take ``{"examples": [{feature: value}, ...],
"context": {feature: value}}``; the features become the rows of the signature's one input
``inputs`` (see :func:`examples_to_input` for the mapping).
"""
import base64
import binascii
import math

import numpy as np

from interp import dtypes, serving
from interp.flex.datatype import TF_DATATYPE
from interp.server.models import RequestError

# TF DataType enum names (tensorflow/core/framework/types.proto)
DT_NAMES = {1: "DT_FLOAT", 2: "DT_DOUBLE", 3: "DT_INT32", 4: "DT_UINT8", 5: "DT_INT16",
            6: "DT_INT8", 7: "DT_STRING", 8: "DT_COMPLEX64", 9: "DT_INT64", 10: "DT_BOOL",
            14: "DT_BFLOAT16", 17: "DT_UINT16", 18: "DT_COMPLEX128", 19: "DT_HALF",
            20: "DT_RESOURCE", 21: "DT_VARIANT", 22: "DT_UINT32", 23: "DT_UINT64"}
STRING = np.dtype(object)


def bad(message):
    return RequestError(400, message)


# -- metadata --------------------------------------------------------------------------------

def dt_name(dtype):
    """``DT_FLOAT`` etc. for a TensorInfo's numpy dtype (``DT_INVALID`` when it has none)."""
    if dtype is None:
        return "DT_INVALID"
    return DT_NAMES.get(TF_DATATYPE.get(dtypes.from_numpy(dtype)), "DT_INVALID")


def tensor_info_json(info):
    return {"dtype": dt_name(info.dtype),
            "tensor_shape": {"dim": [{"size": str(d), "name": ""} for d in info.shape],
                             "unknown_rank": False},
            "name": info.name}


def metadata_json(servable):
    """TF Serving's GetModelMetadataResponse for ``servable``."""
    defs = {key: {"inputs": {n: tensor_info_json(i) for n, i in sig.inputs.items()},
                  "outputs": {n: tensor_info_json(i) for n, i in sig.outputs.items()},
                  "method_name": sig.method_name}
            for key, sig in servable.signature_defs.items()}
    return {"model_spec": {"name": servable.name, "signature_name": "",
                           "version": str(servable.version)},
            "metadata": {"signature_def": {"signature_def": defs}}}


# -- picking the signature -------------------------------------------------------------------

def signature(servable, body, method=None):
    """``(key, SignatureDef)`` named by ``body["signature_name"]`` (default ``serving_default``);
    ``method`` (classify / regress) must be its method_name and the signature must be valid."""
    key = body.get("signature_name", serving.DEFAULT_SERVING_SIGNATURE_DEF_KEY)
    if not isinstance(key, str):
        raise bad(f"'signature_name' must be a string, got {json_type(key)}")
    if key == "":
        key = serving.DEFAULT_SERVING_SIGNATURE_DEF_KEY
    sig = servable.signature_defs.get(key)
    if sig is None:
        raise bad(f'Serving signature name: "{key}" not found in signature def; the model has '
                  f"{', '.join(repr(k) for k in servable.signature_defs)}")
    if method is not None:
        kind = serving.short_name(method)
        if sig.method_name != method:
            raise bad(f"Expected {kind} signature method_name to be '{method}'; signature "
                      f"'{key}' has '{sig.method_name}'")
        problems = serving.validate_signature(sig)
        if problems:
            raise bad(f"signature '{key}' is not a valid {kind} signature: "
                      + "; ".join(problems))
    return key, sig


def json_type(value):
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
            type(None): "null"}.get(type(value), "a number")


# -- values ----------------------------------------------------------------------------------

def _is_b64(value):
    return isinstance(value, dict) and len(value) == 1 and "b64" in value


def _b64(value, where):
    text = value["b64"]
    if not isinstance(text, str):
        raise bad(f"{where}: 'b64' must hold a base64 string, got {json_type(text)}")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise bad(f"{where}: bad base64 in 'b64': {exc}") from None


def _strings(value, where):
    if isinstance(value, list):
        return [_strings(v, where) for v in value]
    if isinstance(value, str):
        return value.encode("utf-8")
    if _is_b64(value):
        return _b64(value, where)
    raise bad(f"{where}: a string input takes strings or {{\"b64\": ...}} objects, got "
              f"{json_type(value)}")


def _numbers(value, where):
    if isinstance(value, list):
        for v in value:
            _numbers(v, where)
    elif isinstance(value, dict):
        what = "{\"b64\": ...}" if _is_b64(value) else "an object"
        raise bad(f"{where}: {what} is only for string inputs; this input is numeric")
    elif isinstance(value, str) or value is None:
        raise bad(f"{where}: expected numbers, got {json_type(value)}")


def to_array(value, info, where):
    """``value`` (JSON) as an array of ``info``'s dtype; 400 with ``where`` when it cannot be."""
    if info.dtype is None:
        raise bad(f"{where}: the input's type cannot be given in JSON")
    if info.dtype == STRING:
        nested = _strings(value, where)
        arr = np.array(nested, dtype=object)
        if not all(type(v) is bytes for v in arr.reshape(-1)):
            raise bad(f"{where}: the nested lists are ragged (every list at one depth must have "
                      "the same length)")
        return arr
    _numbers(value, where)
    try:
        arr = np.array(value)
    except ValueError:
        raise bad(f"{where}: the nested lists are ragged (every list at one depth must have the "
                  "same length)") from None
    if arr.dtype == object:
        raise bad(f"{where}: the values cannot be read as numbers: ragged nested lists (every "
                  "list at one depth must have the same length) or integers beyond 64 bits")
    want = info.dtype
    if want.kind in "iu":
        if arr.dtype.kind == "f" and arr.size and not np.all(np.floor(arr) == arr):
            raise bad(f"{where}: expected integers ({want}), got fractional numbers")
        if arr.size and arr.dtype.kind in "iuf":
            lo, hi = np.iinfo(want).min, np.iinfo(want).max
            if arr.min() < lo or arr.max() > hi:
                raise bad(f"{where}: a value is out of the range of {want} [{lo}, {hi}]")
    elif want.kind == "b" and arr.size and arr.dtype.kind != "b":
        raise bad(f"{where}: expected true/false, got numbers")
    return arr.astype(want)


def to_json(arr, name):
    """An output array as JSON values (lists nest like the array)."""
    if arr.dtype == object:
        return _nest([_string_json(v, name) for v in arr.reshape(-1)], arr.shape)
    if arr.dtype.kind == "c":
        return [[v.real, v.imag] for v in arr.reshape(-1).tolist()]
    return arr.tolist()


def _nest(flat, shape):
    if not shape:
        return flat[0]
    if len(shape) == 1:
        return flat
    step = len(flat) // shape[0] if shape[0] else 0
    return [_nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def _string_json(value, name):
    value = bytes(value)
    if not name.endswith("_bytes"):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return {"b64": base64.b64encode(value).decode("ascii")}


# -- predict ---------------------------------------------------------------------------------

def predict_inputs(body, key, sig):
    """``({input name: array}, row_form)`` of a predict request body."""
    has_rows, has_cols = "instances" in body, "inputs" in body
    if has_rows and has_cols:
        raise bad("Request body may contain only one of 'instances' (row form) or 'inputs' "
                  "(columnar form)")
    if not has_rows and not has_cols:
        raise bad("Missing 'instances' (row form) or 'inputs' (columnar form) key")
    names = list(sig.inputs)
    if has_rows:
        rows = body["instances"]
        if not isinstance(rows, list):
            raise bad(f"'instances' must be a list (one item per example), got {json_type(rows)}")
        if rows and all(isinstance(r, dict) and not _is_b64(r) for r in rows):
            columns = {}
            for i, row in enumerate(rows):
                if set(row) != set(names):
                    raise bad(_names_message(f"instances[{i}]", key, names, row))
            for n in names:
                columns[n] = to_array([r[n] for r in rows], sig.inputs[n],
                                      f"input '{n}' of signature '{key}' (instances)")
            return columns, True
        if len(names) != 1:
            raise bad(f"signature '{key}' has {len(names)} inputs ({', '.join(names)}): each "
                      "of 'instances' must be an object {input name: value}")
        return {names[0]: to_array(rows, sig.inputs[names[0]],
                                   f"input '{names[0]}' of signature '{key}' (instances)")}, True
    cols = body["inputs"]
    if isinstance(cols, dict) and not _is_b64(cols):
        if set(cols) != set(names):
            raise bad(_names_message("'inputs'", key, names, cols))
        return {n: to_array(cols[n], sig.inputs[n], f"input '{n}' of signature '{key}'")
                for n in names}, False
    if len(names) != 1:
        raise bad(f"signature '{key}' has {len(names)} inputs ({', '.join(names)}): 'inputs' "
                  "must be an object {input name: value}")
    return {names[0]: to_array(cols, sig.inputs[names[0]],
                               f"input '{names[0]}' of signature '{key}'")}, False


def _names_message(where, key, names, given):
    missing = sorted(set(names) - set(given))
    unknown = sorted(set(given) - set(names))
    parts = []
    if unknown:
        parts.append(f"unknown input(s) {', '.join(repr(n) for n in unknown)}")
    if missing:
        parts.append(f"missing input(s) {', '.join(repr(n) for n in missing)}")
    return (f"{where}: {'; '.join(parts)}. Signature '{key}' has inputs "
            f"{', '.join(repr(n) for n in names)}")


def predict_response(outputs, row_form):
    if not row_form:
        if len(outputs) == 1:
            ((name, arr),) = outputs.items()
            return {"outputs": to_json(arr, name)}
        return {"outputs": {n: to_json(a, n) for n, a in outputs.items()}}
    if len(outputs) == 1:
        ((name, arr),) = outputs.items()
        return {"predictions": to_json(arr, name)}
    sizes = {n: (a.shape[0] if a.ndim else None) for n, a in outputs.items()}
    if None in sizes.values() or len(set(sizes.values())) != 1:
        raise bad(f"the row form needs every output to have one batch size, got "
                  f"{', '.join(f'{n}: {s}' for n, s in sizes.items())}; use the columnar "
                  "'inputs' form")
    cols = {n: to_json(a, n) for n, a in outputs.items()}
    return {"predictions": [{n: cols[n][i] for n in cols}
                            for i in range(next(iter(sizes.values())))]}


# -- classify / regress ----------------------------------------------------------------------

def examples_to_input(body, key, sig):
    """``({'inputs': array}, n_examples)`` of a classify / regress request.

    The mapping from examples to the signature's single input ``inputs`` (shape ``[batch, ...]``):
    each example is merged with ``context`` (a feature in both is an error, as in TF Serving);
    its features are taken in sorted name order and their values (a number or string, or a list
    of them, or ``{"b64": ...}``) are concatenated into one row; the rows (all the same length)
    are stacked and each reshaped to the input's per-example shape (its dims after the first; at
    most one of them unknown). So ``{"x1": 1, "x2": [2, 3], "x0": 0}`` for a ``[-1, 4]`` input is
    the row ``[0, 1, 2, 3]``.
    """
    examples = body.get("examples")
    if examples is None:
        raise bad("Missing 'examples' key: a list of objects {feature name: value}")
    if not isinstance(examples, list) or not examples:
        raise bad(f"'examples' must be a non-empty list of objects, got {json_type(examples)}"
                  + (" (empty)" if examples == [] else ""))
    context = body.get("context", {})
    if not isinstance(context, dict):
        raise bad(f"'context' must be an object {{feature name: value}}, got {json_type(context)}")
    (name, info), = sig.inputs.items()
    rows, lengths = [], []
    for i, example in enumerate(examples):
        if not isinstance(example, dict) or _is_b64(example):
            raise bad(f"examples[{i}] must be an object {{feature name: value}}, got "
                      f"{json_type(example)}")
        clash = sorted(set(example) & set(context))
        if clash:
            raise bad(f"examples[{i}]: feature(s) {', '.join(repr(c) for c in clash)} also in "
                      "'context' (a feature may appear in only one of them)")
        features = {**context, **example}
        if not features:
            raise bad(f"examples[{i}] has no features")
        row = []
        for fname in sorted(features):
            value = features[fname]
            row.extend(value if isinstance(value, list) else [value])
        rows.append(row)
        lengths.append(len(row))
    if len(set(lengths)) != 1:
        raise bad(f"the examples have different numbers of values ({lengths}); every example "
                  "must give the same features")
    where = f"input '{name}' of signature '{key}' (from the examples' features)"
    arr = to_array(rows, info, where)
    n, width = len(rows), lengths[0]
    per = list(info.shape[1:])
    if not info.shape:
        raise bad(f"{where}: the input is a scalar, it cannot take a batch of examples")
    fixed = math.prod(d for d in per if d != -1)
    unknown = per.count(-1)
    if unknown > 1 or (unknown == 0 and fixed != width) or (unknown == 1 and (
            fixed == 0 or width % fixed)):
        raise bad(f"{where}: each example gives {width} value(s), which do not fit the input's "
                  f"per-example shape {per} (its shape is {list(info.shape)})")
    shape = [n] + [width // fixed if d == -1 else d for d in per]
    return {name: arr.reshape(shape)}, n


def classify_response(outputs, n):
    """``{"result": [[[label, score], ...] per example]}``: labels from ``classes`` ("" when the
    signature has none), scores from ``scores`` (0 when it has none)."""
    classes = outputs.get(serving.CLASSIFY_OUTPUT_CLASSES)
    scores = outputs.get(serving.CLASSIFY_OUTPUT_SCORES)
    ref = scores if scores is not None else classes
    if ref.size % n:
        raise RequestError(500, f"the model's classify output has {ref.size} values for {n} "
                                "examples")
    k = ref.size // n
    for out_name, arr in ((serving.CLASSIFY_OUTPUT_CLASSES, classes),
                          (serving.CLASSIFY_OUTPUT_SCORES, scores)):
        if arr is not None and arr.size != n * k:
            raise RequestError(500, f"the model's '{out_name}' output has shape "
                                    f"{list(arr.shape)}, expected {n} x {k}")
    labels = ([_string_json(v, "") for v in classes.reshape(-1)] if classes is not None
              else [""] * (n * k))
    values = scores.reshape(-1).tolist() if scores is not None else [0.0] * (n * k)
    return {"result": [[[labels[i * k + j], values[i * k + j]] for j in range(k)]
                       for i in range(n)]}


def regress_response(outputs, n):
    """``{"result": [value per example]}``."""
    arr = outputs[serving.REGRESS_OUTPUTS]
    if arr.size != n:
        raise RequestError(500, f"the model's regress output has shape {list(arr.shape)}; "
                                f"expected one value per example ({n})")
    return {"result": arr.reshape(-1).tolist()}
