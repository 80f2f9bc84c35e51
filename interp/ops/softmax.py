"""SOFTMAX over the last axis: float32 exp(beta·(x − max)) / Σ; int8/uint8 inputs (output of the
same type, or int16) through LiteRT's float table of exponentials built in prepare; int16 through
LiteRT's two interpolated int16 tables (exp and 1 / (1 + x)), bit-exact."""
import functools
from dataclasses import dataclass

import numpy as np

from interp import dtypes
from interp.ops import _last_axis, _quant
from interp.ops._kernels import QUANTIZED, ffi, lib, params, ptr, unsupported_type

EIGHT_BIT = (dtypes.INT8, dtypes.UINT8)


@dataclass(frozen=True)
class Options:
    beta: float = 0.0  # the schema default; converters always write it (1.0)


def init(operator):
    return Options(float(operator.builtin_options.get("beta", 0.0)))


def prepare(node):
    x = node.inputs[0] if node.inputs else None
    if x is not None and x.type in QUANTIZED:
        _prepare_quantized(node)
        return
    _last_axis.prepare(node, "interp_softmax_params", beta=node.options.beta)


def _check_near(node, y, scale, zero_point, got_scale, got_zp):
    if got_zp != zero_point or abs(got_scale - scale) > 0.001 * scale:
        raise node.error(f"output {y.describe()}: {dtypes.name(y.type)} {node.op_name} needs scale "
                         f"{scale!r} (within 0.1%) and zero point {zero_point}; got scale "
                         f"{got_scale!r}, zero point {got_zp}")


def _prepare_int16(node):
    x, y = node.inputs[0], node.outputs[0]
    if y.type != dtypes.INT16:
        raise node.error(f"output {y.describe()} has type {dtypes.name(y.type)}; with an INT16 "
                         f"input {node.op_name} outputs INT16")
    if not 1 <= len(x.shape) <= 4:
        raise node.error(f"input {x.describe()}: int16 {node.op_name} supports ranks 1 to 4")
    si, zi = _quant.params(node, x, "input")
    so, zo = _quant.params(node, y, "output")
    _check_near(node, y, 1.0 / 32768, 0, so, zo)
    if zi != 0:
        raise node.error(f"input {x.describe()}: int16 {node.op_name} needs zero point 0, got {zi}")
    y.shape = x.shape
    depth = x.shape[-1]
    # LiteRT: float input scale * float beta, then divided in double
    real = float(np.float32(si) * np.float32(node.options.beta)) / (10.0 / 65535.0)
    mult, shift = _quant.quantize_multiplier(real)
    p = params("interp_qsoftmax16_params", rows=x.size // depth if depth else 0, depth=depth,
               mult=mult, shift=shift)
    lib.interp_i16_softmax_tables(p.exp_lut, p.recip_lut)
    node.state = ("q", lib.interp_i16_quant_softmax, p)


def _prepare_quantized(node):
    node.expect_io(1, 1)
    x, y = node.inputs[0], node.outputs[0]
    if x.type == dtypes.INT16:
        _prepare_int16(node)
        return
    if x.type not in EIGHT_BIT:
        raise unsupported_type(node, x, (dtypes.FLOAT32,) + QUANTIZED, quantized_later=False)
    if y.type not in (x.type, dtypes.INT16):
        raise node.error(f"output {y.describe()} has type {dtypes.name(y.type)}; with a "
                         f"{dtypes.name(x.type)} input {node.op_name} outputs "
                         f"{dtypes.name(x.type)} or INT16")
    if not x.shape:
        raise node.error(f"input {x.describe()} must have rank >= 1")
    si, _ = _quant.params(node, x, "input")
    so, zo = _quant.params(node, y, "output")
    if x.type == dtypes.INT8 and y.type == dtypes.INT8:
        _check_near(node, y, 1.0 / 256, -128, so, zo)
    y.shape = x.shape
    depth = x.shape[-1]
    p = params("interp_qsoftmax_params", rows=x.size // depth if depth else 0, depth=depth,
               out_scale=so, out_zp=zo)
    lib.interp_f32_quant_softmax_table(si, node.options.beta, p.table)
    name = "interp_%s_quant_softmax%s" % ("i8" if x.type == dtypes.INT8 else "u8",
                                           "_i16" if y.type == dtypes.INT16 else "")
    node.state = ("q", getattr(lib, name), p)


def bind(node):
    if isinstance(node.state, tuple):
        _, fn, p = node.state
        return functools.partial(fn, ptr(node.inputs[0]), ptr(node.outputs[0]), p)
    return _last_axis.bind(node, lib.interp_f32_softmax)
