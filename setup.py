"""setuptools needs this file only to pass ``cffi_modules``: the C kernels in ``kernels/`` are
compiled into ``interp._kernels`` at install time. Everything else lives in pyproject.toml."""
from setuptools import setup

setup(cffi_modules=["kernels/build.py:ffibuilder"])
