"""interp.writer: Model -> .tflite bytes. Oracles: our loader (round trips), LiteRT's own generated
schema module (what is on the wire), LiteRT's interpreter (it loads and runs what we write) and numpy.

The model builders here (``add_model``, ``fc_model``, ``custom_model``) are also used by
test_loader.py.
"""
from types import MappingProxyType

import numpy as np
import pytest

from interp.errors import ModelError
from interp.loader import load_model
from interp.model import (
    Buffer, Metadata, Model, Operator, OperatorCode, Quantization, SignatureDef, SubGraph, Tensor,
    TensorMap,
)
from interp.strings import decode_strings, encode_strings
from interp.writer import write_model
from support import litert

FLOAT32, INT32, STRING = 0, 2, 5
ADD, FULLY_CONNECTED, CUSTOM, GATHER, CUMSUM, GELU = 0, 9, 32, 36, 128, 150
ADD_OPTIONS, FC_OPTIONS = 11, 8

W = np.arange(12, dtype=np.float32).reshape(3, 4) / 10 - 0.5
BIAS = np.array([0.25, -1.0, 2.0], np.float32)


def options(**fields):
    return MappingProxyType(fields)


def add_model():
    """One ADD (float32, fused RELU): out = relu(a + b), signature 'serving_default'."""
    tensors = (
        Tensor("a", FLOAT32, (2, 3), buffer=1),
        Tensor("b", FLOAT32, (2, 3), buffer=2),
        Tensor("out", FLOAT32, (2, 3), buffer=3),
    )
    op = Operator(0, (0, 1), (2,), ADD_OPTIONS, options(fused_activation_function=1, pot_scale_int16=True))
    sig = SignatureDef("serving_default", (TensorMap("b", 1), TensorMap("a", 0)), (TensorMap("out", 2),))
    return Model(
        operator_codes=(OperatorCode(ADD),),
        subgraphs=(SubGraph(tensors, (0, 1), (2,), (op,), "main"),),
        buffers=(Buffer(), Buffer(), Buffer(), Buffer()),
        signature_defs=(sig,),
        description="interp test",
    )


def fc_model(extra_identical_buffer=False):
    """FULLY_CONNECTED x[-1,4] @ W.T + BIAS with constant W [3,4] and BIAS [3]."""
    tensors = [
        Tensor("x", FLOAT32, (1, 4), buffer=1, shape_signature=(-1, 4)),
        Tensor("w", FLOAT32, (3, 4), buffer=2),
        Tensor("bias", FLOAT32, (3,), buffer=3),
        Tensor("y", FLOAT32, (1, 3), buffer=4, shape_signature=(-1, 3)),
    ]
    buffers = [Buffer(), Buffer(), Buffer(data=W.tobytes()), Buffer(data=BIAS.tobytes()), Buffer()]
    if extra_identical_buffer:  # an unused second copy of W, to exercise deduplication
        tensors.append(Tensor("w_copy", FLOAT32, (3, 4), buffer=5))
        buffers.append(Buffer(data=W.tobytes()))
    op = Operator(0, (0, 1, 2), (3,), FC_OPTIONS, options(
        fused_activation_function=0, weights_format=0, keep_num_dims=False,
        asymmetric_quantize_inputs=False, quantized_bias_type=0))
    return Model(
        operator_codes=(OperatorCode(FULLY_CONNECTED),),
        subgraphs=(SubGraph(tuple(tensors), (0,), (3,), (op,), "main"),),
        buffers=tuple(buffers),
        signature_defs=(SignatureDef("serving_default", (TensorMap("x", 0),), (TensorMap("y", 3),)),),
        metadata=(Metadata("min_runtime_version", 5 if extra_identical_buffer else 4),),
    )


def custom_model(custom_options=b"\x01\x02\x03hello"):
    """One CUSTOM op 'MyOp' with custom options, a STRING constant and a quantized tensor."""
    strings = encode_strings([b"AB", b"", b"xyz"])
    tensors = (
        Tensor("s", STRING, (3,), buffer=1),
        Tensor("q", 9, (2,), buffer=2, quantization=Quantization(scale=(0.5, 0.25), zero_point=(0, 0))),
        Tensor("out", FLOAT32, (), buffer=0),
    )
    op = Operator(0, (0, 1, -1), (2,), custom_options=custom_options)
    return Model(
        operator_codes=(OperatorCode(CUSTOM, "MyOp", 2),),
        subgraphs=(SubGraph(tensors, (), (2,), (op,), "main"),),
        buffers=(Buffer(), Buffer(data=strings), Buffer(data=b"\x05\xfb")),
    )


def litert_model(data):
    schema = pytest.importorskip("ai_edge_litert.schema_py_generated")
    return schema.Model.GetRootAs(data, 0)


