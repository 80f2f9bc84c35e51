"""Helpers for the post-training quantization tests (test_convert_quantize, test_compare,
test_quantize_mobilenet): running a signature in LiteRT (the oracle, the optimized builtin
kernels that interp's int8 kernels are bit-exact with) and in interp, and reading a model's
tensors by name."""
import numpy as np
import pytest

from interp import dtypes
from interp.loader import load_model
from support import litert

def litert_interpreter(**kwargs):
    """An ai_edge_litert Interpreter with BUILTIN_WITHOUT_DEFAULT_DELEGATES (takes LiteRT's
    constructor arguments); usable as ``interp.compare(..., interpreter=litert_interpreter)``."""
    lite = litert()
    return lite.Interpreter(experimental_op_resolver_type=lite.OpResolverType
                            .BUILTIN_WITHOUT_DEFAULT_DELEGATES, **kwargs)


def run_litert(data, key=None, **feeds):
    return litert_interpreter(model_content=data).get_signature_runner(key)(**feeds)


def run_interp(data, key=None, **feeds):
    """The signature's outputs in interp."""
    import interp
    return interp.Interpreter(model_content=data).get_signature_runner(key)(**feeds)


def tensors_by_name(data, subgraph=0):
    """{name: (Tensor, constant numpy value or None)} of one subgraph of the file ``data``."""
    model = load_model(data)
    out = {}
    for t in model.subgraphs[subgraph].tensors:
        raw = model.tensor_data(t)
        value = None
        if raw is not None:
            value = np.frombuffer(bytes(raw), dtype=dtypes.NUMPY[t.type]).reshape(t.shape)
        out.setdefault(t.name, (t, value))
    return out


def op_names(data, subgraph=0):
    from interp.opnames import builtin_name
    model = load_model(data)
    return [builtin_name(model.operator_codes[op.opcode_index].builtin_code)
            for op in model.subgraphs[subgraph].operators]


def tf_params(lo, hi):
    """The oracle for activation parameters, written out independently of interp: TensorFlow's
    rule with the range widened to include 0."""
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    scale = np.float32((hi - lo) / 255.0)
    zp = -128 - lo / float(scale)
    zp = int(np.floor(zp + 0.5)) if zp >= 0 else -int(np.floor(-zp + 0.5))
    return float(scale), max(-128, min(127, zp))


def round_away(x):
    x = np.asarray(x, np.float64)
    return np.sign(x) * np.floor(np.abs(x) + 0.5)
