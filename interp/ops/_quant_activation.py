"""Quantized paths of the elementwise activations (RELU, RELU6, RELU_N1_TO_1, LEAKY_RELU,
HARD_SWISH, LOGISTIC, TANH), bit-exact with LiteRT's built-in kernels.

8-bit inputs run through a 256-entry table built in prepare (``interp_<i8|u8>_lut``): the table is
either LiteRT's float ``LUTPopulate`` (LOGISTIC, TANH; filled in C with expf/tanhf) or the op's
fixed-point kernel run once over every input value (RELU family, LEAKY_RELU, HARD_SWISH). int16
inputs run the fixed-point kernel directly. Parameters are checked as LiteRT's prepare checks them.
"""
import functools
import math

import numpy as np

from interp import dtypes
from interp.ops import _quant
from interp.ops._kernels import (PREFIX, QUANTIZED, check_same_type, ffi, kernel, lib, params,
                                 ptr, unsupported_type)

F32 = np.float32


class QState:
    """What bind needs: the C function, its params struct, and for 8-bit the table."""
    __slots__ = ("fn", "params", "table")

    def __init__(self, fn, p=None, table=None):
        self.fn, self.params, self.table = fn, p, table


def is_quantized_node(node) -> bool:
    return isinstance(node.state, QState)


def check_io(node, types):
    """One input, one output of the same quantized type in ``types``; output takes the shape.
    Returns ((in_scale, in_zp), (out_scale, out_zp))."""
    node.expect_io(1, 1)
    x, y = node.inputs[0], node.outputs[0]
    if x.type not in types:
        raise unsupported_type(node, x, (dtypes.FLOAT32,) + tuple(types), quantized_later=False)
    check_same_type(node, x, [("output 0", y)])
    y.shape = x.shape
    return _quant.params(node, x, "input"), _quant.params(node, y, "output")


def check_zero(node, role, tensor, zp):
    if zp != 0:
        raise node.error(f"{role} {tensor.describe()}: {dtypes.name(tensor.type)} {node.op_name} "
                         f"needs zero point 0, got {zp}")


def f32_ratio(*terms):
    """LiteRT's float32 arithmetic ``a * b * ... / d`` (terms: ('*', v) / ('/', v)) as a double."""
    acc = F32(terms[0])
    for op, v in terms[1:]:
        acc = acc * F32(v) if op == "*" else acc / F32(v)
    return float(acc)


def roundf(v) -> int:
    """C roundf (half away from zero) of a float32 value."""
    v = float(F32(v))
    return int(np.floor(abs(v) + 0.5)) * (1 if v >= 0 else -1)


def table_from_kernel(fn, p, type_code):
    """Run ``fn`` over every value of the 8-bit type once: the 256-entry lookup table."""
    lo, hi = _quant.QRANGE[type_code]
    np_type = dtypes.NUMPY[type_code]
    xs = np.arange(lo, hi + 1, dtype=np.int64).astype(np_type)
    ys = np.empty_like(xs)
    fn(ffi.from_buffer(_ctype(type_code) + "[]", xs), ffi.from_buffer(_ctype(type_code) + "[]", ys),
       len(xs), p)
    table = np.empty(256, np_type)
    table[xs.view(np.uint8)] = ys
    return table


def _ctype(type_code):
    return {dtypes.INT8: "int8_t", dtypes.UINT8: "uint8_t", dtypes.INT16: "int16_t"}[type_code]


def finish(node, op, p, type_code):
    """State for the fixed-point kernel ``interp_<dtype>_<op>``: a table for 8-bit, else direct."""
    fn = kernel(op, type_code)
    if type_code in (dtypes.INT8, dtypes.UINT8):
        node.state = QState(kernel("lut", type_code), table=table_from_kernel(fn, p, type_code))
    else:
        node.state = QState(fn, p)


def bind(node):
    st = node.state
    x, y = node.inputs[0], node.outputs[0]
    if st.table is not None:
        return functools.partial(st.fn, ptr(x), ptr(y), x.size,
                                 ffi.from_buffer(_ctype(x.type) + "[]", st.table))
    return functools.partial(st.fn, ptr(x), ptr(y), x.size, st.params)


# ---- RELU family ---------------------------------------------------------------------------

