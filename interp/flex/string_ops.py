"""TensorFlow's ``AsString`` and ``StringToNumber`` kernels, byte for byte, in numpy.

Semantics were observed on TF 2.21 eager (facts, not code, carried over):

AsString
    A printf conversion built from the attrs: ``%`` + fill flag + width (if > -1) + ``.precision``
    (if > -1) + ``f`` / ``e`` (scientific) / ``g`` (shortest). Float16 values print as their exact
    float value. Float32/float64 (and complex parts) print **subnormals as a signed zero**: TF runs
    its kernels with denormals flushed. NaN prints as ``nan`` or ``-nan`` (the sign bit shows);
    ``nan``/``inf`` are padded with spaces even with the ``0`` flag. Integers use ``%d`` with the
    fill flag and width. Bools print ``true``/``false`` and ignore width and fill. Complex prints
    ``(re,im)`` with the float format applied to each part. Unsigned integers ignore the ``+`` and
    `` `` fills (C's ``%u``). Strings pass through unchanged unless width > 0; then they are cut to
    ``precision`` bytes (if > -1) and padded with spaces to ``width`` (left-justified with fill
    ``-``, other fills ignored).
StringToNumber
    ASCII whitespace (space, \\t, \\n, \\v, \\f, \\r) around the number is ignored; anything else that is
    not a whole number is an error, including the empty string. Floats accept what C's strtod does:
    decimal with optional exponent, hex floats (``0x1.8p1``, ``0x10``), ``inf``/``infinity``/``nan``
    in any case, ``nan(payload)``; results are correctly rounded (float32 directly, not through
    double); overflow gives +-inf and underflow 0, never an error. Integers are optionally signed
    decimal digits (no hex, no exponent, no point); out of range is an error, and unsigned types
    reject any ``-`` sign (even ``-0``).
"""

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np

from interp.errors import KernelError, ModelError

_INT32_RANGE = (-(2**31), 2**31 - 1)
_FILL_FLAGS = b" +-0#"
_TF_DTYPE_NAMES = {
    "bool": "bool", "int8": "int8", "int16": "int16", "int32": "int32", "int64": "int64",
    "uint8": "uint8", "uint16": "uint16", "uint32": "uint32", "uint64": "uint64",
    "float16": "half", "float32": "float", "float64": "double",
    "complex64": "complex64", "complex128": "complex128",
}


def _as_string_category(dtype):
    dtype = np.dtype(dtype)
    if dtype.kind in "OSU":
        return "string"
    name = _TF_DTYPE_NAMES.get(dtype.name)
    if name is None:
        supported = ", ".join(sorted(set(_TF_DTYPE_NAMES) - {"bool"})) + ", bool, string"
        raise ModelError(f"AsString does not support dtype {dtype.name}; supported: {supported}")
    if dtype.kind == "b":
        return "bool"
    return {"i": "int", "u": "int", "f": "float", "c": "complex"}[dtype.kind]


def _fill_bytes(fill):
    if isinstance(fill, str):
        return fill.encode("utf-8")
    return bytes(fill)


