"""Loading a model with thousands of tensors: interp.Interpreter(model_content=...) against LiteRT's
constructor, in the same run."""
import sys
import pathlib

import pytest

import interp
from bench_support import record

sys.path.insert(0, str(pathlib.Path(__file__).parent.parent / "tests"))
from test_loader import chain_model  # noqa: E402

from interp.writer import write_model  # noqa: E402

litert = pytest.importorskip("ai_edge_litert.interpreter")
CASE = "load 3000 tensors, 1499 ADDs"


@pytest.fixture(scope="module")
def content():
    return write_model(chain_model(3000))


@pytest.mark.parametrize("engine", ["interp", "litert"])
def test_load(benchmark, content, engine):
    make = (lambda: interp.Interpreter(model_content=content)) if engine == "interp" else \
        (lambda: litert.Interpreter(model_content=content, num_threads=1))
    benchmark.group = CASE
    benchmark(make)
    record(benchmark, CASE, engine)
