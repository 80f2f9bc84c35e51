"""The README's API tour runs as written (so the documentation cannot drift from the code)."""
import pathlib

import numpy as np

ROOT = pathlib.Path(__file__).parent.parent


def test_api_tour_runs(monkeypatch):
    text = (ROOT / "README.md").read_text()
    code = text.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    scope = {}
    exec(compile(code, "README.md", "exec"), scope)
    assert list(scope["out"]["encoded_result"]) == [b"1.000000", b"2.000000", b"3.000000"]
    assert scope["probs"].shape == (3, 3)
    np.testing.assert_allclose(scope["probs"].sum(axis=1), 1.0, rtol=1e-6)
