"""What a file that is not a valid `.tflite` model looks like, for error messages.

``sniff(data)``: one phrase for the bytes (an HTML page such as a GitHub "blob" page, a Git LFS
pointer, a SavedModel ``saved_model.pb`` or other protobuf, a zip such as a ``.task`` bundle or a
Keras ``.keras`` archive, gzip, HDF5, tar, JSON, a size-prefixed FlatBuffer, another FlatBuffer
identifier, an empty or tiny file). ``describe_path(path, exc)``: why a path could not be opened (a
directory, e.g. a SavedModel directory; a missing file). ``truncated(size, need)``: the end of
the message for a `.tflite` file that ends before a structure it points to (the expected size is at
least ``need``: the shortfall is a lower bound). The loader
(``interp.loader``) and the Interpreter use these; they never raise.
"""
import io
import os
import re
import zipfile

__all__ = ["sniff", "describe_path", "truncated", "IDENTIFIER"]

IDENTIFIER = b"TFL3"


def truncated(size, need):
    """The end of a message about a structure that ends at byte ``need`` of a ``size``-byte file:
    the file should have at least ``need`` bytes."""
    return (f"the file has {size} bytes but needs at least {need}: truncated or corrupt (if "
            f"truncated, at least {need - size} bytes are missing: an interrupted download or copy?)")


def describe_path(path, exc=None):
    """Why ``path`` cannot be read as a model file (``exc``: the OSError opening it raised)."""
    if os.path.isdir(path):
        try:
            names = sorted(os.listdir(path))
        except OSError:
            names = []
        if "saved_model.pb" in names or "saved_model.pbtxt" in names:
            return ("it is a TensorFlow SavedModel directory, not a .tflite file; convert it first "
                    "(tf.lite.TFLiteConverter.from_saved_model)")
        tflite = [n for n in names if n.endswith(".tflite")]
        if tflite:
            return (f"it is a directory, not a file; it holds {', '.join(tflite[:5])}: pass one of "
                    "those")
        return "it is a directory, not a .tflite file"
    if exc is not None:
        return exc.strerror or str(exc)
    return "it cannot be read"


def _zip_members(view):
    try:
        with zipfile.ZipFile(io.BytesIO(bytes(view))) as z:
            return z.namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError, NotImplementedError):
        return None


def _zip(view, size):
    names = _zip_members(view)
    if names is None:
        return (f"a zip archive ({size} bytes, unreadable: truncated?); extract the .tflite file "
                "first")
    tflite = [n for n in names if n.endswith(".tflite")]
    if "config.json" in names and any(n.endswith(".weights.h5") for n in names):
        kind = "a Keras .keras archive"
        advice = "convert the Keras model to .tflite first"
    elif tflite:
        kind = "a zip archive (e.g. a MediaPipe .task bundle)"
        advice = f"extract the model from it: it holds {', '.join(tflite[:5])}"
    else:
        kind = "a zip archive"
        advice = "extract the .tflite file first"
    return f"{kind} ({size} bytes); {advice}"


def sniff(data) -> str:
    """A short description of what ``data`` looks like, for "not a .tflite model" messages."""
    view = memoryview(data)
    if view.format != "B" or view.ndim != 1:
        view = view.cast("B")
    size = len(view)
    if size == 0:
        return "the file is empty (0 bytes)"
    head = bytes(view[:512])
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"version https://git-lfs"):
        m = re.search(rb"\nsize (\d+)", head)
        real = f"; the real file is {int(m.group(1))} bytes" if m else ""
        return (f"a Git LFS pointer file ({size} bytes), not the model itself{real}; run "
                "`git lfs pull` (or download through LFS) to fetch it")
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in text[:200]:
        page = bytes(view[:65536]).lower()
        if b"github" in page:
            return (f"an HTML page ({size} bytes), not a model: probably a GitHub \"blob\" page; "
                    "download the raw file (the \"Download raw file\" button, or /raw/ in the URL)")
        return (f"an HTML page ({size} bytes), not a model: the download probably saved an error "
                "or login page")
    if text.startswith(b"<?xml"):
        return f"an XML document ({size} bytes)"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip(view, size)
    if head.startswith(b"\x1f\x8b"):
        return f"a gzip-compressed file ({size} bytes); decompress it first"
    if head.startswith(b"\x89HDF\r\n\x1a\n"):
        return f"an HDF5 file ({size} bytes; a Keras .h5 model?); convert it to .tflite first"
    if size > 262 and bytes(view[257:262]) == b"ustar":
        return f"a tar archive ({size} bytes); extract the .tflite file first"
    if text.startswith((b"{", b"[")):
        return f"a JSON text file ({size} bytes), not a binary .tflite model"
    if size >= 3 and head[0] == 0x08 and head[2] == 0x12:
        if head[1] == 1:
            return (f"a protobuf file ({size} bytes), probably a TensorFlow SavedModel "
                    "(saved_model.pb); convert it to .tflite first")
        return (f"a protobuf file ({size} bytes), probably an ONNX model (ir_version {head[1]}); "
                "interp reads .tflite files")
    if size >= 2 and head[0] == 0x0A and b"\x12" in head[2:64] and (b"Placeholder" in head or
                                                                      b"Const" in head):
        return (f"a protobuf file ({size} bytes), probably a frozen TensorFlow GraphDef (.pb); "
                "convert it to .tflite first")
    if size >= 12 and head[8:12] == IDENTIFIER:
        return "a size-prefixed FlatBuffer (TFL3 at byte 8 instead of 4); strip the 4-byte size prefix"
    if size < 8:
        return f"only {size} bytes, too short for a .tflite file (truncated?): {head.hex(' ')}"
    ident = head[4:8]
    shown = repr(ident.decode("ascii")) if all(32 <= c < 127 for c in ident) else \
        f"bytes {ident.hex(' ')}"
    if all(32 <= c < 127 for c in ident):
        return (f"a file with identifier {shown} at bytes 4-8 instead of 'TFL3' ({size} bytes): "
                "another FlatBuffer schema, or not a .tflite file")
    return (f"unrecognised content ({size} bytes): {shown} at bytes 4-8 instead of 'TFL3'; it "
            f"starts with {head[:16].hex(' ')}")
