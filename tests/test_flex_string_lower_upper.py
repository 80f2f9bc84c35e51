"""Select-TF StringLower and StringUpper. Oracle: TF 2.21 eager (tf_flex_ops_oracle.json) for
encoding "" and "utf-8", incl. invalid UTF-8 (-> U+FFFD); hand-worked cases below."""
import pytest

from interp.errors import ModelError
from flex_oracle import assert_oracle, run, strings


def test_tf_oracle_lower():
    assert_oracle("StringLower")


def test_tf_oracle_upper():
    assert_oracle("StringUpper")


def test_default_encoding_is_ascii_only():
    x = strings("MiXeD É straße", "")
    assert run("StringLower", [x])[0].tolist() == ["mixed É straße".encode(), b""]
    assert run("StringUpper", [x])[0].tolist() == ["MIXED É STRAßE".encode(), b""]


def test_utf8_full_case_mapping():
    x = strings("straße ΣΑΣ", b"ok\xff")
    assert run("StringUpper", [x], {"encoding": "utf-8"})[0].tolist() == [
        "STRASSE ΣΑΣ".encode(), "OK\ufffd".encode()]
    assert run("StringLower", [x], {"encoding": "utf-8"})[0].tolist() == [
        "straße σας".encode(), "ok\ufffd".encode()]   # final sigma


def test_unknown_encoding_refused():
    with pytest.raises(ModelError, match="encoding 'latin-1' is not supported"):
        run("StringLower", [strings("a")], {"encoding": "latin-1"})
