"""Select-TF StaticRegexReplace, RegexReplace, StaticRegexFullMatch, RegexFullMatch and the RE2 ->
Python ``re`` translation (interp.flex.re2).

Oracle: TF 2.21 eager (tf_flex_ops_oracle.json): 76 patterns x 6 rewrites x replace_global over
13 strings (unicode, newlines, empty), plus tensor-pattern cases and invalid patterns. Patterns
interp refuses are listed in REFUSED with the reason; every other case must match TF exactly.
Translation facts below are RE2 syntax facts (ASCII-only perl classes, ``$`` = end of text, ...).
"""
import re

import numpy as np
import pytest

from interp.errors import KernelError, ModelError
from interp.flex import re2
from flex_oracle import assert_oracle, run, strings

# pattern -> why interp refuses it (TF runs these)
REFUSED = {
    "\\pL": "Unicode class",
    "\\p{Han}": "Unicode class",
    "(?U)a+": "swaps greedy and lazy",
    "\\C": "matches one byte",
}


def _refused(case, exc):
    pattern = case["attrs"].get("pattern")
    if pattern in REFUSED:
        return REFUSED[pattern] in str(exc)
    # \B replacements on non-ASCII text (RE2 may match \B between the bytes of one character)
    return pattern == "\\B" and "\\B on non-ASCII text" in str(exc)


def test_tf_oracle_static_replace():
    # 4 refused patterns x 12 attr combos + 8 \B combos
    assert_oracle("StaticRegexReplace", refused=_refused, min_refused=56, max_refused=56)


def test_tf_oracle_static_full_match():
    assert_oracle("StaticRegexFullMatch", refused=_refused, min_refused=4, max_refused=4)


def test_tf_oracle_tensor_pattern_ops():
    assert_oracle("RegexReplace")
    assert_oracle("RegexFullMatch")


def _s(v):
    return np.array(v.encode(), dtype=object)


def test_replace_global_and_first_and_groups():
    x = strings("user@host me@there", "none", "")
    attrs = {"pattern": "(\\w+)@(\\w+)", "rewrite": "\\2 at \\1"}
    assert run("StaticRegexReplace", [x], attrs)[0].tolist() == [
        b"host at user there at me", b"none", b""]
    assert run("StaticRegexReplace", [x], dict(attrs, replace_global=False))[0].tolist() == [
        b"host at user me@there", b"none", b""]
    # a group the pattern lacks: RE2 leaves the string as it is
    assert run("StaticRegexReplace", [x], {"pattern": "a", "rewrite": "\\1"})[0].tolist() == list(x)


def test_empty_matches_follow_re2():
    # RE2 skips an empty match right after the previous match (Python 3.7+ would not: "-a-b--d-")
    (y,) = run("StaticRegexReplace", [strings("abxd", "")], {"pattern": "x*", "rewrite": "-"})
    assert y.tolist() == [b"-a-b-d-", b"-"]


def test_tensor_pattern_and_rewrite():
    x = strings("x1y22", "33")
    (y,) = run("RegexReplace", [x, _s("(\\d)"), _s("[\\1]")])
    assert y.tolist() == [b"x[1]y[2][2]", b"[3][3]"]
    (m,) = run("RegexFullMatch", [x, _s("\\d+")])
    assert m.tolist() == [False, True]


def test_invalid_and_refused_patterns():
    with pytest.raises(ModelError, match=r"Invalid pattern: \(a, error:"):
        run("StaticRegexFullMatch", [strings("a")], {"pattern": "(a"})
    with pytest.raises(ModelError, match="not supported by interp: Unicode class"):
        run("StaticRegexReplace", [strings("a")], {"pattern": "\\pL", "rewrite": ""})
    with pytest.raises(KernelError, match=r"Invalid pattern: \(, error:"):
        run("RegexReplace", [strings("a"), _s("("), _s("-")])
    with pytest.raises(ModelError, match="must be a scalar string"):
        run("RegexFullMatch", [strings("a"), strings("a", "b")])


@pytest.mark.parametrize("pattern, text, matches", [
    ("\\d", "٣", False),            # RE2 \d is ASCII only
    ("\\w+", "é", False),
    ("\\s", "\v", False),           # RE2 \s lacks \v
    ("[\\s]", "\f", True),
    ("a$", "a\n", False),           # $ is the end of text outside (?m)
    ("(?m)a$\\n", "a\n", True),
    ("a{,2}", "a{,2}", True),       # not a repetition in RE2: literal
    ("[[:alpha:]]+", "abcXYZ", True),
    ("[[:^digit:]]", "x", True),
    ("\\Qa.b\\E", "a.b", True),
    ("\\Qa.b\\E", "axb", False),
    ("\\x{e9}", "é", True),
    ("(?<n>x)", "x", True),
    ("(?i)STRASSE", "strasse", True),
    ("(?i:A)b", "ab", True),
    ("\\bfoo\\b", "foo", True),
    ("é.", "éé", True),
])
def test_translation_matches_re2_meaning(pattern, text, matches):
    rx = re2.compile_re2(pattern.encode())
    assert re2.full_match(rx, text.encode()) is matches


@pytest.mark.parametrize("pattern, kind, why", [
    ("(?=a)", re2.Invalid, "lookaround"),
    ("(a)\\1", re2.Unsupported, "backreferences"),
    ("a*+", re2.Invalid, "bad repetition"),
    ("a{1001}", re2.Invalid, "above 1000"),
    ("a(?i)b", re2.Unsupported, "after the start"),
    ("[a\\D]", re2.Unsupported, "negated class"),
    ("\\q", re2.Invalid, "invalid escape"),
    ("a)", re2.Invalid, "unexpected"),
])
def test_translation_refusals(pattern, kind, why):
    with pytest.raises(kind, match=re.escape(why)):
        re2.compile_re2(pattern.encode())
