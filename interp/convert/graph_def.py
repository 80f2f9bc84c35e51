"""The JSON graph definition (docs/graph_def.md): signatures as explicit lists of op nodes.

A node ``{"name": "h", "op": "matmul", "inputs": ["x", "w1"], "attrs": {...}}`` is the call
``interp.ops.matmul(x, w1, name="h", **attrs)`` made while tracing, with ``x`` the traced tensor of
that name and ``w1`` the constant's numpy array (an inline constant without a dtype is passed as the
Python value, so ``{"value": 2.0}`` acts like ``2.0``). A graph definition therefore builds the same
graph, and the same file, as the Python function making those calls.

:func:`load_graph_def` parses and checks the whole document up front; every error names the place
(``signatures.serving_default.nodes[2] ('h').attrs.axis``) and what was expected.
"""
import base64
import binascii
import json
import os

import numpy as np

from interp import dtypes
from interp.convert import api
from interp.convert.module import set_outputs
from interp.convert.tracing import (ConversionError, ConversionTypeError, Graph, dtype_name,
                                    to_type, tracing)

VERSION = 1

# op -> (tensor inputs (a trailing "?" = optional), attrs): the interp.ops signature split in two
OPS = {
    "add": (["x", "y"], []),
    "subtract": (["x", "y"], []),
    "multiply": (["x", "y"], []),
    "divide": (["x", "y"], []),
    "truncatediv": (["x", "y"], []),
    "matmul": (["a", "b"], ["transpose_a", "transpose_b"]),
    "dense": (["x", "kernel", "bias?"], ["activation"]),
    "relu": (["features"], []),
    "relu6": (["features"], []),
    "sigmoid": (["x"], []),
    "tanh": (["x"], []),
    "softmax": (["logits"], ["axis"]),
    "reshape": (["tensor"], ["shape"]),
    "argmax": (["input"], ["axis", "output_type"]),
    "as_string": (["input"], ["precision", "scientific", "shortest", "width", "fill"]),
    "string_to_number": (["string_tensor"], ["out_type"]),
    "constant": ([], ["value", "dtype", "shape", "base64"]),
    "argmin": (["input"], ["axis", "output_type"]),
}
# the issue-3 ops with one result (concat/stack take a list and unstack/split/top_k give several,
# which a node cannot express; use the Python API for those)
_WINDOW = ["strides", "padding", "data_format", "dilations", "bias", "activation"]
OPS.update({name: (["x"], []) for name in (
    "exp", "log", "sqrt", "rsqrt", "square", "abs", "negative", "sin", "cos", "floor", "ceil",
    "round", "logical_not")})
OPS.update({name: (["x", "y"], []) for name in (
    "maximum", "minimum", "squared_difference", "pow", "floordiv", "floormod", "equal",
    "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and", "logical_or")})
OPS.update({name: (["input_tensor"], ["axis", "keepdims"]) for name in (
    "reduce_mean", "reduce_sum", "reduce_max", "reduce_min", "reduce_prod", "reduce_any",
    "reduce_all")})
OPS.update({name: (["images"], ["size", "align_corners", "half_pixel_centers"]) for name in (
    "resize_bilinear", "resize_nearest_neighbor")})
OPS.update({
    "cast": (["x"], ["dtype"]),
    "where": (["condition", "x?", "y?"], []),
    "cumsum": (["x"], ["axis", "exclusive", "reverse"]),
    "conv2d": (["input", "filters"], _WINDOW),
    "depthwise_conv2d": (["input", "filter"], _WINDOW),
    "conv2d_transpose": (["input", "filters"], ["output_shape"] + _WINDOW),
    "avg_pool2d": (["input"], ["ksize", "strides", "padding", "data_format"]),
    "max_pool2d": (["input"], ["ksize", "strides", "padding", "data_format"]),
    "bias_add": (["value", "bias"], ["data_format"]),
    "leaky_relu": (["features"], ["alpha"]),
    "prelu": (["x", "alpha"], []),
    "hard_swish": (["features"], []),
    "elu": (["features"], []),
    "gelu": (["features"], ["approximate"]),
    "log_softmax": (["logits"], ["axis"]),
    "l2_normalize": (["x"], ["axis", "epsilon"]),
    "depth_to_space": (["input"], ["block_size", "data_format"]),
    "space_to_depth": (["input"], ["block_size", "data_format"]),
    "batch_to_space": (["input"], ["block_shape", "crops"]),
    "space_to_batch_nd": (["input"], ["block_shape", "paddings"]),
    "resize": (["images"], ["size", "method", "preserve_aspect_ratio", "antialias"]),
    "squeeze": (["input"], ["axis"]),
    "expand_dims": (["input"], ["axis"]),
    "slice": (["input_"], ["begin", "size"]),
    "strided_slice": (["input_"], ["begin", "end", "strides", "begin_mask", "end_mask",
                                   "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"]),
    "transpose": (["a"], ["perm", "conjugate"]),
    "pad": (["tensor"], ["paddings", "mode", "constant_values"]),
    "gather": (["params", "indices"], ["axis", "batch_dims"]),
    "gather_nd": (["params", "indices"], ["batch_dims"]),
    "shape": (["input"], ["out_type"]),
    "fill": (["dims"], ["value"]),
    "zeros_like": (["input"], ["dtype"]),
    "tile": (["input"], ["multiples"]),
    "broadcast_to": (["input"], ["shape"]),
    "range": (["start", "limit?"], ["delta", "dtype"]),
    "one_hot": (["indices"], ["depth", "on_value", "off_value", "axis", "dtype"]),
})

