"""Data-movement kernels in one-op models, interp against LiteRT (num_threads=1) in the same run:
the TRANSPOSEs of attention ([1,T,H,D] -> [1,H,T,D], and the key transpose [1,H,T,D] ->
[1,H,D,T]), an embedding GATHER and a CONCATENATION on the last axis."""
from types import MappingProxyType

import numpy as np
import pytest

from bench_support import record
from interp import dtypes
import interp
from interp.model import (
    Buffer, Model, Operator, OperatorCode, SignatureDef, SubGraph, Tensor, TensorMap,
)
from interp.opnames import BUILTIN_CODES
from interp.writer import write_model

litert = pytest.importorskip("ai_edge_litert.interpreter")


def _one_op(op, options_type, options, operands):
    """A model running ``op`` on ``operands``, (name, array) pairs in input order: a name makes a
    signature input, None a constant. Its output "out" has the first operand's type."""
    tensors, buffers, ins = [], [Buffer()], []
    for i, (name, a) in enumerate(operands):
        buffers.append(Buffer() if name else Buffer(data=a.tobytes()))
        if name:
            ins.append(TensorMap(name, i))
        tensors.append(Tensor(name or f"c{i}", dtypes.from_numpy(a.dtype), a.shape,
                              buffer=len(buffers) - 1))
    buffers.append(Buffer())
    tensors.append(Tensor("out", dtypes.from_numpy(operands[0][1].dtype), (),
                          buffer=len(buffers) - 1))
    n = len(tensors) - 1
    operator = Operator(0, tuple(range(n)), (n,), options_type, MappingProxyType(options))
    graph = SubGraph(tuple(tensors), tuple(m.tensor_index for m in ins), (n,), (operator,), "main")
    sig = SignatureDef("serving_default", tuple(ins), (TensorMap("out", n),))
    return write_model(Model((OperatorCode(BUILTIN_CODES[op]),), (graph,), tuple(buffers), (sig,)))


def _transpose(shape, perm):
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    return _one_op("TRANSPOSE", 0, {}, [("x", x), (None, np.array(perm, np.int32))]), {"x": x}


def _gather():
    rng = np.random.default_rng(1)
    table = rng.standard_normal((8000, 256)).astype(np.float32)
    ids = rng.integers(0, 8000, size=(1, 64)).astype(np.int32)
    return _one_op("GATHER", 23, {"axis": 0, "batch_dims": 0}, [(None, table), ("ids", ids)]), \
        {"ids": ids}


def _concat():
    rng = np.random.default_rng(2)
    a = rng.standard_normal((1, 256, 96)).astype(np.float32)
    b = rng.standard_normal((1, 256, 32)).astype(np.float32)
    return _one_op("CONCATENATION", 10, {"axis": -1, "fused_activation_function": 0},
                   [("a", a), ("b", b)]), {"a": a, "b": b}


CASES = {
    "TRANSPOSE [1,128,12,64] (0,2,1,3)": lambda: _transpose((1, 128, 12, 64), (0, 2, 1, 3)),
    "TRANSPOSE [1,12,128,64] (0,1,3,2)": lambda: _transpose((1, 12, 128, 64), (0, 1, 3, 2)),
    "GATHER 64 rows of [8000,256]": _gather,
    "CONCATENATION [1,256,96]+[1,256,32]": _concat,
}


@pytest.mark.parametrize("engine", ["interp", "litert"])
@pytest.mark.parametrize("case", list(CASES))
def test_shape_kernel(benchmark, case, engine):
    content, inputs = CASES[case]()
    ours = interp.Interpreter(model_content=content).get_signature_runner()
    theirs = litert.Interpreter(model_content=content, num_threads=1).get_signature_runner()
    want = theirs(**inputs)
    runner = ours if engine == "interp" else theirs
    np.testing.assert_array_equal(runner(**inputs)["out"], want["out"])
    benchmark.group = case
    benchmark(runner, **inputs)
    record(benchmark, case, engine)
