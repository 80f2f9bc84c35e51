"""STRIDED_SLICE with LiteRT's reading of begin/end/strides (inputs 1-3, INT32) and the masks.

Each spec position is a dim of the input, except that the ellipsis bit stands for as many whole dims
as the spec leaves over and a new_axis bit (without the ellipsis bit) adds a size-1 dim. Per dim:
begin (or the first element when its begin_mask bit is set, the last for a negative stride) and end
(likewise with end_mask) are shifted by the dim size when negative and clamped; a shrink_axis dim
takes one element and leaves the output. With ``offset`` the end values are sizes counted from
begin. Any type of 1, 2, 4 or 8 bytes, and STRING.
"""
from dataclasses import dataclass

from interp import dtypes
from interp.ops._shape import Copy, bind_plan, int_values, movable_io, prepare_plan, strides

_BIG = 2**31  # stands for INT32 min/max in the masks' "whole dim" bounds


@dataclass(frozen=True)
class Options:
    begin_mask: int = 0
    end_mask: int = 0
    ellipsis_mask: int = 0
    new_axis_mask: int = 0
    shrink_axis_mask: int = 0
    offset: bool = False


def init(operator):
    o = operator.builtin_options
    return Options(*(int(o.get(k, 0)) for k in ("begin_mask", "end_mask", "ellipsis_mask",
                                                 "new_axis_mask", "shrink_axis_mask")),
                   bool(o.get("offset", False)))


def prepare(node):
    x, y = movable_io(node, 4)
    i32 = (dtypes.INT32,)
    begin = int_values(node, 1, "begin", i32)
    end = int_values(node, 2, "end", i32)
    steps = int_values(node, 3, "strides", i32)
    if not len(begin) == len(end) == len(steps):
        raise node.error(f"begin {list(begin)}, end {list(end)} and strides {list(steps)} must "
                         f"have the same length")
    dims = _effective_dims(node.options, len(x.shape), len(begin))
    in_strides = strides(x.shape)
    shape, copy_strides, out_shape, offset, d = [], [], [], 0, 0
    for kind, k in dims:  # kind: "all", "new" or "spec" (k = its spec position)
        if kind == "new":
            shape.append(1)
            copy_strides.append(0)
            out_shape.append(1)
            continue
        n, st = x.shape[d], in_strides[d]
        if kind == "all":
            start, step, count, shrink = 0, 1, n, False
        else:
            start, step, count, shrink = _axis(node, node.options, k, begin, end, steps, n)
        last = start + (count - 1) * step
        if count and not (0 <= start < n and 0 <= last < n):
            raise node.error(f"slice of dim {d} from {start} with stride {step} and {count} "
                             f"elements falls outside input {x.describe()}")
        offset += start * st if count else 0
        shape.append(count)
        copy_strides.append(st * step)
        if not shrink:
            out_shape.append(count)
        d += 1
    y.shape = tuple(out_shape)
    prepare_plan(node, [Copy(x, y, shape, copy_strides, in_offset=offset if 0 not in shape else 0)])


bind = bind_plan


def _effective_dims(o, rank, n_spec):
    """[(kind, spec position)] for each dim of the effective input (LiteRT's expansion)."""
    bit = lambda mask, i: (mask >> i) & 1  # noqa: E731
    n_new = sum(1 for i in range(n_spec) if bit(o.new_axis_mask, i) and not bit(o.ellipsis_mask, i))
    total = rank + n_new
    out, i, expanded, ell_start = [], 0, 0, None
    while i < total:
        if ell_start is None and bit(o.ellipsis_mask, i):
            ell_start = i
            ell_end = max(i + 1, min(i + 1 + n_new + rank - n_spec, total))
            expanded = ell_end - i - 1
            out.extend(("all", None) for _ in range(i, ell_end))
            i = ell_end
            continue
        k = i - expanded
        if k >= n_spec:
            out.append(("all", None))
        elif bit(o.new_axis_mask, k):
            out.append(("new", k))
        else:
            out.append(("spec", k))
        i += 1
    return out


def _axis(node, o, k, begin, end, steps, n):
    """(start, stride, count, shrink) of spec position ``k`` over a dim of size ``n``."""
    step = steps[k]
    if step == 0:
        raise node.error(f"stride {k} is 0; strides must be non-zero")
    shrink = bool((o.shrink_axis_mask >> k) & 1)
    if (o.begin_mask >> k) & 1:
        start = 0 if step > 0 else n - 1
    else:
        start = begin[k] + n if begin[k] < 0 else begin[k]
    if n == 0:
        return 0, step, 0, shrink
    if shrink:
        if not 0 <= start < n:  # LiteRT reads out of bounds here; interp refuses
            raise node.error(f"shrink_axis index {begin[k]} (spec position {k}) is out of range "
                             f"for a dim of size {n}")
        return start, 1, 1, True
    # a start past either end leaves nothing to take (LiteRT 2.3.0, observed: x[4:5] of 3 is empty)
    start = min(max(start, 0), n) if step > 0 else min(max(start, -1), n - 1)
    if o.offset:
        size = end[k]
        if (size < 0) != (step < 0):
            return start, step, 0, False
        return start, step, -(-size // step), False
    stop = end[k]
    if (o.end_mask >> k) & 1:
        stop = _BIG if step > 0 else -_BIG
    if stop < 0:
        stop += n
    stop = min(max(stop, 0), n) if step > 0 else min(max(stop, -1), n - 1)
    span = stop - start
    if (span < 0) != (step < 0):
        return start, step, 0, False
    return start, step, -(-span // step), False
