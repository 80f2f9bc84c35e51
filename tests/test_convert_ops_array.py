"""interp.ops array ops: rank changes, concat/stack/unstack/split, slice, strided_slice and
Tensor.__getitem__, transpose, pad, gather, gather_nd and the factories.

Oracle: LiteRT runs the converted file and must match numpy exactly (these ops move or make
values; no arithmetic); interp runs the same file (separate test ids). Operator codes, versions and
options are checked against what TensorFlow 2.21's converter wrote for the same TensorFlow code
(SQUEEZE and EXPAND_DIMS: TensorFlow folds them into RESHAPE when the shape is static; interp
always writes the op itself, whose kernel handles dynamic dims).
"""
import sys
import types

import numpy as np
import pytest

import interp
from interp.convert import ConversionError, ConversionTypeError
from convert_cases import (RUNTIMES, Case, case_tests, convert, function_of, operators, rand,
                           run, spec, traced_shapes)

o = interp.ops
X234 = rand(2, 3, 4)
X46 = rand(4, 6)
X23 = rand(2, 3)
I23 = rand(2, 3, dtype=np.int32)
X5 = rand(2, 3, 4, 5, 6)

CASES = [
    Case("squeeze_axis", [spec([2, 1, 3])], lambda x: o.squeeze(x, 1), [rand(2, 1, 3)],
         lambda x: x.squeeze(1), ops=[("SQUEEZE", 1, {"squeeze_dims": [1]})]),
    Case("squeeze_all", [spec([1, 2, 1, 3])], o.squeeze, [rand(1, 2, 1, 3)], np.squeeze,
         ops=[("SQUEEZE", 1, {"squeeze_dims": []})]),
    Case("expand_dims", [spec([2, 3])], lambda x: o.expand_dims(x, 1), [X23],
         lambda x: x[:, None], ops=[("EXPAND_DIMS", 1, {})]),
    Case("expand_dims_last_negative", [spec([2, 3], "int32")], lambda x: o.expand_dims(x, -1),
         [I23], lambda x: x[..., None], ops=[("EXPAND_DIMS", 1, {})]),
    Case("concat", [spec([2, 3]), spec([2, 3])], lambda a, b: o.concat([a, b], 1),
         [X23, X23 * 2], lambda a, b: np.concatenate([a, b], 1),
         ops=[("CONCATENATION", 1, {"axis": 1, "fused_activation_function": 0})]),
    Case("concat_negative_axis_three", [spec([2, 3]), spec([2, 1]), spec([2, 2])],
         lambda a, b, c: o.concat([a, b, c], -1), [X23, rand(2, 1), rand(2, 2)],
         lambda a, b, c: np.concatenate([a, b, c], -1),
         ops=[("CONCATENATION", 1, {"axis": -1})]),
    Case("stack", [spec([2, 3]), spec([2, 3])], lambda a, b: o.stack([a, b], 1),
         [X23, X23 * 2], lambda a, b: np.stack([a, b], 1),
         ops=[("PACK", 1, {"values_count": 2, "axis": 1})]),
    Case("stack_negative_axis", [spec([2, 3]), spec([2, 3])], lambda a, b: o.stack([a, b], -1),
         [X23, X23 * 2], lambda a, b: np.stack([a, b], -1),
         ops=[("PACK", 1, {"values_count": 2, "axis": -1})]),
    Case("unstack", [spec([2, 3])], lambda x: o.unstack(x, axis=1), [X23],
         lambda x: [x[:, 0], x[:, 1], x[:, 2]], ops=[("UNPACK", 1, {"num": 3, "axis": 1})]),
    Case("split_num", [spec([2, 6])], lambda x: o.split(x, 3, axis=1), [rand(2, 6)],
         lambda x: np.split(x, 3, axis=1), ops=[("SPLIT", 1, {"num_splits": 3})]),
    Case("split_sizes", [spec([2, 6])], lambda x: o.split(x, [1, 5], axis=1), [rand(2, 6)],
         lambda x: np.split(x, [1], axis=1), ops=[("SPLIT_V", 1, {"num_splits": 2})]),
    Case("split_sizes_minus_one", [spec([7, 2])], lambda x: o.split(x, [2, -1, 1]),
         [rand(7, 2)], lambda x: np.split(x, [2, 6]), ops=[("SPLIT_V", 1, {"num_splits": 3})]),
    Case("slice", [spec([4, 6])], lambda x: o.slice(x, [1, 2], [2, -1]), [X46],
         lambda x: x[1:3, 2:], ops=[("SLICE", 1, {})]),
    Case("slice_rank5", [spec([2, 3, 4, 5, 6])],
         lambda x: o.slice(x, [0, 0, 0, 0, 1], [-1, -1, -1, -1, 2]), [X5],
         lambda x: x[..., 1:3], ops=[("SLICE", 5, {})]),
    Case("getitem_steps", [spec([4, 6])], lambda x: x[1:, ::2], [X46], lambda x: x[1:, ::2],
         ops=[("STRIDED_SLICE", 1, {"begin_mask": 2, "end_mask": 3, "ellipsis_mask": 0,
                                    "new_axis_mask": 0, "shrink_axis_mask": 0,
                                    "offset": False})]),
    Case("getitem_index_ellipsis_newaxis", [spec([4, 6, 3])], lambda x: x[1, ..., None, :2],
         [rand(4, 6, 3)], lambda x: x[1, ..., None, :2],
         ops=[("EXPAND_DIMS", 1, {}), ("STRIDED_SLICE", 1, {"shrink_axis_mask": 1})]),
    Case("getitem_negative", [spec([4, 6])], lambda x: x[-1, ::-2], [X46],
         lambda x: x[-1, ::-2], ops=[("STRIDED_SLICE", 1, {"shrink_axis_mask": 1})]),
    Case("getitem_clamped_and_empty", [spec([4, 6])], lambda x: [x[2:100, -100:3], x[3:1]],
         [X46], lambda x: [x[2:100, -100:3], x[3:1]]),
    Case("getitem_rank5", [spec([2, 3, 4, 5, 6])], lambda x: x[:, :, :, 1:, ::2], [X5],
         lambda x: x[:, :, :, 1:, ::2], ops=[("STRIDED_SLICE", 4, {})]),
    Case("strided_slice_masks", [spec([4, 6, 3])],
         lambda x: o.strided_slice(x, [1, 0, 5], [3, 0, 0], [1, 1, -2], begin_mask=2,
                                   end_mask=6),
         [rand(4, 6, 3)], lambda x: x[1:3, :, ::-2]),
    Case("strided_slice_int32_shrink", [spec([4, 6], "int32")],
         lambda x: o.strided_slice(x, [0, 2], [0, 3], shrink_axis_mask=2, begin_mask=1,
                                   end_mask=1),
         [rand(4, 6, dtype=np.int32)], lambda x: x[:, 2]),
    Case("transpose", [spec([2, 3, 4])], lambda x: o.transpose(x, [2, 0, 1]), [X234],
         lambda x: x.transpose(2, 0, 1), ops=[("TRANSPOSE", 1, {})]),
    Case("transpose_default_reverses", [spec([2, 3, 4])], o.transpose, [X234],
         lambda x: x.transpose(), ops=[("TRANSPOSE", 1, {})]),
    Case("transpose_rank5", [spec([2, 3, 4, 5, 6])], lambda x: o.transpose(x, [4, 0, 1, 2, 3]),
         [X5], lambda x: x.transpose(4, 0, 1, 2, 3), ops=[("TRANSPOSE", 4, {})]),
    Case("transpose_bool", [spec([2, 3], "bool")], o.transpose,
         [np.array([[True, False, True], [False, False, True]])], lambda x: x.T,
         ops=[("TRANSPOSE", 3, {})]),
    Case("pad", [spec([2, 3])], lambda x: o.pad(x, [[1, 0], [0, 2]]), [X23],
         lambda x: np.pad(x, [(1, 0), (0, 2)]), ops=[("PAD", 1, {})]),
    Case("pad_rank5", [spec([2, 3, 4, 5, 6])],
         lambda x: o.pad(x, [[0, 0], [0, 0], [0, 0], [1, 1], [1, 1]]), [X5],
         lambda x: np.pad(x, [(0, 0)] * 3 + [(1, 1)] * 2), ops=[("PAD", 4, {})]),
    Case("padv2", [spec([2, 3])], lambda x: o.pad(x, [[1, 0], [0, 2]], constant_values=1.5),
         [X23], lambda x: np.pad(x, [(1, 0), (0, 2)], constant_values=1.5),
         ops=[("PADV2", 1, {})]),
    Case("pad_int32", [spec([2, 3], "int32")], lambda x: o.pad(x, [[1, 1], [2, 0]]), [I23],
         lambda x: np.pad(x, [(1, 1), (2, 0)]), ops=[("PAD", 1, {})]),
    Case("mirror_pad_reflect", [spec([3, 3])],
         lambda x: o.pad(x, [[1, 1], [2, 0]], mode="REFLECT"), [rand(3, 3)],
         lambda x: np.pad(x, [(1, 1), (2, 0)], mode="reflect"),
         ops=[("MIRROR_PAD", 1, {"mode": 0})]),
    Case("mirror_pad_symmetric", [spec([3, 3])],
         lambda x: o.pad(x, [[3, 1], [2, 0]], mode="symmetric"), [rand(3, 3)],
         lambda x: np.pad(x, [(3, 1), (2, 0)], mode="symmetric"),
         ops=[("MIRROR_PAD", 1, {"mode": 1})]),
    Case("gather", [spec([4, 3]), spec([2], "int32")], lambda x, i: o.gather(x, i, axis=0),
         [rand(4, 3), np.int32([3, 1])], lambda x, i: x[i],
         ops=[("GATHER", 1, {"axis": 0, "batch_dims": 0})]),
    Case("gather_axis1_int64_indices", [spec([4, 3]), spec([2, 2], "int64")],
         lambda x, i: o.gather(x, i, axis=1), [rand(4, 3), np.int64([[2, 0], [1, 1]])],
         lambda x, i: np.take(x, i, axis=1), ops=[("GATHER", 1, {"axis": 1, "batch_dims": 0})]),
    Case("gather_batch_dims", [spec([2, 4, 3]), spec([2, 2], "int32")],
         lambda x, i: o.gather(x, i, axis=1, batch_dims=1),
         [rand(2, 4, 3), np.int32([[0, 3], [2, 2]])],
         lambda x, i: np.stack([x[b][i[b]] for b in range(2)]),
         ops=[("GATHER", 5, {"axis": 1, "batch_dims": 1})]),
    Case("gather_constant_params", [spec([3], "int32")],
         lambda i: o.gather(np.float32([10, 20, 30, 40]), i), [np.int32([3, 0, 3])],
         lambda i: np.float32([10, 20, 30, 40])[i], ops=[("GATHER", 1, {})]),
    Case("gather_nd", [spec([4, 3]), spec([2, 2], "int32")], o.gather_nd,
         [rand(4, 3), np.int32([[0, 1], [3, 2]])], lambda x, i: x[i[:, 0], i[:, 1]],
         ops=[("GATHER_ND", 1, {})]),
    Case("gather_nd_slices", [spec([4, 3]), spec([2, 1], "int32")], o.gather_nd,
         [rand(4, 3), np.int32([[2], [0]])], lambda x, i: x[i[:, 0]],
         ops=[("GATHER_ND", 1, {})]),
    Case("shape", [spec([None, 3])], o.shape, [rand(5, 3)],
         lambda x: np.int32(x.shape), ops=[("SHAPE", 1, {"out_type": 2})]),
    Case("shape_int64", [spec([None, 3])], lambda x: o.shape(x, out_type="int64"), [rand(2, 3)],
         lambda x: np.int64(x.shape), ops=[("SHAPE", 1, {"out_type": 4})]),
    Case("fill", [spec([2], "int32")], lambda d: o.fill(d, 1.5), [np.int32([2, 3])],
         lambda d: np.full(d, 1.5, np.float32), ops=[("FILL", 1, {})]),
    Case("fill_int_constant_dims", [spec([2, 3], "int32")],
         lambda x: o.fill([2, 3], 7) + x, [I23], lambda x: x + 7,
         ops=[("FILL", 1, {}), ("ADD", 1, {})]),
    Case("zeros_like", [spec([None, 3])], o.zeros_like, [X23], np.zeros_like,
         ops=[("ZEROS_LIKE", 1, {})]),
    Case("tile", [spec([2, 3])], lambda x: o.tile(x, [2, 1]), [X23],
         lambda x: np.tile(x, [2, 1]), ops=[("TILE", 1, {})]),
    Case("tile_int64", [spec([2, 3], "int64")], lambda x: o.tile(x, [1, 3]),
         [I23.astype(np.int64)], lambda x: np.tile(x, [1, 3]), ops=[("TILE", 1, {})]),
    Case("broadcast_to", [spec([1, 3])], lambda x: o.broadcast_to(x, [4, 3]), [rand(1, 3)],
         lambda x: np.broadcast_to(x, (4, 3)), ops=[("BROADCAST_TO", 2, {})]),
    Case("range_dynamic_limit", [spec([], "int32")], lambda n: o.range(0, n, 1),
         [np.int32(5)], lambda n: np.arange(0, n, 1, dtype=np.int32), ops=[("RANGE", 1, {})],
         shapes={"output_0": (None,)}),
    Case("range_float", [spec([], "float32")], lambda n: o.range(0.0, n, 0.5),
         [np.float32(2.2)], lambda n: np.arange(0, n, 0.5, dtype=np.float32),
         ops=[("RANGE", 1, {})]),
    Case("range_constant_negative_delta", [spec([2], "int32")],
         lambda x: o.range(10, 1, -3) + 0 * o.reduce_sum(x), [np.int32([1, 2])],
         lambda x: np.arange(10, 1, -3, dtype=np.int32)),
    Case("one_hot", [spec([3], "int32")], lambda i: o.one_hot(i, 4), [np.int32([0, 3, 5])],
         lambda i: (np.arange(4)[None] == i[:, None]).astype(np.float32),
         ops=[("ONE_HOT", 1, {"axis": -1})]),
    Case("one_hot_axis0_values", [spec([3], "int32")],
         lambda i: o.one_hot(i, 4, on_value=5, off_value=-1, axis=0, dtype="int32"),
         [np.int32([0, 3, 1])], lambda i: np.where(np.arange(4)[:, None] == i[None], 5, -1
                                                   ).astype(np.int32),
         ops=[("ONE_HOT", 1, {"axis": 0})]),
]


