"""The op registry: the one place that maps a model's op codes to the modules that run them.

Each op lives in ``interp/ops/<schema_snake_name>.py`` and exposes the kernel protocol:

``init(operator) -> options`` (optional)
    Parse the operator's options once, at load, into a frozen dataclass. ``operator`` is the
    ``interp.model.Operator``; ``operator.builtin_options`` is a mapping of every options field.
    Without ``init`` the node's ``options`` is ``None``.
``prepare(node) -> None``
    Check input counts, dtypes and shapes (raise ``node.error(...)``) and set the shape of every
    output (``node.outputs[i].shape = (...)``). Runs whenever input shapes change; inputs that are
    constants already carry ``data``. Output dtypes are the file's; check them, don't change them.
``bind(node) -> callable``
    Runs after allocation, when every tensor has ``data``. Fix pointers and parameters and return a
    zero-argument callable doing the work; it returns 0 or None on success, or a non-zero C status.
    The interpreter's invoke loop calls only these callables.

``BUILTINS`` maps BuiltinOperator codes to module names; ``FLEX`` maps TensorFlow op names of
Select-TF ("Flex") custom ops to module names; ``CUSTOM`` maps other custom-op names. Modules are
imported on first use.
"""
import importlib

from interp.errors import ModelError
from interp.opnames import builtin_name

BUILTINS = {
    0: "add",
    9: "fully_connected",
    14: "logistic",
    18: "mul",
    19: "relu",
    21: "relu6",
    22: "reshape",
    25: "softmax",
    28: "tanh",
    41: "sub",
    42: "div",
    56: "arg_max",
}

FLEX = {
    "AsString": "as_string",
    "StringToNumber": "string_to_number",
}

CUSTOM = {}


class Node:
    """One operator of a subgraph, as the kernel protocol sees it."""
    __slots__ = ("index", "subgraph", "op_name", "operator", "options", "inputs", "outputs",
                 "state", "module")

    def __init__(self, index, subgraph, op_name, operator, module, inputs, outputs):
        self.index = index
        self.subgraph = subgraph  # display name of the subgraph, for messages
        self.op_name = op_name
        self.operator = operator
        self.module = module
        self.inputs = inputs    # list of RuntimeTensor, None for an omitted optional input (-1)
        self.outputs = outputs  # list of RuntimeTensor
        self.state = None       # whatever prepare wants to hand to bind
        init = getattr(module, "init", None)
        self.options = init(operator) if init is not None else None

    def where(self) -> str:
        return f"{self.subgraph} node {self.index} ({self.op_name})"

    def error(self, message: str) -> ModelError:
        return ModelError(f"{self.where()}: {message}")

    def expect_io(self, n_inputs, n_outputs):
        """Check the input and output counts; ``n_inputs`` may be a (min, max) pair."""
        lo, hi = n_inputs if isinstance(n_inputs, tuple) else (n_inputs, n_inputs)
        if not lo <= len(self.inputs) <= hi:
            want = f"{lo}" if lo == hi else f"{lo} to {hi}"
            raise self.error(f"expects {want} inputs, got {len(self.inputs)}")
        if len(self.outputs) != n_outputs:
            raise self.error(f"expects {n_outputs} outputs, got {len(self.outputs)}")
        for i, t in enumerate(self.inputs[:lo]):
            if t is None:
                raise self.error(f"input {i} is required but omitted (-1)")


def op_display_name(code, custom_code):
    if code == 32 and custom_code:
        return custom_code
    return builtin_name(code)


def lookup(code: int, custom_code):
    """The module running an op, or None when interp has no kernel for it."""
    if code == 32:
        if custom_code is None:
            return None
        if custom_code.startswith("Flex"):
            name = FLEX.get(custom_code[4:])
        else:
            name = CUSTOM.get(custom_code)
    else:
        name = BUILTINS.get(code)
    if name is None:
        return None
    return importlib.import_module(f"interp.ops.{name}")


def supported_ops():
    """Names of every op interp can run, for error messages."""
    names = [builtin_name(c) for c in sorted(BUILTINS)]
    names += ["Flex" + n for n in sorted(FLEX)] + sorted(CUSTOM)
    return names