_CONST_KEYS = ("dtype", "shape", "value", "base64")


def _err(where, message, cls=ConversionError):
    return cls(f"graph_def: {where}: {message}")


# ---------------------------------------------------------------------------------------------
# loading

def load_graph_def(source) -> dict:
    """The checked graph definition from a dict, JSON text (str/bytes) or a path to a JSON file."""
    if isinstance(source, dict):
        doc = source
    elif isinstance(source, (bytes, bytearray)):
        doc = _parse(bytes(source).decode("utf-8"), "<bytes>")
    elif isinstance(source, (str, os.PathLike)):
        text = os.fspath(source)
        if isinstance(text, str) and text.lstrip().startswith("{"):
            doc = _parse(text, "<string>")
        else:
            try:
                with open(text, "r", encoding="utf-8") as f:
                    doc = _parse(f.read(), text)
            except OSError as e:
                raise ConversionError(f"graph_def: cannot read {text!r}: {e.strerror}") from None
    else:
        raise ConversionTypeError("graph_def: give a dict, JSON text or a path to a JSON file, "
                                  f"got {type(source).__name__}")
    check(doc)
    return doc


def _parse(text, origin):
    def pairs(items):
        out = {}
        for k, v in items:
            if k in out:
                raise ConversionError(f"graph_def: {origin}: the key {k!r} appears twice in one "
                                      "object")
            out[k] = v
        return out
    try:
        return json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as e:
        raise ConversionError(f"graph_def: {origin} is not valid JSON: {e}") from None


def _obj(value, where, keys, required=()):
    if not isinstance(value, dict):
        raise _err(where, f"must be an object, got {type(value).__name__}", ConversionTypeError)
    unknown = [k for k in value if k not in keys]
    if unknown:
        raise _err(where, f"unknown field(s) {unknown}; allowed: {list(keys)}")
    for k in required:
        if k not in value:
            raise _err(where, f"the field {k!r} is required")
    return value


def _name(value, where):
    if not isinstance(value, str) or not value:
        raise _err(where, f"must be a non-empty string, got {value!r}", ConversionTypeError)
    return value


def check(doc):
    """Validate the document's structure and references (op-level checks run while tracing)."""
    _obj(doc, "document", ("version", "description", "constants", "signatures"), ("signatures",))
    if doc.get("version", VERSION) != VERSION:
        raise _err("version", f"must be {VERSION}, got {doc.get('version')!r}")
    constants = doc.get("constants", {})
    _obj(constants, "constants", list(constants))
    for cname, spec in constants.items():
        parse_constant(spec, f"constants.{cname}", named=True)
    sigs = doc["signatures"]
    _obj(sigs, "signatures", list(sigs))
    if not sigs:
        raise _err("signatures", "must hold at least one signature")
    for key, sig in sigs.items():
        _name(key, "signatures (key)")
        _check_signature(key, sig, constants)


