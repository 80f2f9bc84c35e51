"""interp: a lightweight interpreter and converter for `.tflite` models.

Public names (see README.md for a tour)::

    interp.Interpreter, interp.SignatureRunner, interp.OpResolverType
    interp.Module, interp.function, interp.TensorSpec, interp.Converter, interp.ops
    interp.bench (``interp.bench.benchmark``: timing a signature, docs/bench.md)
    interp.serving (TF Serving method names and signature rules)
    interp.Optimize, interp.quantize_model, interp.compare (post-training quantization,
    docs/quantization.md)
    interp.register_custom_op, interp.bake_variables
    interp.InterpError, interp.ModelError, interp.InputError, interp.KernelError, interp.StateError

Heavy submodules are imported on first use, so ``import interp`` stays cheap.
"""
import importlib

from interp.errors import InputError, InterpError, KernelError, ModelError, StateError

__version__ = "0.1.0"

_LAZY = {
    "register_custom_op": ("interp.custom", "register_custom_op"),
    "unregister_custom_op": ("interp.custom", "unregister_custom_op"),
    "bake_variables": ("interp.bake", "bake_variables"),
    "Variable": ("interp.convert.variables", "Variable"),
    "Interpreter": ("interp.interpreter", "Interpreter"),
    "Limits": ("interp.verifier", "Limits"),
    "OpResolverType": ("interp.interpreter", "OpResolverType"),
    "SignatureRunner": ("interp.signature_runner", "SignatureRunner"),
    "Module": ("interp.convert", "Module"),
    "function": ("interp.convert", "function"),
    "TensorSpec": ("interp.convert", "TensorSpec"),
    "Converter": ("interp.convert", "Converter"),
    "Optimize": ("interp.quantize", "Optimize"),
    "quantize_model": ("interp.quantize", "quantize_model"),
    "compare": ("interp.compare_report", "compare"),
}


def __getattr__(name):
    if name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    if name in ("ops", "bench", "serving"):
        return importlib.import_module(f"interp.{name}")
    raise AttributeError(f"module 'interp' has no attribute '{name}'")


def __dir__():
    return sorted(list(globals()) + list(_LAZY) + ["ops", "bench", "serving"])


__all__ = ["Interpreter", "SignatureRunner", "OpResolverType", "Module", "function", "TensorSpec",
           "Converter", "ops", "serving", "bench", "InterpError", "ModelError", "InputError",
           "KernelError", "StateError", "register_custom_op", "unregister_custom_op",
           "bake_variables", "Variable", "Optimize", "quantize_model", "compare", "Limits"]
