"""RE2 patterns (what TensorFlow's regex ops take) run with Python's ``re``.

:func:`translate` rewrites an RE2 pattern into a Python pattern with the same meaning, or raises
:class:`Unsupported` saying why it cannot. The differences handled (RE2 syntax facts):

* ``\\d \\w \\s \\b \\B`` are ASCII-only in RE2 (``\\s`` is ``[\\t\\n\\f\\r ]``, without ``\\v``); Python's
  are Unicode-aware, so they become explicit ASCII classes / lookarounds.
* ``$`` outside multi-line mode matches only at the very end in RE2; Python's ``$`` also matches
  before a final newline, so it becomes ``\\Z``. RE2's ``\\z`` is Python's ``\\Z``.
* ``[[:alpha:]]``-style ASCII classes, ``\\Q...\\E`` quoting, ``\\x{10FFFF}`` and ``(?<name>`` are
  spelt the Python way.
* ``{`` that does not start a valid ``{n}``, ``{n,}``, ``{n,m}`` repetition is a literal in RE2
  (Python reads ``{,n}`` as a repetition).

Refused (the meaning would differ or Python has no equivalent): Unicode classes ``\\p``/``\\P``,
``\\C`` (any byte), ``(?U)`` (swap greedy/lazy), inline flags after the start of the pattern,
repetitions above 1000 (RE2 rejects them), negated classes (``\\D``, ``[:^alpha:]``) inside a larger
bracket expression, and a repetition operator right after another (RE2 rejects it; Python 3.11
reads ``a*+`` as possessive). Constructs RE2 rejects — lookarounds, backreferences, unknown escapes
— raise :class:`Invalid` (TF fails on them too).

Matching works on ``str``: subjects are decoded from UTF-8 with ``surrogateescape`` (an invalid byte
becomes one character, as RE2 steps over it) and encoded back the same way.
"""
import re

WORD = "0-9A-Za-z_"
SPACE = "\\t\\n\\f\\r "
POSIX = {
    "alnum": "0-9A-Za-z", "alpha": "A-Za-z", "ascii": "\\x00-\\x7f", "blank": "\\t ",
    "cntrl": "\\x00-\\x1f\\x7f", "digit": "0-9", "graph": "!-~", "lower": "a-z",
    "print": " -~", "punct": "!-/:-@\\[-`{-~", "space": "\\t\\n\\v\\f\\r ", "upper": "A-Z",
    "word": WORD, "xdigit": "0-9A-Fa-f",
}
PERL = {"d": "0-9", "w": WORD, "s": SPACE}
SIMPLE_ESCAPES = {"n": "\\n", "t": "\\t", "r": "\\r", "f": "\\f", "v": "\\v", "a": "\\a"}
_B = f"(?:(?<=[{WORD}])(?![{WORD}])|(?<![{WORD}])(?=[{WORD}]))"
_NB = f"(?:(?<=[{WORD}])(?=[{WORD}])|(?<![{WORD}])(?![{WORD}]))"
_REPEAT = re.compile(r"\{(\d+)(,(\d*))?\}")


class Unsupported(ValueError):
    """A valid RE2 pattern whose meaning interp cannot reproduce with Python's ``re``."""


class Invalid(ValueError):
    """A pattern RE2 itself rejects."""


def _lit(ch):
    return re.escape(ch)


