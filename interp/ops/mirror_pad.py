"""MIRROR_PAD: PAD whose borders mirror the input: REFLECT (mode 0) leaves the edge out
(pad <= size - 1), SYMMETRIC (mode 1) repeats it (pad <= size). Any type of 1, 2, 4 or 8 bytes,
and STRING.

The output is filled dim by dim: the interior first, then for each dim both borders are copied
from the output itself, walking backwards, over the box already filled.
"""
from dataclasses import dataclass

from interp.ops import _pad
from interp.ops._shape import Copy, bind_plan, prepare_plan, strides

REFLECT, SYMMETRIC = 0, 1


@dataclass(frozen=True)
class Options:
    mode: int = REFLECT


def init(operator):
    return Options(int(operator.builtin_options.get("mode", REFLECT)))


def prepare(node):
    node.expect_io(2, 1)
    mode = node.options.mode
    if mode not in (REFLECT, SYMMETRIC):
        raise node.error(f"mode {mode} is neither REFLECT (0) nor SYMMETRIC (1)")
    x, y, pads, interior = _pad.prepare(node)
    limit = 0 if mode == SYMMETRIC else 1
    for d, ((a, b), n) in enumerate(zip(pads, x.shape)):
        if max(a, b) > max(n - limit, 0):
            raise node.error(f"paddings {list(pads[d])} of dim {d} exceed what "
                             f"{'SYMMETRIC' if mode else 'REFLECT'} allows for size {n} "
                             f"(at most {n - limit})")
    ost = strides(y.shape)
    plan = [interior]
    box = [(a, n) for (a, _), n in zip(pads, x.shape)]  # (start, size) filled so far per dim
    for d, (a, b) in enumerate(pads):
        n = x.shape[d]
        for count, dst, src in ((a, 0, 2 * a - mode),                      # left border
                                (b, a + n, a + n - 2 + mode)):             # right border
            if count == 0:
                continue
            shape = [s for _, s in box]
            shape[d] = count
            base = sum(st * start for st, (start, _) in zip(ost, box))
            out_off = base + (dst - box[d][0]) * ost[d]
            in_off = base + (src - box[d][0]) * ost[d]
            in_st = list(ost)
            in_st[d] = -ost[d]
            plan.append(Copy(y, y, shape, in_st, ost, in_offset=in_off, out_offset=out_off))
        box[d] = (0, y.shape[d])
    prepare_plan(node, plan)


bind = bind_plan