# --- round trips and determinism -------------------------------------------------------------------

@pytest.mark.parametrize("build", [add_model, fc_model, custom_model])
def test_round_trip(build):
    model = build()
    data = write_model(model)
    back = load_model(data)
    # The loader resolves buffer 0 and empty buffers to "no data"; everything else is identical.
    assert back.subgraphs == model.subgraphs
    assert back.operator_codes == model.operator_codes
    assert back.metadata == model.metadata and back.description == model.description
    assert [b.data is None or len(b.data) == 0 for b in back.buffers] == \
           [b.data is None or len(b.data) == 0 for b in model.buffers]
    for ours, theirs in zip(back.buffers, model.buffers):
        if theirs.data:
            assert bytes(ours.data) == bytes(theirs.data)
    # TensorMaps come back sorted by name, as written.
    for sig_back, sig in zip(back.signature_defs, model.signature_defs):
        assert sig_back.inputs == tuple(sorted(sig.inputs, key=lambda m: m.name))
        assert sig_back.outputs == tuple(sorted(sig.outputs, key=lambda m: m.name))


@pytest.mark.parametrize("build", [add_model, fc_model, custom_model])
def test_deterministic_and_stable(build):
    data = write_model(build())
    assert write_model(build()) == data
    assert write_model(load_model(data)) == data


def test_header_version_and_sentinel():
    data = write_model(fc_model())
    assert data[4:8] == b"TFL3"
    m = litert_model(data)
    assert m.Version() == 3
    assert m.Buffers(0).DataIsNone() and m.Buffers(0).Offset() == 0
    assert m.Description() is None  # fc_model has no description; add_model's is written
    assert litert_model(write_model(add_model())).Description() == b"interp test"


def test_buffer_data_is_16_aligned():
    model = fc_model()
    data = write_model(model)
    m = litert_model(data)
    for i in (2, 3):
        buf = m.Buffers(i)
        start = data.find(bytes(model.buffers[i].data))
        assert start % 16 == 0
        assert buf.DataLength() == len(model.buffers[i].data)


def test_operator_codes_above_127_use_the_placeholder():
    model = add_model()
    codes = (OperatorCode(ADD), OperatorCode(GATHER), OperatorCode(CUMSUM), OperatorCode(GELU, version=2))
    data = write_model(Model(codes, model.subgraphs, model.buffers))
    m = litert_model(data)
    got = [(m.OperatorCodes(i).BuiltinCode(), m.OperatorCodes(i).DeprecatedBuiltinCode(),
            m.OperatorCodes(i).Version()) for i in range(4)]
    assert got == [(0, 0, 1), (36, 36, 1), (128, 127, 1), (150, 127, 2)]
    assert load_model(data).operator_codes == codes


def test_custom_code_and_options_on_the_wire():
    data = write_model(custom_model())
    m = litert_model(data)
    code = m.OperatorCodes(0)
    assert (code.BuiltinCode(), code.DeprecatedBuiltinCode(), code.CustomCode(), code.Version()) == \
           (32, 32, b"MyOp", 2)
    op = m.Subgraphs(0).Operators(0)
    assert bytes(op.CustomOptionsAsNumpy()) == b"\x01\x02\x03hello"
    assert list(op.InputsAsNumpy()) == [0, 1, -1]


def test_tensor_fields_on_the_wire():
    m = litert_model(write_model(fc_model())).Subgraphs(0)
    x, w = m.Tensors(0), m.Tensors(1)
    assert list(x.ShapeSignatureAsNumpy()) == [-1, 4] and list(x.ShapeAsNumpy()) == [1, 4]
    assert w.ShapeSignatureIsNone()  # only written when a dimension is dynamic
    assert x.HasRank() and w.HasRank()
    assert x.Name() == b"x" and w.Buffer() == 2
    q = litert_model(write_model(custom_model())).Subgraphs(0).Tensors(1).Quantization()
    assert list(q.ScaleAsNumpy()) == [0.5, 0.25] and list(q.ZeroPointAsNumpy()) == [0, 0]


def test_string_constant_round_trip():
    back = load_model(write_model(custom_model()))
    tensor = back.subgraphs[0].tensors[0]
    values = decode_strings(back.tensor_data(tensor), 3)
    assert list(values) == [b"AB", b"", b"xyz"]


def test_signature_tensor_maps_sorted_by_name():
    sig = litert_model(write_model(add_model())).SignatureDefs(0)
    assert [sig.Inputs(i).Name() for i in range(sig.InputsLength())] == [b"a", b"b"]
    assert [sig.Inputs(i).TensorIndex() for i in range(sig.InputsLength())] == [0, 1]
    assert sig.SignatureKey() == b"serving_default" and sig.SubgraphIndex() == 0


