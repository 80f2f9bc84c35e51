"""The greedy-by-size arena planner, with offsets worked by hand (ALIGN = 64 bytes)."""
import random

import pytest

from interp import planner


def test_disjoint_lifetimes_share_offset_zero():
    p = planner.plan([("a", 100, 0, 1), ("b", 100, 2, 3)])
    assert p.offsets == {"a": 0, "b": 0}
    assert p.size == 128  # 100 rounded up to a cache line
    assert p.lower_bound == 128


def test_overlapping_lifetimes_stack_in_size_order():
    # b (200) is placed first at 0; a (100) overlaps it in time, so it goes after b, at 256
    # (200 rounded up to 64); c (50) is live with both at step 1, so it goes after a: 256 + 128.
    p = planner.plan([("a", 100, 0, 2), ("b", 200, 0, 1), ("c", 50, 1, 2)])
    assert p.offsets == {"b": 0, "a": 256, "c": 384}
    assert p.size == 448
    assert p.lower_bound == 64 * 4 + 64 * 2 + 64  # all three live at step 1


def test_small_buffer_fills_a_gap_between_big_ones():
    # x [0, 1024) steps 0-1, y [1024, 2048) steps 0-3, z (steps 2-3) reuses x's bytes.
    p = planner.plan([("x", 1024, 0, 1), ("y", 1024, 0, 3), ("z", 512, 2, 3)])
    assert p.offsets == {"x": 0, "y": 1024, "z": 0}
    assert p.size == 2048


def test_chain_of_layers_ping_pongs_between_two_slots():
    # a -> b -> c -> d, each consumed by the next node only: two slots suffice.
    bufs = [(k, 4096, i, i + 1) for i, k in enumerate("abcd")]
    p = planner.plan(bufs)
    assert p.size == 8192 == p.lower_bound
    assert p.offsets["a"] == p.offsets["c"] != p.offsets["b"] == p.offsets["d"]


def test_zero_bytes_take_no_room():
    p = planner.plan([("e", 0, 0, 5), ("f", 10, 0, 5)])
    assert p.offsets == {"e": 0, "f": 0}
    assert p.size == 64


def test_alignment():
    p = planner.plan([("a", 1, 0, 0), ("b", 1, 0, 0), ("c", 1, 0, 0)])
    assert sorted(p.offsets.values()) == [0, 64, 128]


def test_rejects_bad_input():
    with pytest.raises(ValueError, match="twice"):
        planner.plan([("a", 1, 0, 0), ("a", 1, 0, 0)])
    with pytest.raises(ValueError, match="before it starts"):
        planner.plan([("a", 1, 3, 2)])


def test_random_plans_never_overlap_and_meet_lower_bound():
    rng = random.Random(7)
    for _ in range(200):
        bufs = []
        for i in range(rng.randint(1, 40)):
            first = rng.randint(0, 30)
            bufs.append((i, rng.randint(0, 5000), first, first + rng.randint(0, 6)))
        p = planner.plan(bufs)
        assert p.size >= p.lower_bound
        for i, (ka, na, fa, la) in enumerate(bufs):
            oa = p.offsets[ka]
            assert oa % planner.ALIGN == 0 and oa + na <= p.size
            for kb, nb, fb, lb in bufs[i + 1:]:
                ob = p.offsets[kb]
                if na and nb and not (la < fb or lb < fa):
                    assert oa + na <= ob or ob + nb <= oa, (ka, kb)
