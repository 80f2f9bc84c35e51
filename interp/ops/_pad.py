"""PAD, PADV2, MIRROR_PAD: the paddings input and the interior copy they share; the constant
border of PAD and PADV2."""
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


def border(y, x_shape, pads, value):
    """Copies writing ``value`` (a one-element source) on every output element outside the
    interior, each once: for dim d, the slabs before and after the interior along d, spanning the
    interior along the dims before d and everything along the dims after it."""
    ost = strides(y.shape)
    rank = len(y.shape)
    plan = []
    for d, ((a, b), n) in enumerate(zip(pads, x_shape)):
        base = sum(pads[k][0] * ost[k] for k in range(d))
        for count, start in ((a, 0), (b, a + n)):
            shape = tuple(x_shape[:d]) + (count,) + tuple(y.shape[d + 1:])
            if count and 0 not in shape:
                plan.append(Copy(value, y, shape, (0,) * rank, ost,
                                 out_offset=base + start * ost[d]))
    return plan