def test_metadata_entries():
    model = fc_model()
    model = Model(model.operator_codes, model.subgraphs, model.buffers + (Buffer(data=b"1.5.0\0"),),
                  model.signature_defs, (Metadata("min_runtime_version", 5), Metadata("other", 0)))
    back = load_model(write_model(model))
    assert back.metadata == model.metadata
    assert bytes(back.metadata_bytes("min_runtime_version")) == b"1.5.0\0"


# --- options -------------------------------------------------------------------------------------

def _one_op_model(code, options_type, opts, n_inputs=1):
    tensors = tuple(Tensor(f"t{i}", FLOAT32, (1, 2, 2, 1)) for i in range(n_inputs + 1))
    op = Operator(0, tuple(range(n_inputs)), (n_inputs,), options_type, options(**opts))
    return Model((OperatorCode(code),), (SubGraph(tensors, (0,), (n_inputs,), (op,)),), (Buffer(),))


@pytest.mark.parametrize("code, options_type, opts", [
    (3, 1, dict(padding=1, stride_w=2, stride_h=3, fused_activation_function=3, dilation_w_factor=1,
                dilation_h_factor=2, quantized_bias_type=0)),
    (23, 15, dict(align_corners=True, half_pixel_centers=False)),          # ids 2 and 3
    (22, 17, dict(new_shape=(4, -1))),
    (43, 30, dict(squeeze_dims=(0, 2))),
    (142, 111, dict(container="c", shared_name="var")),
    (147, 115, dict(boundaries=(0.5, 1.5))),
    (0, 11, dict(fused_activation_function=0, pot_scale_int16=False)),
    (25, 9, dict(beta=1.0)),
])
def test_options_round_trip(code, options_type, opts):
    back = load_model(write_model(_one_op_model(code, options_type, opts)))
    decoded = dict(back.subgraphs[0].operators[0].builtin_options)
    assert back.subgraphs[0].operators[0].builtin_options_type == options_type
    assert {k: decoded[k] for k in opts} == opts


def test_partial_options_get_schema_defaults():
    back = load_model(write_model(_one_op_model(3, 1, dict(stride_w=1, stride_h=1))))
    assert dict(back.subgraphs[0].operators[0].builtin_options) == dict(
        padding=0, stride_w=1, stride_h=1, fused_activation_function=0, dilation_w_factor=1,
        dilation_h_factor=1, quantized_bias_type=0)


def test_resize_bilinear_options_skip_the_deprecated_ids():
    data = write_model(_one_op_model(23, 15, dict(align_corners=True, half_pixel_centers=True)))
    schema = pytest.importorskip("ai_edge_litert.schema_py_generated")
    table = litert_model(data).Subgraphs(0).Operators(0).BuiltinOptions()
    opts = schema.ResizeBilinearOptions()
    opts.Init(table.Bytes, table.Pos)
    assert opts.AlignCorners() and opts.HalfPixelCenters()


def test_unknown_option_field_is_refused():
    with pytest.raises(ModelError, match=r"AddOptions has no field\(s\) \['alpha'\]"):
        write_model(_one_op_model(0, 11, dict(alpha=1.0)))


def test_options_without_a_type_are_refused():
    with pytest.raises(ModelError, match="builtin_options_type is 0"):
        write_model(_one_op_model(0, 0, dict(fused_activation_function=1)))


def test_bad_options_type_is_refused():
    with pytest.raises(ModelError, match="not a BuiltinOptions member"):
        write_model(_one_op_model(0, 127, {}))


def test_unwritable_models_are_refused():
    model = fc_model()
    with pytest.raises(ModelError, match="buffer 0 must be the empty sentinel"):
        write_model(Model(model.operator_codes, model.subgraphs, (Buffer(data=b"x"),) + model.buffers[1:]))
    sparse = Tensor("w", FLOAT32, (3, 4), buffer=2, has_sparsity=True)
    sub = model.subgraphs[0]
    with pytest.raises(ModelError, match="sparsity"):
        write_model(Model(model.operator_codes, (SubGraph(sub.tensors[:1] + (sparse,) + sub.tensors[2:],
                                                          sub.inputs, sub.outputs, sub.operators),),
                          model.buffers))
    blockwise = Tensor("w", FLOAT32, (3, 4), buffer=2, quantization=Quantization(details_type=2))
    with pytest.raises(ModelError, match="quantization details"):
        write_model(Model(model.operator_codes, (SubGraph(sub.tensors[:1] + (blockwise,) + sub.tensors[2:],
                                                          sub.inputs, sub.outputs, sub.operators),),
                          model.buffers))
    too_big = Tensor("w", FLOAT32, (2**40,), buffer=2)
    with pytest.raises(ModelError, match="cannot write subgraph 0 tensor 1"):
        write_model(Model(model.operator_codes, (SubGraph(sub.tensors[:1] + (too_big,) + sub.tensors[2:],
                                                          sub.inputs, sub.outputs, sub.operators),),
                          model.buffers))


