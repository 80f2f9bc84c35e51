"""Graph rewrites run before emission, the ones TensorFlow's converter also makes.

``prune``
    drops nodes whose results no signature output needs (and constants nobody reads).
``fold_bias``
    ``FULLY_CONNECTED(x, w, -1)`` followed by ``ADD`` of a constant [out] vector becomes one
    FULLY_CONNECTED with that bias, so ``x @ w + b`` is written like ``dense(x, w, b)``. The same
    for CONV_2D / DEPTHWISE_CONV_2D with an all-zero bias and TRANSPOSE_CONV without one
    (``conv2d(x, w, ...) + b`` is written like ``conv2d(x, w, ..., bias=b)``).
``fuse_activations``
    RELU / RELU6 right after a float32 FULLY_CONNECTED, CONV_2D, DEPTHWISE_CONV_2D,
    AVERAGE_POOL_2D, MAX_POOL_2D, ADD, SUB, MUL or DIV becomes that op's
    ``fused_activation_function`` (TensorFlow's converter fuses these; CONCATENATION it does not).

A rewrite only applies when the intermediate result is read by the next op alone and is not a
signature output, so every observable value stays the same. The fused node's result takes over the
second node's output tensor (its name joins both names with ``;``, as TensorFlow does).
"""
import numpy as np

from interp import dtypes

FUSABLE = ("FULLY_CONNECTED", "CONV_2D", "DEPTHWISE_CONV_2D", "AVERAGE_POOL_2D", "MAX_POOL_2D",
           "ADD", "SUB", "MUL", "DIV")
BIAS_INPUT = {"FULLY_CONNECTED": 2, "CONV_2D": 2, "DEPTHWISE_CONV_2D": 2, "TRANSPOSE_CONV": 3}
ACTIVATIONS = {"RELU": 1, "RELU6": 3}  # ActivationFunctionType codes (FORMAT.md §3.2)


def run_all(graph, fuse=True):
    """The passes on ``graph``, then on the graphs its control-flow ops call."""
    prune(graph)
    if fuse:
        fold_bias(graph)
        fuse_activations(graph)
    for node in graph.nodes:
        for called in node.calls.values():
            run_all(called, fuse)
    return graph


# Ops kept for what they do, not for an output: variable assignments.
SIDE_EFFECTS = frozenset({"ASSIGN_VARIABLE"})


def prune(graph):
    """Keep only the nodes some signature output or side effect depends on (order unchanged)."""
    needed = {id(t) for t in graph.outputs.values()}
    keep = []
    for node in reversed(graph.nodes):
        if side_effect(node) or any(id(t) in needed for t in node.outputs):
            keep.append(node)
            needed.update(id(t) for t in node.inputs if t is not None)
    graph.nodes = keep[::-1]


def side_effect(node):
    """An assignment, or a WHILE / IF whose called graphs make one."""
    return node.op in SIDE_EFFECTS or any(side_effect(n) for g in node.calls.values()
                                           for n in g.nodes)


def _single_consumer(graph, tensor, counts):
    """The one node reading ``tensor`` if that is its only use (and it is no output), else None."""
    if counts.get(id(tensor), 0) != 1:
        return None
    if any(t is tensor for t in graph.outputs.values()):
        return None
    for node in graph.nodes:
        if any(t is tensor for t in node.inputs):
            return node
    return None


def _merge(graph, first, second):
    """Let ``first`` write ``second``'s output and drop ``second``."""
    out = second.outputs[0]
    out.hint = f"{first.outputs[0].hint};{out.hint}"
    out.producer = first
    first.outputs = [out]
    graph.nodes.remove(second)


def _rewrite(graph, rule):
    """Apply ``rule(graph, node, counts) -> bool`` (True = it rewrote) until nothing changes."""
    changed = True
    while changed:
        counts = graph.consumers()
        changed = any(rule(graph, node, counts) for node in graph.nodes)


def fold_bias(graph):
    _rewrite(graph, _fold_bias)


def fuse_activations(graph):
    _rewrite(graph, _fuse_activation)


def _no_bias(node):
    """Whether ``node`` adds nothing yet: no bias input (-1 / absent) or an all-zero constant."""
    i = BIAS_INPUT[node.op]
    if i >= len(node.inputs) or node.inputs[i] is None:
        return True
    b = node.inputs[i]
    return b.is_constant and not np.any(b.data)


def _fold_bias(graph, node, counts):
    if node.op not in BIAS_INPUT or not _no_bias(node):
        return False
    if node.options.get("fused_activation_function", 0) != 0:
        return False
    add = _single_consumer(graph, node.outputs[0], counts)
    if add is None or add.op != "ADD" or add.options.get("fused_activation_function", 0):
        return False
    other = add.inputs[1] if add.inputs[0] is node.outputs[0] else add.inputs[0]
    n_out = node.outputs[0].shape[-1] if node.op != "FULLY_CONNECTED" else \
        node.inputs[1].shape[0]
    if not (other.is_constant and other.type == dtypes.FLOAT32 and other.shape == (n_out,)):
        return False
    if add.outputs[0].shape != node.outputs[0].shape:
        return False
    i = BIAS_INPUT[node.op]
    while len(node.inputs) <= i:
        node.inputs.append(None)
    node.inputs[i] = other
    _merge(graph, node, add)
    return True


def _fuse_activation(graph, node, counts):
    if node.op not in FUSABLE or node.outputs[0].type != dtypes.FLOAT32:
        return False
    if node.options.get("fused_activation_function", 0) != 0:
        return False
    act = _single_consumer(graph, node.outputs[0], counts)
    if act is None or act.op not in ACTIVATIONS:
        return False
    node.options["fused_activation_function"] = ACTIVATIONS[act.op]
    _merge(graph, node, act)
    return True
