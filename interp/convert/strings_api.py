"""``interp.ops.strings``: TensorFlow's ``tf.strings`` functions, recorded as the Select-TF ops
TensorFlow's converter writes for them (same TF op, same attrs, one empty input name per input).

==============================================  ================================================
``join(inputs, separator="")``                   FlexStringJoin (attrs N, separator)
``length(input, unit="BYTE")``                   FlexStringLength (unit)
``lower`` / ``upper(input, encoding="")``        FlexStringLower / FlexStringUpper (encoding)
``strip(input)``                                 FlexStringStrip
``substr(input, pos, len, unit="BYTE")``         FlexSubstr (T, unit); ints become int32 constants
``regex_replace(input, pattern, rewrite,          FlexStaticRegexReplace (pattern, replace_global,
replace_global=True)``                           rewrite) for Python strings, else
                                                 FlexRegexReplace (replace_global)
``regex_full_match(input, pattern)``             FlexStaticRegexFullMatch (pattern) for a Python
                                                 string, else FlexRegexFullMatch
``to_hash_bucket_fast(input, num_buckets)``      FlexStringToHashBucketFast (num_buckets)
==============================================  ================================================

``tf.strings.split`` is not here: its result is a sparse or ragged tensor, and the tracer records
single-output ops.
"""
import types

from interp import dtypes
from interp.convert.tracing import (ConversionError, ConversionTypeError, Tensor,
                                    broadcast_shapes, graph_of, shape_str, to_tensor)
from interp.flex.datatype import TF_DATATYPE

S = dtypes.STRING


def _text(op, what, value):
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    raise ConversionTypeError(f"{op}: {what} must be a string, got {value!r}")


def _strings(graph, op, value, what, hint):
    t = to_tensor(graph, value, op, what, like=S, hint=hint)
    if t.type != S:
        raise ConversionTypeError(f"{op}: {what} must be a string tensor, got {t.dtype}")
    return t


def _unary(op, tf_op, input, name, attrs, out_type=S):  # noqa: A002
    graph = graph_of(op, input)
    hint = graph.unique_name(name or tf_op)
    t = _strings(graph, op, input, "input", f"{hint}/input")
    return graph.add_node("Flex" + tf_op, [t], out_type, t.shape, hint, flex=(tf_op, attrs))


def _unit(op, unit):
    if unit not in ("BYTE", "UTF8_CHAR"):
        raise ConversionError(f"{op}: unit must be 'BYTE' or 'UTF8_CHAR', got {unit!r}")
    return ("s", unit.encode())


def join(inputs, separator="", name=None):
    """Join string tensors element-wise (scalars repeat; the others share one shape)."""
    op = "strings.join"
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise ConversionTypeError(f"{op}: inputs must be a non-empty list of string tensors")
    graph = graph_of(op, *inputs)
    hint = graph.unique_name(name or "StringJoin")
    ts = [_strings(graph, op, v, f"inputs[{i}]", f"{hint}/inputs_{i}") for i, v in enumerate(inputs)]
    shape = ()
    for t in ts:
        if t.rank == 0:
            continue
        if shape == ():
            shape = t.shape
        elif len(t.shape) != len(shape) or any(a is not None and b is not None and a != b
                                               for a, b in zip(shape, t.shape)):
            raise ConversionError(f"{op}: input shapes do not match: {shape_str(shape)} vs. "
                                  f"{shape_str(t.shape)}")
    attrs = {"N": ("i", len(ts)), "separator": ("s", _text(op, "separator", separator))}
    return graph.add_node("FlexStringJoin", ts, S, shape, hint, flex=("StringJoin", attrs))


def length(input, unit="BYTE", name=None):  # noqa: A002
    """Length of each string in bytes or UTF-8 characters (int32)."""
    return _unary("strings.length", "StringLength", input, name,
                  {"unit": _unit("strings.length", unit)}, dtypes.INT32)


def _encoding(op, encoding):
    if encoding not in ("", "utf-8"):
        raise ConversionError(f"{op}: encoding must be '' or 'utf-8', got {encoding!r}")
    return {"encoding": ("s", encoding.encode())}


def lower(input, encoding="", name=None):  # noqa: A002
    """Lower-case (ASCII only unless encoding='utf-8')."""
    return _unary("strings.lower", "StringLower", input, name, _encoding("strings.lower", encoding))


def upper(input, encoding="", name=None):  # noqa: A002
    """Upper-case (ASCII only unless encoding='utf-8'). TF's converter needs
    ``experimental_select_user_tf_ops=["StringUpper"]`` for this op; interp writes it directly."""
    return _unary("strings.upper", "StringUpper", input, name, _encoding("strings.upper", encoding))


