"""The committed interp/schema_generated.py matches schema/interp.fbs, and the schema matches .tflite.

1. Drift: the sha256 recorded in the generated file's header equals that of interp.fbs (always runs),
   and, when flatc of the recorded version is available, a fresh regeneration is byte-identical.
2. Wire compatibility: when ai_edge_litert is installed, every enum value, union index, field slot,
   field type and default of our generated module equals that of LiteRT's own generated module.
"""
import importlib.util
import re
from pathlib import Path

import pytest

from interp import schema_generated as fb

ROOT = Path(__file__).resolve().parent.parent


def _load_generate():
    spec = importlib.util.spec_from_file_location("_interp_schema_generate", ROOT / "schema" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _load_generate()


# --- drift -------------------------------------------------------------------------------------

def test_recorded_schema_hash_matches_fbs():
    recorded = gen.recorded_header()
    assert recorded.get("schema sha256") == gen.schema_sha256(), (
        "schema/interp.fbs changed but interp/schema_generated.py was not regenerated: "
        "run `python schema/generate.py`")


def test_tables_match_a_fresh_parse_of_the_fbs():
    # Needs no flatc: the ENUMS/UNIONS/TABLES part is computed from the .fbs by generate.py.
    enums, unions, tables = gen.parse_schema(gen.SCHEMA.read_text())
    assert fb.ENUMS == enums
    assert fb.UNIONS == unions
    assert fb.TABLES == tables


def test_tables_module_is_the_committed_one():
    # Needs no flatc: schema_tables.py is rendered from the .fbs alone.
    assert gen.TABLES_OUTPUT.read_text() == gen.generate_tables(), (
        "interp/schema_tables.py is stale: run `python schema/generate.py`")


def test_loading_a_model_does_not_import_flatcs_accessors():
    import os
    import subprocess
    import sys
    import interp
    # Run the interp under test (installed or source tree) in a fresh process.
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(interp.__file__)))
    code = ("import sys, numpy as np, interp\n"
            "r = interp.Interpreter(model_path=sys.argv[1]).get_signature_runner()\n"
            "r(**{k: np.zeros(v['shape'], v['dtype']) for k, v in r.get_input_details().items()})\n"
            "print('interp.schema_generated' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(ROOT / "tests" / "fixtures" / "dense.tflite")],
                         capture_output=True, text=True, check=True, cwd=ROOT / "tests", env=env)
    assert out.stdout.strip() == "False"


def test_regenerating_gives_the_committed_file():
    flatc = gen.find_flatc()
    if flatc is None:
        pytest.skip("flatc not available; the sha256 check above still guards drift")
    recorded = gen.recorded_header()["flatc version"]
    if gen.flatc_version(flatc) != recorded:
        pytest.skip(f"flatc {gen.flatc_version(flatc)} differs from the recorded {recorded}")
    fresh = gen.generate(flatc)
    committed = gen.OUTPUT.read_text()
    assert fresh == committed, "interp/schema_generated.py is stale: run `python schema/generate.py`"


def test_tables_agree_with_flatc_accessors():
    # Our TABLES and flatc's accessors come from the same .fbs by two routes; they must agree.
    accessors = _accessors(Path(fb.__file__).read_text())
    for table, fields in fb.TABLES.items():
        methods = accessors[table]
        for name, fid, kind, _type, _default, _enum in fields:
            camel = "".join(part[:1].upper() + part[1:] for part in name.split("_"))
            assert methods[camel][0] == 4 + 2 * fid, f"{table}.{name}"
            if kind == "union":
                assert methods[camel + "Type"][0] == 4 + 2 * (fid - 1), f"{table}.{name}_type"


# --- wire compatibility with LiteRT ---------------------------------------------------------------

# Present in ai_edge_litert 2.3.0's generated module but not in the public schema (FORMAT.md §2.8).
LITERT_EXPERIMENTAL = {("BlockwiseQuantization", "BlockShape"), ("FullyConnectedOptions", "QuantSpec")}


@pytest.fixture(scope="module")
def litert():
    return pytest.importorskip("ai_edge_litert.schema_py_generated")


def _enum_members(cls):
    return {k: v for k, v in vars(cls).items() if not k.startswith("_") and isinstance(v, int)}


@pytest.mark.parametrize("enum", sorted(fb.ENUMS) + sorted(fb.UNIONS))
def test_enum_and_union_values_match_litert(litert, enum):
    ours = _enum_members(getattr(fb, enum))
    theirs = _enum_members(getattr(litert, enum))
    common = {k: ours[k] for k in ours if k in theirs}
    assert common == {k: theirs[k] for k in common}
    # LiteRT may be older (fewer members) but never has members we lack.
    assert set(theirs) <= set(ours), f"{enum}: LiteRT has members we lack: {set(theirs) - set(ours)}"


def test_every_builtin_operator_and_options_index(litert):
    assert _enum_members(fb.BuiltinOperator) == _enum_members(litert.BuiltinOperator)
    assert sorted(_enum_members(fb.BuiltinOperator).values()) == list(range(210))
    assert _enum_members(fb.BuiltinOptions) == _enum_members(litert.BuiltinOptions)
    assert max(_enum_members(fb.BuiltinOptions).values()) == 126
    assert _enum_members(fb.BuiltinOptions2) == _enum_members(litert.BuiltinOptions2)
    assert _enum_members(fb.TensorType) == _enum_members(litert.TensorType)


