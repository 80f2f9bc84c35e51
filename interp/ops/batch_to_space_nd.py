"""BATCH_TO_SPACE_ND: the inverse of SPACE_TO_BATCH_ND. Input [nblocks * batch, spatial (M)...,
rest...] with ``block_shape`` (input 1, [M]) and ``crops`` (input 2, [M, 2]):
out[n, s * block + offset_j - crop_start, r...] = x[j * batch + n, s, r...], cropped.
Any type of 1, 2, 4 or 8 bytes."""
import itertools

from interp.ops._shape import Copy, bind_plan, prepare_plan, strides
from interp.ops._space import block_args


def prepare(node):
    x, y, block, crops, nblocks = block_args(node, "crops")
    m = len(block)
    if any(b < 1 for b in block) or x.shape[0] % nblocks:
        raise node.error(f"batch {x.shape[0]} of input {x.describe()} is not a multiple of the "
                         f"block count {nblocks} (block_shape {list(block)})")
    batch, spatial, rest = x.shape[0] // nblocks, x.shape[1:m + 1], x.shape[m + 1:]
    out_sp = []
    for i, (s, b, (cs, ce)) in enumerate(zip(spatial, block, crops)):
        if cs < 0 or ce < 0 or cs + ce > s * b:
            raise node.error(f"crops {[cs, ce]} of spatial dim {i + 1} exceed its size {s * b}")
        out_sp.append(s * b - cs - ce)
    y.shape = (batch,) + tuple(out_sp) + tuple(rest)
    ist, ost = strides(x.shape), strides(y.shape)
    plan = []
    for j, offs in enumerate(itertools.product(*(range(b) for b in block))):
        shape, in_off, out_off = [batch], j * batch * ist[0], 0
        out_st = [ost[0]]
        for i, (o, b, (cs, _), s, n) in enumerate(zip(offs, block, crops, spatial, out_sp)):
            lo = max(0, -((o - cs) // b))          # first s with s*b + o - cs >= 0
            hi = min(s, -(-(n + cs - o) // b))     # past the last s with s*b + o - cs < n
            shape.append(max(hi - lo, 0))
            in_off += lo * ist[i + 1]
            out_off += (lo * b + o - cs) * ost[i + 1]
            out_st.append(b * ost[i + 1])
        shape += rest
        out_st += ost[m + 1:]
        if 0 not in shape:
            plan.append(Copy(x, y, shape, ist, out_st, in_offset=in_off, out_offset=out_off))
    prepare_plan(node, plan)


bind = bind_plan