@dataclass(frozen=True)
class AsStringFormat:
    """The checked AsString attrs for one input dtype; :meth:`apply` formats an array."""

    category: str      # "float", "complex", "int", "bool" or "string"
    flag: str          # the fill flag: "", " ", "+", "-", "0" or "#"
    width: int
    precision: int
    conversion: str    # "f", "e" or "g" for floats

    def apply(self, values):
        """Format ``values`` (an array of the checked dtype): an object array of bytes, same shape."""
        values = np.asarray(values)
        flat = values.reshape(-1)
        if self.category == "bool":
            items = [b"true" if v else b"false" for v in flat.tolist()]
        elif self.category == "int":
            flag = self.flag
            if values.dtype.kind == "u" and flag in ("+", " "):
                flag = ""                       # C's %u has no sign to show
            spec = "%" + flag + (str(self.width) if self.width > -1 else "") + "d"
            items = [(spec % v).encode("ascii") for v in flat.tolist()]
        elif self.category == "float":
            items = [self._float(v).encode("ascii") for v in _flushed(flat).tolist()]
        elif self.category == "complex":
            real = _flushed(flat.real).tolist()
            imag = _flushed(flat.imag).tolist()
            items = [f"({self._float(r)},{self._float(i)})".encode("ascii") for r, i in zip(real, imag)]
        else:
            items = [self._string(v) for v in flat.tolist()]
        out = np.empty(values.shape, dtype=object)
        out.reshape(-1)[:] = items
        return out

    def _float(self, value):
        if math.isfinite(value):
            spec = ("%" + self.flag + (str(self.width) if self.width > -1 else "")
                    + (f".{self.precision}" if self.precision > -1 else "") + self.conversion)
            return spec % value
        body = "nan" if math.isnan(value) else "inf"
        if math.copysign(1.0, value) < 0:
            body = "-" + body
        elif self.flag in "+ " and self.flag:
            body = self.flag + body
        return self._pad(body)

    def _string(self, value):
        if isinstance(value, str):
            value = value.encode("utf-8")
        if self.width <= 0:
            return value                        # TF formats strings only when width > 0
        if self.precision > -1:
            value = value[: self.precision]
        return self._pad(value)

    def _pad(self, text):
        if self.width > len(text):
            return text.ljust(self.width) if self.flag == "-" else text.rjust(self.width)
        return text


def _flushed(values):
    """Float values as TF prints them: float32/float64 subnormals become a zero of the same sign."""
    if values.dtype == np.float16:
        return values.astype(np.float64)
    tiny = np.finfo(values.dtype).tiny
    subnormal = (values != 0) & (np.abs(values) < tiny)
    if subnormal.any():
        values = np.where(subnormal, np.copysign(np.zeros_like(values), values), values)
    return values


def check_as_string_attrs(dtype, precision=-1, scientific=False, shortest=False, width=-1, fill=""):
    """Validate AsString's attrs for input ``dtype`` the way TF's kernel constructor does.

    Returns an :class:`AsStringFormat`. Rejections raise :class:`ModelError` (the attrs come from
    the model file), checked in TF's order: precision/width fit int32; for integer and bool inputs
    scientific/shortest, then precision, are refused; fill is at most one byte; scientific and
    shortest are exclusive; fill is one of `` +-0#``.
    """
    category = _as_string_category(dtype)
    tf_name = _TF_DTYPE_NAMES.get(np.dtype(dtype).name, "string")
    for name, value in (("precision", precision), ("width", width)):
        if not _INT32_RANGE[0] <= value <= _INT32_RANGE[1]:
            raise ModelError(f"AsString: attr {name} has value {value}, out of range for an int32")
    if category in ("int", "bool"):
        if scientific or shortest:
            raise ModelError(f"AsString: scientific and shortest format are not supported for datatype {tf_name}")
        if precision > -1:
            raise ModelError(f"AsString: precision is not supported for datatype {tf_name}")
    fill = _fill_bytes(fill)
    if len(fill) > 1:
        raise ModelError(f"AsString: the fill string must be one or fewer characters, got {fill!r}")
    if scientific and shortest:
        raise ModelError("AsString: cannot select both scientific and shortest notation")
    if fill and fill not in _FILL_FLAGS:
        raise ModelError(f"AsString: fill argument {fill!r} is not supported (one of ' ', '+', '-', '0', '#')")
    conversion = "g" if shortest else "e" if scientific else "f"
    return AsStringFormat(category, fill.decode("ascii"), int(width), int(precision), conversion)


def as_string(values, *, precision=-1, scientific=False, shortest=False, width=-1, fill=""):
    """TF ``AsString``: an object array of bytes with the shape of ``values``."""
    values = np.asarray(values)
    fmt = check_as_string_attrs(values.dtype, precision, scientific, shortest, width, fill)
    return fmt.apply(values)