def _check_signature(key, sig, constants):
    where = f"signatures.{key}"
    _obj(sig, where, ("inputs", "nodes", "outputs", "method_name"), ("inputs", "nodes", "outputs"))
    if "method_name" in sig:
        from interp import serving
        try:
            serving.method_name(sig["method_name"])
        except ValueError as exc:
            raise _err(f"{where}.method_name", str(exc)) from None
    defined = {}  # tensor name -> what defines it
    for cname in constants:
        defined[cname] = "a constant"
    if not isinstance(sig["inputs"], list):
        raise _err(f"{where}.inputs", "must be a list", ConversionTypeError)
    for i, spec in enumerate(sig["inputs"]):
        w = f"{where}.inputs[{i}]"
        _obj(spec, w, ("name", "dtype", "shape"), ("name", "dtype", "shape"))
        n = _name(spec["name"], f"{w}.name")
        if n in defined:
            raise _err(f"{w}.name", f"{n!r} is already {defined[n]}")
        defined[n] = "an input"
        _dtype(spec["dtype"], f"{w}.dtype")
        _shape(spec["shape"], f"{w}.shape", allow_none=True)
    if not isinstance(sig["nodes"], list):
        raise _err(f"{where}.nodes", "must be a list", ConversionTypeError)
    for i, node in enumerate(sig["nodes"]):
        w = f"{where}.nodes[{i}]"
        _obj(node, w, ("name", "op", "inputs", "attrs"), ("name", "op"))
        n = _name(node["name"], f"{w}.name")
        w = f"{w} ({n!r})"
        op = node["op"]
        if op not in OPS:
            raise _err(f"{w}.op", f"unknown op {op!r}; known ops: {sorted(OPS)}")
        slots, attrs = OPS[op]
        inputs = node.get("inputs", [])
        if not isinstance(inputs, list):
            raise _err(f"{w}.inputs", "must be a list", ConversionTypeError)
        n_req = sum(1 for s in slots if not s.endswith("?"))
        if not n_req <= len(inputs) <= len(slots):
            want = f"{n_req}" if n_req == len(slots) else f"{n_req} to {len(slots)}"
            raise _err(f"{w}.inputs", f"{op} takes {want} input(s) "
                                      f"({[s.rstrip('?') for s in slots]}), got {len(inputs)}")
        for j, ref in enumerate(inputs):
            wj = f"{w}.inputs[{j}]"
            if ref is None:
                if not slots[j].endswith("?"):
                    raise _err(wj, f"input {slots[j]!r} of {op} cannot be null")
            elif isinstance(ref, str):
                if ref not in defined:
                    raise _err(wj, f"{ref!r} is not an input, constant or earlier node of "
                                   f"signature {key!r}")
            elif isinstance(ref, dict):
                parse_constant(ref, wj, named=False)
            else:
                raise _err(wj, "must be a tensor name, null or an inline constant object "
                               f"{{\"value\": ...}}, got {ref!r}", ConversionTypeError)
        node_attrs = node.get("attrs", {})
        _obj(node_attrs, f"{w}.attrs", attrs)
        if op == "constant":
            parse_constant(node_attrs, f"{w}.attrs", named=False)
        if n in defined:
            raise _err(f"{w}.name", f"{n!r} is already {defined[n]}")
        defined[n] = "a node"
    outputs = sig["outputs"]
    _obj(outputs, f"{where}.outputs", list(outputs))
    if not outputs:
        raise _err(f"{where}.outputs", "must name at least one output")
    for oname, ref in outputs.items():
        _name(oname, f"{where}.outputs (name)")
        if not isinstance(ref, str) or ref not in defined:
            raise _err(f"{where}.outputs.{oname}", f"{ref!r} is not an input or node of "
                                                   f"signature {key!r}")
        if defined[ref] == "a constant":
            raise _err(f"{where}.outputs.{oname}", f"{ref!r} is a constant; outputs must be "
                                                   "computed from the inputs")


def _dtype(value, where):
    if not isinstance(value, str):
        raise _err(where, f"must be a dtype name such as \"float32\", got {value!r}",
                   ConversionTypeError)
    try:
        return to_type(value, where)
    except ConversionError:
        raise _err(where, f"unknown dtype {value!r} (use float32, float64, int8, int16, int32, "
                          "int64, uint8, bool or string)", ConversionTypeError) from None


def _shape(value, where, allow_none):
    if not isinstance(value, list):
        raise _err(where, f"must be a list of dims, got {value!r}", ConversionTypeError)
    for d in value:
        is_dim = isinstance(d, int) and not isinstance(d, bool) and d >= 0
        ok = is_dim or (d is None and allow_none)
        if not ok:
            extra = " or null (dynamic)" if allow_none else ""
            raise _err(where, f"dims must be ints >= 0{extra}, got {d!r}")
    return value