test_op_runs, test_op_written_like_tf = case_tests(CASES)


def test_split_and_unstack_name_every_output():
    case = Case("names", [spec([2, 6])], lambda x: o.split(x, 2, axis=1, name="halves"), [],
                None)
    graph = interp.Converter.from_function(function_of(case)).graphs()
    node = graph[0].nodes[0]
    assert [t.hint for t in node.outputs] == ["halves", "halves:1"]


@pytest.mark.parametrize("specs,fn,want", [
    ([spec([None, 1, 3])], lambda x: o.squeeze(x, 1), (None, 3)),
    ([spec([None, 3])], lambda x: o.squeeze(x, 0), (3,)),
    ([spec([None, 3])], lambda x: o.expand_dims(x, 1), (None, 1, 3)),
    ([spec([None, 3]), spec([None, 2])], lambda a, b: o.concat([a, b], 1), (None, 5)),
    ([spec([None, 3]), spec([2, 3])], lambda a, b: o.concat([a, b], 0), (None, 3)),
    ([spec([None, 3]), spec([2, None])], lambda a, b: o.stack([a, b]), (2, 2, 3)),
    ([spec([None, 6])], lambda x: o.split(x, 2, axis=1)[1], (None, 3)),
    ([spec([4, None])], lambda x: o.split(x, [1, -1], axis=1)[1], (4, None)),
    ([spec([None, 3])], lambda x: o.unstack(x, axis=1)[0], (None,)),
    ([spec([None, 6])], lambda x: x[:, 1:4], (None, 3)),
    ([spec([None, 6])], lambda x: x[1:, 0], (None,)),
    ([spec([None, 6])], lambda x: x[..., None, ::2], (None, 1, 3)),
    ([spec([None, 6])], lambda x: o.slice(x, [0, 1], [-1, 2]), (None, 2)),
    ([spec([None, 3, 4])], lambda x: o.transpose(x, [2, 0, 1]), (4, None, 3)),
    ([spec([None, 3])], lambda x: o.pad(x, [[1, 1], [0, 2]]), (None, 5)),
    ([spec([None, 3]), spec([None], "int32")], lambda x, i: o.gather(x, i), (None, 3)),
    ([spec([5, None]), spec([None, 2], "int32")], o.gather_nd, (None,)),
    ([spec([None, None])], o.shape, (2,)),
    ([spec([3], "int32")], lambda d: o.fill(d, 0.0), (None, None, None)),
    ([spec([None, 3])], lambda x: o.tile(x, [2, 2]), (None, 6)),
    ([spec([2], "int32")], lambda s: o.broadcast_to(np.float32([1, 2]), s), (None, None)),
    ([spec([None], "int32")], lambda i: o.one_hot(i, 3), (None, 3)),
    ([], lambda: o.range(1, 10, 3), (3,)),
    ([], lambda: o.range(0.0, 1.0, 0.3), (4,)),
])
def test_dynamic_shapes(specs, fn, want):
    case = Case("shape", specs, fn, [], None)
    if not specs:
        case = Case("shape", [spec([1])], lambda _x: fn(), [], None)
    assert traced_shapes(case)["output_0"] == want


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_dynamic_batch_slicing_runs(runtime):
    case = Case("dyn", [spec([None, 6])],
                lambda x: {"a": x[:, 1:4], "b": o.concat([x, x[:, :1]], 1),
                           "c": o.pad(x, [[1, 0], [0, 0]]), "s": o.split(x, 3, axis=1)[2]},
                [], None)
    data = convert(case)
    for batch in (1, 3):
        x = rand(batch, 6)
        got = run(data, runtime, [x])
        np.testing.assert_array_equal(got["a"], x[:, 1:4])
        np.testing.assert_array_equal(got["b"], np.concatenate([x, x[:, :1]], 1))
        np.testing.assert_array_equal(got["c"], np.pad(x, [(1, 0), (0, 0)]))
        np.testing.assert_array_equal(got["s"], x[:, 4:])