# ---------------------------------------------------------------- StringToNumber

STRING_TO_NUMBER_TYPES = tuple(
    np.dtype(t) for t in (np.float32, np.float64, np.int32, np.int64, np.uint32, np.uint64)
)
_WHITESPACE = b" \t\n\v\f\r"
_INT_RE = re.compile(rb"([+-]?)([0-9]+)")
_FLOAT_RE = re.compile(
    rb"""(?P<sign>[+-]?)(?:
        0[xX](?P<hexint>[0-9a-fA-F]*)(?:\.(?P<hexfrac>[0-9a-fA-F]*))?(?:[pP](?P<hexexp>[+-]?[0-9]+))?
      | (?P<dec>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
      | (?P<inf>[iI][nN][fF](?:[iI][nN][iI][tT][yY])?)
      | (?P<nan>[nN][aA][nN])(?:\((?P<payload>[0-9A-Za-z_]*)\))?
    )""",
    re.VERBOSE,
)
# (significand bits, smallest normal exponent, largest exponent, uint view, quiet-NaN bits, sign bit)
_FLOAT_FORMATS = {
    np.dtype(np.float32): (24, -126, 127, np.uint32, 0x7FC00000, 1 << 31),
    np.dtype(np.float64): (53, -1022, 1023, np.uint64, 0x7FF8000000000000, 1 << 63),
}


def check_string_to_number_attrs(out_type):
    """The output dtype for StringToNumber's ``out_type``; others raise :class:`ModelError`."""
    try:
        dtype = np.dtype(out_type)
    except TypeError as exc:
        raise ModelError(f"StringToNumber: out_type {out_type!r} is not a dtype") from exc
    if dtype not in STRING_TO_NUMBER_TYPES:
        names = ", ".join(t.name for t in STRING_TO_NUMBER_TYPES)
        raise ModelError(f"StringToNumber: out_type {dtype.name} is not supported; supported: {names}")
    return dtype


def _round_ratio(num, den, bits, emin, emax):
    """Round the positive rational num/den to the float format (ties to even); a Python float."""
    t = num.bit_length() - den.bit_length()
    if (num << max(-t, 0)) >= (den << max(t, 0)):
        t += 1                                  # now 2**(t-1) <= num/den < 2**t
    if t > emax + 1:
        return math.inf
    q = max(t - bits, emin - bits + 1)          # exponent of one unit in the last place
    n, d = (num, den << q) if q >= 0 else (num << -q, den)
    mant, rem = divmod(n, d)
    if 2 * rem > d or (2 * rem == d and mant & 1):
        mant += 1
    try:
        result = math.ldexp(mant, q)
    except OverflowError:
        return math.inf
    return math.inf if emax < 1023 and result >= 2.0 ** (emax + 1) else result


def _parse_hex(intpart, fracpart, exppart, bits, emin, emax):
    mant = int(intpart + fracpart or b"0", 16)
    if mant == 0:
        return 0.0
    exp_digits = exppart.lstrip(b"+-").lstrip(b"0") or b"0"
    exp = 10**18 if len(exp_digits) > 18 else int(exp_digits)
    if exppart.startswith(b"-"):
        exp = -exp
    exp -= 4 * len(fracpart)
    top = exp + mant.bit_length()
    if top > emax + 2:
        return math.inf
    if top < emin - bits - 1:
        return 0.0
    num, den = (mant << exp, 1) if exp >= 0 else (mant, 1 << -exp)
    return _round_ratio(num, den, bits, emin, emax)


def _parse_decimal(text, bits, emin, emax):
    value = float(text)                         # correctly rounded to double
    if bits == 53 or value == 0.0:
        return value                            # a double's 0 is also float32's
    if abs(value) >= 2.0**128:
        return math.copysign(math.inf, value)   # past float32's rounding boundary below 2**128
    with np.errstate(over="ignore"):
        as_f32 = float(np.float32(value))
    if as_f32 == value:
        return value                            # exactly a float32: no double-rounding issue
    exact = Fraction(Decimal(text.decode("ascii")))
    return _round_ratio(exact.numerator, exact.denominator, bits, emin, emax)


