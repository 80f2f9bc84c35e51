"""interp.flex.nodedef and interp.flex.custom_options: the Flex op payload.

Oracles:
* ``CODING_*`` hex strings are the custom_options bytes of the two ops in
  ``tests/fixtures/coding.tflite`` (read once with ai_edge_litert's schema module).
  ``CODING_AS_STRING_HASH_ORDER`` is the same op from a converter run whose attr map came out in
  hash order (before the fixture generator sorted it); both orders must round-trip.
* ``JOIN_*`` is a FlexStringJoin op with a 300-byte separator, converted by TF 2.21 with
  SELECT_TF_OPS, so the FlexBuffer needs 2-byte widths.
* ``TF_NODEDEF_ALL_KINDS`` was serialized by TF 2.21's own protobuf (``NodeDef.SerializeToString``)
  from a NodeDef with every attr kind; the expected decoded values were written by hand.
* The hand-worked bytes in ``test_encode_hand_built`` follow the protobuf rules in FORMAT.md section 7.
"""
import struct

import pytest
from flatbuffers import flexbuffers
from hypothesis import given, settings, strategies as st

from interp.errors import ModelError
from interp.flex.custom_options import decode_flex_options, encode_flex_options, read_flex_payload
from interp.flex.nodedef import (
    AttrValue, ListValue, NodeDef, TensorShape, decode_nodedef, encode_nodedef,
)
from support import FIXTURES

CODING_STRING_TO_NUMBER = (
    "0e537472696e67546f4e756d626572004b120e537472696e67546f4e756d6265721a002a0e0a086f75745f74797065"
    "1202300132270a0e537472696e67546f4e756d62657212155f5f696e666572656e63655f6465636f64655f31300002"
    "5d4e1414042801"
)
CODING_AS_STRING = (
    "084173537472696e67009512084173537472696e671a002a070a0154120230012a0a0a0466696c6c120212002a180a"
    "09707265636973696f6e120b18ffffffffffffffffff012a100a0a736369656e7469666963120228002a0e0a087368"
    "6f7274657374120228002a140a057769647468120b18ffffffffffffffffff0132200a084173537472696e67121"
    "45f5f696e666572656e63655f656e636f64655f350002a1981414042801"
)
CODING_AS_STRING_HASH_ORDER = (
    "084173537472696e67009512084173537472696e671a002a180a09707265636973696f6e120b18ffffffffffffffff"
    "ff012a070a0154120230012a100a0a736369656e7469666963120228002a0a0a0466696c6c120212002a140a057769"
    "647468120b18ffffffffffffffffff012a0e0a0873686f72746573741202280032200a084173537472696e67121"
    "45f5f696e666572656e63655f656e636f64655f350002a1981414042801"
)
JOIN_STRING_JOIN = (
    "0a537472696e674a6f696e005b01120a537472696e674a6f696e1a001a002abd020a09736570617261746f7212af02"
    "12ac02" + "2d" * 300 + "2a070a014e1202180232000002006b0160011415062901"
)
TF_NODEDEF_ALL_KINDS = (
    "0a026e311203466f6f1a01611a001a03623a311a025e6322062f6370753a302a1e0a05736861706512153a13120b08"
    "ffffffffffffffffff011200120208032a0c0a06625f74727565120228012a0e0a05665f6e616e1205250000c07f2a"
    "090a02706812034a01542a0d0a07735f656d707479120212002a130a05695f626967120a1880808080808080804"
    "02a170a0466756e63120f520d0a02666e12070a0178120218032a070a0174120230072a110a0973686170655f756e"
    "6b12043a0218012a100a0a6c6973745f656d70747912020a002a140a05695f6e6567120b18fbffffffffffffffff01"
    "2a0d0a07625f66616c7365120228002a1e0a0674656e736f72121442120803120412020802220801000000020000"
    "002a0a0a0166120525cdcccc3d2a120a0c73686170655f7363616c617212023a002a3e0a086c6973745f616c6c1232"
    "0a3012017812001a0d01ffffffffffffffffff01ac0222080000c03f000000c02a020100320201073a04120208023a"
    "0218012a090a05656d70747912002a0c0a017312071205ff0061626332060a046f726967"
)
ALL_PAYLOADS = [CODING_STRING_TO_NUMBER, CODING_AS_STRING, CODING_AS_STRING_HASH_ORDER, JOIN_STRING_JOIN]


