"""REDUCE_ANY, REDUCE_ALL and WHERE (oracle: numpy), and WHERE running in the executor's dynamic tail
(its output shape depends on the values)."""
import numpy as np
import pytest

import interp
from kernel_runner import run_op
from support import litert

B = np.bool_


@pytest.mark.parametrize("op, ref", [("REDUCE_ANY", np.any), ("REDUCE_ALL", np.all)])
@pytest.mark.parametrize("axes, keep", [([1], False), ([-1, 0], True), ([], False), ([0, 0], False)])
def test_logical_reductions(op, ref, axes, keep):
    x = np.random.default_rng(3).random((3, 4, 5)) > 0.3
    (got,) = run_op(op, [x, np.array(axes, np.int32)], {"keep_dims": keep}, const=(1,),
                    output_types=[B])
    want = ref(x, axis=tuple(sorted({a % 3 for a in axes})), keepdims=keep)
    np.testing.assert_array_equal(got, want)


def test_empty_reductions_are_false_for_any_true_for_all():
    x = np.zeros((2, 0), B)
    (a,) = run_op("REDUCE_ANY", [x, np.array([1], np.int32)], {}, const=(1,), output_types=[B])
    (b,) = run_op("REDUCE_ALL", [x, np.array([1], np.int32)], {}, const=(1,), output_types=[B])
    assert a.tolist() == [False, False] and b.tolist() == [True, True]


def test_logical_reduction_refuses_floats():
    with pytest.raises(interp.ModelError, match="FLOAT32, which REDUCE_ANY does not support; supported: BOOL"):
        run_op("REDUCE_ANY", [np.ones(3, np.float32), np.array([0], np.int32)], {}, const=(1,),
               output_types=[B])


@pytest.mark.parametrize("dtype", [np.bool_, np.float32, np.int32, np.int64])
def test_where_gives_coordinates_in_row_major_order(dtype):
    x = np.array([[0, 2, 0], [1, 0, 3]], dtype)
    (got,) = run_op("WHERE", [x], output_types=[np.int64])
    np.testing.assert_array_equal(got, [[0, 1], [1, 0], [1, 2]])
    (none,) = run_op("WHERE", [np.zeros((2, 2), dtype)], output_types=[np.int64])
    assert none.shape == (0, 2)


def _positives(with_count):
    class Positives(interp.Module):
        @interp.function(input_signature=[interp.TensorSpec([None], "float32")])
        def f(self, x):
            idx = interp.ops.where(interp.ops.greater(x, 0.0))
            return {"idx": idx, "n": interp.ops.shape(idx)} if with_count else {"idx": idx}

    m = Positives()
    return interp.Converter.from_module(m, {"f": m.f}).convert()


CASES = ([1, -2, 3, 0], [-1, -1], [5, 6, 7, 8, 9, 10])


# LiteRT 2.3.0 raises "Invalid tensor size" on SHAPE of a WHERE output, and on a second call of a
# runner whose WHERE output changed size, and when no element is selected; so it checks `idx` alone,
# on a fresh interpreter per case, for cases that select something.
@pytest.mark.parametrize("engine, with_count", [("interp", True), ("interp", False),
                                                ("litert", False)])
def test_where_in_the_dynamic_tail(engine, with_count):
    data = _positives(with_count)
    it = interp.Interpreter(model_content=data)
    run = it.get_signature_runner()
    for x in CASES:
        x = np.array(x, np.float32)
        if engine == "litert":
            if not (x > 0).any():
                continue
            run = litert().Interpreter(model_content=data).get_signature_runner()
        out = run(x=x)
        np.testing.assert_array_equal(out["idx"].reshape(-1), np.nonzero(x > 0)[0])
        if with_count:
            assert out["n"].tolist() == [int((x > 0).sum()), 1]
    if engine == "interp":
        storage = [t.storage for t in it.memory_plan().tensors]
        assert "dynamic" in storage
