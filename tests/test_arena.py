"""The planned arena in a running interpreter: offsets, sharing between signatures, resizing,
weights as views of the file, and Interpreter.memory_plan() (oracle: sizes worked by hand, numpy)."""
import numpy as np
import pytest

import interp
from support import FIXTURES

S = interp.TensorSpec


class Chain(interp.Module):
    """Two signatures: `small` has three [1, 256] float intermediates in a chain, `big` has
    intermediates of [1, 1024]. Hand-worked plan: a chain a -> b -> c -> out needs two slots of the
    intermediate size (a and c share one), so small needs 2 * 1024 bytes and big 2 * 4096."""

    @interp.function(input_signature=[S([1, 256], "float32")])
    def small(self, x):
        a = x + 1.0
        b = a * 2.0
        c = b - 3.0
        return {"y": c * 0.5}

    @interp.function(input_signature=[S([None, 1024], "float32")])
    def big(self, x):
        a = x * 3.0
        b = a - 1.0
        c = b + 0.5
        return {"y": c * 4.0}


def small_ref(x):
    return ((x + 1) * 2 - 3) * 0.5


def big_ref(x):
    return (x * 3 - 1 + 0.5) * 4


@pytest.fixture(scope="module")
def chain_model():
    m = Chain()
    return interp.Converter.from_module(m, signatures={"small": m.small, "big": m.big}).convert()


def _arena_tensors(plan, subgraph):
    return [t for t in plan.tensors if t.subgraph == subgraph and t.storage == "arena"]


def test_memory_plan_before_and_after_allocation(chain_model):
    it = interp.Interpreter(model_content=chain_model)
    before = it.memory_plan()
    assert not before.allocated
    # signatures share the arena: the largest one (big, 2 x 4096 bytes at batch 1), not the sum
    assert before.arena_bytes == 2 * 4096
    assert before.lower_bound_bytes == 2 * 4096
    sizes = dict(before.subgraph_arena_bytes)
    assert sorted(sizes.values()) == [2 * 1024, 2 * 4096]
    it.get_signature_runner("small")(x=np.zeros((1, 256), np.float32))
    after = it.memory_plan()
    assert after.arena_bytes == before.arena_bytes
    assert [t.offset for t in after.tensors] == [t.offset for t in before.tensors]
    assert after.allocated is False  # `big` is not allocated yet
    it.get_signature_runner("big")(x=np.zeros((1, 1024), np.float32))
    assert it.memory_plan().allocated


def test_chain_ping_pongs_between_two_offsets(chain_model):
    plan = interp.Interpreter(model_content=chain_model).memory_plan()
    for sg in {t.subgraph for t in plan.tensors}:
        arena = sorted(_arena_tensors(plan, sg), key=lambda t: t.first)
        assert len(arena) == 3
        a, b, c = arena
        assert a.offset == c.offset != b.offset
        assert [(t.first, t.last) for t in arena] == [(0, 1), (1, 2), (2, 3)]
        pinned = {t.name for t in plan.tensors if t.subgraph == sg and t.storage == "pinned"}
        assert len(pinned) == 2  # the input and the output own their storage


def test_tensors_are_views_of_one_block(chain_model):
    it = interp.Interpreter(model_content=chain_model)
    run = it.get_signature_runner("small")
    run(x=np.ones((1, 256), np.float32))
    ex = run._executor
    views = [ex.tensors[t.index].data for t in _arena_tensors(it.memory_plan(), ex.index)]
    base = views[0].base
    while base.base is not None:
        base = base.base
    for v in views:
        assert np.shares_memory(v, base)
        assert v.ctypes.data % 64 == 0


def test_signatures_take_turns_in_the_shared_arena(chain_model):
    it = interp.Interpreter(model_content=chain_model)
    small, big = it.get_signature_runner("small"), it.get_signature_runner("big")
    rng = np.random.default_rng(1)
    for _ in range(3):
        xs = rng.standard_normal((1, 256)).astype(np.float32)
        xb = rng.standard_normal((3, 1024)).astype(np.float32)
        np.testing.assert_allclose(small(x=xs)["y"], small_ref(xs), rtol=1e-6)
        np.testing.assert_allclose(big(x=xb)["y"], big_ref(xb), rtol=1e-6)


