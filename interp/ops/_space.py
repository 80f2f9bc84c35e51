"""DEPTH_TO_SPACE/SPACE_TO_DEPTH and BATCH_TO_SPACE_ND/SPACE_TO_BATCH_ND: shared options and
checks."""
import math
from dataclasses import dataclass

from interp.ops._shape import int_values, movable_io


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
