"""Models past the FlatBuffer's 2 GiB limit keep their buffers after it (offset/size). The converter
writes that layout above `external_buffer_threshold`; lowered here so a small model takes it.
Oracles: numpy, LiteRT on the same file, and the raw Buffer table (offsets past the FlatBuffer)."""
import numpy as np
import pytest

import interp
from interp.loader import load_model
from support import litert

S = interp.TensorSpec
W = np.random.default_rng(5).standard_normal((64, 32)).astype(np.float32)
B = np.linspace(-1, 1, 32, dtype=np.float32)


@interp.function(input_signature=[S([None, 64], "float32")])
def dense(x):
    return {"y": interp.ops.dense(x, W, B, activation="relu")}


def _convert(threshold=None):
    conv = interp.Converter.from_function(dense)
    if threshold is not None:
        conv.external_buffer_threshold = threshold
    return conv.convert()


def test_small_models_keep_buffers_inside():
    m = load_model(_convert())
    assert all(b.offset <= 1 for b in m.buffers)


@pytest.mark.parametrize("engine", ["interp", "litert"])
def test_over_the_threshold_buffers_go_past_the_flatbuffer(engine, tmp_path):
    data = _convert(threshold=1024)
    m = load_model(data)
    external = [b for b in m.buffers if b.offset > 1]
    assert {b.size for b in external} >= {W.nbytes, B.nbytes}
    assert all(b.offset % 16 == 0 and b.offset + b.size <= len(data) for b in external)
    path = tmp_path / "big.tflite"
    path.write_bytes(data)
    cls = interp.Interpreter if engine == "interp" else litert().Interpreter
    run = cls(model_path=str(path)).get_signature_runner()
    x = np.random.default_rng(6).standard_normal((3, 64)).astype(np.float32)
    np.testing.assert_allclose(run(x=x)["y"], np.maximum(x @ W + B, 0), rtol=1e-5, atol=1e-5)


def test_external_weights_are_zero_copy_views_of_the_mapped_file(tmp_path):
    path = tmp_path / "big.tflite"
    path.write_bytes(_convert(threshold=1024))
    it = interp.Interpreter(model_path=str(path))
    weights = [t for t in it.memory_plan().tensors if t.storage == "weight" and t.nbytes == W.nbytes]
    ex = it._subgraphs.entry(weights[0].subgraph)
    data = ex.tensors[weights[0].index].data
    assert np.shares_memory(data, np.frombuffer(it._mmap, np.uint8))
    np.testing.assert_array_equal(data.reshape(-1), np.ascontiguousarray(W.T).reshape(-1))
