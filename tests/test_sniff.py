"""interp.sniff: what a file that is not a .tflite model looks like, in the Interpreter's error.

Oracle: hand-made bytes of each kind (HTML pages, a Git LFS pointer, a SavedModel and a GraphDef
protobuf header, zip archives built with zipfile, a truncated fixture whose real size is known) and
the exact phrases the message must hold.
"""
import io
import zipfile

import pytest

import interp
from interp.sniff import describe_path, sniff, truncated
from support import FIXTURES


def message(data):
    with pytest.raises(interp.ModelError) as info:
        interp.Interpreter(model_content=data)
    return str(info.value)


def zipped(**members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name.replace("__", "/").replace("_dot_", "."), data)
    return out.getvalue()


def test_empty_file_and_empty_path(tmp_path):
    assert message(b"") == "not a .tflite model: the file is empty (0 bytes)"
    path = tmp_path / "empty.tflite"
    path.write_bytes(b"")
    with pytest.raises(interp.ModelError, match="the file is empty"):
        interp.Interpreter(model_path=str(path))


def test_html_pages():
    github = (b"<!DOCTYPE html>\n<html lang='en'><head><title>models/mobilenet.tflite at main "
              b"\xc2\xb7 someone/models \xc2\xb7 GitHub</title></head><body></body></html>")
    m = message(github)
    assert m.startswith("not a .tflite model: an HTML page (")
    assert "probably a GitHub \"blob\" page" in m and "raw" in m
    other = message(b"\n  <html><body>403 Forbidden</body></html>")
    assert "an HTML page" in other and "error or login page" in other


def test_git_lfs_pointer():
    pointer = (b"version https://git-lfs.github.com/spec/v1\n"
               b"oid sha256:4665a1b2c3d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789ab\n"
               b"size 6727900\n")
    m = message(pointer)
    assert f"a Git LFS pointer file ({len(pointer)} bytes)" in m
    assert "the real file is 6727900 bytes" in m and "git lfs pull" in m


def test_saved_model_and_graphdef_protobufs():
    # saved_model.pb: field 1 (saved_model_schema_version) = 1, then field 2 (meta_graphs)
    assert "probably a TensorFlow SavedModel (saved_model.pb)" in \
        message(b"\x08\x01\x12\x8c\x01\n\x0bserve" + bytes(30))
    graphdef = b"\n4\n\x01x\x12\x0bPlaceholder*\x0b\n\x05dtype\x12\x020\x01" + bytes(20)
    assert "probably a frozen TensorFlow GraphDef (.pb)" in message(graphdef)


def test_zip_archives():
    keras = zipped(config_dot_json=b"{}", metadata_dot_json=b"{}", model_dot_weights_dot_h5=b"")
    assert "a Keras .keras archive" in message(keras)
    task = zipped(face_detector_dot_tflite=b"TFL3", face_landmarks_detector_dot_tflite=b"TFL3")
    m = message(task)
    assert "(e.g. a MediaPipe .task bundle)" in m
    assert "it holds face_detector.tflite, face_landmarks_detector.tflite" in m
    assert "extract the .tflite file first" in message(zipped(readme_dot_txt=b"hi"))
    assert "unreadable: truncated?" in message(keras[:40])


def test_wrong_identifier_shows_the_bytes_found():
    good = (FIXTURES / "dense.tflite").read_bytes()
    assert "identifier 'TFL2' at bytes 4-8 instead of 'TFL3'" in message(good[:4] + b"TFL2" + good[8:])
    m = message(good[:4] + b"\x00\xff\x10\x01" + good[8:])
    assert "bytes 00 ff 10 01 at bytes 4-8 instead of 'TFL3'" in m


def test_truncated_file_says_by_how_much():
    data = (FIXTURES / "mobilenet_v2.tflite").read_bytes()
    for cut in (1000, len(data) // 2):
        m = message(data[:-cut])
        need = int(m.split("needs at least ")[1].split(":")[0])
        assert len(data) - cut < need <= len(data)  # a lower bound of the real size
        assert f"the file has {len(data) - cut} bytes but needs at least {need}: truncated" in m
        assert f"at least {need - (len(data) - cut)} bytes are missing" in m
    assert message(data[:12]).startswith("truncated .tflite file: the root table is at byte")
    assert "only 5 bytes, too short" in message(data[:5])


def test_directory_paths(tmp_path):
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "saved_model.pb").write_bytes(b"\x08\x01")
    with pytest.raises(interp.ModelError, match=r"Could not open '.*saved': it is a TensorFlow "
                                                r"SavedModel directory, not a .tflite file"):
        interp.Interpreter(model_path=str(saved))
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "model.tflite").write_bytes(b"")
    assert describe_path(str(bundle)) == \
        "it is a directory, not a file; it holds model.tflite: pass one of those"
    with pytest.raises(interp.ModelError, match="it is a directory, not a .tflite file"):
        interp.Interpreter(model_path=str(tmp_path / "saved" / ".."))
    with pytest.raises(interp.ModelError, match="No such file or directory"):
        interp.Interpreter(model_path=str(tmp_path / "missing.tflite"))


def test_other_formats():
    assert "gzip" in sniff(b"\x1f\x8b\x08\x00" + bytes(20))
    assert "HDF5" in sniff(b"\x89HDF\r\n\x1a\n" + bytes(8))
    assert "JSON" in sniff(b'{"graph": []}')
    assert "size-prefixed" in sniff(b"\x10\x00\x00\x00\x0c\x00\x00\x00TFL3" + bytes(8))
    assert "tar archive" in sniff(bytes(257) + b"ustar" + bytes(300))
    assert "ONNX" in sniff(b"\x08\x07\x12\x07pytorch")
    assert truncated(10, 25).startswith("the file has 10 bytes but needs at least 25")
