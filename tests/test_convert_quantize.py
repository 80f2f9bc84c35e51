"""Post-training quantization (interp/quantize.py, docs/quantization.md).

Oracles: the quantization parameters and integer data are checked against numpy computations
written out here (TensorFlow's int8 scheme, FORMAT.md §8: weights symmetric per channel in
[-127, 127], bias int32 at input_scale * weight_scale[c], activations from the dataset's min/max
widened to 0); the files are run in LiteRT (BUILTIN_WITHOUT_DEFAULT_DELEGATES) against the float
model, with tolerances of a few output quantization steps. The interp-vs-LiteRT checks compare
interp's int8 outputs with LiteRT's exactly (max abs difference 0).
"""
import numpy as np
import pytest

import interp
from interp.convert import ConversionError
from interp.quantize import (QuantizationError, activation_params, bias_int32, quantize_model,
                             symmetric_weights)
from ptq_support import (op_names, round_away, run_interp, run_litert, tensors_by_name,
                         tf_params)
from support import FIXTURES, litert

RNG = np.random.default_rng(1234)


# -- the scheme, hand-worked ----------------------------------------------------------------

def test_activation_params_hand_worked():
    # [-1, 3]: scale 4/255, zp = round(-128 + 1/(4/255)) = round(-64.25) = -64
    s, z = activation_params(-1.0, 3.0)
    assert s == pytest.approx(4 / 255, rel=1e-7) and z == -64
    # a range not holding 0 is widened to it: [2, 5] -> [0, 5], zp -128
    assert activation_params(2.0, 5.0) == (pytest.approx(5 / 255, rel=1e-7), -128)
    # [-5, -2] -> [-5, 0]: zp = -128 + 5/(5/255) = 127
    assert activation_params(-5.0, -2.0)[1] == 127
    # all zero: scale 1, zp -128
    assert activation_params(0.0, 0.0) == (1.0, -128)
    # a tie: [-0.5*s... ] -128 - lo/scale = -127.5 exactly rounds away from zero to -128
    s = 1.0
    lo = -0.5
    hi = 255 * s + lo
    assert activation_params(lo, hi) == (1.0, -128)


def test_symmetric_weights_hand_worked():
    w = np.array([[1.27, -0.635, 0.005], [0.0, 0.0, 0.0], [-2.54, 1.0, 0.01]], np.float32)
    q, s = symmetric_weights(w, 0)
    np.testing.assert_allclose(s, [0.01, 1.0, 0.02], rtol=1e-6)
    # row 0: 127, -63.5 -> -64 (half away from zero), 0.5 -> 1; row 1 all-zero channel: scale 1
    np.testing.assert_array_equal(q[0], [127, -64, 1])
    np.testing.assert_array_equal(q[1], [0, 0, 0])
    np.testing.assert_array_equal(q[2], [-127, 50, 1])
    assert q.dtype == np.int8 and q.min() >= -127
    # per channel along the last axis (DEPTHWISE_CONV_2D)
    q3, s3 = symmetric_weights(w.reshape(1, 1, 3, 3), 3)
    np.testing.assert_allclose(s3, np.abs(w).max(axis=0) / 127, rtol=1e-6)


def test_bias_int32_hand_worked():
    q, s = bias_int32(np.array([1.0, -0.25], np.float32), 0.5, np.array([0.01, 0.02], np.float32))
    np.testing.assert_allclose(s, [0.005, 0.01], rtol=1e-6)
    np.testing.assert_array_equal(q, [200, -25])
    assert q.dtype == np.int32


# -- a small model, parameters checked against numpy -----------------------------------------

W = (RNG.standard_normal((6, 4)) * 0.5).astype(np.float32)
B = RNG.standard_normal(4).astype(np.float32)
XS = [RNG.uniform(-1.5, 2.0, (3, 6)).astype(np.float32) for _ in range(8)]


