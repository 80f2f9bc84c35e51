"""BATCH_TO_SPACE_ND: the inverse of SPACE_TO_BATCH_ND. Input [nblocks * batch, spatial (M)...,
rest...] with ``block_shape`` (input 1, [M]) and ``crops`` (input 2, [M, 2]):
out[n, s * block + offset_j - crop_start, r...] = x[j * batch + n, s, r...], cropped.
Any type of 1, 2, 4 or 8 bytes."""
from interp.ops._shape import bind_plan, prepare_plan
from interp.ops._space import block_args, block_copies


def prepare(node):
    x, y, block, crops, nblocks = block_args(node, "crops")
    m = len(block)
    if x.shape[0] % nblocks:
        raise node.error(f"batch {x.shape[0]} of input {x.describe()} is not a multiple of the "
                         f"block count {nblocks} (block_shape {list(block)})")
    batch, spatial, rest = x.shape[0] // nblocks, x.shape[1:m + 1], x.shape[m + 1:]
    out_sp = []
    for i, (s, b, (cs, ce)) in enumerate(zip(spatial, block, crops)):
        if cs < 0 or ce < 0 or cs + ce > s * b:
            raise node.error(f"crops {[cs, ce]} of spatial dim {i + 1} exceed its size {s * b}")
        out_sp.append(s * b - cs - ce)
    y.shape = (batch,) + tuple(out_sp) + tuple(rest)
    plan = block_copies(y, x, block, [a for a, _ in crops], to_batch=False)
    prepare_plan(node, plan)


bind = bind_plan
