"""DEPTH_TO_SPACE/SPACE_TO_DEPTH and BATCH_TO_SPACE_ND/SPACE_TO_BATCH_ND: shared checks."""
from interp.ops._shape import check_movable, check_same


def check_io(node, rank_range=(4, 4)):
    """Input 0 and output 0 of a block op: movable, same type, rank within ``rank_range``."""
    x, y = node.inputs[0], node.outputs[0]
    check_movable(node, x, strings=False)
    check_same(node, x, [("output 0", y)])
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