def dense_converter():
    @interp.function(input_signature=[interp.TensorSpec([3, 6], "float32", name="x")])
    def classify(x):
        y = interp.ops.dense(x, W, B)
        return {"logits": y, "probs": interp.ops.softmax(y)}

    return interp.Converter.from_function(classify)


def full_integer(conv, samples, **types):
    conv.optimizations = [interp.Optimize.DEFAULT]
    conv.representative_dataset = lambda: samples
    for k, v in types.items():
        setattr(conv, k, v)
    return conv.convert()


def test_dense_softmax_parameters_against_numpy():
    float_data = dense_converter().convert()
    data = full_integer(dense_converter(), [{"x": x} for x in XS])
    assert op_names(data) == ["QUANTIZE", "FULLY_CONNECTED", "SOFTMAX", "DEQUANTIZE",
                              "DEQUANTIZE"]
    t = tensors_by_name(data)
    ft = tensors_by_name(float_data)
    # every float tensor name is still there
    assert set(ft) <= set(t)

    xin = np.concatenate(XS)
    in_scale, in_zp = tf_params(float(xin.min()), float(xin.max()))
    xq, _ = t["serving_default_x:0/int8"]
    assert xq.type == 9  # INT8
    assert xq.quantization.scale[0] == pytest.approx(in_scale, rel=1e-6)
    assert xq.quantization.zero_point == (in_zp,)

    # weights: the FC weights are [out, in] = W.T, per channel along 0
    wt, wq = t["dense/kernel"]
    assert wt.type == 9 and wt.quantization.quantized_dimension == 0
    w_scale = np.abs(W.T).max(axis=1) / 127
    np.testing.assert_allclose(wt.quantization.scale, w_scale, rtol=1e-6)
    assert wt.quantization.zero_point == (0,) * 4
    np.testing.assert_array_equal(wq, np.clip(round_away(W.T / w_scale[:, None]), -127, 127))

    # bias: int32, scale input_scale * weight_scale[c]
    bt, bq = t["dense/bias"]
    assert bt.type == 2
    b_scale = in_scale * np.asarray(wt.quantization.scale, np.float64)
    np.testing.assert_allclose(bt.quantization.scale, b_scale, rtol=1e-6)
    np.testing.assert_array_equal(bq, round_away(B / np.float32(b_scale)))

    # FC output: calibrated over the float model's values
    ys = np.concatenate([x @ W + B for x in XS])
    yt, _ = t["serving_default/logits/int8"]  # the int8 tensor before the output DEQUANTIZE
    s, z = tf_params(float(ys.min()), float(ys.max()))
    assert yt.quantization.scale[0] == pytest.approx(s, rel=1e-5)
    assert abs(yt.quantization.zero_point[0] - z) <= 0  # same rounding
    # softmax: fixed 1/256, -128
    st, _ = t["serving_default/probs/int8"]
    assert st.quantization.scale == (1 / 256,) and st.quantization.zero_point == (-128,)

    # LiteRT runs it close to the float model
    x = XS[0]
    f = run_litert(float_data, x=x)
    q = run_litert(data, x=x)
    assert np.abs(q["logits"] - f["logits"]).max() <= 3 * s + 2 * in_scale * np.abs(W).sum(0).max()
    assert np.abs(q["probs"] - f["probs"]).max() <= 0.03


def test_interp_matches_litert_dense():
    data = full_integer(dense_converter(), [{"x": x} for x in XS])
    a = run_litert(data, x=XS[1])
    b = run_interp(data, x=XS[1])
    for k in a:
        np.testing.assert_array_equal(a[k], b[k])


