"""PAD, PADV2, MIRROR_PAD: the paddings input and the interior copy they share."""
from interp.ops._shape import Copy, check_movable, check_same, int_values, strides


def prepare(node, paddings_index=1):
    """Check input 0 and the paddings (input ``paddings_index``, INT32/INT64 [rank, 2], entries
    >= 0); set the output shape. Returns ``(x, y, pads, interior copy)``."""
    x, y = node.inputs[0], node.outputs[0]
    check_movable(node, x)
    check_same(node, x, [("output 0", y)])
    flat = int_values(node, paddings_index, "paddings")
    rank = len(x.shape)
    t = node.inputs[paddings_index]
    if t.shape not in ((rank, 2),) and not (rank == 0 and t.size == 0):
        raise node.error(f"paddings (input {paddings_index}) {t.describe()} must have shape "
                         f"[{rank}, 2] for input {x.describe()}")
    pads = [(flat[2 * d], flat[2 * d + 1]) for d in range(rank)]
    if any(a < 0 or b < 0 for a, b in pads):
        raise node.error(f"paddings {[list(p) for p in pads]} must not be negative")
    y.shape = tuple(n + a + b for n, (a, b) in zip(x.shape, pads))
    ost = strides(y.shape)
    offset = sum(a * s for (a, _), s in zip(pads, ost))
    return x, y, pads, Copy(x, y, x.shape, strides(x.shape), ost, out_offset=offset)
