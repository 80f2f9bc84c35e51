"""SPACE_TO_BATCH_ND: input [batch, spatial (M dims)..., rest...] padded by ``paddings`` (input 2,
[M, 2]) then cut into ``block_shape`` (input 1, [M]) blocks that move to the batch dim, block
offset major: out[(j * batch + n), s'..., r...] = padded[n, s' * block + offset_j, r...].
Padding is zeros (the zero point when quantized). Any type of 1, 2, 4 or 8 bytes."""
from interp.ops._shape import Fill, bind_plan, prepare_plan, zero_value
from interp.ops._space import block_args, block_copies


def prepare(node):
    x, y, block, pads, nblocks = block_args(node, "paddings")
    m = len(block)
    batch, spatial, rest = x.shape[0], x.shape[1:m + 1], x.shape[m + 1:]
    out_sp = []
    for i, (s, b, (pb, pa)) in enumerate(zip(spatial, block, pads)):
        if pb < 0 or pa < 0 or (s + pb + pa) % b:
            raise node.error(f"spatial dim {i + 1} of input {x.describe()} padded by {[pb, pa]} "
                             f"is not a multiple of block {b}")
        out_sp.append((s + pb + pa) // b)
    y.shape = (batch * nblocks,) + tuple(out_sp) + tuple(rest)
    plan = [Fill(y, zero_value(y))] if any(p != (0, 0) for p in pads) else []
    plan += block_copies(x, y, block, [a for a, _ in pads], to_batch=True)
    prepare_plan(node, plan)


bind = bind_plan