@pytest.mark.parametrize("specs,fn,cls,match", [
    ([spec([2, 3])], lambda x: o.squeeze(x, 1), ConversionError,
     r"cannot squeeze dim 1 of \[2, 3\]: its size is 3"),
    ([spec([None, 1])], o.squeeze, ConversionError, "has dynamic dims; give the axes"),
    ([spec([2, 3])], lambda x: o.expand_dims(x, 3), ConversionError,
     "expand_dims: axis 3 is out of range"),
    ([spec([2, 3]), spec([2, 3], "int32")], lambda a, b: o.concat([a, b], 0),
     ConversionTypeError, "concat: values.0. and values.1. must have the same dtype"),
    ([spec([2, 3]), spec([3, 2])], lambda a, b: o.concat([a, b], 0), ConversionError,
     "does not match"),
    ([spec([2, 3])], lambda a: o.concat(a, 0), ConversionTypeError,
     "values must be a list of tensors"),
    ([spec([2, 3]), spec([2, 4])], lambda a, b: o.stack([a, b]), ConversionError,
     "all must have one shape"),
    ([spec([None, 3])], lambda x: o.unstack(x), ConversionError, "is dynamic; give num"),
    ([spec([2, 5])], lambda x: o.split(x, 2, axis=1), ConversionError, "not divisible by 2"),
    ([spec([2, 5])], lambda x: o.split(x, [2, 2], axis=1), ConversionError, "add up to 4"),
    ([spec([2, 5])], lambda x: o.split(x, [-1, -1], axis=1), ConversionError, "one -1"),
    ([spec([4, 6])], lambda x: o.slice(x, [1, 2], [4, -1]), ConversionError,
     "go past the end"),
    ([spec([4, 6])], lambda x: o.slice(x, [1], [2]), ConversionError, "must have 2 entries"),
    ([spec([4, 6])], lambda x: x[4], ConversionError, "index 4 is out of range for dim 0"),
    ([spec([4, 6])], lambda x: x[1, 2, 3], ConversionError, "3 indices for the rank-2 input"),
    ([spec([4, 6])], lambda x: x[..., ...], ConversionError, "only one ellipsis"),
    ([spec([4, 6])], lambda x: x[::0], ConversionError, "step cannot be zero"),
    ([spec([4, 6])], lambda x: x[[0, 1]], ConversionTypeError, "use interp.ops.gather"),
    ([spec([4, 6]), spec([], "int32")], lambda x, i: x[i], ConversionError,
     "must be Python ints"),
    ([spec([2, 3])], lambda x: o.transpose(x, [0, 0]), ConversionError,
     "is not a permutation"),
    ([spec([2, 3])], lambda x: o.pad(x, [[1, 1]]), ConversionError,
     r"paddings must have shape \[2, 2\]"),
    ([spec([2, 3])], lambda x: o.pad(x, [[2, 0], [0, 0]], mode="REFLECT"), ConversionError,
     "must be at most 1"),
    ([spec([2, 3])], lambda x: o.pad(x, [[1, 0], [0, 0]], mode="EDGE"), ConversionError,
     "mode must be"),
    ([spec([2, 3], "int32")], lambda x: o.pad(x, [[1, 0], [0, 0]], constant_values=0.5),
     ConversionTypeError, "cannot convert constant_values = 0.5"),
    ([spec([2, 3], "string")], lambda x: o.pad(x, [[1, 0], [0, 0]]), ConversionTypeError,
     "pad: tensor has dtype string"),
    ([spec([4, 3]), spec([2])], lambda x, i: o.gather(x, i), ConversionTypeError,
     "gather: indices has dtype float32; supported: int32, int64"),
    ([spec([4, 3]), spec([2], "int32")], lambda x, i: o.gather(x, i, axis=2), ConversionError,
     "gather: axis 2 is out of range"),
    ([spec([4, 3]), spec([2, 3], "int32")], o.gather_nd, ConversionError,
     "index 3 dims of the rank-2 params"),
    ([spec([4, 3])], lambda x: o.shape(x, out_type="float32"), ConversionTypeError,
     "out_type must be int32 or int64"),
    ([spec([2], "int32")], lambda d: o.fill(d, [1.0, 2.0]), ConversionError,
     "value must be a scalar"),
    ([spec([2, 3])], lambda x: o.tile(x, [2]), ConversionError, "multiples must have 2 entries"),
    ([spec([2, 3])], lambda x: o.broadcast_to(x, [4, 3]), ConversionError,
     r"cannot broadcast \[2, 3\] to \[4, 3\]"),
    ([spec([2, 3])], lambda x: o.range(0, 5, 0), ConversionError, "delta must not be 0"),
    ([spec([2, 3])], lambda x: o.range(5, 0), ConversionError, "give no sequence"),
    ([spec([2, 3])], lambda x: o.range(0, 5, dtype="bool"), ConversionTypeError,
     "range: dtype must be int32, int64 or float32"),
    ([spec([3])], lambda i: o.one_hot(i, 4), ConversionTypeError,
     "one_hot: indices has dtype float32"),
    ([spec([3], "int32")], lambda i: o.one_hot(i, 4, axis=2), ConversionError,
     "axis must be -1 or in 0..1"),
    ([spec([2, 3])], lambda x: o.zeros_like(x, dtype="int32"), ConversionTypeError,
     "dtype must be the input's"),
])
def test_errors(specs, fn, cls, match):
    with pytest.raises(cls, match=match):
        convert(Case("err", specs, fn, [], None))


