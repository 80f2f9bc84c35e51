"""DEPTH_TO_SPACE/SPACE_TO_DEPTH and BATCH_TO_SPACE_ND/SPACE_TO_BATCH_ND: shared options and
checks."""
import itertools
import math
from dataclasses import dataclass

from interp.ops._shape import Copy, int_values, movable_io, strides


@dataclass(frozen=True)
class Options:
    """DepthToSpaceOptions / SpaceToDepthOptions."""
    block_size: int = 0


def init(operator):
    return Options(int(operator.builtin_options.get("block_size", 0)))


def check_io(node, n_inputs=1, rank_range=(4, 4)):
    """Input 0 and output 0 of a block op: movable, same type, rank within ``rank_range``."""
    x, y = movable_io(node, n_inputs, strings=False)
    lo, hi = rank_range
    if not lo <= len(x.shape) <= hi:
        want = f"{lo}" if lo == hi else f"{lo} to {hi}"
        raise node.error(f"input {x.describe()} must have rank {want} (NHWC)")
    return x, y


def block_size(node):
    b = node.options.block_size
    if b < 1:
        raise node.error(f"block_size is {b}; it must be at least 1")
    return b


def block_args(node, what):
    """The ND ops' inputs: (x, y, block_shape, [(before, after)] from input 2 named ``what``,
    block count)."""
    x, y = check_io(node, 3, (2, 4))
    block = int_values(node, 1, "block_shape")
    m = len(block)
    flat = int_values(node, 2, what)
    if m < 1 or m > len(x.shape) - 1 or len(flat) != 2 * m or min(block) < 1:
        raise node.error(f"block_shape {list(block)} and {what} {list(flat)} do not fit input "
                         f"{x.describe()}")
    pairs = [(flat[2 * i], flat[2 * i + 1]) for i in range(m)]
    return x, y, block, pairs, math.prod(block)


def block_copies(space, batched, block, befores, to_batch):
    """The copies between ``space`` [batch, spatial (M)..., rest...] and ``batched``
    [nblocks * batch, spatial'..., rest...], where batched[j * batch + n, s'...] holds
    space[n, s' * block + offset_j - before...] (offset_j: the j-th block offset, row-major).
    ``to_batch`` copies space -> batched (SPACE_TO_BATCH_ND), else batched -> space; positions
    outside ``space`` (its padding or crops) are skipped."""
    m = len(block)
    batch = space.shape[0]
    sst, bst = strides(space.shape), strides(batched.shape)
    plan = []
    for j, offs in enumerate(itertools.product(*(range(b) for b in block))):
        shape, s_off, b_off = [batch], 0, j * batch * bst[0]
        s_st = [sst[0]]
        for i, (o, b, before) in enumerate(zip(offs, block, befores)):
            n_space, n_batched = space.shape[i + 1], batched.shape[i + 1]
            lo = max(0, -((o - before) // b))                        # first s' inside space
            hi = min(n_batched, -(-(n_space + before - o) // b))     # past the last one
            shape.append(max(hi - lo, 0))
            s_off += (lo * b + o - before) * sst[i + 1]
            b_off += lo * bst[i + 1]
            s_st.append(b * sst[i + 1])
        shape += space.shape[m + 1:]
        s_st += sst[m + 1:]
        if 0 in shape:
            continue
        if to_batch:
            plan.append(Copy(space, batched, shape, s_st, bst, in_offset=s_off, out_offset=b_off))
        else:
            plan.append(Copy(batched, space, shape, bst, s_st, in_offset=b_off, out_offset=s_off))
    return plan
