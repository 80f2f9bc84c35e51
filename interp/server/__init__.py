"""``interp serve``: TensorFlow Serving's REST API over interp interpreters, standard library only.

* :mod:`interp.server.models` — the model's version folders, interpreter pools and hot reload;
* :mod:`interp.server.codec` — TF Serving's JSON request and response shapes;
* :mod:`interp.server.rest` — the HTTP server and its routes.

``ModelServer(name, base_path, port=0).start()`` serves in background threads (``.port`` is the
bound port, ``.stop()`` ends it); ``interp serve`` runs one in the foreground. See docs/serving.md.
"""
from interp.server.rest import ModelServer
from interp.server.models import ModelManager, RequestError

__all__ = ["ModelServer", "ModelManager", "RequestError"]
