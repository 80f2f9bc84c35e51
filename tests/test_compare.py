"""interp.compare (interp/compare_report.py): per-tensor error of a quantized model against its
float original. Oracle: the metrics recomputed here with numpy from the tensors read out of LiteRT
(preserve_all_tensors) and the file's quantization parameters; the models are run in LiteRT
(BUILTIN_WITHOUT_DEFAULT_DELEGATES) until interp has its int8 kernels, and in interp for float
models."""
import math

import numpy as np
import pytest

import interp
from ptq_support import litert_interpreter, tensors_by_name

RNG = np.random.default_rng(77)
W = (RNG.standard_normal((8, 5)) * 0.5).astype(np.float32)
B = (RNG.standard_normal(5) * 0.1).astype(np.float32)
XS = [{"x": RNG.uniform(-1, 1, (2, 8)).astype(np.float32)} for _ in range(6)]


def converter():
    @interp.function(input_signature=[interp.TensorSpec([2, 8], "float32", name="x")])
    def net(x):
        h = interp.ops.dense(x, W, B, activation="relu")
        return {"y": h * 2.0, "p": interp.ops.softmax(h)}

    return interp.Converter.from_function(net)


@pytest.fixture(scope="module")
def models():
    fdata = converter().convert()
    c = converter()
    c.optimizations = [interp.Optimize.DEFAULT]
    c.representative_dataset = lambda: XS
    return fdata, c.convert()


def test_float_against_itself_in_interp(models):
    fdata, _ = models
    r = interp.compare(fdata, fdata, XS[:2])
    assert len(r) == len(tensors_by_name(fdata))
    for row in r:
        assert row.max_abs == 0 and row.rms == 0 and row.rel_rms == 0
        assert row.cosine == pytest.approx(1.0) and row.snr_db == math.inf


def test_metrics_against_numpy(models, tmp_path):
    fdata, qdata = models
    fpath = tmp_path / "f.tflite"
    fpath.write_bytes(fdata)
    r = interp.compare(fpath, qdata, XS[:3], interpreter=litert_interpreter)
    assert r.signature_key == "serving_default" and r.num_inputs == 3
    # weights: the dequantized int8 kernel against the float one, computed here
    t = tensors_by_name(qdata)
    kt, kq = t["dense/kernel"]
    deq = kq.astype(np.float64) * np.asarray(kt.quantization.scale)[:, None]
    err = deq - W.T.astype(np.float64)
    row = r["dense/kernel"]
    assert row.kind == "weight" and row.quant_dtype == "int8" and row.shape == (5, 8)
    assert row.max_abs == pytest.approx(np.abs(err).max(), rel=1e-9)
    assert row.rms == pytest.approx(np.sqrt(np.mean(err ** 2)), rel=1e-9)
    assert row.rel_rms == pytest.approx(np.sqrt(np.mean(err ** 2) / np.mean(W.astype(
        np.float64) ** 2)), rel=1e-9)
    f = W.T.astype(np.float64).ravel()
    assert row.cosine == pytest.approx(f @ deq.ravel() / np.linalg.norm(f)
                                       / np.linalg.norm(deq.ravel()), rel=1e-12)
    assert row.snr_db == pytest.approx(10 * np.log10(np.sum(f ** 2) / np.sum(err ** 2)),
                                       rel=1e-9)
    # the output 'y' (float in both files: DEQUANTIZE at the end) over the 3 inputs
    lite = litert_interpreter
    fy = np.concatenate([lite(model_content=fdata).get_signature_runner()(**x)["y"].ravel()
                         for x in XS[:3]]).astype(np.float64)
    qy = np.concatenate([lite(model_content=qdata).get_signature_runner()(**x)["y"].ravel()
                         for x in XS[:3]]).astype(np.float64)
    row = r["serving_default/y"]
    assert row.kind == "activation"
    assert row.max_abs == pytest.approx(np.abs(qy - fy).max(), rel=1e-9)
    assert row.rms == pytest.approx(np.sqrt(np.mean((qy - fy) ** 2)), rel=1e-9)
    # an int8 activation inside is matched by name and dequantized with its own parameters
    row = r["dense;Relu"]
    hs = t["dense;Relu"][0].quantization.scale[0]
    assert row.quant_dtype == "int8" and row.kind == "activation" and row.shape == (2, 5)
    assert 0 < row.max_abs < 4 * hs  # dequantized with its own scale: a few steps, not 1/hs off
    # y = 2 * h in float, so its error is twice h's
    assert r["serving_default/y"].max_abs == pytest.approx(2 * row.max_abs, abs=2 * hs)
    # worst first
    rels = [row.rel_rms for row in r]
    assert rels == sorted(rels, reverse=True)
    assert r.worst(2) == r.rows[:2]


