"""The HTTP side of ``interp serve``: TF Serving's REST routes on the standard library's
``ThreadingHTTPServer`` (one thread per connection, HTTP/1.1 keep-alive).

Routes (``NAME`` = ``--model_name``; ``/versions/N`` is optional everywhere)::

    GET  /v1/models/NAME[/versions/N]            model_version_status
    GET  /v1/models/NAME[/versions/N]/metadata   signature_def map with method names
    POST /v1/models/NAME[/versions/N]:predict    instances (row) or inputs (columnar)
    POST /v1/models/NAME[/versions/N]:classify   examples [+ context]
    POST /v1/models/NAME[/versions/N]:regress    examples [+ context]

Every error is ``{"error": "..."}`` with a 4xx code naming what is wrong (5xx only for faults of
the server or the model itself).
"""
import json
import logging
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from interp import serving
from interp.errors import InterpError
from interp.server import codec
from interp.server.models import ModelManager, RequestError

log = logging.getLogger("interp.serve")

ROUTE = re.compile(r"^/v1/models/(?P<name>[^/:]+)(?:/versions/(?P<version>[^/:]+))?"
                   r"(?:/labels/(?P<label>[^/:]+))?(?P<verb>/metadata|:[A-Za-z]+)?$")
MAX_BODY = 64 << 20  # bytes


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # many clients at once queue in the kernel instead of being dropped


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "interp-serve"
    # a buffered writer: headers and body leave in one send when handle_one_request flushes.
    # TCP_NODELAY as well, or Nagle's algorithm may hold a reply's tail until the client's delayed
    # ACK (~40 ms per request on keep-alive connections)
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self._dispatch("GET")

    def do_POST(self):  # noqa: N802
        self._dispatch("POST")

    def log_message(self, fmt, *args):
        log.debug("%s %s", self.address_string(), fmt % args)

    def _dispatch(self, method):
        try:
            body = self._read_body() if method == "POST" else None
            status, payload = 200, self._route(method, body)
        except RequestError as exc:
            status, payload = exc.status, {"error": exc.message}
        except InterpError as exc:  # an input the model refuses: names, dtypes, shapes, values
            status, payload = 400, {"error": str(exc)}
        except Exception as exc:  # a fault of the server: answer, log, keep serving
            log.exception("error while serving %s %s", method, self.path)
            status, payload = 500, {"error": f"internal error: {type(exc).__name__}: {exc}"}
        self._send(status, payload)

    def _read_body(self):
        length = self.headers.get("Content-Length")
        if length is None:
            self.close_connection = True
            raise RequestError(411, "a Content-Length header is required")
        try:
            n = int(length)
        except ValueError:
            self.close_connection = True
            raise RequestError(400, f"bad Content-Length {length!r}") from None
        if n > MAX_BODY:
            self.close_connection = True
            raise RequestError(413, f"the request body is {n} bytes; the limit is {MAX_BODY}")
        return self.rfile.read(n)

    def _send(self, status, payload):
        data = json.dumps(payload, indent=None, separators=(",", ":")).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _route(self, method, raw):
        manager: ModelManager = self.server.manager
        path = unquote(urlsplit(self.path).path)
        m = ROUTE.match(path)
        if m is None:
            raise RequestError(404, f"Malformed request: {method} {path} (routes: "
                                    "/v1/models/NAME[/versions/N][/metadata|:predict|:classify|"
                                    ":regress])")
        if m["label"] is not None:
            raise RequestError(404, f"version labels are not supported (got label "
                                    f"'{m['label']}'); use /versions/N")
        version = None
        if m["version"] is not None:
            if not m["version"].isdigit():
                raise RequestError(400, f"the version must be a number, got '{m['version']}'")
            version = int(m["version"])
        verb, name = m["verb"], m["name"]
        if verb is None or verb == "/metadata":
            if method != "GET":
                raise RequestError(405, f"{path} takes GET, not {method}")
            if verb is None:
                return manager.status(name, version)
            return codec.metadata_json(manager.servable(name, version))
        kinds = {":predict": None, ":classify": serving.CLASSIFY_METHOD_NAME,
                 ":regress": serving.REGRESS_METHOD_NAME}
        if verb not in kinds:
            raise RequestError(404, f"unknown verb '{verb}' in {path}: use :predict, :classify "
                                    "or :regress")
        if method != "POST":
            raise RequestError(405, f"{path} takes POST, not {method}")
        servable = manager.servable(name, version)  # taken once: the request stays on it
        try:
            body = json.loads(raw)
        except (UnicodeDecodeError, ValueError) as exc:
            raise RequestError(400, f"JSON Parse error: {exc}") from None
        if not isinstance(body, dict):
            raise RequestError(400, f"the request body must be a JSON object, got "
                                    f"{codec.json_type(body)}")
        key, sig = codec.signature(servable, body, kinds[verb])
        if verb == ":predict":
            inputs, row_form = codec.predict_inputs(body, key, sig)
            return codec.predict_response(servable.run(key, inputs), row_form)
        inputs, n = codec.examples_to_input(body, key, sig)
        outputs = servable.run(key, inputs)
        if verb == ":classify":
            return codec.classify_response(outputs, n)
        return codec.regress_response(outputs, n)


class ModelServer:
    """TF Serving's REST API for one model (see the module docstring).

    ``ModelServer(name, base_path, port=0, host="127.0.0.1").start()`` serves from background
    threads; ``.port`` is the bound port (useful with ``port=0``), ``.stop()`` ends everything.
    ``serve_forever()`` serves in the calling thread (the CLI).
    """

    def __init__(self, model_name, model_base_path, port=8501, host="0.0.0.0",
                 num_interpreters=1, poll_seconds=1.0):
        self.manager = ModelManager(model_name, model_base_path, num_interpreters, poll_seconds)
        self.httpd = _Server((host, port), Handler)
        self.httpd.manager = self.manager
        self._thread = None

    @property
    def port(self):
        return self.httpd.server_address[1]

    @property
    def url(self):
        host = self.httpd.server_address[0]
        return f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{self.port}"

    def start(self):
        self.manager.start()
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                        name="interp-http", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self):
        self.manager.start()
        try:
            self.httpd.serve_forever()
        finally:
            self.manager.stop()
            self.httpd.server_close()

    def stop(self):
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join()
            self._thread = None
        self.httpd.server_close()
        self.manager.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