@pytest.mark.parametrize("hexdata", ALL_PAYLOADS)
def test_flex_options_round_trip_byte_identical(hexdata):
    data = bytes.fromhex(hexdata)
    name, nodedef = decode_flex_options(data)
    assert name == nodedef.op
    assert encode_flex_options(nodedef) == data


def test_decoded_coding_ops():
    name, nd = decode_flex_options(bytes.fromhex(CODING_STRING_TO_NUMBER))
    assert name == "StringToNumber"
    assert nd == NodeDef(
        op="StringToNumber", inputs=("",), attrs={"out_type": AttrValue("type", 1)},
        experimental_debug_info=b"\n\x0eStringToNumber\x12\x15__inference_decode_10",
    )
    name, nd = decode_flex_options(bytes.fromhex(CODING_AS_STRING_HASH_ORDER))
    assert name == "AsString" and nd.name == "" and nd.device == "" and nd.inputs == ("",)
    assert list(nd.attrs) == ["precision", "T", "scientific", "fill", "width", "shortest"]
    assert nd.attrs["T"] == AttrValue("type", 1)
    assert nd.attrs["precision"] == AttrValue("i", -1)
    assert nd.attrs["scientific"] == AttrValue("b", False)
    assert nd.attrs["fill"] == AttrValue("s", b"")
    assert nd.attr("width", "i", -1) == -1
    assert nd.attr("shortest", "b") is False


def test_string_join_wide_payload():
    data = bytes.fromhex(JOIN_STRING_JOIN)
    name, nd = decode_flex_options(data)
    assert name == "StringJoin" and nd.inputs == ("", "")
    assert nd.attrs == {"separator": AttrValue("s", b"-" * 300), "N": AttrValue("i", 2)}
    assert nd.experimental_debug_info == b""     # present but empty: written as 32 00
    assert data[-2] == (10 << 2) | 1 and data[-1] == 1   # VECTOR with 2-byte elements


def test_coding_fixture_file():
    schema = pytest.importorskip("ai_edge_litert.schema_py_generated")
    path = FIXTURES / "coding.tflite"
    if not path.exists():
        pytest.skip("tests/fixtures/coding.tflite not generated")
    model = schema.Model.GetRootAsModel(path.read_bytes(), 0)
    seen = {}
    for sg in range(model.SubgraphsLength()):
        subgraph = model.Subgraphs(sg)
        for k in range(subgraph.OperatorsLength()):
            op = subgraph.Operators(k)
            code = model.OperatorCodes(op.OpcodeIndex()).CustomCode().decode()
            options = op.CustomOptionsAsNumpy().tobytes()
            name, nodedef = decode_flex_options(options)
            assert code == "Flex" + name
            assert encode_flex_options(nodedef) == options
            assert encode_nodedef(nodedef) == read_flex_payload(options)[1]
            seen[name] = nodedef
    assert set(seen) == {"AsString", "StringToNumber"}
    assert seen["AsString"].attr("T", "type") == 1
    assert seen["StringToNumber"].attr("out_type", "type") == 1


def test_tf_serialized_nodedef_all_kinds():
    data = bytes.fromhex(TF_NODEDEF_ALL_KINDS)
    nd = decode_nodedef(data)
    assert encode_nodedef(nd) == data
    assert (nd.name, nd.op, nd.inputs, nd.device) == ("n1", "Foo", ("a", "", "b:1", "^c"), "/cpu:0")
    a = nd.attrs
    assert a["i_neg"] == AttrValue("i", -5)
    assert a["i_big"] == AttrValue("i", 2**62)
    assert a["f"] == AttrValue("f", struct.unpack("<f", struct.pack("<f", 0.1))[0])
    assert a["f_nan"].kind == "f" and a["f_nan"].value != a["f_nan"].value
    assert a["b_true"] == AttrValue("b", True) and a["b_false"] == AttrValue("b", False)
    assert a["s_empty"] == AttrValue("s", b"") and a["s"] == AttrValue("s", b"\xff\x00abc")
    assert a["t"] == AttrValue("type", 7)
    assert a["shape"] == AttrValue("shape", TensorShape((-1, 0, 3)))
    assert a["shape_unk"] == AttrValue("shape", TensorShape((), unknown_rank=True))
    assert a["shape_scalar"] == AttrValue("shape", TensorShape(()))
    assert a["list_empty"] == AttrValue("list", ListValue())
    assert a["list_all"] == AttrValue("list", ListValue(
        s=(b"x", b""), i=(1, -1, 300), f=(1.5, -2.0), b=(True, False), type=(1, 7),
        shape=(TensorShape((2,)), TensorShape((), True)),
    ))
    assert a["tensor"].kind == "tensor" and isinstance(a["tensor"].value, bytes)
    assert a["func"] == AttrValue("func", b"\n\x02fn\x12\x07\n\x01x\x12\x02\x18\x03")
    assert a["ph"] == AttrValue("placeholder", b"T")
    assert a["empty"] == AttrValue(None)
    assert nd.experimental_debug_info == b"\n\x04orig"