def parse_constant(spec, where, named):
    """(numpy array or Python value, TensorType code or None) of a constant object.

    Named constants need ``dtype``. An inline constant without ``dtype`` is a Python value and
    takes the dtype of the op's other operand, like ``x * 2.0`` in Python.
    """
    _obj(spec, where, _CONST_KEYS)
    has_value, has_b64 = "value" in spec, "base64" in spec
    if has_value == has_b64:
        raise _err(where, "give exactly one of \"value\" and \"base64\"")
    if named and "dtype" not in spec:
        raise _err(where, "the field 'dtype' is required for a named constant")
    code = _dtype(spec["dtype"], f"{where}.dtype") if "dtype" in spec else None
    shape = _shape(spec["shape"], f"{where}.shape", allow_none=False) if "shape" in spec else None
    if has_b64:
        if code is None or shape is None:
            raise _err(where, "\"base64\" data needs \"dtype\" and \"shape\"")
        if code == dtypes.STRING:
            raise _err(where, "string constants are given as \"value\" (a list of strings)")
        try:
            raw = base64.b64decode(spec["base64"], validate=True)
        except (binascii.Error, ValueError, TypeError):
            raise _err(f"{where}.base64", "is not valid base64") from None
        dt = dtypes.NUMPY[code].newbyteorder("<")
        count = int(np.prod(shape, dtype=np.int64))
        if len(raw) != count * dt.itemsize:
            raise _err(f"{where}.base64", f"holds {len(raw)} bytes; shape {shape} of "
                                          f"{dtype_name(code)} needs {count * dt.itemsize}")
        array = np.frombuffer(raw, dt).astype(dtypes.NUMPY[code]).reshape(shape)
        return array, code
    value = _special_floats(spec["value"], code)
    if code is None:
        if shape is not None:
            raise _err(where, "an inline constant with \"shape\" needs \"dtype\" too")
        return value, None
    try:
        if code == dtypes.STRING:
            array = np.asarray(value, dtype=object)
            if not all(isinstance(v, str) for v in array.reshape(-1)):
                raise ValueError("string constants hold strings")
            array = np.vectorize(lambda v: v.encode("utf-8"), otypes=[object])(array) \
                if array.size else array
        else:
            array = np.asarray(value)
            if array.dtype.kind not in "biuf":
                raise ValueError(f"values must be numbers, got {value!r}")
            if dtypes.NUMPY[code].kind in "iu" and array.dtype.kind == "f":
                raise ValueError(f"{dtype_name(code)} values must be ints")
            if dtypes.NUMPY[code].kind == "b" and array.dtype.kind != "b":
                raise ValueError("bool values must be true/false")
            array = array.astype(dtypes.NUMPY[code])
    except ValueError as e:
        raise _err(f"{where}.value", str(e)) from None
    if shape is not None:
        if array.size != int(np.prod(shape, dtype=np.int64)):
            raise _err(f"{where}.value", f"holds {array.size} values; shape {shape} needs "
                                         f"{int(np.prod(shape, dtype=np.int64))}")
        array = array.reshape(shape)
    return array, code


def _special_floats(value, code):
    """JSON has no NaN/Infinity literals: accept "nan", "inf", "-inf" for float constants."""
    if code is not None and code not in (dtypes.FLOAT32, dtypes.FLOAT64, dtypes.FLOAT16):
        return value
    if isinstance(value, list):
        return [_special_floats(v, code) for v in value]
    if isinstance(value, str) and value.lower() in ("nan", "inf", "-inf", "+inf", "infinity",
                                                    "-infinity"):
        return float(value)
    return value


# ---------------------------------------------------------------------------------------------
# building graphs

def tracers(doc):
    """[(key, zero-argument callable building that signature's graph)] of a checked document."""
    constants = {n: parse_constant(s, f"constants.{n}", named=True)
                 for n, s in doc.get("constants", {}).items()}
    return [(key, _builder(key, sig, constants)) for key, sig in doc["signatures"].items()]


def methods(doc):
    """{key: TF Serving method_name} of a checked document (predict when not given)."""
    from interp import serving
    return {key: serving.method_name(sig.get("method_name", "predict"))
            for key, sig in doc["signatures"].items()}


def _builder(key, sig, constants):
    return lambda: build(key, sig, constants)


def build(key, sig, constants) -> Graph:
    graph = Graph(key)
    where = f"signatures.{key}"
    env = {}
    with tracing(graph):
        for spec in sig["inputs"]:
            env[spec["name"]] = graph.add_input(spec["name"], to_type(spec["dtype"]),
                                                tuple(spec["shape"]))

        def resolve(ref, wj):
            # constants are passed as the Python call would pass them: numpy arrays (their dtype
            # is fixed) or, for an inline constant without dtype, a Python value
            if ref is None:
                return None
            if isinstance(ref, dict):
                return parse_constant(ref, wj, named=False)[0]
            if ref in env:
                return env[ref]
            return constants[ref][0]

        for i, node in enumerate(sig["nodes"]):
            w = f"{where}.nodes[{i}] ({node['name']!r})"
            args = [resolve(ref, f"{w}.inputs[{j}]")
                    for j, ref in enumerate(node.get("inputs", []))]
            attrs = dict(node.get("attrs", {}))
            try:
                if node["op"] == "constant":
                    value, code = parse_constant(attrs, f"{w}.attrs", named=False)
                    env[node["name"]] = api.constant(value, code, name=node["name"])
                    continue
                fn = getattr(api, node["op"])
                env[node["name"]] = fn(*args, name=node["name"], **attrs)
            except ConversionError as e:
                raise type(e)(f"graph_def: {w}: {e}") from None
        outputs = {oname: env[ref] if ref in env else None for oname, ref in sig["outputs"].items()}
    set_outputs(graph, outputs, f"graph_def: {where}.outputs")
    return graph