# -- the interp.ops namespace keeps its functions whatever kernel modules are imported ------------

COLLIDING = ["transpose", "pad", "gather", "gather_nd", "cast", "shape", "fill", "tile", "range",
             "slice", "split", "squeeze", "pow", "abs", "floor", "exp", "log", "where", "concat",
             "add", "relu", "softmax", "reshape"]


def test_importing_kernel_submodules_never_replaces_a_public_function():
    """``import interp.ops.<name>`` for a kernel module whose name is a public op (the kernel
    helpers add interp/ops/transpose.py, pad.py, gather.py, cast.py, shape.py, ...) binds the
    submodule on the package, which must not replace the public function."""
    import importlib
    import pkgutil

    from interp.convert import api
    ops = importlib.import_module("interp.ops")
    # every kernel module that exists now
    for info in pkgutil.iter_modules(ops.__path__):
        importlib.import_module(f"interp.ops.{info.name}")
    # and modules named like each colliding op, imported the way the import system does
    added = []
    try:
        for name in COLLIDING:
            full = f"interp.ops.{name}"
            if full not in sys.modules:
                sys.modules[full] = types.ModuleType(full)
                added.append(full)
            exec(f"import {full}", {})
            setattr(ops, name, sys.modules[full])  # what _bootstrap does after loading it
        from interp.convert.strings_api import strings
        for name in ops.__all__:
            want = strings if name == "strings" else getattr(api, name)
            assert getattr(ops, name) is want, name
            assert name == "strings" or callable(getattr(ops, name)), name
        from interp.ops import transpose, range as range_op  # noqa: F401 (the from-form too)
        assert transpose is api.transpose and range_op is api.range
    finally:
        for full in added:
            del sys.modules[full]


