"""``interp inspect MODEL [--json]``: what a ``.tflite`` file holds, read from the file alone.

Shows the signatures (TF Serving method name, TensorInfos, any broken TF Serving rule), an op
histogram with the options each op is used with, every tensor with its quantization, the metadata
entries, the memory plan estimate (``Interpreter.memory_plan()`` when interp has it and can run the
model; "n/a" otherwise) and the ops interp cannot run. Nothing is run and nothing is allocated
except for the memory plan. ``--json`` prints the same as one JSON object (see :func:`describe`).
"""
import json
import os
import sys
from collections import Counter

from interp import dtypes, serving
from interp.errors import InterpError

# options fields holding an enum code, shown by name
_ENUM_FIELDS = {"fused_activation_function": "ActivationFunctionType", "padding": "Padding",
                "weights_format": "FullyConnectedOptionsWeightsFormat"}
_TYPE_FIELDS = ("output_type", "out_type", "in_data_type", "out_data_type", "idx_out_type",
                "quantized_bias_type")


def add_parser(sub):
    p = sub.add_parser("inspect", help="show a model's signatures, ops, tensors, metadata",
                       description=__doc__.split("\n")[0])
    p.add_argument("model", help="path to a .tflite file")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=run)
    return p


def run(args):
    info = describe(args.model)
    if args.json:
        print(json.dumps(info, indent=2))
    else:
        sys.stdout.write(format_text(info))
    return 0


# -- gathering -------------------------------------------------------------------------------

def describe(path):
    """Everything ``inspect`` shows, as JSON-ready Python values."""
    from interp.loader import load_model
    from interp.model import SignatureDef, TensorMap
    from interp.ops import registry
    from interp.signature_defs import signature_defs

    path = os.fspath(path)
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise InterpError(f"Could not open '{path}': {exc.strerror or exc}") from None
    model = load_model(data)
    sigs = {d.signature_key: d for d in model.signature_defs}
    if not sigs:  # as the interpreter does: subgraph 0 is serving_default
        sg = model.subgraphs[0]
        sigs = {serving.DEFAULT_SERVING_SIGNATURE_DEF_KEY: SignatureDef(
            serving.DEFAULT_SERVING_SIGNATURE_DEF_KEY,
            tuple(TensorMap(sg.tensors[i].name, i) for i in sg.inputs),
            tuple(TensorMap(sg.tensors[i].name, i) for i in sg.outputs), 0)}
    sigs = dict(sorted(sigs.items()))
    signatures = {}
    for key, sig in signature_defs(model, sigs).items():
        signatures[key] = {
            "method_name": sig.method_name,
            "subgraph_index": sigs[key].subgraph_index,
            "inputs": {n: _tensor_info(i) for n, i in sig.inputs.items()},
            "outputs": {n: _tensor_info(i) for n, i in sig.outputs.items()},
            "problems": serving.validate_signature(sig)}

    histogram, variants, unsupported = Counter(), {}, []
    for sg_index, sg in enumerate(model.subgraphs):
        for node, op in enumerate(sg.operators):
            code = model.operator_codes[op.opcode_index]
            name = registry.op_display_name(code.builtin_code, code.custom_code)
            histogram[name] += 1
            options = json.dumps(_options(op, code), sort_keys=True)
            variants.setdefault(name, Counter())[options] += 1
            if registry.lookup(code.builtin_code, code.custom_code) is None:
                unsupported.append({"op": name, "subgraph": sg_index, "node": node})
    ops = [{"op": name, "count": count,
            "options": [{"options": json.loads(o), "count": c}
                        for o, c in sorted(variants[name].items(), key=lambda kv: -kv[1])]}
           for name, count in sorted(histogram.items(), key=lambda kv: (-kv[1], kv[0]))]

    subgraphs = []
    for sg_index, sg in enumerate(model.subgraphs):
        subgraphs.append({
            "index": sg_index, "name": sg.name, "inputs": list(sg.inputs),
            "outputs": list(sg.outputs), "operators": len(sg.operators),
            "tensors": [_tensor(model, i, t) for i, t in enumerate(sg.tensors)]})

    return {"path": path, "size_bytes": len(data), "version": model.version,
            "description": model.description, "signatures": signatures, "ops": ops,
            "subgraphs": subgraphs,
            "metadata": [_metadata(model, m) for m in model.metadata],
            "memory_plan": _memory_plan(data, unsupported),
            "unsupported_ops": unsupported}


def _tensor_info(info):
    dtype = None if info.dtype is None else "string" if info.dtype == object else str(info.dtype)
    return {"name": info.name, "dtype": dtype, "shape": list(info.shape)}


def _options(op, code):
    from interp.schema_tables import ENUMS
    if code.builtin_code == 32:
        out = {"custom_options_bytes": len(op.custom_options or b"")}
        if code.custom_code and code.custom_code.startswith("Flex") and op.custom_options:
            try:
                from interp.flex.custom_options import decode_flex_options
                _, nodedef = decode_flex_options(op.custom_options)
                out = {"flex_attrs": {k: _plain(v.value) for k, v in nodedef.attrs.items()}}
            except InterpError as exc:
                out["error"] = str(exc)
        return out
    out = {}
    for field, value in op.builtin_options.items():
        if field in _ENUM_FIELDS:
            names = {v: k for k, v in ENUMS[_ENUM_FIELDS[field]][1].items()}
            value = names.get(value, value)
        elif field in _TYPE_FIELDS and isinstance(value, int):
            value = dtypes.name(value)
        out[field] = _plain(value)
    return out


