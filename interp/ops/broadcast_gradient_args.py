"""Select-TF BroadcastGradientArgs (``FlexBroadcastGradientArgs``, emitted by tf.GradientTape for
broadcasting binary ops): given two shapes s0, s1 (int32 or int64 vectors), the axes each
operand's gradient must be summed over. TF's rules (checked in tests/test_flex_gradients.py):
identical shapes give two empty lists; otherwise both shapes are right-aligned and padded with 1s
and axis i goes to r0 when s0 has 1 there, to r1 when s1 has 1 there (to both when both do).
Sizes that differ with neither 1 are an error ("Incompatible shapes: [2,3] vs. [4]").
The outputs' lengths depend on the values, so the work happens in prepare (which the executor
runs when the shapes are known, e.g. folded SHAPE outputs, or at invoke time)."""
import numpy as np

from interp import dtypes
from interp.ops import _flex


def init(operator):
    _flex.nodedef(operator, "BroadcastGradientArgs")


def reduction_axes(s0, s1):
    s0, s1 = [int(d) for d in s0], [int(d) for d in s1]
    if s0 == s1:
        return [], []
    n = max(len(s0), len(s1))
    a = [1] * (n - len(s0)) + s0
    b = [1] * (n - len(s1)) + s1
    r0, r1 = [], []
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y and x != 1 and y != 1:
            raise ValueError(f"Incompatible shapes: [{','.join(map(str, s0))}] vs. "
                             f"[{','.join(map(str, s1))}]")
        if x == 1:
            r0.append(i)
        if y == 1:
            r1.append(i)
    return r0, r1


def prepare(node):
    node.expect_io(2, 2)
    s0, s1 = node.inputs
    _flex.check_type(node, s0, (dtypes.INT32, dtypes.INT64), "s0")
    for i, t in enumerate((s1, *node.outputs)):
        _flex.check_type(node, t, s0.type, "s1" if i == 0 else f"output r{i - 1}")
    for name, t in (("s0", s0), ("s1", s1)):
        if len(t.shape) != 1:
            raise node.error(f"{name} {t.describe()} must be a vector (a shape)")
    try:
        r0, r1 = reduction_axes(node.value(0), node.value(1))
    except ValueError as exc:
        raise node.error(str(exc)) from None
    dt = dtypes.NUMPY[s0.type]
    node.state = np.array(r0, dt), np.array(r1, dt)
    node.outputs[0].shape = (len(r0),)
    node.outputs[1].shape = (len(r1),)


def bind(node):
    (r0, r1), (y0, y1) = node.state, node.outputs

    def run():
        y0.data[...] = r0
        y1.data[...] = r1

    return run
