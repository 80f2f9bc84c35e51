"""TensorFlow's string ops on numpy ``object`` arrays of ``bytes`` (no TensorFlow needed).

Facts (TF 2.21, recorded in ``tests/fixtures/tf_flex_ops_oracle.json``):

* StringJoin: every non-scalar input must have the same shape (TF: "Input shapes do not match:
  [4] vs. [3]"); scalars are repeated; the output has that shape (a scalar if all are scalars).
* StringLength / Substr with unit UTF8_CHAR count the bytes that are not UTF-8 continuation bytes
  (``b & 0xC0 != 0x80``), so invalid UTF-8 still has a length.
* StringLower / StringUpper with encoding "" change ASCII letters only (bytes.lower/upper); with
  "utf-8" they apply full Unicode case mapping (``ß`` -> ``SS``, final sigma) after decoding with
  each invalid sequence replaced by U+FFFD.
* StringStrip removes ASCII whitespace `` \\t\\n\\v\\f\\r`` at both ends (not U+0085 or U+00A0).
* Substr: negative ``pos`` counts from the end; ``|pos| > length`` is an error; ``len`` past the
  end takes the rest; a negative ``len`` takes the rest in BYTE units but gives "" in UTF8_CHAR.
  ``pos``/``len`` broadcast against the input.
* StringSplitV2 with an empty ``sep`` splits on runs of ASCII whitespace, dropping empty pieces;
  once ``maxsplit`` pieces are cut the rest is one more piece, even when empty (``"a b"`` with
  maxsplit 2 gives ``a``, ``b``, ``""``; maxsplit 0 gives the string untouched). A non-empty
  ``sep`` keeps empty pieces, like ``bytes.split(sep, maxsplit)``.
* StringSplit (v1) splits on any byte of ``delimiter`` (on every byte when it is empty), dropping
  empty pieces when ``skip_empty``.
"""
import numpy as np

from interp.errors import KernelError


def _shape_text(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def join_shape(shapes):
    """The output shape of StringJoin, or a ValueError with TF's message."""
    out = None
    for s in shapes:
        if len(s) == 0:
            continue
        if out is None:
            out = tuple(s)
        elif tuple(s) != out:
            raise ValueError(f"Input shapes do not match: {_shape_text(out)} vs. {_shape_text(s)}")
    return () if out is None else out


def string_join(arrays, separator, shape):
    parts = [np.broadcast_to(a, shape).reshape(-1) for a in arrays]
    flat = [separator.join(items) for items in zip(*parts)] if parts else []
    out = np.empty(len(flat) if shape else 1, dtype=object)
    out[:] = flat if flat else [b""] * out.size
    return out.reshape(shape)


def utf8_length(s):
    """Characters in ``s`` as TF counts them: bytes that do not continue a UTF-8 sequence."""
    return sum(1 for b in s if b & 0xC0 != 0x80)


def _map(fn, x, otype=object):
    out = np.empty(x.shape, dtype=otype)
    flat = out.reshape(-1)
    for i, s in enumerate(x.reshape(-1)):
        flat[i] = fn(s)
    return out


def string_length(x, unit):
    return _map(len if unit == "BYTE" else utf8_length, x, np.int32)


def _utf8_case(s, upper):
    text = s.decode("utf-8", "replace")
    return (text.upper() if upper else text.lower()).encode("utf-8")


def change_case(x, upper, encoding):
    if encoding == "":
        return _map(bytes.upper if upper else bytes.lower, x)
    return _map(lambda s: _utf8_case(s, upper), x)


def strip(x):
    return _map(bytes.strip, x)


def _char_starts(s):
    return [i for i, b in enumerate(s) if b & 0xC0 != 0x80]


def substr_one(s, pos, length, unit, index):
    """One Substr element; KernelError with TF's message when ``pos`` is out of range."""
    if unit == "BYTE":
        n = len(s)
        if not -n <= pos <= n:
            raise KernelError(f"pos {pos} out of range for string b'{_py_repr(s)}' at index {index}")
        start = pos + n if pos < 0 else pos
        end = n if length < 0 else min(n, start + length)
        return s[start:end]
    starts = _char_starts(s)
    n = len(starts)
    if not -n <= pos <= n:
        raise KernelError(f"pos {pos} out of range for string at index {index}")
    start = pos + n if pos < 0 else pos
    stop = start if length < 0 else min(n, start + length)  # TF: a negative len gives ""
    b0 = starts[start] if start < n else len(s)
    b1 = starts[stop] if stop < n else len(s)
    return s[b0:b1]


def _py_repr(s):
    return repr(s)[2:-1]


def substr(x, pos, length, unit, shape):
    """Substr over the broadcast ``shape`` of ``x`` and ``pos`` (``pos`` and ``len`` agree)."""
    xs = np.broadcast_to(x, shape).reshape(-1)
    ps = np.broadcast_to(pos, shape).reshape(-1)
    ls = np.broadcast_to(length, shape).reshape(-1)
    out = np.empty(xs.size, dtype=object)
    for i in range(xs.size):
        out[i] = substr_one(xs[i], int(ps[i]), int(ls[i]), unit, i)
    return out.reshape(shape)


def broadcast_shape(a, b):
    """numpy broadcasting of two shapes, or ValueError with TF's "Incompatible shapes" text."""
    try:
        return tuple(np.broadcast_shapes(tuple(a), tuple(b)))
    except ValueError:
        raise ValueError(f"Incompatible shapes: {_shape_text(a)} vs. {_shape_text(b)}") from None


_WS = b" \t\n\v\f\r"


def _sparse(rows):
    """(indices int64 [n,2], values object [n], dense_shape int64 [2]) of a list of token lists."""
    n = sum(len(r) for r in rows)
    indices = np.empty((n, 2), np.int64)
    values = np.empty(n, dtype=object)
    k = 0
    width = 0
    for i, r in enumerate(rows):
        for j, tok in enumerate(r):
            indices[k] = (i, j)
            values[k] = tok
            k += 1
        width = max(width, len(r))
    return indices, values, np.array([len(rows), width], np.int64)


def _split_whitespace(s, maxsplit):
    """TF's whitespace split: when ``maxsplit`` pieces are cut, the rest (possibly empty, and
    untouched when maxsplit is 0) is the last piece; otherwise trailing whitespace ends it."""
    pieces, text, n = [], s, 0
    while True:
        if 0 <= maxsplit <= n:
            pieces.append(text)
            return pieces
        text = text.lstrip(_WS)
        if not text:
            return pieces
        end = 0
        while end < len(text) and text[end] not in _WS:
            end += 1
        pieces.append(text[:end])
        text = text[end:].lstrip(_WS)
        n += 1


def split_v2(x, sep, maxsplit):
    rows = []
    for s in x.reshape(-1):
        if sep == b"":
            rows.append(_split_whitespace(s, maxsplit))
        else:
            rows.append(s.split(sep, -1 if maxsplit < 0 else maxsplit))
    return _sparse(rows)


def split_v1(x, delimiter, skip_empty):
    rows = []
    for s in x.reshape(-1):
        if not s:
            rows.append([])
            continue
        if delimiter == b"":
            rows.append([s[i:i + 1] for i in range(len(s))])
            continue
        pieces, start = [], 0
        for i, b in enumerate(s):
            if b in delimiter:
                pieces.append(s[start:i])
                start = i + 1
        pieces.append(s[start:])
        if skip_empty:
            pieces = [p for p in pieces if p]
        rows.append(pieces)
    return _sparse(rows)
