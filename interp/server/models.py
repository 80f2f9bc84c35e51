"""The served model: its version folders, one interpreter pool per loaded version, hot reload.

``base_path`` holds numbered folders (``1/``, ``2/``, ...), each with ``model.tflite`` (or one
other ``*.tflite`` file). As TF Serving's default version policy does, the newest version is served.
A background thread looks at the folder every ``poll_seconds``; when a newer version appears it is
loaded *next to* the old one and then swapped in with a single assignment. A request takes the
current :class:`Servable` once, at its start, so requests in flight finish on the version they
started on; the old version is freed when the last of them is done. A version that fails to load
is retried when its file changes (it may still be being copied) while the old version keeps
serving.

One interpreter runs one request at a time (interp interpreters are single-threaded), so a version
holds ``num_interpreters`` of them in a queue: a request waits for a free one.
"""
import logging
import os
import queue
import threading

from interp.errors import InterpError

log = logging.getLogger("interp.serve")


class RequestError(Exception):
    """A request the server refuses: ``status`` (an HTTP 4xx/5xx code) and a message."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def find_model_file(folder):
    """The ``.tflite`` file of a version folder, or None."""
    preferred = os.path.join(folder, "model.tflite")
    if os.path.isfile(preferred):
        return preferred
    try:
        found = sorted(f for f in os.listdir(folder) if f.endswith(".tflite"))
    except OSError:
        return None
    return os.path.join(folder, found[0]) if len(found) == 1 else None


def list_versions(base_path):
    """``{version number: model file}`` of the version folders under ``base_path``."""
    try:
        names = os.listdir(base_path)
    except OSError:
        return {}
    out = {}
    for name in names:
        if name.isdigit() and os.path.isdir(os.path.join(base_path, name)):
            path = find_model_file(os.path.join(base_path, name))
            if path is not None:
                out[int(name)] = path
    return out


class Servable:
    """One loaded version: ``num_interpreters`` interpreters of one file, and its SignatureDefs."""

    def __init__(self, name, version, path, num_interpreters=1):
        from interp.interpreter import Interpreter
        self.name = name
        self.version = version
        self.path = path
        interpreters = [Interpreter(model_path=path) for _ in range(num_interpreters)]
        self.signature_defs = interpreters[0].get_signature_defs()
        self._free = queue.SimpleQueue()
        for it in interpreters:
            # every signature's runner made up front: a request never builds one
            self._free.put({key: it.get_signature_runner(key) for key in self.signature_defs})

    def run(self, signature_key, inputs):
        """Run one signature on ``{input name: array}``; waits for a free interpreter."""
        runners = self._free.get()
        try:
            return runners[signature_key](**inputs)
        finally:
            self._free.put(runners)


class ModelManager:
    """Keeps the newest version of one model loaded (see the module docstring)."""

    def __init__(self, name, base_path, num_interpreters=1, poll_seconds=1.0):
        if num_interpreters < 1:
            raise ValueError(f"num_interpreters must be >= 1, got {num_interpreters}")
        self.name = name
        self.base_path = os.path.abspath(base_path)
        self.num_interpreters = num_interpreters
        self.poll_seconds = poll_seconds
        self.current = None  # the Servable answering new requests
        self.states = {}  # version -> "AVAILABLE" / "END" (unloaded) / "LOADING"
        self.errors = {}  # version -> the load error (kept for the status API)
        self._failed = {}  # version -> (path, size, mtime) of the file that failed to load
        self._lock = threading.Lock()  # one poll at a time
        self._stop = threading.Event()
        self._thread = None

    # -- versions -----------------------------------------------------------------------------

    def poll(self):
        """Load the newest version when it is not the one being served; True when it swapped."""
        with self._lock:
            versions = list_versions(self.base_path)
            if not versions:
                return False
            newest = max(versions)
            current = self.current
            if current is not None and current.version == newest:
                return False
            stamp = _stamp(versions[newest])
            if newest in self.errors and self._failed.get(newest) == stamp:
                return False  # failed before and unchanged since: wait for a new file
            self.states[newest] = "LOADING"
            try:
                servable = Servable(self.name, newest, versions[newest], self.num_interpreters)
            except (InterpError, OSError) as exc:
                log.warning("model '%s' version %d did not load (retried when the file "
                            "changes): %s", self.name, newest, exc)
                self.states[newest] = "END"
                self.errors[newest] = str(exc)
                self._failed[newest] = stamp
                return False
            self.errors.pop(newest, None)
            self._failed.pop(newest, None)
            self.current = servable  # the swap: new requests go to the new version from here
            self.states[newest] = "AVAILABLE"
            if current is not None:
                self.states[current.version] = "END"
            log.info("model '%s': serving version %d (%s)", self.name, newest, servable.path)
            return True

    def start(self):
        """Load what is there now and watch ``base_path`` in a daemon thread."""
        self.poll()
        if self.current is None:
            log.warning("model '%s': no version found yet; waiting for %s/<version>/model.tflite",
                        self.name, self.base_path)
        self._stop.clear()
        self._thread = threading.Thread(target=self._watch, name=f"interp-watch-{self.name}",
                                        daemon=True)
        self._thread.start()

    def stop(self):
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _watch(self):
        while not self._stop.wait(self.poll_seconds):
            try:
                self.poll()
            except Exception:  # the watcher must outlive anything a bad folder does
                log.exception("model '%s': polling %s failed", self.name, self.base_path)

    # -- requests -----------------------------------------------------------------------------

    def servable(self, name, version=None):
        """The Servable a request for ``name`` (and ``version``, None = latest) goes to."""
        current = self.current
        if name != self.name:
            raise RequestError(404, f"Servable not found for request: {_spec(name, version)}: "
                                    f"this server serves the model '{self.name}'")
        if current is None:
            raise RequestError(404, f"Servable not found for request: {_spec(name, version)}: "
                                    f"no version of '{self.name}' is loaded yet (looking for "
                                    f"{self.base_path}/<version>/model.tflite)")
        if version is not None and version != current.version:
            raise RequestError(404, f"Servable not found for request: {_spec(name, version)}: "
                                    f"the version served is {current.version}")
        return current

    def status(self, name, version=None):
        """TF Serving's GetModelStatusResponse as a dict."""
        if name != self.name:
            raise RequestError(404, f"Servable not found for request: {_spec(name, version)}: "
                                    f"this server serves the model '{self.name}'")
        states = dict(self.states)
        if not states:
            raise RequestError(404, f"Servable not found for request: {_spec(name, version)}: "
                                    f"no version of '{self.name}' found in {self.base_path}")
        if version is not None:
            if version not in states:
                raise RequestError(404, f"Servable not found for request: {_spec(name, version)}"
                                        f": versions known: {sorted(states) or 'none'}")
            states = {version: states[version]}
        out = []
        for v in sorted(states, reverse=True):
            err = self.errors.get(v)
            out.append({"version": str(v), "state": states[v],
                        "status": {"error_code": "UNKNOWN" if err else "OK",
                                   "error_message": err or ""}})
        return {"model_version_status": out}


def _stamp(path):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return path, st.st_size, st.st_mtime_ns


def _spec(name, version):
    return f"Latest({name})" if version is None else f"Specific({name}, {version})"
