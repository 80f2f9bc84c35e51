"""SPACE_TO_BATCH_ND: input [batch, spatial (M dims)..., rest...] padded by ``paddings`` (input 2,
[M, 2]) then cut into ``block_shape`` (input 1, [M]) blocks that move to the batch dim, block
offset major: out[(j * batch + n), s'..., r...] = padded[n, s' * block + offset_j, r...].
Padding is zeros (the zero point when quantized). Any type of 1, 2, 4 or 8 bytes."""
import itertools

from interp.ops._shape import Copy, Fill, bind_plan, prepare_plan, strides, zero_value
from interp.ops._space import block_args


def prepare(node):
    x, y, block, pads, nblocks = block_args(node, "paddings")
    m = len(block)
    batch, spatial, rest = x.shape[0], x.shape[1:m + 1], x.shape[m + 1:]
    out_sp = []
    for i, (s, b, (pb, pa)) in enumerate(zip(spatial, block, pads)):
        if b < 1 or pb < 0 or pa < 0 or (s + pb + pa) % b:
            raise node.error(f"spatial dim {i + 1} of input {x.describe()} padded by {[pb, pa]} "
                             f"is not a multiple of block {b}")
        out_sp.append((s + pb + pa) // b)
    y.shape = (batch * nblocks,) + tuple(out_sp) + tuple(rest)
    ist, ost = strides(x.shape), strides(y.shape)
    plan = [Fill(y, zero_value(y))] if any(p != (0, 0) for p in pads) else []
    for j, offs in enumerate(itertools.product(*(range(b) for b in block))):
        shape, in_off, out_off = [batch], 0, j * batch * ost[0]
        in_st = [ist[0]]
        for i, (o, b, (pb, _), s, n) in enumerate(zip(offs, block, pads, spatial, out_sp)):
            lo = max(0, -((o - pb) // b))          # first s' with s'*b + o - pb >= 0
            hi = min(n, -(-(s + pb - o) // b))     # past the last s' with s'*b + o - pb < s
            shape.append(max(hi - lo, 0))
            in_off += (lo * b + o - pb) * ist[i + 1]
            out_off += lo * ost[i + 1]
            in_st.append(b * ist[i + 1])
        shape += rest
        in_st += ist[m + 1:]
        if 0 not in shape:
            plan.append(Copy(x, y, shape, in_st, ost, in_offset=in_off, out_offset=out_off))
    prepare_plan(node, plan)


bind = bind_plan
