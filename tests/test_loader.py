"""interp.loader: .tflite bytes -> Model, with every index and size checked.

Oracles: LiteRT's own generated schema module reading the same TensorFlow-made fixtures, models built
with interp.writer or re-packed with flatc's object API (interp.schema_generated) to plant one
specific defect each, and hand-written expectations for the error messages.
"""
import mmap
import random
import struct
from types import MappingProxyType

import flatbuffers
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interp import schema_generated as fb
from interp.errors import ModelError
from interp.loader import load_model, sniff
from interp.model import (
    Buffer, Metadata, Model, Operator, OperatorCode, Quantization, SignatureDef, SubGraph, Tensor,
    TensorMap,
)
from interp.writer import write_model
from support import FIXTURES
from test_writer import BIAS, FLOAT32, W, add_model, custom_model, fc_model


def repack(data, change):
    """``data`` re-serialized after ``change(model_t)`` edits flatc's object-API copy of it."""
    model_t = fb.ModelT.InitFromPackedBuf(data, 0)
    change(model_t)
    builder = flatbuffers.Builder(0)
    builder.Finish(model_t.Pack(builder), b"TFL3")
    return bytes(builder.Output())


def replace(model, **fields):
    values = {name: getattr(model, name) for name in model.__dataclass_fields__}
    values.update(fields)
    return type(model)(**values)


def with_subgraph(model, **fields):
    return replace(model, subgraphs=(replace(model.subgraphs[0], **fields),) + model.subgraphs[1:])


def with_tensor(model, index, **fields):
    tensors = list(model.subgraphs[0].tensors)
    tensors[index] = replace(tensors[index], **fields)
    return with_subgraph(model, tensors=tuple(tensors))


def with_op(model, **fields):
    return with_subgraph(model, operators=(replace(model.subgraphs[0].operators[0], **fields),))


def load_error(data):
    with pytest.raises(ModelError) as info:
        load_model(data)
    return str(info.value)


# --- fixtures made by TensorFlow's converter --------------------------------------------------------

def fixture(name):
    path = FIXTURES / f"{name}.tflite"
    if not path.exists():
        pytest.skip(f"{path} not generated yet")
    return path.read_bytes()


def test_coding_fixture():
    m = load_model(fixture("coding"))
    assert [(c.builtin_code, c.custom_code, c.version) for c in m.operator_codes] == [
        (32, "FlexStringToNumber", 1), (32, "FlexAsString", 1)]
    assert [(s.signature_key, s.subgraph_index) for s in m.signature_defs] == [("decode", 0), ("encode", 1)]
    decode, encode = m.subgraphs
    assert (decode.name, encode.name) == ("decode", "encode")
    assert [(t.name, t.type, t.shape, t.shape_signature) for t in decode.tensors] == [
        ("decode_x:0", 5, (1,), (-1,)), ("PartitionedCall:0", 0, (1,), (-1,))]
    assert [(t.name, t.type) for t in encode.tensors] == [("encode_x:0", 0), ("PartitionedCall_1:0", 5)]
    for sub, op_code, size in ((decode, 0, 101), (encode, 1, 169)):
        (op,) = sub.operators
        assert op.opcode_index == op_code and op.builtin_options_type == 0
        assert isinstance(op.custom_options, memoryview) and len(op.custom_options) == size
    # The Flex payload: a FlexBuffer vector of [op name, NodeDef]; its last two bytes are 0x28, 1.
    assert bytes(encode.operators[0].custom_options[-2:]) == b"\x28\x01"
    assert b"AsString" in bytes(encode.operators[0].custom_options)
    assert len(m.metadata_bytes("min_runtime_version")) == 16  # NUL-padded (all NUL for Flex models)
    assert [entry.name for entry in m.metadata] == ["min_runtime_version", "CONVERSION_METADATA"]


