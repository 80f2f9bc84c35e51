"""INTERP_DEBUG traces every op (checked in a subprocess, since the switch is read at import)."""
import os
import subprocess
import sys

import interp
from support import FIXTURES

SCRIPT = f"""
import numpy as np, interp
run = interp.Interpreter(model_path={str(FIXTURES / 'dense.tflite')!r}).get_signature_runner()
run(keras_tensor=np.ones((2, 4), np.float32))
"""


def _trace(level):
    env = dict(os.environ, INTERP_DEBUG=str(level))
    # cwd outside the source tree, so the subprocess imports the same interp as the tests do
    cwd = os.path.dirname(os.path.dirname(interp.__file__))
    result = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True,
                            text=True, timeout=120, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_level_1_prints_each_op_with_shapes():
    err = _trace(1)
    lines = [l for l in err.splitlines() if l.startswith("interp: ")]
    assert len(lines) == 3  # FULLY_CONNECTED, FULLY_CONNECTED, SOFTMAX
    assert "node 2 (SOFTMAX)" in lines[2] and "FLOAT32[2,3]" in lines[2]


def test_level_2_also_prints_values():
    assert "interp:   " in _trace(2)
    assert _trace(0) == ""
