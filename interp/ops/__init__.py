"""``interp.ops``: the ops a converted function is written with (TensorFlow's names).

    add subtract multiply divide truncatediv matmul dense relu relu6 sigmoid tanh softmax
    reshape argmax as_string string_to_number constant
    strings.join strings.length strings.lower strings.upper strings.strip strings.substr
    strings.regex_replace strings.regex_full_match strings.to_hash_bucket_fast

They live in ``interp.convert.api`` and ``interp.convert.strings_api`` (see their docstrings for
what each becomes in the file).

This package also holds the runtime's kernel modules (``interp/ops/add.py``, ``relu.py``, ...; the
registry imports them by their full name). Importing a submodule normally sets the package attribute
of the same name, which would replace the public function ``interp.ops.add`` by the kernel module
``interp.ops.add``. The package's module class below ignores exactly that: a public name is never
rebound to a submodule, whatever the import order. Kernel modules are reached through
``importlib.import_module("interp.ops.<name>")`` / ``sys.modules`` (as ``registry.lookup`` does).
"""
import sys
import types

from interp.convert import api as _api
from interp.convert.api import (add, argmax, as_string, constant, dense, divide, matmul, multiply,
                                relu, relu6, reshape, sigmoid, softmax, string_to_number, subtract,
                                tanh, truncatediv)
from interp.convert.strings_api import strings

__all__ = list(_api.__all__) + ["strings"]
_PUBLIC = frozenset(__all__)


class _OpsPackage(types.ModuleType):
    def __setattr__(self, name, value):
        if name in _PUBLIC and isinstance(value, types.ModuleType):
            return  # the import system binding a kernel submodule: keep the public function
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _OpsPackage