class ConvNet(interp.Module):
    def __init__(self):
        super().__init__()
        rng = np.random.default_rng(7)
        self.k = (rng.standard_normal((3, 3, 3, 8)) * 0.3).astype(np.float32)
        self.kb = (rng.standard_normal(8) * 0.1).astype(np.float32)
        self.d = (rng.standard_normal((3, 3, 8, 2)) * 0.3).astype(np.float32)
        self.w = (rng.standard_normal((16 * 4 * 4, 10)) * 0.1).astype(np.float32)

    @interp.function(input_signature=[interp.TensorSpec([1, 8, 8, 3], "float32", name="image")])
    def predict(self, image):
        h = interp.ops.conv2d(image, self.k, 1, "SAME", bias=self.kb, activation="relu")
        h = interp.ops.depthwise_conv2d(h, self.d, [1, 1, 1, 1], "SAME", activation="relu6")
        h = interp.ops.max_pool2d(h, 2, 2, "VALID")
        h = interp.ops.reshape(h, [1, -1])
        y = interp.ops.dense(h, self.w, activation="tanh")
        return {"y": y, "s": interp.ops.sigmoid(y * 3.0 + 0.5)}


IMAGES = [np.random.default_rng(100 + i).uniform(-1, 1, (1, 8, 8, 3)).astype(np.float32)
          for i in range(10)]


def test_conv_depthwise_pool_parameters():
    m = ConvNet()
    float_data = interp.Converter.from_module(m).convert()
    data = full_integer(interp.Converter.from_module(m), [{"image": x} for x in IMAGES])
    t = tensors_by_name(data)
    ft = tensors_by_name(float_data)
    convs = {n: v for n, (tt, v) in ft.items() if v is not None and v.ndim == 4}
    (kname,) = [n for n, v in convs.items() if v.shape == (8, 3, 3, 3)]
    (dname,) = [n for n, v in convs.items() if v.shape == (1, 3, 3, 16)]
    kt, kq = t[kname]
    dt, dq = t[dname]
    # CONV_2D per channel along 0 (OHWI), DEPTHWISE along 3
    assert kt.quantization.quantized_dimension == 0 and len(kt.quantization.scale) == 8
    np.testing.assert_allclose(kt.quantization.scale,
                               np.abs(convs[kname]).reshape(8, -1).max(1) / 127, rtol=1e-6)
    assert dt.quantization.quantized_dimension == 3 and len(dt.quantization.scale) == 16
    np.testing.assert_allclose(dt.quantization.scale,
                               np.abs(convs[dname]).reshape(-1, 16).max(0) / 127, rtol=1e-6)
    assert np.abs(kq).max() == 127 and np.abs(dq).max() == 127
    # MAX_POOL_2D and RESHAPE keep their input's parameters
    names = op_names(data)
    from interp.loader import load_model
    model = load_model(data)
    sg = model.subgraphs[0]
    for op, name in zip(sg.operators, names):
        if name in ("MAX_POOL_2D", "RESHAPE"):
            qi = sg.tensors[op.inputs[0]].quantization
            qo = sg.tensors[op.outputs[0]].quantization
            assert (qi.scale, qi.zero_point) == (qo.scale, qo.zero_point), name
        if name == "TANH":
            q = sg.tensors[op.outputs[0]].quantization
            assert q.scale == (1 / 128,) and q.zero_point == (0,)
        if name == "LOGISTIC":
            q = sg.tensors[op.outputs[0]].quantization
            assert q.scale == (1 / 256,) and q.zero_point == (-128,)
        if name == "MUL":  # the constant 3.0 gets its own range [0, 3]
            c = sg.tensors[op.inputs[1]]
            assert c.type == 9 and c.quantization.zero_point == (-128,)
            assert c.quantization.scale[0] == pytest.approx(3 / 255, rel=1e-6)
    for x in IMAGES[:3]:
        f = run_litert(float_data, image=x)
        q = run_litert(data, image=x)
        assert np.abs(q["y"] - f["y"]).max() < 0.05
        assert np.abs(q["s"] - f["s"]).max() < 0.03
        b = run_interp(data, image=x) if x is IMAGES[2] else None
        if b is not None:
            for k in q:
                np.testing.assert_array_equal(q[k], b[k])


