"""The ``interp`` command line.

``interp run MODEL [--signature KEY] [--input NAME=VALUES ...]`` loads a model, prints its signature
list, runs one signature and prints its outputs. VALUES is a comma-separated list (``1,2,3``), a JSON
array (``[[1,2],[3,4]]``) or ``@file.npy``; it is cast to the input's dtype and shaped to fit it.
``interp bench MODEL ...`` times a signature (``interp/cli_bench.py``, docs/bench.md).
``interp serve`` (TF Serving's REST API) and ``interp inspect`` live in cli_serve.py / cli_inspect.py.
"""
import argparse
import json
import sys

import numpy as np

from interp import cli_bench
from interp.errors import InterpError


def main(argv=None):
    parser = argparse.ArgumentParser(prog="interp", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="print the signature list, run a signature, print its outputs")
    run.add_argument("model", help="path to a .tflite file")
    run.add_argument("--signature", help="signature key (needed when the model has several)")
    run.add_argument("--input", action="append", default=[], metavar="NAME=VALUES",
                     help="an input value: 1,2,3 or a JSON array or @file.npy (repeatable)")
    from interp import cli_inspect, cli_serve
    cli_bench.add_parser(sub)
    cli_serve.add_parser(sub)
    cli_inspect.add_parser(sub)
    args = parser.parse_args(argv)
    try:
        if args.command == "bench":
            return cli_bench.run(args)
        return args.handler(args) if hasattr(args, "handler") else _run(args)
    except InterpError as exc:
        print(f"interp: error: {exc}", file=sys.stderr)
        return 2


def _run(args):
    from interp.interpreter import Interpreter
    from interp.errors import InputError

    interpreter = Interpreter(model_path=args.model)
    print("signatures:", json.dumps(interpreter.get_signature_list()))
    runner = interpreter.get_signature_runner(args.signature)
    details = runner.get_input_details()
    values = {}
    for item in args.input:
        name, sep, text = item.partition("=")
        if not sep:
            raise InputError(f"--input '{item}' must look like NAME=VALUES")
        if name not in details:
            raise InputError(f"--input '{name}': signature '{runner.signature_key}' has inputs "
                             f"{', '.join(sorted(details))}")
        values[name] = _parse_values(name, text, details[name])
    missing = sorted(set(details) - set(values))
    if missing:
        raise InputError(f"missing --input for {', '.join(missing)} (signature "
                         f"'{runner.signature_key}')")
    outputs = runner(**values)
    print(f"outputs of '{runner.signature_key}':")
    with np.printoptions(threshold=50, edgeitems=5):
        for name, value in outputs.items():
            print(f"  {name}: {_show(value)}")
    return 0


def _parse_values(name, text, detail):
    from interp.errors import InputError

    dtype = detail["dtype"]
    is_string = dtype is np.bytes_
    if text.startswith("@"):
        raw = np.load(text[1:], allow_pickle=False)
    elif text.startswith("["):
        raw = np.array(json.loads(text))
    elif is_string:
        raw = np.array(text.split(",") if text else [], dtype=object)
    else:
        raw = np.array([float(v) if dtype(0).dtype.kind == "f" else int(v, 0)
                        for v in text.split(",") if v.strip()])
    arr = raw.astype(object) if is_string else raw.astype(dtype)
    if is_string:
        arr = np.array([v.encode() if isinstance(v, str) else v for v in arr.reshape(-1)],
                       dtype=object).reshape(arr.shape)
    sig = [int(d) for d in detail["shape_signature"]]
    if arr.ndim != len(sig):
        if -1 not in sig and arr.size == int(np.prod(sig)):
            arr = arr.reshape(sig)
        elif sig.count(-1) == 1 and arr.size % max(1, int(np.prod([d for d in sig if d != -1]))) == 0:
            arr = arr.reshape([d if d != -1 else -1 for d in sig])
        else:
            raise InputError(f"--input '{name}': {arr.size} values do not fit shape signature {sig}")
    return arr


def _show(value):
    if value.dtype == object:
        return "[" + ", ".join(repr(v) for v in value.reshape(-1)) + "]" + (
            f" shape {list(value.shape)}" if value.ndim != 1 else "")
    return f"{np.array2string(value, separator=', ')} ({value.dtype}, shape {list(value.shape)})"


if __name__ == "__main__":
    sys.exit(main())
