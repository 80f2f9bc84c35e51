"""``interp bench``: the command line over :func:`interp.bench.benchmark` (see docs/bench.md).

``interp bench MODEL [--signature KEY] [--runs N] [--warmup N] [--json] [--profile]
[--compare litert [--litert-resolver builtin]] [--input NAME=file.npy ...] [--shape NAME=1,32,32,3 ...]
[--seed N] [--mode invoke|call]`` prints latency percentiles, memory and, with ``--profile``, a
per-op table; ``--json`` prints one JSON object instead. Bad arguments, a model interp cannot run
and a missing LiteRT exit with status 2 and a message on stderr.
"""
import json

from interp import bench
from interp.errors import InputError


def add_parser(sub):
    """Register the ``bench`` subcommand on the CLI's subparsers."""
    p = sub.add_parser("bench", help="time a signature: latency percentiles, per-op profile, "
                                     "memory, optionally against LiteRT")
    p.add_argument("model", help="path to a .tflite file")
    p.add_argument("--signature", help="signature key (needed when the model has several)")
    p.add_argument("--runs", type=int, default=100, help="timed runs (default 100)")
    p.add_argument("--warmup", type=int, default=10, help="untimed runs first (default 10)")
    p.add_argument("--json", action="store_true", help="print one JSON object (keys: docs/bench.md)")
    p.add_argument("--profile", action="store_true", help="also time every op of the plan")
    p.add_argument("--compare", choices=bench.COMPARE,
                   help="also time this engine in the same process, interleaved")
    p.add_argument("--litert-resolver", choices=bench.LITERT_RESOLVERS, default="auto",
                   help="LiteRT op resolver: auto (default) or builtin "
                        "(BUILTIN_WITHOUT_DEFAULT_DELEGATES)")
    p.add_argument("--input", action="append", default=[], metavar="NAME=FILE.npy",
                   help="real data for an input from a .npy file (repeatable)")
    p.add_argument("--shape", action="append", default=[], metavar="NAME=D0,D1,...",
                   help="shape of a random input; needed where its shape signature has -1")
    p.add_argument("--seed", type=int, default=0, help="seed of the random inputs (default 0)")
    p.add_argument("--mode", choices=bench.MODES, default="invoke",
                   help="invoke: time the model run only (default); call: time whole "
                        "signature-runner calls, input and output copies included")


def run(args):
    inputs = {}
    for name, text in _pairs("--input", "NAME=FILE.npy", args.input):
        inputs[name] = text[1:] if text.startswith("@") else text
    shapes = {}
    for name, text in _pairs("--shape", "NAME=D0,D1,...", args.shape):
        try:
            shapes[name] = [int(d) for d in text.split(",") if d.strip()]
        except ValueError:
            raise InputError(f"--shape {name}={text}: dims must be integers, like 1,32,32,3") \
                from None
    result = bench.benchmark(args.model, args.signature, runs=args.runs, warmup=args.warmup,
                             profile=args.profile, compare=args.compare, inputs=inputs,
                             shapes=shapes, seed=args.seed, mode=args.mode,
                             litert_resolver=args.litert_resolver)
    print(json.dumps(result.as_dict()) if args.json else result.format_table())
    return 0


def _pairs(flag, form, items):
    seen = set()
    for item in items:
        name, sep, text = item.partition("=")
        if not sep or not name:
            raise InputError(f"{flag} '{item}' must look like {form}")
        if name in seen:
            raise InputError(f"{flag} {name} is given twice")
        seen.add(name)
        yield name, text