class _Parser:
    def __init__(self, pattern):
        self.p = pattern
        self.i = 0
        self.out = []
        self.multiline = [False]  # stack: one entry per open group
        self.last_was_repeat = False
        self.byte_sensitive = False  # \B: RE2 can find it between the bytes of one character

    def peek(self, k=0):
        j = self.i + k
        return self.p[j] if j < len(self.p) else ""

    def hex_escape(self):
        """After ``\\x``: ``{HHHH}`` or ``HH``; returns the character."""
        if self.peek() == "{":
            end = self.p.find("}", self.i)
            if end < 0:
                raise Invalid("invalid escape sequence: missing } after \\x{")
            digits = self.p[self.i + 1:end]
            self.i = end + 1
        else:
            digits = self.p[self.i:self.i + 2]
            self.i += 2
        try:
            code = int(digits, 16)
            return chr(code)
        except (ValueError, OverflowError):
            raise Invalid(f"invalid escape sequence: \\x{digits}") from None

    def escape_outside(self):
        c = self.peek()
        self.i += 1
        if c == "":
            raise Invalid("trailing \\")
        if c in PERL:
            return f"[{PERL[c]}]"
        if c in "DWS":
            return f"[^{PERL[c.lower()]}]"
        if c == "b":
            return _B
        if c == "B":
            self.byte_sensitive = True
            return _NB
        if c == "A":
            return "\\A"
        if c == "z":
            return "\\Z"
        if c == "Q":
            end = self.p.find("\\E", self.i)
            text = self.p[self.i:] if end < 0 else self.p[self.i:end]
            self.i = len(self.p) if end < 0 else end + 2
            return "".join(_lit(ch) for ch in text) if text else "(?:)"
        if c == "E":
            return "(?:)"
        if c == "x":
            return _lit(self.hex_escape())
        if c in SIMPLE_ESCAPES:
            return SIMPLE_ESCAPES[c]
        if c in "pP":
            raise Unsupported(f"Unicode class \\{c}: Python's re has no Unicode property classes")
        if c == "C":
            raise Unsupported("\\C matches one byte; Python's re matches characters")
        if c.isdigit():
            raise Unsupported(f"\\{c}: octal escapes and backreferences are not translated")
        if c.isascii() and not c.isalnum():
            return _lit(c)
        raise Invalid(f"invalid escape sequence: \\{c}")

    def escaped_char(self, e):
        """The character ``\\<e>`` stands for inside a bracket expression, or None."""
        if e == "x":
            return self.hex_escape()
        if e in SIMPLE_ESCAPES:
            return {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}[e]
        if e and e.isascii() and not e.isalnum():
            return e
        return None

    def char_class(self):
        """After ``[``: the Python class for the bracket expression."""
        negate = False
        if self.peek() == "^":
            negate = True
            self.i += 1
        items = []        # Python class fragments
        negated_items = []  # a single negated item is allowed when it is the whole class
        first = True
        while True:
            c = self.peek()
            if c == "":
                raise Invalid("missing ]")
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            if c == "[" and self.peek(1) == ":":
                end = self.p.find(":]", self.i + 2)
                if end < 0:
                    items.append(_lit("["))
                    self.i += 1
                    continue
                name = self.p[self.i + 2:end]
                self.i = end + 2
                neg = name.startswith("^")
                name = name[1:] if neg else name
                if name not in POSIX:
                    raise Invalid(f"invalid character class range: [:{name}:]")
                (negated_items if neg else items).append(POSIX[name])
                continue
            if c == "\\":
                self.i += 1
                e = self.peek()
                self.i += 1
                if e in PERL:
                    items.append(PERL[e])
                    continue
                if e in "DWS":
                    negated_items.append(PERL[e.lower()])
                    continue
                if e in "pP":
                    raise Unsupported(f"Unicode class \\{e}: Python's re has no Unicode property "
                                      "classes")
                lo = self.escaped_char(e)
                if lo is None:
                    raise Invalid(f"invalid escape sequence: \\{e}")
            else:
                lo = c
                self.i += 1
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                self.i += 1
                hi = self.peek()
                self.i += 1
                if hi == "\\":
                    e = self.peek()
                    self.i += 1
                    hi = self.escaped_char(e)
                    if hi is None:
                        raise Unsupported(f"range ending in \\{e} inside a bracket expression")
                if hi < lo:
                    raise Invalid(f"invalid character class range: {lo}-{hi}")
                items.append(f"{_lit(lo)}-{_lit(hi)}")
            else:
                items.append(_lit(lo))
        if negated_items:
            if len(negated_items) == 1 and not items:
                body = negated_items[0]
                return f"[{body}]" if negate else f"[^{body}]"
            raise Unsupported("a negated class (\\D, \\W, \\S, [:^name:]) inside a larger bracket "
                              "expression has no Python spelling")
        body = "".join(items)
        return f"[^{body}]" if negate else f"[{body}]"

    def group_open(self):
        """After ``(``: the Python group opener; pushes the group's multi-line state."""
        m_now = self.multiline[-1]
        if self.peek() != "?":
            self.multiline.append(m_now)
            return "("
        self.i += 1
        c = self.peek()
        if c == ":":
            self.i += 1
            self.multiline.append(m_now)
            return "(?:"
        if c == "P" and self.peek(1) == "<":
            end = self.p.find(">", self.i)
            name = self.p[self.i + 2:end]
            self.i = end + 1
            self.multiline.append(m_now)
            return f"(?P<{name}>"
        if c == "<" and self.peek(1) not in ("=", "!"):
            end = self.p.find(">", self.i)
            name = self.p[self.i + 1:end]
            self.i = end + 1
            self.multiline.append(m_now)
            return f"(?P<{name}>"
        if c in "=!<" or c == "P":
            raise Invalid("invalid or unsupported Perl syntax (lookaround or backreference)")
        m = re.match(r"([imsU]*)(?:-([imsU]*))?([:)])", self.p[self.i:])
        if not m:
            raise Invalid(f"invalid or unsupported Perl syntax: (?{self.p[self.i:self.i + 3]}")
        on, off, end = m.group(1), m.group(2) or "", m.group(3)
        if "U" in on + off:
            raise Unsupported("(?U) swaps greedy and lazy repetition; Python's re has no such flag")
        self.i += m.end()
        multiline = (m_now or "m" in on) and "m" not in off
        flags = on + ("-" + off if off else "")
        if end == ":":
            self.multiline.append(multiline)
            return f"(?{flags}:" if flags else "(?:"
        if self.out or len(self.multiline) > 1:
            raise Unsupported("inline flags after the start of the pattern (Python allows them "
                              "only at the start); use a (?flags:...) group")
        if off:
            raise Unsupported("(?-flags) at the start of the pattern")
        self.multiline[-1] = multiline
        return f"(?{on})" if on else ""

    def run(self):
        while self.i < len(self.p):
            c = self.p[self.i]
            self.i += 1
            repeat = False
            if c == "\\":
                piece = self.escape_outside()
            elif c == "[":
                piece = self.char_class()
            elif c == "(":
                piece = self.group_open()
            elif c == ")":
                if len(self.multiline) == 1:
                    raise Invalid("unexpected )")
                self.multiline.pop()
                piece = ")"
            elif c == "$":
                piece = "$" if self.multiline[-1] else "\\Z"
            elif c in "*+?":
                if self.last_was_repeat == "lazy" or (self.last_was_repeat and c != "?"):
                    raise Invalid(f"bad repetition operator: {self.p[self.i - 2:self.i]}")
                if self.last_was_repeat:  # a lazy suffix
                    self.out.append("?")
                    self.last_was_repeat = "lazy"
                    continue
                piece = c
                repeat = True
            elif c == "{":
                m = _REPEAT.match(self.p, self.i - 1)
                if m:
                    lo = int(m.group(1))
                    hi = m.group(3)
                    if lo > 1000 or (hi and int(hi) > 1000):
                        raise Invalid("bad repetition operator (counts above 1000)")
                    if hi and int(hi) < lo:
                        raise Invalid("bad repetition operator")
                    if self.last_was_repeat:
                        raise Invalid(f"bad repetition operator: {m.group(0)}")
                    self.i = m.end()
                    piece = m.group(0)
                    repeat = True
                else:
                    piece = "\\{"
            elif c == "}":
                piece = "\\}"
            else:
                piece = c if c in ".|^" else _lit(c)
            if repeat and (not self.out or self.out[-1] in ("(", "|") or self.out[-1].endswith("(")
                           or self.out[-1].endswith(":")):
                raise Invalid("missing argument to repetition operator")
            self.out.append(piece)
            self.last_was_repeat = repeat
        if len(self.multiline) != 1:
            raise Invalid("missing )")
        return "".join(self.out)