def _nan_payload(seq):
    """The payload strtod takes from ``nan(seq)``: seq read as a C integer (base 0) if it all parses."""
    if not seq:
        return 0
    if seq[:2] in (b"0x", b"0X"):
        base, digits, valid = 16, seq[2:], b"0123456789abcdefABCDEF"
        if not digits:
            return 0                            # "0x" with no digit: only "0" parses
    elif seq[:1] == b"0":
        base, digits, valid = 8, seq[1:], b"01234567"
    else:
        base, digits, valid = 10, seq, b"0123456789"
    if any(c not in valid for c in digits):
        return 0                                # not the whole sequence: the default NaN
    digits = digits.lstrip(b"0") or b"0"
    if base == 10 and len(digits) > 20:
        return 2**64 - 1
    return min(int(digits, base), 2**64 - 1)    # strtoull saturates


def _parse_float(text, dtype):
    """A float value (Python float) or ('nan', bits) for ``text``; None if it is not a number."""
    match = _FLOAT_RE.fullmatch(text)
    if match is None:
        return None
    bits, emin, emax, _, quiet_nan, sign_bit = _FLOAT_FORMATS[dtype]
    negative = match["sign"] == b"-"
    if match["nan"] is not None:
        mant_mask = (1 << (bits - 2)) - 1       # payload bits below the quiet bit
        nan_bits = quiet_nan | (_nan_payload(match["payload"]) & mant_mask)
        return ("nan", nan_bits | (sign_bit if negative else 0))
    if match["inf"] is not None:
        value = math.inf
    elif match["dec"] is not None:
        value = _parse_decimal(match["dec"], bits, emin, emax)
    else:
        hexint, hexfrac = match["hexint"], match["hexfrac"] or b""
        if not hexint and not hexfrac:
            return None
        value = _parse_hex(hexint, hexfrac, match["hexexp"] or b"0", bits, emin, emax)
    return -value if negative else value


def _parse_int(text, dtype):
    match = _INT_RE.fullmatch(text)
    if match is None:
        return None
    sign, digits = match.groups()
    if sign == b"-" and dtype.kind == "u":
        return None
    digits = digits.lstrip(b"0") or b"0"
    if len(digits) > 20:
        return None
    value = -int(digits) if sign == b"-" else int(digits)
    info = np.iinfo(dtype)
    return value if info.min <= value <= info.max else None


def string_to_number(values, out_type=np.float32):
    """TF ``StringToNumber``: parse every string of ``values`` (bytes or str) as ``out_type``.

    A string that is not a number of that type raises :class:`KernelError` quoting the string.
    """
    dtype = check_string_to_number_attrs(out_type)
    values = np.asarray(values, dtype=object) if not isinstance(values, np.ndarray) else values
    flat = values.reshape(-1).tolist()
    out = np.empty(len(flat), dtype=dtype)
    is_float = dtype.kind == "f"
    nans = []
    for index, item in enumerate(flat):
        raw = item.encode("utf-8") if isinstance(item, str) else bytes(item)
        text = raw.strip(_WHITESPACE)
        value = _parse_float(text, dtype) if is_float else _parse_int(text, dtype)
        if value is None:
            try:
                shown = repr(raw.decode("utf-8"))
            except UnicodeDecodeError:
                shown = repr(raw)
            where = f" (element {index} of {len(flat)}, out_type {dtype.name})" if len(flat) > 1 else ""
            raise KernelError(f"StringToNumberOp could not correctly convert string: {shown}{where}")
        if isinstance(value, tuple):
            nans.append((index, value[1]))
            value = math.nan
        out[index] = value
    if nans:
        view = out.view(_FLOAT_FORMATS[dtype][3])
        for index, bits in nans:
            view[index] = bits
    return out.reshape(values.shape)