def prepare_relu(node, act_min, act_max, types=QUANTIZED):
    """RELU (0, inf), RELU6 (0, 6), RELU_N1_TO_1 (-1, 1): requantize to the output, clamp."""
    x, y = node.inputs[0], node.outputs[0]
    (si, zi), (so, zo) = check_io(node, types)
    if x.type == dtypes.INT16:
        check_zero(node, "input", x, zi)
        check_zero(node, "output", y, zo)
    qmin, qmax = _quant.QRANGE[x.type]
    lo = max(qmin, zo + roundf(F32(act_min) / F32(so)))
    hi = qmax if act_max == np.inf else min(qmax, zo + roundf(F32(act_max) / F32(so)))
    mult, shift = _quant.quantize_multiplier(f32_ratio(si, ("/", so)))
    p = params("interp_qrelu_params", in_zp=zi, out_zp=zo, mult=mult, shift=shift, lo=lo, hi=hi)
    finish(node, "quant_relu", p, x.type)


# ---- LEAKY_RELU ----------------------------------------------------------------------------

def prepare_leaky_relu(node, alpha):
    x, y = node.inputs[0], node.outputs[0]
    (si, zi), (so, zo) = check_io(node, QUANTIZED)
    if x.type == dtypes.INT16:
        check_zero(node, "input", x, zi)
        check_zero(node, "output", y, zo)
    # A negative alpha: LiteRT's 8-bit kernel gives the negated product with |alpha|, its int16
    # kernel the product with the negative multiplier (they differ on ties)
    real_alpha = f32_ratio(si, ("*", alpha), ("/", so))
    ma, sa = _quant.quantize_multiplier(abs(real_alpha))
    sign = -1 if real_alpha < 0 else 1
    if sign < 0 and x.type == dtypes.INT16:
        (ma, sa), sign = _negative_multiplier(real_alpha), 1
    mi, sh = _quant.quantize_multiplier(f32_ratio(si, ("/", so)))
    qmin, qmax = _quant.QRANGE[x.type]
    p = params("interp_qleaky_relu_params", in_zp=zi, out_zp=zo, mult_identity=mi,
               shift_identity=sh, mult_alpha=ma, shift_alpha=sa,
               alpha_sign=sign, lo=qmin, hi=qmax)
    finish(node, "quant_leaky_relu", p, x.type)


def _negative_multiplier(real):
    """LiteRT's QuantizeMultiplier of a negative ``real``: (multiplier, shift), the fraction
    rounded half away from zero; -2^31 is kept (only +2^31 is renormalised)."""
    q, shift = math.frexp(real)
    if shift < -31:
        return 0, 0
    return -int(math.floor(-q * (1 << 31) + 0.5)), shift


# ---- HARD_SWISH ----------------------------------------------------------------------------

def _q15(m32):
    """LiteRT's DownScaleInt32ToInt16Multiplier."""
    if m32 >= 2**31 - 1 - (1 << 15):
        return 2**15 - 1
    return (m32 + (1 << 15)) >> 16


def prepare_hard_swish(node):
    x = node.inputs[0]
    (si, zi), (so, zo) = check_io(node, (dtypes.INT8, dtypes.UINT8))
    hires = F32(1.0 / 128.0) * F32(si)
    out_m, out_e = _quant.quantize_multiplier(float(hires / F32(so)))
    if out_e > 0:
        raise node.error(f"output {node.outputs[0].describe()}: input scale / output scale / 128 "
                         f"= {float(hires / F32(so))!r} must be < 1 (output exponent {out_e} > 0)")
    rel_m, rel_e = _quant.quantize_multiplier(float(hires / (F32(3.0) / F32(32768.0))))
    qmin, qmax = _quant.QRANGE[x.type]
    p = params("interp_qhard_swish_params", in_zp=zi, out_zp=zo, out_mult16=_q15(out_m),
               reluish_mult16=_q15(rel_m), out_exp=out_e, reluish_exp=rel_e, lo=qmin, hi=qmax)
    finish(node, "quant_hard_swish", p, x.type)


# ---- LOGISTIC, TANH (8-bit tables in float) ------------------------------------------------