def test_str_table(models):
    fdata, qdata = models
    r = interp.compare(fdata, qdata, XS[0], interpreter=litert_interpreter)
    text = str(r)
    lines = text.splitlines()
    assert lines[0].startswith("signature 'serving_default', 1 input(s)")
    for col in ("tensor", "max_abs", "rms", "rel_rms", "cosine", "snr_db"):
        assert col in lines[1]
    assert "dense/kernel" in text and "serving_default/p" in text
    assert len(lines) == 3 + len(r)
    assert "more" in r.table(limit=2).splitlines()[-1]
    assert "CompareReport" in repr(r)


def test_int8_input_model_takes_float_inputs(models):
    fdata, _ = models
    c = converter()
    c.optimizations = [interp.Optimize.DEFAULT]
    c.representative_dataset = lambda: XS
    c.inference_input_type = np.int8
    c.inference_output_type = np.int8
    qdata = c.convert()
    r = interp.compare(fdata, qdata, XS[:2], interpreter=litert_interpreter)
    # the int8 output is dequantized; its error stays within a few steps of its scale
    t = tensors_by_name(qdata)
    ys = t["serving_default/y"][0].quantization.scale[0]
    assert r["serving_default/y"].quant_dtype == "int8"
    assert r["serving_default/y"].max_abs < 6 * ys
    assert r["serving_default_x:0"].max_abs <= t["serving_default_x:0"][0].quantization.scale[0]


def test_errors(models):
    fdata, qdata = models
    with pytest.raises(interp.InputError, match="unknown input name"):
        interp.compare(fdata, fdata, {"nope": XS[0]["x"]})
    with pytest.raises(interp.InputError, match="unknown signature_key 'zz'"):
        interp.compare(fdata, fdata, XS[0], signature_key="zz")
    with pytest.raises(interp.InputError, match="non-empty list"):
        interp.compare(fdata, fdata, [])


def test_multi_signature_needs_key():
    class M(interp.Module):
        @interp.function(input_signature=[interp.TensorSpec([3], "float32", name="a")])
        def one(self, a):
            return {"o": interp.ops.relu(a)}

        @interp.function(input_signature=[interp.TensorSpec([3], "float32", name="b")])
        def two(self, b):
            return {"o": interp.ops.tanh(b)}

    data = interp.Converter.from_module(M()).convert()
    with pytest.raises(interp.InputError, match="give signature_key"):
        interp.compare(data, data, {"a": np.ones(3, np.float32)})
    r = interp.compare(data, data, {"b": np.ones(3, np.float32)}, signature_key="two")
    assert r.signature_key == "two" and "two/o" in r


def test_docs_example():
    """The first example of docs/quantization.md runs (compare in LiteRT until interp has the int8
    kernels) and its report puts the float output and the int8 tensors in."""
    import pathlib
    import re
    text = (pathlib.Path(__file__).parent.parent / "docs" / "quantization.md").read_text()
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    code = code.replace("calibration[:5]])", "calibration[:5]], interpreter=litert_interpreter)")
    code = code.replace("print(report)", "")
    scope = {"litert_interpreter": litert_interpreter}
    exec(compile(code, "docs/quantization.md", "exec"), scope)
    report = scope["report"]
    assert report.signature_key == "classify"
    assert "classify/probs" in report and report["Conv2D/filters"].quant_dtype == "int8"
    assert report["classify/probs"].max_abs < 0.01
