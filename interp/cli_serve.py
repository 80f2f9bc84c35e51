"""``interp serve``: TensorFlow Serving's REST API for one model (see docs/serving.md).

    interp serve --model_name NAME --model_base_path DIR [--rest_api_port 8501]
                 [--num_interpreters N] [--file_system_poll_wait_seconds 1] [--host 0.0.0.0]

DIR holds numbered version folders (``DIR/1/model.tflite``, ...); the newest is served and a newer
one is picked up while serving. The flag names are TF Serving's ``tensorflow_model_server`` ones.
"""
import logging


def add_parser(sub):
    p = sub.add_parser("serve", help="serve a model with TensorFlow Serving's REST API",
                       description=__doc__.split("\n")[0])
    p.add_argument("--model_name", required=True, help="the NAME in /v1/models/NAME")
    p.add_argument("--model_base_path", required=True,
                   help="folder of numbered versions: DIR/1/model.tflite, DIR/2/model.tflite, ...")
    p.add_argument("--rest_api_port", type=int, default=8501, help="HTTP port (default 8501)")
    p.add_argument("--host", default="0.0.0.0", help="address to bind (default 0.0.0.0)")
    p.add_argument("--num_interpreters", type=int, default=1,
                   help="interpreters per version: requests run on N of them in parallel "
                        "(default 1: requests queue)")
    p.add_argument("--file_system_poll_wait_seconds", type=float, default=1.0,
                   help="how often to look for new versions (default 1)")
    p.set_defaults(handler=run)
    return p


def run(args):
    from interp.errors import InputError
    from interp.server import ModelServer

    if args.num_interpreters < 1:
        raise InputError(f"--num_interpreters must be >= 1, got {args.num_interpreters}")
    if args.file_system_poll_wait_seconds <= 0:
        raise InputError("--file_system_poll_wait_seconds must be > 0")
    logging.basicConfig(level=logging.INFO, format="interp serve: %(message)s")
    try:
        server = ModelServer(args.model_name, args.model_base_path, port=args.rest_api_port,
                             host=args.host, num_interpreters=args.num_interpreters,
                             poll_seconds=args.file_system_poll_wait_seconds)
    except OSError as exc:
        raise InputError(f"cannot listen on {args.host}:{args.rest_api_port}: {exc}") from None
    logging.getLogger("interp.serve").info(
        "REST API for model '%s' on http://%s:%d/v1/models/%s (versions in %s)", args.model_name,
        args.host, server.port, args.model_name, server.manager.base_path)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0
