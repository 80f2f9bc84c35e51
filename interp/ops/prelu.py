"""PRELU: x where x >= 0, else x * alpha, with alpha (input 1) broadcast against x; float32, and
int8 / uint8 (LiteRT's two multipliers: in_scale / out_scale for x >= 0, in_scale * alpha_scale /
out_scale for the product, each per tensor)."""
from interp import dtypes
from interp.ops import _binary, _quant
from interp.ops._kernels import check_same_type, kernel, params, unsupported_type
from interp.ops._quant_activation import f32_ratio

TYPES = (dtypes.FLOAT32,)
QTYPES = (dtypes.INT8, dtypes.UINT8)


def prepare(node):
    if len(node.inputs) != 2 or node.inputs[0].type not in QTYPES:
        if node.inputs and node.inputs[0].type not in TYPES + QTYPES:
            raise unsupported_type(node, node.inputs[0], TYPES + QTYPES)
        _binary.prepare(node, "prelu", TYPES)
        return
    node.expect_io(2, 1)
    x, alpha = node.inputs
    y = node.outputs[0]
    check_same_type(node, x, [("input 1 (alpha)", alpha), ("output 0", y)])
    si, zi = _quant.params(node, x, "input 0")
    sa, za = _quant.params(node, alpha, "input 1 (alpha)")
    so, zo = _quant.params(node, y, "output 0")
    y.shape, dims = _binary.folded_dims(node, x, alpha)
    mp, sp = _quant.quantize_multiplier(f32_ratio(si, ("/", so)))
    mn, sn = _quant.quantize_multiplier(f32_ratio(si, ("*", sa), ("/", so)))
    lo, hi = _quant.QRANGE[x.type]
    p = params("interp_qprelu_params", in_zp=zi, alpha_zp=za, out_zp=zo, mult_pos=mp,
               shift_pos=sp, mult_neg=mn, shift_neg=sn, lo=lo, hi=hi)
    _binary._fill(p.bc, dims, alpha.size)
    node.state = (kernel("prelu", x.type), p)


bind = _binary.bind
