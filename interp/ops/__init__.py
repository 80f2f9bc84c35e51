"""``interp.ops``: the ops a converted function is written with (TensorFlow's names).

They live in ``interp.convert.api`` and the modules it joins (``api_math``, ``api_nn``,
``api_array``); ``interp.convert.api.__all__`` is the list (``__all__`` below repeats it, and a test
keeps the two equal), and docs/converter.md the table of what each becomes in the file.
``interp.ops.strings`` (``join``, ``length``, ``lower``, ...) is ``interp.convert.strings_api``:
the Select-TF string ops of ``tf.strings`` (docs/flex_ops.md).

This package also holds the runtime's kernel modules (``interp/ops/add.py``, ``relu.py``,
``transpose.py``, ``pad.py``, ...; the registry imports them by their full name). Two rules follow:

* The converter is imported on first use of a public name, not when a kernel module is imported, so
  running a model never loads the converter.
* Importing a submodule normally sets the package attribute of the same name, which would replace the
  public function ``interp.ops.add`` (or ``transpose``, ``pad``, ``gather``, ``cast``, ``shape``, ...)
  by the kernel module ``interp.ops.add``. The package's module class below ignores exactly that: a
  public name is never bound to a submodule, whatever the import order. Kernel modules are reached
  through ``importlib.import_module("interp.ops.<name>")`` / ``sys.modules`` (as ``registry.lookup``
  does).
"""
import sys
import types

__all__ = [
    "abs", "add", "argmax", "argmin", "as_string", "avg_pool2d", "batch_to_space", "bias_add",
    "broadcast_to", "cast", "ceil", "concat", "constant", "conv2d", "conv2d_transpose", "cos",
    "cumsum", "dense", "depth_to_space", "depthwise_conv2d", "divide", "elu", "equal", "exp",
    "expand_dims", "fill", "floor", "floordiv", "floormod", "gather", "gather_nd", "gelu",
    "getitem", "greater", "greater_equal", "hard_swish", "l2_normalize", "leaky_relu", "less",
    "less_equal", "log", "log_softmax", "logical_and", "logical_not", "logical_or", "matmul",
    "max_pool2d", "maximum", "minimum", "multiply", "negative", "not_equal", "one_hot", "pad",
    "pow", "prelu", "range", "reduce_all", "reduce_any", "reduce_max", "reduce_mean", "reduce_min",
    "reduce_prod", "reduce_sum", "relu", "relu6", "reshape", "resize", "resize_bilinear",
    "resize_nearest_neighbor", "round", "rsqrt", "shape", "sigmoid", "sin", "slice", "softmax",
    "space_to_batch_nd", "space_to_depth", "split", "sqrt", "square", "squared_difference",
    "squeeze", "stack", "strided_slice", "string_to_number", "subtract", "tanh", "tile", "top_k",
    "transpose", "truncatediv", "unstack", "where", "zeros_like", "while_loop", "cond", "lstm",
    "strings",
]
_PUBLIC = frozenset(__all__)


def __getattr__(name):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'interp.ops' has no attribute '{name}'")
    from interp.convert import api
    from interp.convert.strings_api import strings
    module = sys.modules[__name__]
    for public in __all__:
        value = strings if public == "strings" else getattr(api, public)
        types.ModuleType.__setattr__(module, public, value)
    return module.__dict__[name]


class _OpsPackage(types.ModuleType):
    def __setattr__(self, name, value):
        if name in _PUBLIC and isinstance(value, types.ModuleType):
            return  # the import system binding a kernel submodule: keep the public function
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _OpsPackage