def test_resize_replans_the_arena(chain_model):
    it = interp.Interpreter(model_content=chain_model)
    big = it.get_signature_runner("big")
    for batch in (1, 4, 1):
        x = np.linspace(-2, 2, batch * 1024, dtype=np.float32).reshape(batch, 1024)
        np.testing.assert_allclose(big(x=x)["y"], big_ref(x), rtol=1e-6)
        plan = it.memory_plan()
        assert max(t.offset + t.nbytes for t in _arena_tensors(plan, 1)
                   if t.subgraph == 1) <= plan.arena_bytes
    # the arena keeps its largest size, the plan is the current one
    assert it.memory_plan().arena_bytes == 2 * 4096


def test_classic_api_inputs_survive_another_signature(chain_model):
    """set_tensor on subgraph 0, then a bigger signature grows the shared arena: invoke() still
    sees the value that was set (inputs and outputs own their storage)."""
    it = interp.Interpreter(model_content=chain_model)
    it.allocate_tensors()
    (inp,), (out,) = it.get_input_details(), it.get_output_details()
    x = np.full(inp["shape"], 0.25, np.float32)
    it.set_tensor(inp["index"], x)
    other = [k for k in it.get_signature_list() if it.get_signature_runner(k)._executor.index != 0][0]
    other_in = it.get_signature_runner(other).get_input_details()["x"]["shape"]
    it.get_signature_runner(other)(x=np.ones(other_in, np.float32))
    it.invoke()
    ref = small_ref(x) if inp["shape"][-1] == 256 else big_ref(x)
    np.testing.assert_allclose(it.get_tensor(out["index"]), ref, rtol=1e-6)


def test_weights_are_views_of_the_mapped_file():
    it = interp.Interpreter(model_path=str(FIXTURES / "dense.tflite"))
    plan = it.memory_plan()
    weights = [t for t in plan.tensors if t.storage == "weight" and t.nbytes]
    assert weights and plan.weight_bytes == sum({t.index: t.nbytes for t in weights}.values())
    ex = it._subgraphs.entry(weights[0].subgraph)
    data = ex.tensors[weights[0].index].data
    assert not data.flags.writeable and not data.flags.owndata
    assert np.shares_memory(data, np.frombuffer(it._mmap, np.uint8))


def test_preserve_all_tensors_pins_everything(chain_model):
    it = interp.Interpreter(model_content=chain_model, experimental_preserve_all_tensors=True)
    it.get_signature_runner("small")(x=np.ones((1, 256), np.float32))
    plan = it.memory_plan()
    assert plan.arena_bytes == 0
    assert not [t for t in plan.tensors if t.storage == "arena"]


@pytest.mark.parametrize("name", ["mobilenet_v2", "transformer_block", "lstm", "dynamic_batch_conv"])
def test_planner_is_within_ten_percent_of_the_lower_bound(name):
    """Issue 3's bound: the arena is at most 1.1x the largest total of bytes live at one step."""
    plan = interp.Interpreter(model_path=str(FIXTURES / f"{name}.tflite")).memory_plan()
    assert plan.lower_bound_bytes > 0
    assert plan.arena_bytes <= 1.1 * plan.lower_bound_bytes, (plan.arena_bytes,
                                                              plan.lower_bound_bytes)
    # and the plan is honest: no two arena tensors of one subgraph overlap while both are live
    for sg in {t.subgraph for t in plan.tensors}:
        live = [t for t in plan.tensors if t.subgraph == sg and t.storage == "arena" and t.nbytes]
        for i, a in enumerate(live):
            for b in live[i + 1:]:
                if not (a.last < b.first or b.last < a.first):
                    assert a.offset + a.nbytes <= b.offset or b.offset + b.nbytes <= a.offset