def test_int8_inputs_and_outputs():
    m = ConvNet()
    data = full_integer(interp.Converter.from_module(m), [{"image": x} for x in IMAGES],
                        inference_input_type=np.int8, inference_output_type=np.int8)
    names = op_names(data)
    assert "QUANTIZE" not in names and "DEQUANTIZE" not in names
    lite = litert()
    it = lite.Interpreter(model_content=data, experimental_op_resolver_type=lite.OpResolverType
                          .BUILTIN_WITHOUT_DEFAULT_DELEGATES)
    r = it.get_signature_runner()
    ind = r.get_input_details()["image"]
    assert ind["dtype"] == np.int8
    s, z = ind["quantization"]
    x = IMAGES[0]
    xq = np.clip(round_away(x / s) + z, -128, 127).astype(np.int8)
    out = r(image=xq)
    od = r.get_output_details()["y"]
    assert out["y"].dtype == np.int8
    y = (out["y"].astype(np.float64) - od["quantization"][1]) * od["quantization"][0]
    f = run_litert(interp.Converter.from_module(m).convert(), image=x)
    assert np.abs(y - f["y"]).max() < 0.05


def test_concatenation_requantizes_inputs():
    @interp.function(input_signature=[interp.TensorSpec([2, 3], "float32", name="a"),
                                      interp.TensorSpec([2, 3], "float32", name="b")])
    def cat(a, b):
        return {"c": interp.ops.concat([a, b * 10.0], axis=1)}

    samples = [{"a": RNG.uniform(-1, 1, (2, 3)).astype(np.float32),
                "b": RNG.uniform(-1, 1, (2, 3)).astype(np.float32)} for _ in range(6)]
    data = full_integer(interp.Converter.from_function(cat), samples)
    names = op_names(data)
    # one requantizing QUANTIZE in front of the concatenation for input a (b*10 sets the range)
    assert names.count("QUANTIZE") == 3, names
    from interp.loader import load_model
    sg = load_model(data).subgraphs[0]
    (op,) = [o for o, n in zip(sg.operators, names) if n == "CONCATENATION"]
    params = {(sg.tensors[i].quantization.scale, sg.tensors[i].quantization.zero_point)
              for i in tuple(op.inputs) + tuple(op.outputs)}
    assert len(params) == 1
    f = run_litert(interp.Converter.from_function(cat).convert(), **samples[0])
    q = run_litert(data, **samples[0])
    assert np.abs(q["c"] - f["c"]).max() <= 20 / 255 * 1.5


class TwoSignatures(interp.Module):
    def __init__(self):
        super().__init__()
        self.w = (np.random.default_rng(3).standard_normal((5, 4)) * 0.4).astype(np.float32)

    @interp.function(input_signature=[interp.TensorSpec([1, 5], "float32", name="x")])
    def encode(self, x):
        return {"e": interp.ops.dense(x, self.w, activation="relu")}

    @interp.function(input_signature=[interp.TensorSpec([2, 4], "float32", name="z")])
    def squash(self, z):
        return {"t": interp.ops.tanh(z + 1.0)}


def two_sig_samples():
    rng = np.random.default_rng(5)
    return ([("encode", {"x": rng.uniform(-1, 1, (1, 5)).astype(np.float32)}) for _ in range(4)]
            + [("squash", {"z": rng.uniform(-3, 1, (2, 4)).astype(np.float32)})
               for _ in range(4)])


def test_every_signature_calibrated_and_quantized():
    m = TwoSignatures()
    data = full_integer(interp.Converter.from_module(m), two_sig_samples())
    from interp.loader import load_model
    model = load_model(data)
    for sd in model.signature_defs:
        assert "QUANTIZE" in op_names(data, sd.subgraph_index)
        sg = model.subgraphs[sd.subgraph_index]
        assert any(t.type == 9 for t in sg.tensors)
    fdata = interp.Converter.from_module(m).convert()
    z = two_sig_samples()[5][1]["z"]  # inside the calibrated range
    assert np.abs(run_litert(data, "squash", z=z)["t"] - run_litert(fdata, "squash", z=z)["t"]
                  ).max() < 2 / 128
    x = two_sig_samples()[1][1]["x"]
    assert np.abs(run_litert(data, "encode", x=x)["e"] - run_litert(fdata, "encode", x=x)["e"]
                  ).max() < 0.05


