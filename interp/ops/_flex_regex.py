"""Shared parts of the Select-TF regex ops (StaticRegexReplace, RegexReplace,
StaticRegexFullMatch, RegexFullMatch): RE2 patterns run through interp.flex.re2, which refuses
the ones whose meaning Python's ``re`` cannot reproduce (saying why)."""
import numpy as np

from interp import dtypes
from interp.flex import re2
from interp.ops import _flex


def compile_or_error(pattern, fail):
    """Compile RE2 ``pattern`` (bytes); errors go through ``fail(message)`` (which raises)."""
    try:
        return re2.compile_re2(pattern)
    except re2.Invalid as exc:
        # TF's message is "Invalid pattern: <pattern>, error: <RE2's reason>"
        raise fail(f"Invalid pattern: {pattern.decode('utf-8', 'replace')}, error: {exc}") from None
    except re2.Unsupported as exc:
        raise fail(f"RE2 pattern {pattern!r} is not supported by interp: {exc}") from None


def replace_all(rx, parts, x, replace_global, fail):
    out = np.empty(x.shape, dtype=object)
    flat = out.reshape(-1)
    try:
        for i, s in enumerate(x.reshape(-1)):
            flat[i] = re2.replace(rx, parts, s, replace_global)
    except re2.Unsupported as exc:
        raise fail(f"RE2 pattern not supported by interp here: {exc}") from None
    return out


def full_match_all(rx, x):
    out = np.empty(x.shape, dtype=np.bool_)
    flat = out.reshape(-1)
    for i, s in enumerate(x.reshape(-1)):
        flat[i] = re2.full_match(rx, s)
    return out


def prepare(node, n_inputs, out_type):
    """Counts and dtypes: input 0 strings, the others (pattern, rewrite) scalar strings."""
    node.expect_io(n_inputs, 1)
    for i, t in enumerate(node.inputs):
        _flex.check_type(node, t, dtypes.STRING, f"input {i}")
        if i and t.shape != ():
            raise node.error(f"input {i} {t.describe()} must be a scalar string "
                             f"(TF: {'pattern' if i == 1 else 'rewrite'} must be scalar)")
    _flex.check_type(node, node.outputs[0], out_type, "output")
    node.outputs[0].shape = node.inputs[0].shape


def scalar(t):
    return t.data.reshape(()).item()
