"""CI runs the installed package with plain `pytest` from the repo root, where `tests` is not a
package on sys.path: test helpers are imported by module name (`from quant_op import ...`), which
works because pytest puts each test file's folder (tests/) on the path. A `from tests.x import` works only with the repo root on
PYTHONPATH and broke CI twice; this keeps it out."""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_no_imports_through_a_tests_package():
    bad = [f"{p.relative_to(ROOT)}:{n}" for folder in ("tests", "benchmarks")
           for p in sorted((ROOT / folder).glob("*.py"))
           for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
           if re.match(r"\s*(from tests\.|import tests\b)", line)]
    assert not bad, bad