def test_encode_hand_built():
    nd = NodeDef(op="StringLength", inputs=("",), attrs={"unit": AttrValue("s", b"UTF8_CHAR")})
    expected = (
        "120c" + b"StringLength".hex()       # 2: op
        + "1a00"                              # 3: input ""
        + "2a13" + "0a04" + b"unit".hex()     # 5: attr entry (19 bytes), key "unit"
        + "120b" + "1209" + b"UTF8_CHAR".hex()  # value AttrValue{s}
    )
    assert encode_nodedef(nd).hex() == expected
    assert decode_nodedef(bytes.fromhex(expected)) == nd
    # i = 0 and b = false are still written (oneof members are always present once set)
    assert encode_nodedef(NodeDef(op="X", attrs={"a": AttrValue("i", 0)})).hex() == "120158" + "2a070a01611202" "1800"
    assert encode_nodedef(NodeDef(op="X", attrs={"a": AttrValue("b", False)})).hex() == "120158" + "2a070a01611202" "2800"


def test_attr_accessor():
    nd = NodeDef(op="AsString", attrs={"width": AttrValue("i", 5), "fill": AttrValue("s", b"0")})
    assert nd.attr("width", "i") == 5
    assert nd.attr("precision", "i", -1) == -1
    with pytest.raises(ModelError, match="attr 'fill' of TF op AsString should be an int"):
        nd.attr("fill", "i")


def test_nodedef_is_immutable():
    nd = NodeDef(op="X", attrs={"a": AttrValue("i", 1)})
    with pytest.raises(TypeError):
        nd.attrs["b"] = AttrValue("i", 2)
    with pytest.raises(ValueError):
        AttrValue("int", 3)


def test_unknown_fields_kept():
    data = bytes.fromhex("120158" "3a0101" "4005")   # op "X", experimental_type {..}, field 8 varint 5
    nd = decode_nodedef(data)
    assert nd.experimental_type == b"\x01" and nd.unknown_fields == ((8, 0, 5),)
    assert encode_nodedef(nd) == data


@pytest.mark.parametrize("hexdata, fragment", [
    ("1001", "NodeDef.op has wire type 0"),            # op as a varint
    ("1202ffff", "NodeDef.op is not valid UTF-8"),
    ("1205414243", "past the end"),
    ("2a05" "0a0161" "1205", "past the end"),            # attr entry whose value runs past its end
    ("2a05" "1203" "1a0161", "AttrValue.i has wire type 2"),
    ("2a06" "1204" "25000000", "truncated fixed32"),
    ("2a03" "0a01" "ff", "attr key is not valid UTF-8"),
    ("2a07" "1205" "0a03" "1a0180", "truncated varint"),  # list.i packed, last varint cut
    ("2a07" "1205" "0a03" "22" "01" "00", "multiple of 4"),   # list.f packed with 1 byte
    ("2a04" "1202" "3a01", "past the end"),
])
def test_malformed_nodedef(hexdata, fragment):
    with pytest.raises(ModelError, match=fragment):
        decode_nodedef(bytes.fromhex(hexdata))


def _flex(value):
    return bytes(flexbuffers.Dumps(value))


def _typed_vector():
    builder = flexbuffers.Builder()
    builder.TypedVectorFromElements([1, 2])
    return bytes(builder.Finish())


