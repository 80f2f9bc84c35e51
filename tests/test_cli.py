"""The ``interp run`` command (oracle: the values the signatures guide gives, worked by hand)."""
import os
import shutil
import subprocess
import sys

import numpy as np

from interp.cli import main
from support import FIXTURES


def test_run_encode_prints_signatures_and_outputs(capsys):
    assert main(["run", str(FIXTURES / "coding.tflite"), "--signature", "encode",
                 "--input", "x=1,2,3"]) == 0
    out = capsys.readouterr().out
    assert '"encode"' in out and '"decode"' in out
    assert "encoded_result: [b'1.000000', b'2.000000', b'3.000000']" in out


def test_run_dense_with_json_input(capsys):
    assert main(["run", str(FIXTURES / "dense.tflite"),
                 "--input", "keras_tensor=[[1,2,3,4],[0,0,0,0]]"]) == 0
    out = capsys.readouterr().out
    assert "output_0:" in out and "shape [2, 3]" in out


def test_run_errors_are_reported_not_raised(capsys):
    assert main(["run", str(FIXTURES / "coding.tflite"), "--input", "x=1"]) == 2
    assert "signature_key is None" in capsys.readouterr().err
    assert main(["run", str(FIXTURES / "coding.tflite"), "--signature", "encode",
                 "--input", "y=1"]) == 2
    assert "has inputs x" in capsys.readouterr().err
    assert main(["run", "/nonexistent.tflite"]) == 2
    assert "Could not open" in capsys.readouterr().err


def test_run_npy_input(tmp_path, capsys):
    path = tmp_path / "x.npy"
    np.save(path, np.array([0.5, -2.0], np.float32))
    assert main(["run", str(FIXTURES / "coding.tflite"), "--signature", "encode",
                 "--input", f"x=@{path}"]) == 0
    assert "[b'0.500000', b'-2.000000']" in capsys.readouterr().out


def test_console_script_when_installed():
    beside = os.path.join(os.path.dirname(sys.executable), "interp")
    exe = beside if os.path.exists(beside) else shutil.which("interp")
    if exe is None:
        import pytest
        pytest.skip("the interp console script is not installed")
    result = subprocess.run([exe, "run", str(FIXTURES / "coding.tflite"), "--signature", "decode",
                             "--input", "x=1e3, 3,nan"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    line = next(l for l in result.stdout.splitlines() if "decoded_result:" in l)
    values = line.split("[")[1].split("]")[0].replace(" ", "").split(",")
    assert values == ["1000.", "3.", "nan"] and "float32" in line
