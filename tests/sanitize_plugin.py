"""pytest plugin for tests/sanitize.sh: makes ``interp._kernels`` the sanitizer build.

Loaded with ``-p sanitize_plugin`` before any test imports interp, it loads the module from
``$INTERP_SANITIZE_SO`` under the name ``interp._kernels``; every later ``from interp._kernels import``
then gets it from ``sys.modules`` whatever ``sys.path`` says.
"""
import importlib.util
import os
import sys

_path = os.environ["INTERP_SANITIZE_SO"]
_spec = importlib.util.spec_from_file_location("interp._kernels", _path)
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
sys.modules["interp._kernels"] = _module


def pytest_configure(config):
    from interp.ops import _kernels
    if _kernels.lib is not _module.lib:
        raise RuntimeError("interp.ops._kernels did not pick up the sanitizer build")


def pytest_report_header(config):
    return f"interp kernels: sanitizer build {_path}"