# --- buffers past the FlatBuffer -----------------------------------------------------------------

def test_external_layout_offsets_alignment_and_dedup():
    model = fc_model(extra_identical_buffer=True)
    data = write_model(model, external_threshold=0)
    m = litert_model(data)
    places = [(m.Buffers(i).Offset(), m.Buffers(i).Size(), m.Buffers(i).DataIsNone())
              for i in range(m.BuffersLength())]
    assert places[0] == (0, 0, True) and places[1] == (0, 0, True) and places[4] == (0, 0, True)
    w_place, bias_place, copy_place = places[2], places[3], places[5]
    assert w_place == copy_place  # identical contents stored once
    assert w_place[0] > 1 and w_place[0] % 16 == 0 and bias_place[0] % 16 == 0
    assert w_place[2] and bias_place[2]
    assert data[w_place[0]:w_place[0] + w_place[1]] == W.tobytes()
    assert data[bias_place[0]:bias_place[0] + bias_place[1]] == BIAS.tobytes()
    # The FlatBuffer comes first; the data starts at the next multiple of 16.
    assert min(w_place[0], bias_place[0]) % 16 == 0
    assert len(data) % 16 == 0
    back = load_model(data)
    assert back.subgraphs == model.subgraphs
    assert bytes(back.buffers[2].data) == W.tobytes() and bytes(back.buffers[5].data) == W.tobytes()
    assert back.buffers[2].offset == w_place[0] and back.buffers[2].size == w_place[1]


def test_external_layout_custom_options():
    model = custom_model(custom_options=bytes(range(256)) * 3)
    data = write_model(model, external_threshold=10)
    op = litert_model(data).Subgraphs(0).Operators(0)
    assert op.CustomOptionsIsNone()
    offset, size = op.LargeCustomOptionsOffset(), op.LargeCustomOptionsSize()
    assert offset > 1 and offset % 16 == 0 and size == 768
    back = load_model(data)
    assert bytes(back.subgraphs[0].operators[0].custom_options) == bytes(range(256)) * 3
    assert write_model(back, external_threshold=10) == data


def test_threshold_decides_the_layout():
    model = fc_model()
    inline = write_model(model)
    assert write_model(model, external_threshold=len(W.tobytes()) + len(BIAS.tobytes())) == inline
    assert write_model(model, external_threshold=len(W.tobytes()) + len(BIAS.tobytes()) - 1) != inline


# --- LiteRT loads and runs what we write -----------------------------------------------------------

def _litert(data):
    return litert().Interpreter(model_content=data)


def test_litert_runs_add():
    it = _litert(write_model(add_model()))
    assert it.get_signature_list() == {"serving_default": {"inputs": ["a", "b"], "outputs": ["out"]}}
    a = np.array([[1, -2, 3], [-4, 5, -6]], np.float32)
    b = np.array([[0.5, 0.5, -4], [1, 1, 1]], np.float32)
    out = it.get_signature_runner()(a=a, b=b)
    np.testing.assert_array_equal(out["out"], np.maximum(a + b, 0))


@pytest.mark.parametrize("threshold", [None, 0], ids=["inline", "past-the-flatbuffer"])
def test_litert_runs_fully_connected(threshold):
    kwargs = {} if threshold is None else {"external_threshold": threshold}
    it = _litert(write_model(fc_model(extra_identical_buffer=threshold == 0), **kwargs))
    assert it.get_signature_list() == {"serving_default": {"inputs": ["x"], "outputs": ["y"]}}
    x = np.array([[1, 2, 3, 4], [-1, 0.5, 0, 2]], np.float32)
    y = it.get_signature_runner()(x=x)["y"]
    np.testing.assert_allclose(y, x @ W.T + BIAS, rtol=1e-6, atol=1e-6)


def test_litert_reads_fixture_rewrites(tmp_path):
    from support import FIXTURES
    for name in ("dense", "arith", "coding"):
        path = FIXTURES / f"{name}.tflite"
        if not path.exists():
            continue
        raw = path.read_bytes()
        for data in (write_model(load_model(raw)), write_model(load_model(raw), external_threshold=0)):
            assert _litert(data).get_signature_list() == _litert(raw).get_signature_list()
    dense = FIXTURES / "dense.tflite"
    if dense.exists():
        x = np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4)
        want = _litert(dense.read_bytes()).get_signature_runner()(keras_tensor=x)["output_0"]
        data = write_model(load_model(dense.read_bytes()), external_threshold=0)
        got = _litert(data).get_signature_runner()(keras_tensor=x)["output_0"]
        np.testing.assert_array_equal(got, want)
