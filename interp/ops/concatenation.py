"""CONCATENATION: the inputs side by side along ``axis`` (negative counts from the end). Any type of
1, 2, 4 or 8 bytes, and STRING. LiteRT accepts no fused activation here (it fails at prepare), so
neither does interp.

Quantized, as LiteRT 2.3.0 (observed): INT8 inputs must share the output's scale and zero point;
UINT8 inputs with other parameters are requantized to the output's (``round(q * s + b)`` in float,
``s = in_scale * (1 / out_scale)``, ``b = -in_zero_point * s``; kernels.h interp_u8_rescale_runs);
INT16 needs zero points 0 and copies the stored values whatever the scales.
"""
import functools
from dataclasses import dataclass

import numpy as np

from interp import dtypes
from interp.ops._kernels import lib, params, ptr
from interp.ops._quant import is_quantized, params as qparams
from interp.ops._shape import (
    bind_plan, check_movable, check_same, concat_plan, norm_axis, prepare_plan,
)


@dataclass(frozen=True)
class Options:
    axis: int = 0
    fused_activation_function: int = 0


def init(operator):
    o = operator.builtin_options
    return Options(int(o.get("axis", 0)), int(o.get("fused_activation_function", 0)))


def prepare(node):
    if not node.inputs or len(node.outputs) != 1:
        raise node.error(f"expects at least 1 input and 1 output, got {len(node.inputs)} and "
                         f"{len(node.outputs)}")
    node.expect_io((1, len(node.inputs)), 1)
    if node.options.fused_activation_function != 0:
        raise node.error(f"fused activation {node.options.fused_activation_function} is not "
                         f"supported: CONCATENATION takes only NONE (0), as in LiteRT")
    first, y = node.inputs[0], node.outputs[0]
    check_movable(node, first)
    others = [(f"input {i}", t) for i, t in enumerate(node.inputs[1:], 1)] + [("output 0", y)]
    quantized = any(is_quantized(t) for t in [first] + [t for _, t in others])
    if first.type in (dtypes.UINT8, dtypes.INT16) and quantized:
        _check_quantized(node, first, others)
    else:
        check_same(node, first, others)
    rank = len(first.shape)
    axis = norm_axis(node, node.options.axis, max(rank, 1))
    if rank == 0:
        raise node.error(f"input 0 {first.describe()} is a scalar; CONCATENATION needs rank >= 1")
    total = 0
    for i, t in enumerate(node.inputs):
        if len(t.shape) != rank or any(a != b for d, (a, b) in enumerate(zip(t.shape, first.shape))
                                       if d != axis):
            raise node.error(f"input {i} {t.describe()} does not match input 0 {first.describe()} "
                             f"outside axis {axis}")
        total += t.shape[axis]
    y.shape = first.shape[:axis] + (total,) + first.shape[axis + 1:]
    prepare_plan(node, concat_plan(node.inputs, y, axis, y.shape))
    rescale = first.type == dtypes.UINT8 and quantized
    node.state = (node.state, _rescales(node, axis) if rescale else [])


def _check_quantized(node, first, others):
    """UINT8 / INT16: the same type everywhere and parameters on every tensor; INT16 zero
    points 0 (the scales may differ: LiteRT copies the stored values)."""
    for role, t in [("input 0", first)] + others:
        if t.type != first.type:
            raise node.error(f"{role} {t.describe()} has type {dtypes.name(t.type)} but input 0 "
                             f"is {dtypes.name(first.type)}; CONCATENATION needs the same type")
        _, zp = qparams(node, t, role)
        if first.type == dtypes.INT16 and zp != 0:
            raise node.error(f"{role} {t.describe()} has zero point {zp}; INT16 CONCATENATION "
                             f"needs zero point 0")


def _rescales(node, axis):
    """interp_u8_rescale_runs params for each UINT8 input quantized unlike the output."""
    y = node.outputs[0]
    s_out, z_out = qparams(node, y, "output 0")
    inv = np.float32(1) / np.float32(s_out)
    inner = int(np.prod(y.shape[axis + 1:], dtype=np.int64))
    outer = int(np.prod(y.shape[:axis], dtype=np.int64))
    runs, at = [], 0
    for i, t in enumerate(node.inputs):
        s_in, z_in = qparams(node, t, f"input {i}")
        n = t.shape[axis]
        if (s_in, z_in) != (s_out, z_out) and t.size:
            scale = np.float32(s_in) * inv
            runs.append((at * inner, params(
                "interp_rescale_params", outer=outer, stride=y.shape[axis] * inner,
                len=n * inner, scale=float(scale), bias=float(np.float32(-z_in) * scale),
                out_zero_point=z_out)))
        at += n
    return runs


def bind(node):
    plan_state, rescales = node.state
    node.state = plan_state
    try:
        copy = bind_plan(node)
    finally:
        node.state = (plan_state, rescales)
    if not rescales:
        return copy
    y = node.outputs[0]
    calls = [copy] + [functools.partial(lib.interp_u8_rescale_runs, ptr(y) + offset, p)
                      for offset, p in rescales]
    return functools.partial(_run_all, tuple(calls))


def _run_all(calls):
    for call in calls:
        call()
