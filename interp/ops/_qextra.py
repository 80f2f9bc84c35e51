"""Shared checks of the quantized ops that run as plain integer ops (MAXIMUM, MINIMUM, REDUCE_MAX,
REDUCE_MIN, TOPK_V2): LiteRT runs them on the stored integers, which is only right when every
quantized tensor involved has the same scale and zero point; interp checks that in prepare."""
from interp import dtypes
from interp.ops import _quant


def _describe(t):
    return "none" if t is None else f"scale {t[0]!r}, zero point {t[1]}"


def qparams_or_none(node, tensor, role):
    """``(scale, zero_point)`` of ``tensor``, or None when it carries no quantization at all."""
    if not _quant.is_quantized(tensor):
        return None
    return _quant.params(node, tensor, role)


def check_same_params(node, first, others):
    """Raise unless each (role, tensor) in ``others`` has the quantization of ``first`` (input 0):
    the same scale and zero point, or none on all of them."""
    if first.type not in _quant.QUANTIZED_TYPES:
        return
    want = qparams_or_none(node, first, "input 0")
    for role, t in others:
        got = qparams_or_none(node, t, role)
        if got != want:
            raise node.error(f"{role} {t.describe()} is quantized with {_describe(got)} but input 0 "
                             f"{first.describe()} has {_describe(want)}; quantized "
                             f"{node.op_name} ({dtypes.name(first.type)}) needs the same scale "
                             f"and zero point on its inputs and output")