_CACHE = {}


class Regex:
    """A translated RE2 pattern: ``rx`` (compiled), and ``byte_sensitive`` when it uses ``\\B``.

    RE2 searches byte by byte, so an empty ``\\B`` match can fall between the bytes of one
    multi-byte character (TF turns ``Straße`` into ``SXtXrXaÃX\\x9fe`` with ``\\B`` -> ``X``);
    Python's ``re`` on text cannot stop there, so :func:`replace` refuses such a pattern on
    non-ASCII text (full matches are unaffected).
    """

    __slots__ = ("rx", "byte_sensitive", "groups")

    def __init__(self, rx, byte_sensitive):
        self.rx = rx
        self.byte_sensitive = byte_sensitive
        self.groups = rx.groups


def translate(pattern: str) -> str:
    """The Python ``re`` pattern equivalent to RE2 ``pattern`` (raises Unsupported / Invalid)."""
    return _Parser(pattern).run()


def compile_re2(pattern: bytes):
    """A compiled Python regex for the UTF-8 RE2 ``pattern`` (cached)."""
    hit = _CACHE.get(pattern)
    if hit is not None:
        return hit
    try:
        text = pattern.decode("utf-8")
    except UnicodeDecodeError:
        raise Unsupported("the pattern is not valid UTF-8") from None
    parser = _Parser(text)
    translated = parser.run()
    try:
        rx = Regex(re.compile(translated), parser.byte_sensitive)
    except re.error as exc:
        raise Invalid(str(exc)) from None
    if len(_CACHE) > 256:
        _CACHE.clear()
    _CACHE[pattern] = rx
    return rx