def test_dense_fixture():
    m = load_model(fixture("dense"))
    assert [c.builtin_code for c in m.operator_codes] == [9, 25]
    (sig,) = m.signature_defs
    assert sig.signature_key == "serving_default"
    assert [(t.name, t.tensor_index) for t in sig.inputs] == [("keras_tensor", 0)]
    sub = m.subgraphs[0]
    x = sub.tensors[sig.inputs[0].tensor_index]
    assert (x.name, x.shape, x.shape_signature) == ("serving_default_keras_tensor:0", (1, 4), (-1, 4))
    fc1, fc2, softmax = sub.operators
    assert fc1.inputs[2] == -1 and fc2.inputs[2] == -1  # the converter dropped the zero biases
    assert fc1.builtin_options["fused_activation_function"] == 1  # RELU
    assert dict(softmax.builtin_options) == {"beta": 1.0}
    weights = sub.tensors[fc1.inputs[1]]
    data = m.tensor_data(weights)
    assert weights.shape == (8, 4) and len(data) == 8 * 4 * 4


def test_arith_fixture():
    m = load_model(fixture("arith"))
    names = {c.builtin_code for c in m.operator_codes}
    assert names == {0, 56, 42, 9, 14, 18, 19, 22, 25, 41, 28}
    assert [s.signature_key for s in m.signature_defs] == ["affine", "iarith", "mix"]
    affine, iarith, mix = m.subgraphs
    assert affine.tensors[0].shape_signature == (-1, 4)
    assert all(t.shape_signature is None for t in iarith.tensors)  # fully static: no signature
    argmax = [op for op in affine.operators if m.operator_codes[op.opcode_index].builtin_code == 56]
    assert argmax[0].builtin_options == {"output_type": 4}


@pytest.mark.parametrize("name", ["coding", "dense", "arith"])
def test_fixtures_agree_with_litert_schema_module(name):
    schema = pytest.importorskip("ai_edge_litert.schema_py_generated")
    data = fixture(name)
    ours = load_model(data)
    theirs = schema.Model.GetRootAs(data, 0)
    assert len(ours.buffers) == theirs.BuffersLength()
    for i, code in enumerate(ours.operator_codes):
        t = theirs.OperatorCodes(i)
        assert code.builtin_code == max(t.BuiltinCode(), t.DeprecatedBuiltinCode())
        assert code.version == t.Version()
        assert (code.custom_code or None) == (t.CustomCode().decode() if t.CustomCode() else None)
    for s, sub in enumerate(ours.subgraphs):
        ts = theirs.Subgraphs(s)
        assert sub.inputs == tuple(ts.InputsAsNumpy()) and sub.outputs == tuple(ts.OutputsAsNumpy())
        for j, tensor in enumerate(sub.tensors):
            tt = ts.Tensors(j)
            assert tensor.name == tt.Name().decode()
            assert tensor.shape == tuple(tt.ShapeAsNumpy()) if tt.ShapeLength() else tensor.shape == ()
            assert (tensor.type, tensor.buffer, tensor.has_rank) == (tt.Type(), tt.Buffer(), tt.HasRank())
            if tensor.shape_signature is not None:
                assert tensor.shape_signature == tuple(tt.ShapeSignatureAsNumpy())
            data_len = theirs.Buffers(tensor.buffer).DataLength()
            assert (len(ours.tensor_data(tensor) or b"")) == data_len
        for k, op in enumerate(sub.operators):
            to = ts.Operators(k)
            assert (op.opcode_index, op.builtin_options_type) == (to.OpcodeIndex(), to.BuiltinOptionsType())
            assert op.inputs == tuple(to.InputsAsNumpy()) and op.outputs == tuple(to.OutputsAsNumpy())
    for i, sig in enumerate(ours.signature_defs):
        ts = theirs.SignatureDefs(i)
        assert sig.signature_key == ts.SignatureKey().decode()
        assert sig.subgraph_index == ts.SubgraphIndex()
        assert [(m.name, m.tensor_index) for m in sig.inputs] == [
            (ts.Inputs(j).Name().decode(), ts.Inputs(j).TensorIndex()) for j in range(ts.InputsLength())]


# --- zero copy ---------------------------------------------------------------------------------