def test_list_samples_and_tf_legacy_form():
    # a single-signature model takes bare dicts, or lists of arrays in input order
    a = full_integer(dense_converter(), [{"x": x} for x in XS])
    b = full_integer(dense_converter(), [[x] for x in XS])
    c = full_integer(dense_converter(), [("serving_default", {"x": x}) for x in XS])
    assert a == b == c


# -- refusals ---------------------------------------------------------------------------------

def test_unsupported_ops_named_with_signatures():
    class M(interp.Module):
        @interp.function(input_signature=[interp.TensorSpec([4], "float32", name="x")])
        def good(self, x):
            return {"y": interp.ops.relu(x)}

        @interp.function(input_signature=[interp.TensorSpec([4], "float32", name="x")])
        def bad(self, x):
            return {"y": interp.ops.sin(x) + interp.ops.exp(x)}

    conv = interp.Converter.from_module(M())
    with pytest.raises(QuantizationError) as e:
        full_integer(conv, [("good", {"x": np.ones(4, np.float32)}),
                            ("bad", {"x": np.ones(4, np.float32)})])
    msg = str(e.value)
    assert "signature 'bad': EXP, SIN" in msg and "'good'" not in msg
    assert isinstance(e.value, ConversionError)


def test_dataset_errors():
    def err(samples, **kw):
        with pytest.raises(QuantizationError) as e:
            full_integer(dense_converter(), samples, **kw)
        return str(e.value)

    x = XS[0]
    assert "unknown input name(s) ['y']" in err([{"y": x}]) and "['x']" in err([{"y": x}])
    assert "missing input(s) ['x']" in err([{}])
    msg = err([{"x": x[:2]}])
    assert "input 'x' has shape [2, 6], expected [3, 6]" in msg and "sample 0" in msg
    assert "dtype" in err([{"x": np.array([["a"] * 6] * 3)}])
    assert "no samples" in err([])
    assert "unknown signature key 'nope'" in err([("nope", {"x": x})])
    assert "expected a dict" in err([3])
    assert "2 arrays for 1 inputs" in err([[x, x]])
    with pytest.raises(QuantizationError, match="callable"):
        c = dense_converter()
        c.optimizations = [interp.Optimize.DEFAULT]
        c.representative_dataset = [{"x": x}]
        c.convert()


def test_multi_signature_needs_keys():
    conv = interp.Converter.from_module(TwoSignatures())
    with pytest.raises(QuantizationError, match=r"2 signatures \['encode', 'squash'\].*pairs"):
        full_integer(conv, [{"x": np.zeros((1, 5), np.float32)}])
    conv = interp.Converter.from_module(TwoSignatures())
    with pytest.raises(QuantizationError, match=r"no samples for signature\(s\) \['squash'\]"):
        full_integer(conv, two_sig_samples()[:4])


def test_option_errors():
    c = dense_converter()
    c.representative_dataset = lambda: [{"x": XS[0]}]
    with pytest.raises(QuantizationError, match="need optimizations"):
        c.convert()
    c = dense_converter()
    c.optimizations = [interp.Optimize.DEFAULT]
    c.inference_input_type = np.int8
    with pytest.raises(QuantizationError, match="give a representative_dataset"):
        c.convert()
    c = dense_converter()
    c.optimizations = [interp.Optimize.EXPERIMENTAL_SPARSITY]
    with pytest.raises(QuantizationError, match="SPARSITY"):
        c.convert()
    c = dense_converter()
    c.optimizations = [interp.Optimize.DEFAULT]
    c.representative_dataset = lambda: [{"x": XS[0]}]
    c.inference_output_type = np.uint8
    with pytest.raises(QuantizationError, match="float32 or int8"):
        c.convert()


