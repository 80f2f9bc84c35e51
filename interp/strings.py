"""STRING tensor buffers (FORMAT.md §6).

Layout: ``int32 N``, then ``N + 1`` int32 offsets, then the string bytes back to back. ``offset[i]``
is where string ``i`` starts, counted from the start of the buffer, and ``offset[N]`` is where the
last one ends, so the first string starts right after the 4·(N+2)-byte header::

    ['AB', '', 'xyz'] -> 03000000 14000000 16000000 16000000 19000000 4142 78797a   (25 bytes)

Strings are raw bytes; no text encoding is checked.
"""
import numpy as np

from interp.errors import ModelError

_I32 = np.dtype("<i4")


def string_offsets(buf, count=None, where="string buffer"):
    """The N+1 offsets of a string buffer as an int64 array, after checking the whole layout.

    ``count``: the number of strings the tensor's shape calls for (None = take it from the header).
    ``where`` prefixes error messages. Raises ModelError on any inconsistency.
    """
    size = len(buf)
    if size < 4:
        raise ModelError(f"{where}: {size} bytes is too short for a string buffer (needs at least 8)")
    n = int(np.frombuffer(buf, _I32, 1)[0])
    if n < 0:
        raise ModelError(f"{where}: negative string count {n}")
    if count is not None and n != count:
        raise ModelError(f"{where}: holds {n} strings but the tensor shape needs {count}")
    header = 4 * (n + 2)
    if header > size:
        raise ModelError(f"{where}: a header for {n} strings needs {header} bytes but the buffer has {size}")
    offsets = np.frombuffer(buf, _I32, n + 1, 4).astype(np.int64)
    if offsets[0] != header:
        raise ModelError(f"{where}: the first string should start at byte {header} (right after the "
                         f"header) but offset[0] is {offsets[0]}")
    if n and np.any(offsets[1:] < offsets[:-1]):
        i = int(np.argmax(offsets[1:] < offsets[:-1]))
        raise ModelError(f"{where}: offsets decrease at string {i} ({offsets[i]} then {offsets[i + 1]})")
    if offsets[n] > size:
        raise ModelError(f"{where}: the strings end at byte {offsets[n]} but the buffer has {size} bytes")
    return offsets


def decode_strings(buf, count=None, where="string buffer"):
    """A flat ``np.ndarray`` of dtype object holding each string as ``bytes``; see string_offsets."""
    offsets = string_offsets(buf, count, where).tolist()
    raw = bytes(buf[offsets[0]:offsets[-1]])
    base = offsets[0]
    out = np.empty(len(offsets) - 1, dtype=object)
    out[:] = [raw[a - base:b - base] for a, b in zip(offsets[:-1], offsets[1:])]
    return out


def encode_strings(array):
    """The string-buffer bytes of an array-like of ``bytes``/``str`` (str → UTF-8), in C order."""
    items = np.asarray(array, dtype=object).reshape(-1)
    blobs = [item.encode("utf-8") if isinstance(item, str) else bytes(item) for item in items.tolist()]
    n = len(blobs)
    lengths = np.fromiter((len(b) for b in blobs), dtype=np.int64, count=n)
    offsets = np.empty(n + 1, dtype=np.int64)
    offsets[0] = 4 * (n + 2)
    np.cumsum(lengths, out=offsets[1:])
    offsets[1:] += offsets[0]
    if offsets[-1] > 2**31 - 1:
        raise ValueError(f"{n} strings of {offsets[-1]} bytes in all do not fit int32 offsets")
    header = np.empty(n + 2, dtype=_I32)
    header[0] = n
    header[1:] = offsets
    return header.tobytes() + b"".join(blobs)