def test_buffer_data_are_views_of_the_input():
    data = write_model(fc_model())
    m = load_model(data)
    w = m.buffers[2].data
    assert isinstance(w, memoryview) and w.obj is data
    np.testing.assert_array_equal(np.frombuffer(w, np.float32).reshape(3, 4), W)

    mutable = bytearray(data)
    m = load_model(mutable)
    start = bytes(mutable).find(W.tobytes())
    mutable[start:start + 4] = struct.pack("<f", 42.0)
    assert np.frombuffer(m.buffers[2].data, np.float32)[0] == 42.0  # same memory, no copy


def test_mmap_and_memoryview_inputs(tmp_path):
    path = tmp_path / "fc.tflite"
    path.write_bytes(write_model(fc_model()))
    with open(path, "rb") as f:
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    m = load_model(mm)
    np.testing.assert_array_equal(np.frombuffer(m.buffers[3].data, np.float32), BIAS)
    del m
    mm.close()
    padded = b"xxxx" + write_model(fc_model())
    m = load_model(memoryview(padded)[4:])
    np.testing.assert_array_equal(np.frombuffer(m.buffers[3].data, np.float32), BIAS)


def test_paths_are_not_bytes():
    with pytest.raises(TypeError, match="read the file first"):
        load_model("model.tflite")


def test_buffers_past_the_flatbuffer_read_back():
    model = fc_model(extra_identical_buffer=True)
    data = write_model(model, external_threshold=0)
    m = load_model(data)
    assert m.buffers[2].offset > 1 and m.buffers[2].offset % 16 == 0
    assert m.buffers[2].data.obj is data
    np.testing.assert_array_equal(np.frombuffer(m.tensor_data(m.subgraphs[0].tensors[1]), np.float32),
                                  W.ravel())
    np.testing.assert_array_equal(np.frombuffer(m.buffers[3].data, np.float32), BIAS)


# --- what the loader fills in -------------------------------------------------------------------

def test_defaults_and_op_code_resolution():
    data = write_model(add_model())
    # An old-style file: builtin_code absent (0), only the deprecated byte; version absent (1).
    old = repack(data, lambda m: (setattr(m.operatorCodes[0], "builtinCode", 0),
                                  setattr(m.operatorCodes[0], "deprecatedBuiltinCode", 18),
                                  setattr(m.operatorCodes[0], "version", 1)))
    assert load_model(old).operator_codes == (OperatorCode(18, None, 1),)
    new = repack(data, lambda m: (setattr(m.operatorCodes[0], "builtinCode", 150),
                                  setattr(m.operatorCodes[0], "deprecatedBuiltinCode", 127)))
    assert load_model(new).operator_codes[0].builtin_code == 150

    def no_options_table(m):
        m.subgraphs[0].operators[0].builtinOptions = None
    op = load_model(repack(data, no_options_table)).subgraphs[0].operators[0]
    assert op.builtin_options_type == 11
    assert dict(op.builtin_options) == {"fused_activation_function": 0, "pot_scale_int16": True}


def test_quantization_and_flags():
    m = load_model(write_model(custom_model()))
    q = m.subgraphs[0].tensors[1].quantization
    assert q == Quantization(scale=(0.5, 0.25), zero_point=(0, 0), quantized_dimension=0)
    scalar = m.subgraphs[0].tensors[2]
    assert scalar.shape == () and scalar.has_rank and scalar.quantization is None
    variable = load_model(write_model(with_tensor(fc_model(), 0, is_variable=True)))
    assert variable.subgraphs[0].tensors[0].is_variable
    unranked = load_model(write_model(with_tensor(fc_model(), 3, shape=(), shape_signature=None, has_rank=False)))
    assert not unranked.subgraphs[0].tensors[3].has_rank

    def no_has_rank(m):  # files from before has_rank existed
        for t in m.subgraphs[0].tensors:
            t.hasRank = False
    old = load_model(repack(write_model(custom_model()), no_has_rank)).subgraphs[0].tensors
    assert old[0].has_rank and old[1].has_rank  # shape (3,) and (2,): the rank is known
    assert not old[2].has_rank  # shape (): scalar or unknown rank, the file cannot tell


