"""Select-TF StringStrip. Oracle: TF 2.21 eager (tf_flex_ops_oracle.json); hand-worked below."""
import numpy as np
import pytest

from interp.errors import ModelError
from flex_oracle import assert_oracle, run, strings


def test_tf_oracle():
    assert_oracle("StringStrip")


def test_ascii_whitespace_only():
    x = strings(" \t\n\v\f\rx y\r\n", "\xa0z\xa0", "", "   ", shape=(2, 2))
    (y,) = run("StringStrip", [x])
    assert y.tolist() == [[b"x y", "\xa0z\xa0".encode()], [b"", b""]]


def test_needs_strings():
    with pytest.raises(ModelError, match="input 0 .* FLOAT32, expected STRING"):
        run("StringStrip", [np.zeros(2, np.float32)])
