"""The exceptions interp raises.

Every error interp raises on purpose is an :class:`InterpError`. A bad model file raises
:class:`ModelError`; a bad call (unknown signature, wrong input name, dtype or shape) raises
:class:`InputError`. Both are also ``ValueError`` so scripts written for LiteRT, which catch
``ValueError``, keep working. After any of them the interpreter stays usable.
"""


class InterpError(Exception):
    """Base class of every error interp raises on purpose."""


class ModelError(InterpError, ValueError):
    """The model file is malformed, inconsistent or uses something interp cannot run."""


class InputError(InterpError, ValueError):
    """A call's arguments do not fit the model: key, input names, dtypes or shapes."""


class KernelError(InterpError, RuntimeError):
    """A kernel refused its data while running (for example a string that is not a number)."""


class StateError(InterpError, RuntimeError):
    """A call came in the wrong order, e.g. ``invoke()`` before ``allocate_tensors()``."""
