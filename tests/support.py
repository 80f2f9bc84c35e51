"""Shared test helpers: fixture paths and the LiteRT oracle."""
import pathlib

import pytest

FIXTURES = pathlib.Path(__file__).parent / "fixtures"


def litert():
    """ai_edge_litert's interpreter module (the oracle), or skip the test."""
    return pytest.importorskip("ai_edge_litert.interpreter")