def _plain(value):
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value.hex()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(getattr(value, k)) for k in value.__dataclass_fields__}
    return repr(value)


def _tensor(model, index, t):
    data = model.tensor_data(t)
    q = t.quantization
    quant = None
    if q is not None and (q.scale or q.zero_point or q.min or q.max or q.details_type):
        quant = {"scale": list(q.scale), "zero_point": list(q.zero_point),
                 "quantized_dimension": q.quantized_dimension}
        if q.min or q.max:
            quant["min"], quant["max"] = list(q.min), list(q.max)
        if q.details_type:
            quant["details_type"] = q.details_type
    return {"index": index, "name": t.name, "dtype": dtypes.name(t.type), "shape": list(t.shape),
            "shape_signature": list(t.signature), "constant_bytes": 0 if data is None
            else len(data), "is_variable": t.is_variable, "quantization": quant}


def _metadata(model, entry):
    raw = model.buffers[entry.buffer].data if 0 <= entry.buffer < len(model.buffers) else None
    raw = bytes(raw) if raw is not None else b""
    try:
        text = raw.rstrip(b"\0").decode("utf-8")
        printable = text.isprintable() or not text
    except UnicodeDecodeError:
        text, printable = None, False
    return {"name": entry.name, "buffer": entry.buffer, "bytes": len(raw),
            "text": text if printable and len(text) <= 2000 else None,
            "hex": raw[:32].hex() if not printable else None}


def _memory_plan(data, unsupported):
    from interp.interpreter import Interpreter
    if unsupported:
        return {"arena_bytes": None, "weight_bytes": None,
                "note": "n/a: the model has ops interp cannot run"}
    if getattr(Interpreter, "memory_plan", None) is None:
        return {"arena_bytes": None, "weight_bytes": None,
                "note": "n/a: this interp has no Interpreter.memory_plan()"}
    try:
        plan = Interpreter(model_content=data).memory_plan()
    except InterpError as exc:
        return {"arena_bytes": None, "weight_bytes": None, "note": f"n/a: {exc}"}
    return {"arena_bytes": getattr(plan, "arena_bytes", None),
            "weight_bytes": getattr(plan, "weight_bytes", None), "note": ""}


# -- text ------------------------------------------------------------------------------------

def _shape(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def _bytes(n):
    if n is None:
        return "n/a"
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n} B" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024


def format_text(info):
    lines = [f"model: {info['path']} ({info['size_bytes']} bytes, schema version "
             f"{info['version']}" + (f", \"{info['description']}\"" if info["description"]
                                     else "") + ")", ""]
    lines.append(f"signatures ({len(info['signatures'])}):")
    for key, sig in info["signatures"].items():
        lines.append(f"  {key}: {sig['method_name']} (subgraph {sig['subgraph_index']})")
        for side in ("inputs", "outputs"):
            for name, t in sig[side].items():
                lines.append(f"    {side[:-1]:<6} {name}: {t['dtype']} {_shape(t['shape'])}  "
                             f"(tensor '{t['name']}')")
        for p in sig["problems"]:
            lines.append(f"    ! {p}")
    lines += ["", f"ops ({sum(o['count'] for o in info['ops'])}):"]
    for op in info["ops"]:
        lines.append(f"  {op['count']:>5} x {op['op']}")
        for v in op["options"]:
            if v["options"]:
                opts = ", ".join(f"{k}={json.dumps(val)}" for k, val in v["options"].items())
                lines.append(f"          {v['count']:>4} x {opts}")
    for sg in info["subgraphs"]:
        lines += ["", f"subgraph {sg['index']}" + (f" '{sg['name']}'" if sg["name"] else "")
                  + f": {len(sg['tensors'])} tensors, {sg['operators']} ops, inputs "
                  f"{sg['inputs']}, outputs {sg['outputs']}"]
        for t in sg["tensors"]:
            extra = []
            if t["shape_signature"] != t["shape"]:
                extra.append(f"signature {_shape(t['shape_signature'])}")
            if t["constant_bytes"]:
                extra.append(f"const {t['constant_bytes']} B")
            if t["is_variable"]:
                extra.append("variable")
            q = t["quantization"]
            if q is not None:
                extra.append(f"quant scale={q['scale']} zero_point={q['zero_point']}"
                             + (f" axis={q['quantized_dimension']}" if len(q["scale"]) > 1
                                else ""))
            lines.append(f"  {t['index']:>4} {t['name']}: {t['dtype']} {_shape(t['shape'])}"
                         + (f"  ({'; '.join(extra)})" if extra else ""))
    lines += ["", f"metadata ({len(info['metadata'])}):"]
    for m in info["metadata"]:
        shown = m["text"] if m["text"] is not None else (
            f"0x{m['hex']}" + ("..." if m["bytes"] > 32 else "") if m["hex"] else "")
        lines.append(f"  {m['name']}: {m['bytes']} bytes" + (f": {shown}" if shown else ""))
    plan = info["memory_plan"]
    lines += ["", f"memory plan: arena {_bytes(plan['arena_bytes'])}, weights "
                  f"{_bytes(plan['weight_bytes'])}" + (f" ({plan['note']})" if plan["note"]
                                                       else "")]
    lines += ["", f"unsupported ops ({len(info['unsupported_ops'])}):"]
    for u in info["unsupported_ops"]:
        lines.append(f"  {u['op']} (subgraph {u['subgraph']}, node {u['node']})")
    if not info["unsupported_ops"]:
        lines.append("  none: interp can run every op")
    return "\n".join(lines) + "\n"