def test_public_names_shadowing_builtins_leave_the_modules_working():
    """``interp.ops.range``/``slice``/``abs``/``pow``/``round`` exist; the op modules still use
    Python's builtins internally (a reduction over every axis calls range())."""
    import builtins

    from interp.convert import api_array, api_math
    assert api_array.range.__name__ == "range" and api_array.slice.__name__ == "slice"
    assert api_math.abs is not builtins.abs and api_math.round.__name__ == "round"
    case = Case("all", [spec([2, 3])], lambda x: o.reduce_sum(x), [], None)
    assert [op for op, *_ in operators(case)] == ["SUM"]


@pytest.mark.parametrize("specs,fn,match", [
    ([spec([2, 3], "bool"), spec([2, 3], "bool")], lambda a, b: o.stack([a, b]),
     "stack: values has dtype bool"),
    ([spec([2, 3], "int64")], lambda a: o.unstack(a, axis=1), "unstack: value has dtype int64"),
    ([spec([2, 4], "bool")], lambda a: o.split(a, 2, axis=1), "split: value has dtype bool"),
    ([spec([2, 3], "string")], o.transpose, "transpose: a has dtype string"),
    ([spec([2, 3], "int64")], lambda a: o.argmax(a, axis=1), "argmax: input has dtype int64"),
])
def test_dtypes_litert_has_no_kernel_for_are_refused(specs, fn, match):
    """Found by running every op over every dtype in LiteRT: these fail there at prepare."""
    with pytest.raises(ConversionTypeError, match=match):
        convert(Case("err", specs, fn, [], None))


def test_string_gather_needs_1d_params():
    with pytest.raises(ConversionError, match="string params must be 1-D"):
        convert(Case("err", [spec([2, 3], "string")], lambda a: o.gather(a, [1]), [], None))