@pytest.mark.parametrize("data, fragment", [
    (b"", "too short"),
    (b"\x00\x00", "too short"),
    (bytes.fromhex("0000002803"), "root byte width 3"),
    (_flex(5), "root should be a VECTOR .* got INT"),
    (_flex("AsString"), "got STRING"),
    (_flex({"a": "b"}), "got MAP"),
    (_typed_vector(), "got VECTOR_INT"),                   # a typed vector, not VECTOR
    (_flex(["a", 2]), "item 1 should be a STRING, got INT"),
    (_flex(["a", "b", "c"]), "should hold 2 items .* holds 3"),
    (_flex(["only"]), "holds 1"),
    # Hand-made variants of the valid ["A", "B"] payload
    #   01 41 00 | 01 42 00 | 02 | 06 04 | 14 14 | 04 | 28 01
    #   size 'A' NUL, size 'B' NUL, vector length, item offsets, item types, root offset, root type/width
    (bytes.fromhex("014100014200" "02" "0904" "1414" "04" "2801"), "item 0 at byte 7 points 9 bytes back"),
    (bytes.fromhex("404100014200" "02" "0604" "1414" "04" "2801"), "item 0 .* runs past the end"),
    (bytes.fromhex("014143014200" "02" "0604" "1414" "04" "2801"), "item 0 is not NUL-terminated"),
    (bytes.fromhex("014100014200" "02" "0604" "1414" "0b" "2801"), "vector length .* lies outside"),
    (bytes.fromhex("014100014200" "02" "0604" "1414" "0c" "2801"), "root vector offset .* before the start"),
])
def test_malformed_flex_options(data, fragment):
    with pytest.raises(ModelError, match=fragment):
        decode_flex_options(data)


def test_empty_op_name_and_bad_nodedef():
    builder = flexbuffers.Builder()
    with builder.Vector():
        builder.String("")
        builder.String("")
    with pytest.raises(ModelError, match="op name .* is empty"):
        decode_flex_options(bytes(builder.Finish()))
    builder = flexbuffers.Builder()
    with builder.Vector():
        builder.String("AsString")
        builder.String("\x10\x01")          # a NodeDef whose op field has the varint wire type
    with pytest.raises(ModelError, match="NodeDef.op has wire type 0"):
        decode_flex_options(bytes(builder.Finish()))


@pytest.mark.parametrize("hexdata", [CODING_AS_STRING, CODING_STRING_TO_NUMBER])
def test_corruption_only_raises_model_error(hexdata):
    data = bytes.fromhex(hexdata)
    variants = [data[:n] for n in range(len(data))]
    for pos in range(len(data)):
        for flip in (0x01, 0x80, 0xFF):
            variants.append(data[:pos] + bytes([data[pos] ^ flip]) + data[pos + 1 :])
    for variant in variants:
        try:
            decode_flex_options(variant)
        except ModelError:
            pass


_shapes = st.builds(TensorShape, st.tuples(*[st.integers(-1, 2**40)] * 2) | st.just(()), st.booleans())
_attr = st.one_of(
    st.builds(AttrValue, st.just("s"), st.binary(max_size=20)),
    st.builds(AttrValue, st.just("i"), st.integers(-(2**63), 2**63 - 1)),
    st.builds(AttrValue, st.just("f"), st.floats(width=32, allow_nan=False)),
    st.builds(AttrValue, st.just("b"), st.booleans()),
    st.builds(AttrValue, st.just("type"), st.integers(0, 30)),
    st.builds(AttrValue, st.just("shape"), _shapes),
    st.builds(AttrValue, st.just("list"), st.builds(
        ListValue, s=st.tuples(st.binary(max_size=5)), i=st.lists(st.integers(-5, 2**40)).map(tuple),
        f=st.lists(st.floats(width=32, allow_nan=False)).map(tuple), b=st.lists(st.booleans()).map(tuple),
        type=st.lists(st.integers(1, 23)).map(tuple), shape=st.lists(_shapes, max_size=2).map(tuple),
    )),
    st.builds(AttrValue, st.just("tensor"), st.binary(max_size=10)),
    st.just(AttrValue(None)),
)
_nodedefs = st.builds(
    NodeDef, op=st.text(max_size=10), name=st.text(max_size=5), inputs=st.lists(st.text(max_size=4)),
    device=st.text(max_size=5), attrs=st.dictionaries(st.text(max_size=6), _attr, max_size=5),
    experimental_debug_info=st.none() | st.binary(max_size=8),
)


@settings(max_examples=200, deadline=None)
@given(_nodedefs)
def test_nodedef_round_trip_property(nd):
    data = encode_nodedef(nd)
    back = decode_nodedef(data)
    assert back == nd
    assert list(back.attrs) == list(nd.attrs)
    assert encode_nodedef(back) == data
    assert decode_flex_options(encode_flex_options(nd, "Op"))[1] == nd