def parse_rewrite(rewrite: bytes):
    """RE2 rewrite text -> list of str pieces and int group numbers; None when it is malformed."""
    text = rewrite.decode("utf-8", "surrogateescape")
    parts, buf, i = [], [], 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if nxt.isdigit() and nxt.isascii():
                if buf:
                    parts.append("".join(buf))
                    buf = []
                parts.append(int(nxt))
            elif nxt == "\\":
                buf.append("\\")
            else:
                return None
            i += 2
            continue
        buf.append(c)
        i += 1
    if buf:
        parts.append("".join(buf))
    return parts


def _expand(parts, m):
    return "".join(p if isinstance(p, str) else (m.group(p) or "") for p in parts)


def _dec(s):
    return s.decode("utf-8", "surrogateescape")


def _enc(s):
    return s.encode("utf-8", "surrogateescape")


def replace(rx, parts, s: bytes, replace_global: bool) -> bytes:
    """RE2's Replace / GlobalReplace of ``s``: unchanged when the rewrite is malformed or names a
    group the pattern does not have; after a match, an empty match right at its end is skipped."""
    if parts is None or any(isinstance(p, int) and p > rx.groups for p in parts):
        return s
    if rx.byte_sensitive and not s.isascii():
        raise Unsupported("a pattern with \\B on non-ASCII text: RE2 can match \\B between the "
                          "bytes of one UTF-8 character, Python's re cannot")
    t = _dec(s)
    rx = rx.rx
    if not replace_global:
        m = rx.search(t)
        if m is None:
            return s
        return _enc(t[:m.start()] + _expand(parts, m) + t[m.end():])
    out, p, lastend, count = [], 0, -1, 0
    n = len(t)
    while p <= n:
        m = rx.search(t, p)
        if m is None:
            break
        start, end = m.span()
        if p < start:
            out.append(t[p:start])
        if start == end and start == lastend:
            if p < n:
                out.append(t[p])
            p += 1
            continue
        out.append(_expand(parts, m))
        p = end
        lastend = end
        count += 1
    if count == 0:
        return s
    if p < n:
        out.append(t[p:])
    return _enc("".join(out))


def full_match(rx, s: bytes) -> bool:
    return rx.rx.fullmatch(_dec(s)) is not None
