"""The arena planner: offsets for buffers from their lifetimes (greedy by size).

Input: buffers ``(key, nbytes, first, last)``, meaning the buffer is live from step ``first`` to
step ``last`` inclusive (steps are node positions in a subgraph's run order). Two buffers may share
bytes only when their lifetimes do not overlap.

The algorithm ("greedy by size", as in the offset-calculation literature for inference arenas):

1. Sort buffers by size, largest first (ties: earlier ``first``, then input order), so big buffers
   get the low offsets and small ones fill the gaps between them.
2. Place each buffer at the lowest offset, rounded up to ``align``, where it does not overlap in
   memory with any already placed buffer whose lifetime overlaps its own: walk those buffers in
   offset order and take the first gap that is large enough, else the end of the last one.

The arena size is the largest ``offset + nbytes``. The lower bound any plan must meet is the largest
total of bytes live at one step (:func:`lower_bound`); greedy by size is usually within a few percent
of it on feed-forward networks. Zero-byte buffers get offset 0 and take no room.
"""
from dataclasses import dataclass
from typing import Dict, Hashable, Sequence, Tuple

ALIGN = 64  # bytes: a cache line, and enough for any SIMD load the kernels do


@dataclass(frozen=True)
class Plan:
    offsets: Dict[Hashable, int]  # key -> byte offset in the arena
    size: int                     # arena bytes the plan needs
    lower_bound: int              # largest total of bytes live at one step


def align_up(n: int, align: int = ALIGN) -> int:
    return -(-n // align) * align


def lower_bound(buffers: Sequence[Tuple[Hashable, int, int, int]]) -> int:
    """The largest total of bytes live at any one step (each buffer rounded up to ``ALIGN``)."""
    events = {}
    for _, nbytes, first, last in buffers:
        if nbytes <= 0:
            continue
        size = align_up(nbytes)
        events[first] = events.get(first, 0) + size
        events[last + 1] = events.get(last + 1, 0) - size
    best = live = 0
    for step in sorted(events):
        live += events[step]
        best = max(best, live)
    return best


def plan(buffers: Sequence[Tuple[Hashable, int, int, int]], align: int = ALIGN) -> Plan:
    """Offsets for ``buffers`` (``(key, nbytes, first, last)``); keys must be unique."""
    order = sorted(range(len(buffers)), key=lambda i: (-buffers[i][1], buffers[i][2], i))
    placed = []  # (offset, end, first, last), kept sorted by offset
    offsets = {}
    size = 0
    for i in order:
        key, nbytes, first, last = buffers[i]
        if key in offsets:
            raise ValueError(f"buffer key {key!r} appears twice")
        if last < first:
            raise ValueError(f"buffer {key!r} ends (step {last}) before it starts (step {first})")
        if nbytes <= 0:
            offsets[key] = 0
            continue
        offset = 0
        for p_off, p_end, p_first, p_last in placed:
            if p_last < first or last < p_first:
                continue  # not live at the same time: may share bytes
            if p_off - offset >= nbytes:
                break  # the gap before this buffer fits
            offset = max(offset, align_up(p_end, align))
        offsets[key] = offset
        end = offset + nbytes
        size = max(size, end)
        _insert_sorted(placed, (offset, end, first, last))
    return Plan(offsets, align_up(size, align) if size else 0, lower_bound(buffers))


def _insert_sorted(placed, item):
    lo, hi = 0, len(placed)
    while lo < hi:
        mid = (lo + hi) // 2
        if placed[mid][0] <= item[0]:
            lo = mid + 1
        else:
            hi = mid
    placed.insert(lo, item)


__all__ = ["ALIGN", "Plan", "align_up", "lower_bound", "plan"]
