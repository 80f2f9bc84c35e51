"""TRANSPOSE: out[i_0, ..., i_n] = x[j] with j[perm[k]] = i_k; ``perm`` is input 1 (INT32/INT64,
a permutation of 0..rank-1; negative entries are rejected, as LiteRT does). Any type of 1, 2, 4 or
8 bytes, and STRING. Contiguous inner runs are copied whole and a transposed inner pair in tiles
(kernels.h, strided copy)."""
from interp.ops._shape import Copy, bind_plan, int_values, movable_io, prepare_plan, strides


def prepare(node):
    x, y = movable_io(node, 2)
    perm = int_values(node, 1, "perm")
    rank = len(x.shape)
    if sorted(perm) != list(range(rank)):
        raise node.error(f"perm (input 1) {list(perm)} is not a permutation of 0..{rank - 1} "
                         f"(input {x.describe()})")
    y.shape = tuple(x.shape[p] for p in perm)
    st = strides(x.shape)
    prepare_plan(node, [Copy(x, y, y.shape, [st[p] for p in perm])])


bind = bind_plan
