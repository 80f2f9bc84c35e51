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

Extensions of the protocol:

``node.value(i)``
    In prepare: the numpy array of input ``i``'s values when they are known before the run (a
    constant, or the output of an op the executor folded at prepare time, such as SHAPE). For an
    input computed while the model runs it raises :class:`DynamicShape`; the executor then prepares
    that node (and everything after it) at invoke time, once the values exist. Use it for inputs
    that decide an output shape (a RESHAPE shape, PAD paddings, a MEAN axis list, ...).
``node.request_scratch(nbytes)``
    In prepare: ask for ``nbytes`` of scratch memory, live only while this node runs (it comes from
    the arena). In bind, ``node.scratch`` is a writable, 64-byte aligned ``uint8`` array of at least
    that size (``None`` when nothing was requested).
Module flags (optional): ``FOLDABLE = False`` keeps the executor from running the op at prepare time
when all its inputs are constants (ops with state or side effects, control flow);
``SHAPE_ONLY = True`` says the outputs depend only on the inputs' shapes (SHAPE), so the op is folded
whenever its input shapes are known.

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
    # -- elementwise: unary math, binary, comparison, logical, activations, CAST, SELECT --
    8: "floor",
    20: "relu_n1_to_1",
    47: "exp",
    53: "cast",
    54: "prelu",
    55: "maximum",
    57: "minimum",
    58: "less",
    59: "neg",
    61: "greater",
    62: "greater_equal",
    63: "less_equal",
    64: "select",
    66: "sin",
    71: "equal",
    72: "not_equal",
    73: "log",
    75: "sqrt",
    76: "rsqrt",
    78: "pow",
    84: "logical_or",
    86: "logical_and",
    87: "logical_not",
    90: "floor_div",
    92: "square",
    95: "floor_mod",
    98: "leaky_relu",
    99: "squared_difference",
    101: "abs",
    104: "ceil",
    108: "cos",
    111: "elu",
    116: "round",
    117: "hard_swish",
    123: "select_v2",
    150: "gelu",
    # -- end elementwise --

    # -- conv: CONV_2D, DEPTHWISE_CONV_2D, TRANSPOSE_CONV, BATCH_MATMUL, pools --
    1: "average_pool_2d",
    3: "conv_2d",
    4: "depthwise_conv_2d",
    17: "max_pool_2d",
    67: "transpose_conv",
    126: "batch_matmul",

    # -- end conv --

    # -- shape: data movement, gather, pad, resize, SHAPE/FILL/RANGE ... --
    2: "concatenation",
    5: "depth_to_space",
    23: "resize_bilinear",
    26: "space_to_depth",
    34: "pad",
    36: "gather",
    37: "batch_to_space_nd",
    38: "space_to_batch_nd",
    39: "transpose",
    43: "squeeze",
    45: "strided_slice",
    49: "split",
    60: "padv2",
    65: "slice",
    69: "tile",
    70: "expand_dims",
    77: "shape",
    83: "pack",
    85: "one_hot",
    88: "unpack",
    93: "zeros_like",
    94: "fill",
    96: "range",
    97: "resize_nearest_neighbor",
    100: "mirror_pad",
    102: "split_v",
    107: "gather_nd",
    130: "broadcast_to",
    # -- end shape --

    # -- reduce: reductions, softmax family, L2_NORMALIZATION, CUMSUM, TOPK_V2, LSTM --
    40: "mean",
    74: "sum",
    81: "reduce_prod",
    82: "reduce_max",
    89: "reduce_min",
    91: "reduce_any",
    140: "reduce_all",
    11: "l2_normalization",
    50: "log_softmax",
    79: "arg_min",
    48: "topk_v2",
    128: "cumsum",
    44: "unidirectional_sequence_lstm",

    # -- end reduce --

    # -- control flow: WHILE, IF --
    118: "if",
    119: "while",

    # -- end control flow --
    # -- quant: QUANTIZE, DEQUANTIZE (other quantized paths live in their op's module) --
    6: "dequantize",
    114: "quantize",
    # -- end quant --
    # -- WHERE (numpy; the converter emits it) --
    109: "where",
    # -- state: variables, initializers, hash tables (interp/resources.py) --
    129: "call_once",
    136: "hashtable",
    137: "hashtable_find",
    138: "hashtable_import",
    139: "hashtable_size",
    142: "var_handle",
    143: "read_variable",
    144: "assign_variable",
}

FLEX = {
    "AsString": "as_string",
    "StringToNumber": "string_to_number",
    "BroadcastGradientArgs": "broadcast_gradient_args",
    "DenseBincount": "dense_bincount",
    "RegexFullMatch": "regex_full_match",
    "RegexReplace": "regex_replace",
    "ReluGrad": "relu_grad",
    "StaticRegexFullMatch": "static_regex_full_match",
    "StaticRegexReplace": "static_regex_replace",
    "StringJoin": "string_join",
    "StringLength": "string_length",
    "StringLower": "string_lower",
    "StringSplit": "string_split",
    "StringSplitV2": "string_split_v2",
    "StringStrip": "string_strip",
    "StringToHashBucketFast": "string_to_hash_bucket_fast",
    "StringUpper": "string_upper",
    "Substr": "substr",
}

CUSTOM = {}

# Custom ops registered at run time (interp.register_custom_op): name -> kernel object with the
# same protocol as a module (init, prepare, bind, FOLDABLE). They take precedence over CUSTOM.
REGISTERED = {}


class DynamicShape(Exception):
    """Raised by ``node.value(i)`` in prepare when input ``i`` is only known while the model runs."""

    def __init__(self, node, index):
        super().__init__(f"{node.where()}: input {index} is computed while the model runs")
        self.node = node
        self.index = index


class Node:
    """One operator of a subgraph, as the kernel protocol sees it."""
    __slots__ = ("index", "subgraph", "op_name", "operator", "options", "inputs", "outputs",
                 "state", "module", "scratch_bytes", "scratch", "values_ready", "context")

    def __init__(self, index, subgraph, op_name, operator, module, inputs, outputs):
        self.index = index
        self.subgraph = subgraph  # display name of the subgraph, for messages
        self.op_name = op_name
        self.operator = operator
        self.module = module
        self.inputs = inputs    # list of RuntimeTensor, None for an omitted optional input (-1)
        self.outputs = outputs  # list of RuntimeTensor
        self.state = None       # whatever prepare wants to hand to bind
        self.scratch_bytes = 0  # asked for in prepare (request_scratch)
        self.scratch = None     # uint8 array of >= scratch_bytes, set before bind
        self.values_ready = False  # True when prepared at invoke time: value(i) sees computed inputs
        self.context = None     # the interpreter's subgraph.Subgraphs (control-flow ops use it)
        init = getattr(module, "init", None)
        self.options = init(operator) if init is not None else None

    def value(self, i):
        """Input ``i``'s values as a numpy array, when known before the run (see module docstring)."""
        t = self.inputs[i] if i < len(self.inputs) else None
        if t is None:
            raise self.error(f"input {i} is required but omitted (-1)")
        if t.data is None or not (t.is_const or self.values_ready):
            raise DynamicShape(self, i)
        return t.data

    def request_scratch(self, nbytes: int):
        """Ask for ``nbytes`` of scratch memory for this node's run (in prepare)."""
        self.scratch_bytes = max(self.scratch_bytes, int(nbytes))

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
        if custom_code in REGISTERED:
            return REGISTERED[custom_code]
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
    names += ["Flex" + n for n in sorted(FLEX)] + sorted(set(CUSTOM) | set(REGISTERED))
    return names
