"""SQUARED_DIFFERENCE: (a - b)^2 with broadcasting; FLOAT32, INT32 (wraps), and INT8 (LiteRT's
scheme: both inputs shifted left 7 bits and rescaled to 1 / (2 max scale), the squared difference
rescaled to the output)."""
from interp import dtypes
from interp.ops import _binary, _quant
from interp.ops._kernels import check_same_type, kernel, params, unsupported_type

TYPES = (dtypes.FLOAT32, dtypes.INT32,)


def prepare(node):
    if len(node.inputs) != 2 or node.inputs[0].type != dtypes.INT8:
        if node.inputs and node.inputs[0].type not in TYPES + (dtypes.INT8,):
            raise unsupported_type(node, node.inputs[0], TYPES + (dtypes.INT8,))
        _binary.prepare(node, "squared_difference", TYPES)
        return
    node.expect_io(2, 1)
    a, b = node.inputs
    y = node.outputs[0]
    check_same_type(node, a, [("input 1", b), ("output 0", y)])
    sa, za = _quant.params(node, a, "input 0")
    sb, zb = _quant.params(node, b, "input 1")
    so, zo = _quant.params(node, y, "output 0")
    y.shape, dims = _binary.folded_dims(node, a, b)
    twice = 2.0 * max(sa, sb)  # float32 scales, arithmetic in double (LiteRT)
    am, ash = _quant.quantize_multiplier(sa / twice)
    bm, bsh = _quant.quantize_multiplier(sb / twice)
    om, osh = _quant.quantize_multiplier(twice * twice / ((1 << 14) * so))
    lo, hi = _quant.QRANGE[a.type]
    p = params("interp_qsqdiff_params", a_zp=za, b_zp=zb, out_zp=zo, a_mult=am, a_shift=ash,
               b_mult=bm, b_shift=bsh, out_mult=om, out_shift=osh, lo=lo, hi=hi)
    _binary._fill(p.bc, dims, b.size)
    node.state = (kernel("squared_difference", a.type), p)


bind = _binary.bind