# -- dynamic range -----------------------------------------------------------------------------

def test_dynamic_range_weights_and_hybrid_ops():
    m = ConvNet()
    fdata = interp.Converter.from_module(m).convert()
    c = interp.Converter.from_module(m)
    c.optimizations = [interp.Optimize.DEFAULT]
    default = c.convert()
    ft, dt = tensors_by_name(fdata), tensors_by_name(default)
    # TensorFlow's threshold: only the FC weights (2560 elements) reach 1024
    int8 = sorted(n for n, (t, v) in dt.items() if t.type == 9)
    assert len(int8) == 1 and dt[int8[0]][1].shape == (10, 256)
    c.dynamic_range_min_elements = 0
    data = c.convert()
    t = tensors_by_name(data)
    for n, (ftt, v) in ft.items():
        if v is None or v.ndim < 2:
            assert t[n][0].type == ftt.type, n  # biases and activations stay float
            continue
        tt, q = t[n]
        axis = 3 if v.shape[0] == 1 else 0
        assert tt.type == 9 and tt.quantization.quantized_dimension == axis
        other = tuple(i for i in range(v.ndim) if i != axis)
        scale = np.abs(v).max(axis=other) / 127
        np.testing.assert_allclose(tt.quantization.scale, scale, rtol=1e-6)
        shape = [1] * v.ndim
        shape[axis] = -1
        np.testing.assert_array_equal(q, np.clip(round_away(v / scale.reshape(shape)), -127, 127))
    from interp.loader import load_model
    model = load_model(data)
    for op, name in zip(model.subgraphs[0].operators, op_names(data)):
        if name == "FULLY_CONNECTED":
            assert op.builtin_options["asymmetric_quantize_inputs"] is True
    for x in IMAGES[:3]:
        f, q = run_litert(fdata, image=x), run_litert(data, image=x)
        assert np.abs(q["y"] - f["y"]).max() < 0.03


@pytest.mark.parametrize("adj_y", [False, True])
def test_dynamic_range_batch_matmul(adj_y):
    w = np.random.default_rng(9).standard_normal((2, 40, 30)).astype(np.float32)
    w[..., :15] *= 10  # columns of very different size: per-channel scales matter
    rhs = np.swapaxes(w, 1, 2).copy() if adj_y else w

    @interp.function(input_signature=[interp.TensorSpec([2, 3, 40], "float32", name="x")])
    def bmm(x):
        return {"y": interp.ops.matmul(x, rhs, transpose_b=adj_y)}

    fdata = interp.Converter.from_function(bmm).convert()
    c = interp.Converter.from_function(bmm)
    c.optimizations = [interp.Optimize.DEFAULT]
    data = c.convert()
    assert "BATCH_MATMUL" in op_names(data)
    (wt, q), = [(t, v) for t, v in tensors_by_name(data).values() if v is not None
                and t.type == 9]
    # per channel along the output columns (axis 2, or 1 with adj_y)
    axis = 1 if adj_y else 2
    assert wt.quantization.quantized_dimension == axis
    other = tuple(i for i in range(3) if i != axis)
    np.testing.assert_allclose(wt.quantization.scale, np.abs(rhs).max(axis=other) / 127,
                               rtol=1e-6)
    x = np.random.default_rng(10).standard_normal((2, 3, 40)).astype(np.float32)
    f, qq = run_litert(fdata, x=x)["y"], run_litert(data, x=x)["y"]
    # LiteRT applies the scale of each column: the small columns keep a small error (per tensor
    # they got 1.24 here, per channel 0.11)
    assert np.abs(qq - f)[..., 15:].max() < 0.3
    assert np.abs(qq - f).max() < 0.02 * np.abs(f).max()


