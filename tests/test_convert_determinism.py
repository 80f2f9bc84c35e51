"""convert() is byte-identical for the same input: twice in one process and across processes."""
import hashlib
import os
import pathlib
import subprocess
import sys

import numpy as np

import interp

ROOT = pathlib.Path(__file__).resolve().parent.parent
S = interp.TensorSpec

# A script converting a multi-signature module (numeric and Flex ops) and a graph_def; it prints
# the SHA-256 of each. Run in fresh interpreters with different hash seeds.
SCRIPT = r'''
import hashlib, sys
import numpy as np
import interp

class M(interp.Module):
    def __init__(self):
        super().__init__()
        rng = np.random.default_rng(5)
        self.w = rng.standard_normal((4, 3)).astype(np.float32)
        self.b = rng.standard_normal(3).astype(np.float32)

    @interp.function(input_signature=[interp.TensorSpec([None, 4], "float32")])
    def scores(self, x):
        z = x @ self.w + self.b
        return {"probs": interp.ops.softmax(z), "label": interp.ops.argmax(z, axis=1),
                "r": interp.ops.relu6(z * 2.0), "flat": interp.ops.reshape(z, [-1])}

    @interp.function(input_signature=[interp.TensorSpec([None, 8, 8, 2], "float32")])
    def vision(self, x):
        o = interp.ops
        h = o.conv2d(x, np.ones((3, 3, 2, 4), np.float32), 2, "SAME", bias=self.b[:1].repeat(4),
                     activation="relu")
        a, b = o.split(o.reduce_mean(h, axis=[1, 2]), 2, axis=1)
        top = o.top_k(o.concat([a, b * 2.0, h[:, 0, 0, :2]], -1), 3)
        return {"values": top.values, "indices": top.indices, "mask": o.greater(a, b)}

    @interp.function(input_signature=[interp.TensorSpec([None], "float32")])
    def encode(self, x):
        return {"encoded_result": interp.ops.as_string(x, precision=2)}

    @interp.function(input_signature=[interp.TensorSpec([None], "string")])
    def decode(self, x):
        return {"decoded_result": interp.ops.string_to_number(x, out_type="int64")}

m = M()
a = interp.Converter.from_module(m, signatures={"scores": m.scores, "encode": m.encode,
                                                "decode": m.decode, "vision": m.vision}).convert()
b = interp.Converter.from_functions([m.decode, m.vision, m.scores, m.encode], m).convert()
c = interp.Converter.from_graph_def(sys.argv[1]).convert()
print(hashlib.sha256(a).hexdigest(), hashlib.sha256(b).hexdigest(), hashlib.sha256(c).hexdigest())
'''


def run_script(seed):
    env = dict(os.environ, PYTHONHASHSEED=str(seed))
    paths = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + paths)
    graph_def = str(ROOT / "examples" / "dense_graph_def.json")
    out = subprocess.run([sys.executable, "-c", SCRIPT, graph_def],
                         env=env, capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_byte_identical_across_processes():
    first = run_script(1)
    second = run_script(12345)
    assert first == second
    # from_module and from_functions with the same keys make the same file
    assert first[0] == first[1]


def test_byte_identical_twice_in_one_process():
    rng = np.random.default_rng(0)
    w = rng.standard_normal((4, 2)).astype(np.float32)

    @interp.function(input_signature=[S([None, 4], "float32")])
    def f(x):
        return {"y": interp.ops.sigmoid(x @ w) - 0.5, "z": interp.ops.tanh(x)}

    conv = interp.Converter.from_function(f)
    a, b = conv.convert(), conv.convert()
    c = interp.Converter.from_function(f).convert()
    assert a == b == c
    assert hashlib.sha256(a).hexdigest() == hashlib.sha256(c).hexdigest()


def test_signature_order_does_not_depend_on_dict_order():
    class M(interp.Module):
        @interp.function(input_signature=[S([2], "float32")])
        def one(self, x):
            return x + 1.0

        @interp.function(input_signature=[S([2], "float32")])
        def two(self, x):
            return x + 2.0

    m = M()
    a = interp.Converter.from_module(m, signatures={"one": m.one, "two": m.two}).convert()
    b = interp.Converter.from_module(m, signatures={"two": m.two, "one": m.one}).convert()
    assert a == b