def strip(input, name=None):  # noqa: A002
    """Remove ASCII whitespace at both ends."""
    return _unary("strings.strip", "StringStrip", input, name, {})


def to_hash_bucket_fast(input, num_buckets, name=None):  # noqa: A002
    """FarmHash Fingerprint64 of each string mod ``num_buckets`` (int64)."""
    op = "strings.to_hash_bucket_fast"
    if isinstance(num_buckets, bool) or not isinstance(num_buckets, int) or num_buckets < 1:
        raise ConversionError(f"{op}: num_buckets must be an int >= 1, got {num_buckets!r}")
    return _unary(op, "StringToHashBucketFast", input, name, {"num_buckets": ("i", num_buckets)},
                  dtypes.INT64)


def substr(input, pos, len, unit="BYTE", name=None):  # noqa: A002
    """``input[pos:pos+len]`` per element; ``pos`` and ``len`` share one shape (int32/int64)."""
    op = "strings.substr"
    graph = graph_of(op, input, pos, len)
    hint = graph.unique_name(name or "Substr")
    t = _strings(graph, op, input, "input", f"{hint}/input")
    p = to_tensor(graph, pos, op, "pos", like=dtypes.INT32, hint=f"{hint}/pos")
    n = to_tensor(graph, len, op, "len", like=p.type, hint=f"{hint}/len")
    if p.type not in (dtypes.INT32, dtypes.INT64) or n.type != p.type:
        raise ConversionTypeError(f"{op}: pos and len must both be int32 or both int64, got "
                                  f"{p.dtype} and {n.dtype}")
    if p.shape != n.shape:
        raise ConversionError(f"{op}: pos and len must have the same shape, got "
                              f"{shape_str(p.shape)} vs. {shape_str(n.shape)}")
    shape = broadcast_shapes(op, t.shape, p.shape)
    attrs = {"T": ("type", TF_DATATYPE[p.type]), "unit": _unit(op, unit)}
    return graph.add_node("FlexSubstr", [t, p, n], S, shape, hint, flex=("Substr", attrs))


def _static(value):
    return isinstance(value, (str, bytes))


def regex_replace(input, pattern, rewrite, replace_global=True, name=None):  # noqa: A002
    """Replace RE2 ``pattern`` matches with ``rewrite`` (``\\1`` groups)."""
    op = "strings.regex_replace"
    if not isinstance(replace_global, bool):
        raise ConversionTypeError(f"{op}: replace_global must be a bool, got {replace_global!r}")
    if _static(pattern) and _static(rewrite):
        attrs = {"pattern": ("s", _text(op, "pattern", pattern)), "replace_global":
                 ("b", replace_global), "rewrite": ("s", _text(op, "rewrite", rewrite))}
        return _unary(op, "StaticRegexReplace", input, name, attrs)
    graph = graph_of(op, input, pattern, rewrite)
    hint = graph.unique_name(name or "RegexReplace")
    ts = [_strings(graph, op, v, what, f"{hint}/{what}")
          for v, what in ((input, "input"), (pattern, "pattern"), (rewrite, "rewrite"))]
    for t, what in zip(ts[1:], ("pattern", "rewrite")):
        if t.rank != 0:
            raise ConversionError(f"{op}: {what} must be a scalar, got shape {shape_str(t.shape)}")
    return graph.add_node("FlexRegexReplace", ts, S, ts[0].shape, hint,
                          flex=("RegexReplace", {"replace_global": ("b", replace_global)}))


def regex_full_match(input, pattern, name=None):  # noqa: A002
    """Whether each whole string matches RE2 ``pattern`` (bool)."""
    op = "strings.regex_full_match"
    if _static(pattern):
        return _unary(op, "StaticRegexFullMatch", input, name,
                      {"pattern": ("s", _text(op, "pattern", pattern))}, dtypes.BOOL)
    graph = graph_of(op, input, pattern)
    hint = graph.unique_name(name or "RegexFullMatch")
    t = _strings(graph, op, input, "input", f"{hint}/input")
    p = _strings(graph, op, pattern, "pattern", f"{hint}/pattern")
    if p.rank != 0:
        raise ConversionError(f"{op}: pattern must be a scalar, got shape {shape_str(p.shape)}")
    return graph.add_node("FlexRegexFullMatch", [t, p], dtypes.BOOL, t.shape, hint,
                          flex=("RegexFullMatch", {}))


strings = types.SimpleNamespace(
    join=join, length=length, lower=lower, upper=upper, strip=strip, substr=substr,
    regex_replace=regex_replace, regex_full_match=regex_full_match,
    to_hash_bucket_fast=to_hash_bucket_fast)

__all__ = ["strings"]
_ = Tensor  # re-exported type for annotations in callers
