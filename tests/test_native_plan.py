"""Runs of C kernel calls fused into one interp_run_plan call (interp/native_plan.py).
Oracle: the same kernels called one by one, and numpy."""
import functools

import numpy as np
import pytest

import interp
from interp import native_plan
from interp.ops._kernels import ffi, lib, params

pytestmark = pytest.mark.skipif(not native_plan._ABI_OK, reason="fusion is off on this ABI")


def _binary(fn, a, b, out, ctype="float"):
    struct = "interp_f32_binary_params" if ctype == "float" else "interp_i32_binary_params"
    lo, hi = (-np.inf, np.inf) if ctype == "float" else (-2**31, 2**31 - 1)
    p = params(struct, lo=lo, hi=hi)
    p.bc.rank = 1
    p.bc.shape[0] = a.size
    p.bc.a_stride[0] = p.bc.b_stride[0] = 1
    p.bc.b_count = b.size
    buf = lambda x: ffi.from_buffer(ctype + "[]", x)
    return functools.partial(fn, buf(a), buf(b), buf(out), p)


class _Node:
    def __init__(self, name):
        self.name = name


def test_runs_of_c_calls_are_fused_and_give_the_same_values():
    x = np.arange(1, 18, dtype=np.float32)
    y = np.full(17, 0.5, np.float32)
    t1, t2, t3 = (np.zeros(17, np.float32) for _ in range(3))
    marker = []
    plan = [(_Node("add"), _binary(lib.interp_f32_add, x, y, t1)),
            (_Node("mul"), _binary(lib.interp_f32_mul, t1, x, t2)),
            (_Node("py"), lambda: marker.append(t2.copy())),
            (_Node("sub"), _binary(lib.interp_f32_sub, t2, y, t3))]
    runs = native_plan.fuse(plan)
    assert [len(nodes) for nodes, _, _ in runs] == [2, 1, 1]
    assert runs[0][2] is not None and runs[1][2] is None
    for _, call, _ in runs:
        assert not call()
    np.testing.assert_array_equal(marker[0], (x + y) * x)
    np.testing.assert_array_equal(t3, (x + y) * x - y)


def test_the_failing_step_is_reported():
    a = np.array([6, 7], np.int32)
    ok, zero = np.array([2, 7], np.int32), np.array([1, 0], np.int32)
    o1, o2, o3 = (np.zeros(2, np.int32) for _ in range(3))
    plan = [(_Node("div ok"), _binary(lib.interp_i32_div, a, ok, o1, "int32_t")),
            (_Node("div by 0"), _binary(lib.interp_i32_div, a, zero, o2, "int32_t")),
            (_Node("never"), _binary(lib.interp_i32_add, a, ok, o3, "int32_t"))]
    (nodes, call, failed), = native_plan.fuse(plan)
    assert call() == lib.INTERP_DIV_BY_ZERO
    assert nodes[failed[0]].name == "div by 0"
    np.testing.assert_array_equal(o1, [3, 1])
    np.testing.assert_array_equal(o3, [0, 0])  # the run stopped at the failure


def test_only_kernel_entry_points_are_fused():
    # a partial whose C function takes a double would need a float register: never fused
    assert not native_plan._fusable_function(np.add)
    assert native_plan._fusable_function(lib.interp_f32_add)
    plan = [(_Node("memmove"), functools.partial(ffi.memmove, bytearray(4), b"abcd", 4))] * 2
    assert [len(n) for n, _, _ in native_plan.fuse(plan)] == [1, 1]


def test_a_converted_model_runs_fused():
    class M(interp.Module):
        @interp.function(input_signature=[interp.TensorSpec([2, 33], "float32")])
        def f(self, x):
            return {"y": interp.ops.relu(x * 2.0 + 1.0) - 0.5}

    m = M()
    it = interp.Interpreter(model_content=interp.Converter.from_module(m, {"f": m.f}).convert())
    run = it.get_signature_runner()
    x = np.linspace(-3, 3, 66, dtype=np.float32).reshape(2, 33)
    np.testing.assert_allclose(run(x=x)["y"], np.maximum(x * 2 + 1, 0) - 0.5, rtol=1e-6)
    assert any(len(nodes) > 1 for nodes, _, _ in run._executor.runs)