def prepare_float_table(node, op, types):
    """LOGISTIC/TANH on 8-bit: LiteRT's LUTPopulate table (``interp_<dtype>_<op>_table``)."""
    x = node.inputs[0]
    (si, zi), (so, zo) = check_io(node, types)
    p = params("interp_qlut_params", in_scale=si, in_zp=zi, out_scale=so, out_zp=zo)
    table = np.empty(256, dtypes.NUMPY[x.type])
    kernel(op + "_table", x.type)(p, ffi.from_buffer(_ctype(x.type) + "[]", table))
    node.state = QState(kernel("lut", x.type), table=table)


def check_fixed_output(node, scale, zero_point=None):
    """The output's scale (exactly) and zero point as LiteRT's prepare checks them."""
    y = node.outputs[0]
    (so, zo) = _quant.params(node, y, "output")
    if so != scale or (zero_point is not None and zo != zero_point):
        want = f"scale {scale!r}" + ("" if zero_point is None else f", zero point {zero_point}")
        raise node.error(f"output {y.describe()}: {dtypes.name(y.type)} {node.op_name} needs "
                         f"{want}; got scale {so!r}, zero point {zo}")


# ---- LOGISTIC, TANH (int16) ----------------------------------------------------------------

def checked_log2(scale):
    """LiteRT's CheckedLog2 in float: (rounded log2, whether the scale is a power of two to
    within 1e-3 in the exponent)."""
    x_log2 = F32(np.log(F32(scale))) * (F32(1.0) / F32(np.log(F32(2.0))))
    rounded = roundf(x_log2)
    return rounded, abs(float(x_log2) - rounded) < 1e-3


def prepare_sigmoid16(node, op):
    """int16 LOGISTIC / TANH: zero points 0, output scale 2^-15 (as LiteRT checks), the input
    rescaled to the sigmoid table's 3 * 4096 per unit."""
    x, y = node.inputs[0], node.outputs[0]
    (si, zi), (so, zo) = check_io(node, (dtypes.INT16,))
    if op == "logistic" and (so != 1.0 / 32768 or zo != 0):
        check_fixed_output(node, 1.0 / 32768, 0)
    check_zero(node, "input", x, zi)
    check_zero(node, "output", y, zo)
    out_log2, out_pot = checked_log2(so)
    if not out_pot or out_log2 != -15:
        raise node.error(f"output {y.describe()}: int16 {node.op_name} needs scale 2^-15 "
                         f"(3.0517578125e-05); got {so!r}")
    in_log2, pot = checked_log2(si)
    shift = 12 + in_log2
    pot = pot and (shift in ((0,) if op == "logistic" else (0, 1)))
    if pot:
        # LiteRT's optimized kernels: gemmlowp's 16-bit fixed point on a Q3.12 input
        node.state = QState(kernel(f"quant_{op}_pot", dtypes.INT16),
                            params("interp_qsigmoid16_params", mult=0, shift=shift, round=0))
        return
    multiplier = si * 4096.0 * 3.0
    shift = 0
    while multiplier <= 32767.0 / 2.0 and shift <= 30:
        shift += 1
        multiplier *= 2.0
    p = params("interp_qsigmoid16_params", mult=int(multiplier), shift=shift,
               round=(1 << (shift - 1)) if shift > 0 else 0)
    node.state = QState(kernel("quant_" + op, dtypes.INT16), p)


def prepare_logistic_tanh(node, op) -> bool:
    """The quantized prepare of LOGISTIC / TANH (``op``); False when the input is not quantized
    (the float path then runs). 8-bit: LiteRT's float table (LOGISTIC's output scale must be
    exactly 1/256); int16: the fixed-point paths."""
    x = node.inputs[0] if node.inputs else None
    if x is None or x.type not in QUANTIZED:
        return False
    if x.type == dtypes.INT16:
        prepare_sigmoid16(node, op)
        return True
    eight_bit = (dtypes.INT8, dtypes.UINT8)
    if op == "logistic":
        # LiteRT checks only the scale; the zero point is held to what the .tflite scheme fixes
        # (and TensorFlow's converter writes): -128 for int8, 0 for uint8 (issue 5, checks at load)
        check_io(node, eight_bit)
        check_fixed_output(node, 1.0 / 256, -128 if x.type == dtypes.INT8 else 0)
    prepare_float_table(node, op, eight_bit)
    return True