def test_interp_matches_litert_dynamic_range():
    c = interp.Converter.from_module(ConvNet())
    c.optimizations = [interp.Optimize.DEFAULT]
    c.dynamic_range_min_elements = 0
    data = c.convert()
    a = run_litert(data, image=IMAGES[4])
    b = run_interp(data, image=IMAGES[4])
    for k in a:  # hybrid kernels: float outputs, compared to float rounding
        np.testing.assert_allclose(a[k], b[k], rtol=1e-5, atol=1e-6)


# -- a TensorFlow-made float file --------------------------------------------------------------

def test_quantize_model_on_tf_file():
    path = FIXTURES / "dynamic_batch_conv.tflite"
    raw = path.read_bytes()
    rng = np.random.default_rng(21)
    samples = [{"image": rng.uniform(0, 1, (2, 32, 32, 3)).astype(np.float32)} for _ in range(4)]
    names = op_names(raw)
    from interp.loader import load_model
    # the dynamic batch's SHAPE -> STRIDED_SLICE -> PACK -> RESHAPE runs on int32 and stays so
    data = quantize_model(path, lambda: samples)
    q_names = op_names(data)
    assert q_names == ["QUANTIZE"] + names + ["DEQUANTIZE"]
    t = tensors_by_name(data)
    assert t["dynamic_batch_conv_1/flatten_1/Reshape/shape"][0].type == 2  # int32, unquantized
    assert quantize_model(raw, lambda: samples) == data
    assert quantize_model(load_model(raw), lambda: samples) == data
    x = samples[0]["image"]
    f, q = run_litert(raw, image=x), run_litert(data, image=x)
    (k,) = f
    assert np.abs(f[k] - q[k]).max() < 0.05, names
    # dynamic range on the same file
    dr = quantize_model(raw, min_elements=0)
    assert np.abs(run_litert(dr, image=x)[k] - f[k]).max() < 0.02


def test_names_kept_for_compare():
    fdata = interp.Converter.from_module(ConvNet()).convert()
    data = full_integer(interp.Converter.from_module(ConvNet()),
                        [{"image": x} for x in IMAGES[:3]])
    assert set(tensors_by_name(fdata)) <= set(tensors_by_name(data))


def test_control_flow_refused():
    @interp.function(input_signature=[interp.TensorSpec([3], "float32", name="x")])
    def loop(x):
        _, y = interp.ops.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * 0.5),
                                     [np.int32(0), x])
        return {"y": y}

    with pytest.raises(QuantizationError, match=r"signature 'serving_default': .*WHILE"):
        full_integer(interp.Converter.from_function(loop), [{"x": np.ones(3, np.float32)}])


def test_calibration_ranges_match_litert():
    """calibrate() reads every float tensor with interp's experimental_preserve_all_tensors; the
    ranges equal those read from LiteRT's preserved tensors (float kernels: rtol 1e-5)."""
    from interp.loader import load_model
    from interp.quantize import calibrate
    from ptq_support import litert_interpreter
    data = interp.Converter.from_module(ConvNet()).convert()
    model = load_model(data)
    ranges = calibrate(data, lambda: [{"image": x} for x in IMAGES[:4]])[0]
    sg = model.subgraphs[0]
    runtime = [i for i, t in enumerate(sg.tensors) if t.type == 0 and model.tensor_data(t) is None]
    assert sorted(ranges) == runtime
    it = litert_interpreter(model_content=data, experimental_preserve_all_tensors=True)
    runner = it.get_signature_runner()
    lo = {i: np.inf for i in runtime}
    hi = {i: -np.inf for i in runtime}
    for x in IMAGES[:4]:
        runner(image=x)
        for i in runtime:
            v = it.get_tensor(i)
            lo[i], hi[i] = min(lo[i], v.min()), max(hi[i], v.max())
    for i in runtime:
        np.testing.assert_allclose(ranges[i], (lo[i], hi[i]), rtol=1e-5, atol=1e-6)


