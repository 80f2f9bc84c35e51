import pathlib

import pytest

FIXTURES = pathlib.Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures():
    return FIXTURES


def litert():
    """ai_edge_litert's interpreter module (the oracle), or skip the test."""
    return pytest.importorskip("ai_edge_litert.interpreter")