_CLASS = re.compile(r"^class (\w+)\(object\):\n(.*?)(?=^class |\Z)", re.S | re.M)
_METHOD = re.compile(r"^    def (\w+)\(self[^)]*\):\n(.*?)(?=^    #|^    def |^\S|\Z)", re.S | re.M)
_OFFSET = re.compile(r"self\._tab\.Offset\((\d+)\)")
_FLAGS = re.compile(r"number_types\.(\w+)Flags")
_RETURN_DEFAULT = re.compile(r"^        return (.+)$", re.M)
_ADD = re.compile(r"^def (\w+)\(builder, \w+\):\n    builder\.Prepend(\w+)Slot\((\d+), .*, ([^,\n]+)\)$", re.M)


def _norm(text):
    text = text.strip()
    return {"True": "1", "False": "0", "0.0": "0", "1.0": "1"}.get(text, text)


def _accessors(source):
    """{class: {method: (vtable offset, element/scalar flags, default returned)}} of a flatc module."""
    found = {}
    for cls, body in _CLASS.findall(source):
        methods = {}
        for name, mbody in _METHOD.findall(body):
            offset = _OFFSET.search(mbody)
            if not offset or any(h in mbody for h in ("VectorLen(", "GetVectorAsNumpy(", "return o == 0")):
                continue  # the <field>Length / <field>AsNumpy / <field>IsNone helpers
            flags = tuple(f for f in _FLAGS.findall(mbody) if f != "UOffsetT")
            returns = _RETURN_DEFAULT.findall(mbody)
            methods[name] = (int(offset.group(1)), flags, _norm(returns[-1]) if returns else None)
        found[cls] = methods
    return found


def _adders(source):
    """{function: (prepend kind, slot, default)} of the ``<Table>Add<Field>`` builder functions."""
    return {name: (kind, int(slot), _norm(default)) for name, kind, slot, default in _ADD.findall(source)}


# Every field, plus the hidden tag of each union field.
_N_SLOTS = sum(len(f) + sum(x[2] == "union" for x in f) for f in fb.TABLES.values())


def test_field_slots_types_and_defaults_match_litert(litert):
    ours = _accessors(Path(fb.__file__).read_text())
    theirs = _accessors(Path(litert.__file__).read_text())
    checked = 0
    for table in fb.TABLES:
        assert table in theirs, f"LiteRT has no table {table}"
        for method, signature in ours[table].items():
            assert method in theirs[table], f"LiteRT's {table} has no field accessor {method}"
            assert signature == theirs[table][method], f"{table}.{method}"
            checked += 1
        extra = {m for m in theirs[table] if m not in ours[table]} - {m for t, m in LITERT_EXPERIMENTAL if t == table}
        assert not extra, f"LiteRT's {table} has fields we lack: {extra}"
    assert checked == _N_SLOTS


def test_builder_slots_and_defaults_match_litert(litert):
    ours = _adders(Path(fb.__file__).read_text())
    theirs = _adders(Path(litert.__file__).read_text())
    assert len(ours) == _N_SLOTS
    for name, signature in ours.items():
        assert theirs.get(name) == signature, name


def test_buffer_built_with_ours_reads_with_litert(litert):
    import flatbuffers
    b = flatbuffers.Builder(0)
    name = b.CreateString("x")
    fb.TensorStartShapeVector(b, 2)
    b.PrependInt32(3)
    b.PrependInt32(2)
    shape = b.EndVector()
    fb.AddOptionsStart(b)
    fb.AddOptionsAddFusedActivationFunction(b, fb.ActivationFunctionType.RELU6)
    fb.AddOptionsAddPotScaleInt16(b, False)
    opts = fb.AddOptionsEnd(b)
    fb.OperatorStart(b)
    fb.OperatorAddOpcodeIndex(b, 7)
    fb.OperatorAddBuiltinOptionsType(b, fb.BuiltinOptions.AddOptions)
    fb.OperatorAddBuiltinOptions(b, opts)
    op = fb.OperatorEnd(b)
    fb.TensorStart(b)
    fb.TensorAddShape(b, shape)
    fb.TensorAddName(b, name)
    fb.TensorAddType(b, fb.TensorType.INT8)
    fb.TensorAddHasRank(b, True)
    tensor = fb.TensorEnd(b)
    fb.SubGraphStartTensorsVector(b, 1)
    b.PrependUOffsetTRelative(tensor)
    tensors = b.EndVector()
    fb.SubGraphStartOperatorsVector(b, 1)
    b.PrependUOffsetTRelative(op)
    ops = b.EndVector()
    fb.SubGraphStart(b)
    fb.SubGraphAddTensors(b, tensors)
    fb.SubGraphAddOperators(b, ops)
    b.Finish(fb.SubGraphEnd(b), b"TFL3")
    data = bytes(b.Output())

    sub = litert.SubGraph.GetRootAs(data, 0)
    t = sub.Tensors(0)
    assert (t.Name(), list(t.ShapeAsNumpy()), t.Type(), t.HasRank()) == (b"x", [2, 3], 9, True)
    assert sub.DebugMetadataIndex() == -1
    o = sub.Operators(0)
    assert o.OpcodeIndex() == 7 and o.BuiltinOptionsType() == 11
    add = litert.AddOptions()
    add.Init(o.BuiltinOptions().Bytes, o.BuiltinOptions().Pos)
    assert (add.FusedActivationFunction(), add.PotScaleInt16()) == (3, False)
