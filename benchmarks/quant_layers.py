"""Per-layer timing of the conv-family ops of a quantized model (default: the int8 MobileNetV2
fixture): each CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED node is cut out into a one-op model
(its constant filter and bias kept) and timed in interp and in LiteRT (num_threads=1, built-in
kernels and XNNPACK). ``python benchmarks/quant_layers.py [model.tflite]``; prints a table and the
sums. Not a pytest file: a tool for looking at where the time goes.
"""
import dataclasses
import pathlib
import sys
import time

import numpy as np

from interp import dtypes
from interp.loader import load_model
from interp.model import Buffer, Model, SubGraph
from interp.opnames import builtin_name
from interp.writer import write_model

FIXTURE = pathlib.Path(__file__).parent.parent / "tests" / "fixtures" / "mobilenet_v2_int8.tflite"
OPS = ("CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED")


def one_op_models(path):
    model = load_model(pathlib.Path(path).read_bytes())
    sub = model.subgraphs[0]
    for k, op in enumerate(sub.operators):
        code = model.operator_codes[op.opcode_index]
        name = builtin_name(code.builtin_code)
        if name not in OPS:
            continue
        tensors, buffers, remap = [], [Buffer()], {}
        for t_idx in list(op.inputs) + list(op.outputs):
            if t_idx < 0 or t_idx in remap:
                continue
            t = sub.tensors[t_idx]
            data = model.buffers[t.buffer].data if t.buffer else None
            buffers.append(Buffer(data=bytes(data) if data is not None and len(data) else None))
            tensors.append(dataclasses.replace(t, buffer=len(buffers) - 1, shape_signature=None))
            remap[t_idx] = len(tensors) - 1
        x = remap[op.inputs[0]]
        new_op = dataclasses.replace(op, opcode_index=0,
                                     inputs=tuple(remap.get(i, -1) for i in op.inputs),
                                     outputs=tuple(remap[i] for i in op.outputs))
        one = Model(operator_codes=(code,), subgraphs=(SubGraph(tuple(tensors), (x,),
                    tuple(remap[i] for i in op.outputs), (new_op,), "main"),),
                    buffers=tuple(buffers))
        yield k, name, sub.tensors[op.inputs[0]], sub.tensors[op.inputs[1]], write_model(one)


def timeit(fn, reps=200):
    fn()
    best = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        best.append((time.perf_counter() - t0) / reps)
    return min(best) * 1e6


def main(path=FIXTURE):
    import interp
    from ai_edge_litert import interpreter as lite
    rows = []
    for k, name, xt, wt, data in one_op_models(path):
        x = np.random.default_rng(k).integers(-128, 128, xt.shape).astype(dtypes.NUMPY[xt.type]) \
            if xt.type != dtypes.FLOAT32 else np.random.default_rng(k).standard_normal(xt.shape).astype(np.float32)
        its = {"interp": interp.Interpreter(model_content=data)}
        for eng, kind in (("builtin", lite.OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES),
                          ("xnnpack", lite.OpResolverType.AUTO)):
            its[eng] = lite.Interpreter(model_content=data, num_threads=1,
                                        experimental_op_resolver_type=kind)
        times = {}
        for eng, it in its.items():
            it.allocate_tensors()
            idx = it.get_input_details()[0]["index"]
            it.set_tensor(idx, x)
            times[eng] = timeit(it.invoke)
        rows.append((k, name, tuple(xt.shape), tuple(wt.shape), times))
        print(f"{k:3d} {name:18s} {str(tuple(xt.shape)):18s} {str(tuple(wt.shape)):18s} "
              + "  ".join(f"{e} {t:7.1f}us" for e, t in times.items()), flush=True)
    tot = {e: sum(r[4][e] for r in rows) for e in rows[0][4]}
    print("sum: " + "  ".join(f"{e} {t:.0f}us" for e, t in tot.items())
          + f"  ratio vs builtin {tot['interp'] / tot['builtin']:.2f}"
          + f"  vs xnnpack {tot['interp'] / tot['xnnpack']:.2f}")
    for name in OPS:
        sel = [r for r in rows if r[1] == name]
        if sel:
            t = {e: sum(r[4][e] for r in sel) for e in tot}
            print(f"  {name}: " + "  ".join(f"{e} {v:.0f}us" for e, v in t.items()))


if __name__ == "__main__":
    main(*sys.argv[1:])