def test_sparsity_is_flagged_and_options2_ignored():
    def sparse(m):
        m.subgraphs[0].tensors[1].sparsity = fb.SparsityParametersT()
        m.subgraphs[0].tensors[1].sparsity.traversalOrder = [0, 1]
        m.subgraphs[0].operators[0].builtinOptions2Type = fb.BuiltinOptions2.StablehloConcatenateOptions
        m.subgraphs[0].operators[0].builtinOptions2 = fb.StablehloConcatenateOptionsT()
    data = repack(write_model(fc_model()), sparse)
    m = load_model(data)
    assert m.subgraphs[0].tensors[1].has_sparsity


# --- every error path: one planted defect each --------------------------------------------------

def test_not_a_tflite_file():
    good = write_model(add_model())
    cases = [
        (b"", "not a .tflite model: the file is empty"),
        (b"<!DOCTYPE html><html><body>Not Found</body></html>", "an HTML page"),
        (b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 123\n", "a Git LFS pointer"),
        (b"PK\x03\x04" + bytes(40), "a zip archive"),
        (b"\x08\x01\x12\x8c\x01\n\x0bserve" + bytes(30), "probably a TensorFlow SavedModel"),
        (good[:4] + b"TFL2" + good[8:], "identifier 'TFL2' at bytes 4-8 instead of 'TFL3'"),
        (b"\x1f\x8b\x08\x00" + bytes(20), "gzip"),
        (b"TF", "only 2 bytes"),
    ]
    for data, words in cases:
        message = load_error(data)
        assert words in message, (data[:12], message)


def test_truncated_file():
    data = write_model(fc_model())
    assert "truncated .tflite file" in load_error(data[:12])
    for cut in (len(data) // 2, len(data) - 40, 100):
        message = load_error(data[:cut])
        assert "truncated" in message or "corrupt" in message, message


def test_schema_version():
    data = repack(write_model(add_model()), lambda m: setattr(m, "version", 2))
    assert load_error(data) == "model: schema version 2, but only version 3 is supported"


def test_no_subgraphs_or_buffers():
    data = write_model(add_model())
    assert "the model has no subgraphs" in load_error(repack(data, lambda m: setattr(m, "subgraphs", None)))
    assert "the model has no subgraphs" in load_error(repack(data, lambda m: setattr(m, "subgraphs", [])))
    assert "the model has no buffers" in load_error(repack(data, lambda m: setattr(m, "buffers", None)))


def test_operator_tensor_indices():
    model = add_model()
    assert load_error(write_model(with_op(model, inputs=(0, 57)))) == \
        "subgraph 0 operator 0 (ADD): input 1 is tensor 57 but the subgraph has 3 tensors"
    assert load_error(write_model(with_op(model, inputs=(0, -2)))) == \
        "subgraph 0 operator 0 (ADD): input 1 is tensor -2 but the subgraph has 3 tensors"
    assert load_error(write_model(with_op(model, outputs=(9,)))) == \
        "subgraph 0 operator 0 (ADD): output 0 is tensor 9 but the subgraph has 3 tensors"
    assert load_error(write_model(with_op(model, outputs=(-1,)))) == \
        "subgraph 0 operator 0 (ADD): output 0 is tensor -1 but the subgraph has 3 tensors"
    assert load_error(write_model(with_op(model, intermediates=(3,)))) == \
        "subgraph 0 operator 0 (ADD): intermediate 0 is tensor 3 but the subgraph has 3 tensors"
    assert load_error(write_model(with_op(model, opcode_index=3))) == \
        "subgraph 0 operator 0: opcode_index 3 but the model has 1 operator codes"
    # -1 (an omitted optional input) is fine
    load_model(write_model(with_op(model, inputs=(0, -1))))


def test_subgraph_tensor_indices():
    assert load_error(write_model(with_subgraph(add_model(), inputs=(0, 5)))) == \
        "subgraph 0: input 1 is tensor 5 but the subgraph has 3 tensors"
    assert load_error(write_model(with_subgraph(add_model(), outputs=(3,)))) == \
        "subgraph 0: output 0 is tensor 3 but the subgraph has 3 tensors"


def test_tensor_buffer_index_and_metadata_buffer_index():
    assert load_error(write_model(with_tensor(add_model(), 1, buffer=99))) == \
        "subgraph 0 tensor 1 ('b'): buffer index 99 but the model has 4 buffers"
    model = replace(add_model(), metadata=(Metadata("x", 9),))
    assert load_error(write_model(model)) == "metadata 0: ('x') buffer index 9 but the model has 4 buffers"


def _two_subgraph_model(sig):
    main = add_model()
    small = SubGraph((Tensor("only", FLOAT32, (1,)),), (0,), (0,), ())
    return replace(main, subgraphs=main.subgraphs + (small,), signature_defs=(sig,))


def test_signature_indices_are_checked_against_their_own_subgraph():
    # tensor 2 exists in subgraph 0 (3 tensors) but not in subgraph 1 (1 tensor)
    bad = SignatureDef("second", (TensorMap("a", 2),), (), subgraph_index=1)
    assert load_error(write_model(_two_subgraph_model(bad))) == \
        "signature 0 ('second'): input 'a' is tensor 2 but subgraph 1 has 1 tensors"
    bad_out = SignatureDef("second", (), (TensorMap("z", 1),), subgraph_index=1)
    assert "output 'z' is tensor 1 but subgraph 1 has 1 tensors" in load_error(write_model(_two_subgraph_model(bad_out)))
    ok = SignatureDef("second", (TensorMap("a", 0),), (), subgraph_index=1)
    assert load_model(write_model(_two_subgraph_model(ok))).signature_defs == (ok,)
    missing = SignatureDef("second", (), (), subgraph_index=5)
    assert load_error(write_model(_two_subgraph_model(missing))) == \
        "signature 0 ('second'): subgraph_index 5 but the model has 2 subgraphs"


def test_signature_keys():
    model = add_model()
    twice = replace(model, signature_defs=model.signature_defs * 2)
    assert "signature 1 ('serving_default'): the signature key appears twice" in load_error(write_model(twice))
    nokey = repack(write_model(model), lambda m: setattr(m.signatureDefs[0], "signatureKey", None))
    assert load_error(nokey) == "signature 0: has no signature_key"


def test_constant_sizes_are_checked():
    short = replace(fc_model(), buffers=fc_model().buffers[:2] + (Buffer(data=W.tobytes()[:40]),)
                    + fc_model().buffers[3:])
    assert load_error(write_model(short)) == \
        "subgraph 0 tensor 1 ('w'): buffer 2 holds 40 bytes but a FLOAT32 tensor of shape [3, 4] needs 48"
    int4 = with_tensor(fc_model(), 2, type=17, shape=(5,))  # 5 INT4 values need 3 bytes, not 12
    assert "needs 3" in load_error(write_model(int4))
    resource = with_tensor(fc_model(), 2, type=13)
    assert "a RESOURCE tensor cannot hold constant data" in load_error(write_model(resource))


def test_string_constants_are_checked():
    wrong_count = with_tensor(custom_model(), 0, shape=(4,))
    assert load_error(write_model(wrong_count)) == \
        "subgraph 0 tensor 0 ('s'): buffer 1: holds 3 strings but the tensor shape needs 4"
    model = custom_model()
    bad = bytearray(model.buffers[1].data)
    bad[8:12] = struct.pack("<i", 1000)  # offset of string 1 past the end
    broken = replace(model, buffers=(model.buffers[0], Buffer(data=bytes(bad)), model.buffers[2]))
    assert "subgraph 0 tensor 0 ('s'): buffer 1:" in load_error(write_model(broken))


def test_shapes():
    assert load_error(write_model(with_tensor(add_model(), 0, shape=(-1, 3)))) == \
        "subgraph 0 tensor 0 ('a'): shape [-1, 3] has a negative dimension (only shape_signature may use -1)"
    assert "differ in rank" in load_error(write_model(with_tensor(add_model(), 0, shape_signature=(-1, 3, 1))))
    assert "below -1" in load_error(write_model(with_tensor(add_model(), 0, shape_signature=(-2, 3))))
    # -1 in shape_signature is what it is for
    assert load_model(write_model(with_tensor(add_model(), 0, shape_signature=(-1, 3)))).subgraphs[0] \
        .tensors[0].shape_signature == (-1, 3)


def test_data_past_the_end_of_the_file():
    data = write_model(fc_model())

    def far(m):
        m.buffers[2].data = None
        m.buffers[2].offset = 10**6
        m.buffers[2].size = 48
    message = load_error(repack(data, far))
    assert message.startswith("buffer 2: data at file offset 1000000 with size 48 runs past the end")

    def far_custom(m):
        m.subgraphs[0].operators[0].largeCustomOptionsOffset = len(data) + 64
        m.subgraphs[0].operators[0].largeCustomOptionsSize = 8
    message = load_error(repack(write_model(add_model()), far_custom))
    assert message.startswith("subgraph 0 operator 0 (ADD): large custom options at file offset")


def test_vector_longer_than_the_file():
    data = bytearray(write_model(fc_model()))
    start = bytes(data).find(W.tobytes())
    data[start - 4:start] = struct.pack("<I", 10**6)
    message = load_error(bytes(data))
    assert message.startswith("buffer 2: data claims 1000000 elements")
    assert "truncated or corrupt" in message


def test_unknown_codes_and_types():
    assert load_error(write_model(with_tensor(add_model(), 2, type=42))) == \
        "subgraph 0 tensor 2 ('out'): unknown TensorType 42"
    model = add_model()
    assert "unknown builtin code 250" in load_error(write_model(replace(model, operator_codes=(OperatorCode(250),))))
    assert "PLACEHOLDER_FOR_GREATER_OP_CODES" in load_error(
        write_model(replace(model, operator_codes=(OperatorCode(127),))))
    assert "a CUSTOM op code without a custom_code name" in load_error(
        write_model(replace(model, operator_codes=(OperatorCode(32),))))

    def options_type(m):
        m.subgraphs[0].operators[0].builtinOptionsType = 127
        m.subgraphs[0].operators[0].builtinOptions = None
    assert load_error(repack(write_model(model), options_type)) == \
        "subgraph 0 operator 0 (ADD): builtin_options_type 127 is not a BuiltinOptions member (1..126)"

    def custom_format(m):
        m.subgraphs[0].operators[0].customOptionsFormat = 1
    assert "custom_options_format 1" in load_error(repack(write_model(custom_model()), custom_format))

    def details_q(m):
        m.subgraphs[0].tensors[1].quantization.detailsType = 9
    assert "unknown QuantizationDetails type 9" in load_error(repack(write_model(custom_model()), details_q))


def test_quantization_consistency():
    mismatch = with_tensor(custom_model(), 1, quantization=Quantization(scale=(0.5, 0.25, 0.1), zero_point=(0, 0, 0)))
    assert load_error(write_model(mismatch)) == "subgraph 0 tensor 1 ('q'): 3 scales for dimension 0 of shape [2]"
    zp = with_tensor(custom_model(), 1, quantization=Quantization(scale=(0.5, 0.25), zero_point=(0,)))
    assert "2 scales but 1 zero points" in load_error(write_model(zp))
    axis = with_tensor(custom_model(), 1, quantization=Quantization(scale=(0.5, 0.25), zero_point=(0, 0),
                                                                    quantized_dimension=3))
    assert "per-axis quantization along dimension 3 of a rank-1 tensor" in load_error(write_model(axis))


def test_external_buffers_and_buffer_zero():
    def external(m):
        m.subgraphs[0].tensors[1].externalBuffer = 3
    assert "uses ExternalBuffer 3" in load_error(repack(write_model(fc_model()), external))

    def sentinel(m):
        m.buffers[0].data = [1, 2, 3]
    assert load_error(repack(write_model(fc_model()), sentinel)) == \
        "buffer 0 must be the empty sentinel but holds 3 bytes"


def test_invalid_utf8_name():
    model = with_tensor(add_model(), 0, name="name_to_break")
    data = write_model(model).replace(b"name_to_break", b"\xffame_to_break")
    assert "is not valid UTF-8" in load_error(data)


# --- robustness: random corruptions raise only ModelError -----------------------------------------

def _mutants(base, rng, count):
    interesting = [0, 1, 2, 3, 4, 0x7F, 0xFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, len(base), len(base) - 4]
    for _ in range(count):
        data = bytearray(base)
        kind = rng.randrange(5)
        if kind == 0:
            for _ in range(rng.randint(1, 4)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif kind == 1:
            del data[rng.randrange(len(data)):]
        elif kind == 2:
            pos = rng.randrange(0, len(data) - 4) & ~3
            value = rng.choice(interesting) if rng.random() < 0.7 else rng.getrandbits(32)
            data[pos:pos + 4] = struct.pack("<I", value)
        elif kind == 3:
            pos = rng.randrange(0, len(data) - 2) & ~1
            data[pos:pos + 2] = struct.pack("<H", rng.choice([0, 1, 2, 3, 4, 0xFFFF, rng.getrandbits(16)]))
        else:
            pos = rng.randrange(len(data))
            data[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        yield bytes(data)


def test_random_corruptions_raise_only_model_error():
    rng = random.Random(20240521)
    bases = [write_model(add_model()), write_model(fc_model()), write_model(custom_model()),
             write_model(fc_model(extra_identical_buffer=True), external_threshold=0)]
    outcomes = {"loaded": 0, "ModelError": 0}
    for base in bases:
        for data in _mutants(base, rng, 2500):
            try:
                load_model(data)
                outcomes["loaded"] += 1
            except ModelError:
                outcomes["ModelError"] += 1
    assert outcomes["ModelError"] > 2000 and outcomes["loaded"] > 200


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=0, max_size=200))
def test_arbitrary_bytes_after_a_tflite_header(tail):
    data = struct.pack("<I", 8 + len(tail) // 2) + b"TFL3" + tail
    try:
        load_model(data)
    except ModelError:
        pass


# --- sniff and speed --------------------------------------------------------------------------------

def test_sniff():
    assert sniff(b"") == "the file is empty (0 bytes)"
    assert "HTML" in sniff(b"\n  <html><head></head></html>")
    assert "ONNX" in sniff(b"\x08\x07\x12\x07pytorch")
    assert "size-prefixed" in sniff(b"\x10\x00\x00\x00\x0c\x00\x00\x00TFL3" + bytes(8))
    assert "HDF5" in sniff(b"\x89HDF\r\n\x1a\n" + bytes(8))
    assert "JSON" in sniff(b'{"graph": []}')
    assert "unrecognised content" in sniff(bytes(range(1, 40)))


def test_thousands_of_tensors_round_trip():
    """A large model loads back equal (its load time is in benchmarks/test_load.py)."""
    model = chain_model(3000)
    assert load_model(write_model(model)) == model


def chain_model(n):
    """n FLOAT32 [2,2] tensors joined by a chain of ADDs: even tensors are the input and op
    outputs, odd ones constants; a valid model the verifier accepts."""
    tensors, buffers, ops = [], [Buffer()], []
    for i in range(n):
        buffers.append(Buffer(data=np.full(4, i, np.float32).tobytes()) if i % 2 == 1 else Buffer())
        tensors.append(Tensor(f"t{i}", FLOAT32, (2, 2), buffer=i + 1,
                              quantization=Quantization(scale=(0.5,), zero_point=(0,)) if i % 2 else None))
    for i in range(0, n - 2, 2):
        ops.append(Operator(0, (i, i + 1), (i + 2,), 11,
                            MappingProxyType({"fused_activation_function": 0, "pot_scale_int16": True})))
    return Model((OperatorCode(0),), (SubGraph(tuple(tensors), (0,), ops[-1].outputs, tuple(ops)),),
                 tuple(buffers))