def test_constant_data_input_of_a_weight_op():
    """A FULLY_CONNECTED whose data input is a constant (written with interp.model by hand, as
    TensorFlow may leave one unfolded): the constant is quantized with its own range and the
    bias scale uses it."""
    from interp import model as M
    from interp.opnames import BUILTIN_CODES
    from interp.writer import write_model
    x = np.array([[0.5, -1.0, 2.0]], np.float32)
    w = np.array([[1.0, 0.5, -0.25], [0.0, 2.0, 1.0]], np.float32)
    b = np.array([0.1, -0.2], np.float32)
    fc_opts = {"fused_activation_function": 0, "weights_format": 0, "keep_num_dims": False,
               "asymmetric_quantize_inputs": False, "quantized_bias_type": 0}
    tensors = (M.Tensor("y", 0, (1, 1), 0), M.Tensor("x", 0, (1, 3), 1),
               M.Tensor("w", 0, (2, 3), 2), M.Tensor("b", 0, (2,), 3),
               M.Tensor("out", 0, (1, 2), 0), M.Tensor("sum", 0, (1, 2), 0))
    # out = FC(x, w, b) with the constant x; sum = out + y (y broadcast)
    ops = (M.Operator(1, (1, 2, 3), (4,), 8, fc_opts), M.Operator(0, (4, 0), (5,), 0))
    fl = M.Model(operator_codes=(M.OperatorCode(BUILTIN_CODES["ADD"]),
                                 M.OperatorCode(BUILTIN_CODES["FULLY_CONNECTED"])),
                 subgraphs=(M.SubGraph(tensors, (0,), (5,), ops, "main"),),
                 buffers=(M.Buffer(), M.Buffer(x.tobytes()), M.Buffer(w.tobytes()),
                          M.Buffer(b.tobytes())),
                 signature_defs=(M.SignatureDef("serving_default", (M.TensorMap("y", 0),),
                                                (M.TensorMap("sum", 5),), 0),))
    fdata = bytes(write_model(fl))
    data = quantize_model(fdata, lambda: [{"y": np.array([[v]], np.float32)}
                                          for v in (-1.0, 0.5, 1.0)])
    t = tensors_by_name(data)
    xs, xz = tf_params(-1.0, 2.0)
    assert t["x"][0].quantization.scale[0] == pytest.approx(xs, rel=1e-6)
    assert t["x"][0].quantization.zero_point == (xz,)
    np.testing.assert_allclose(t["b"][0].quantization.scale,
                               xs * np.abs(w).max(1) / 127, rtol=1e-6)
    y = np.array([[0.75]], np.float32)
    f = run_litert(fdata, y=y)["sum"]
    q = run_litert(data, y=y)["sum"]
    assert np.abs(q - f).max() < 0.05


def test_model_without_signature_defs():
    """A file without SignatureDefs is calibrated through the classic API (subgraph 0's inputs in
    order) and quantized; LiteRT runs it through get_input_details / set_tensor."""
    from dataclasses import replace
    from interp.loader import load_model
    from interp.writer import write_model
    m = load_model(interp.Converter.from_module(ConvNet()).convert())
    fdata = bytes(write_model(replace(m, signature_defs=())))
    data = quantize_model(fdata, lambda: ([x] for x in IMAGES[:4]))
    lite = litert()

    def classic(content, x):
        it = lite.Interpreter(model_content=content, experimental_op_resolver_type=lite
                              .OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES)
        it.allocate_tensors()
        it.set_tensor(it.get_input_details()[0]["index"], x)
        it.invoke()
        return [it.get_tensor(d["index"]) for d in it.get_output_details()]

    for f, q in zip(classic(fdata, IMAGES[5]), classic(data, IMAGES[5])):
        assert q.dtype == np.float32 and np.abs(q - f).max() < 0.05
