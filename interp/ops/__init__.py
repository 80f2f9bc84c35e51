"""``interp.ops``: the ops a converted function is written with (TensorFlow's names).

They live in ``interp.convert.api`` and the modules it joins (``api_math``, ``api_nn``,
``api_array``); ``interp.convert.api.__all__`` is the list, and docs/converter.md the table of
what each becomes in the file.

This package also holds the runtime's kernel modules (``interp/ops/add.py``, ``relu.py``,
``transpose.py``, ``pad.py``, ...; the registry imports them by their full name). Importing a
submodule normally sets the package attribute of the same name, which would replace the public
function ``interp.ops.add`` (or ``transpose``, ``pad``, ``gather``, ``cast``, ``shape``, ``fill``,
``tile``, ``range``, ...) by the kernel module ``interp.ops.add``. The package's module class below
ignores exactly that: a public name is never rebound to a submodule, whatever the import order.
Kernel modules are reached through ``importlib.import_module("interp.ops.<name>")`` /
``sys.modules`` (as ``registry.lookup`` does).
"""
import sys
import types

from interp.convert import api as _api

__all__ = list(_api.__all__)
_PUBLIC = frozenset(__all__)
globals().update({_name: getattr(_api, _name) for _name in __all__})


class _OpsPackage(types.ModuleType):
    def __setattr__(self, name, value):
        if name in _PUBLIC and isinstance(value, types.ModuleType):
            return  # the import system binding a kernel submodule: keep the public function
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _OpsPackage
