"""Select-TF BroadcastGradientArgs. Oracle: TF 2.21 eager (tf_flex_ops_oracle.json): 14 shape
pairs in int32 and int64, incl. equal shapes, all-ones, scalars, zero sizes and incompatible
shapes; hand-worked reductions below."""
import numpy as np
import pytest

from interp import dtypes
from interp.errors import ModelError
from flex_oracle import assert_oracle, run


def test_tf_oracle():
    assert_oracle("BroadcastGradientArgs")


def _bga(s0, s1, dt=np.int32):
    return [r.tolist() for r in run("BroadcastGradientArgs", [np.array(s0, dt), np.array(s1, dt)],
                                    output_types=[dtypes.from_numpy(np.dtype(dt))] * 2)]


def test_hand_worked():
    assert _bga([5, 2], [2]) == [[], [0]]          # s1 broadcast over axis 0
    assert _bga([5, 1, 3], [4, 1]) == [[1], [0, 2]]
    assert _bga([1], [1]) == [[], []]               # identical shapes: nothing to reduce
    assert _bga([1, 1], [1]) == [[0, 1], [0, 1]]    # not identical: size-1 axes reduce on both
    assert _bga([], [3], np.int64) == [[0], []]


def test_const_shapes_fold_at_prepare():
    r0, r1 = run("BroadcastGradientArgs", [np.array([4, 3], np.int32), np.array([3], np.int32)],
                 output_types=[dtypes.INT32] * 2, const=(0, 1))
    assert r0.tolist() == [] and r1.tolist() == [0]


def test_errors():
    with pytest.raises(ModelError, match=r"Incompatible shapes: \[2,3\] vs. \[4\]"):
        _bga([2, 3], [4])
    with pytest.raises(ModelError, match="s1 .* INT64, expected INT32"):
        run("BroadcastGradientArgs", [np.array([1], np.int32), np.array([1], np.int64)],
            output_types=[dtypes.INT32] * 2)
    with pytest.raises(ModelError, match="must be a vector"):
        _bga([[1]], [1])


def _model():
    """s0, s1 (int32 [-1]) -> FlexBroadcastGradientArgs -> r0, r1, written with interp.writer."""
    from interp.model import (Buffer, Model, Operator, OperatorCode, SignatureDef, SubGraph,
                              Tensor, TensorMap)
    from interp.writer import write_model
    from flex_oracle import flex_options
    i32 = dtypes.INT32
    tensors = tuple(Tensor(name=n, type=i32, shape=(1,), shape_signature=(-1,))
                    for n in ("s0", "s1", "r0", "r1"))
    op = Operator(0, (0, 1), (2, 3), custom_options=flex_options(
        "BroadcastGradientArgs", 2, {}, {"T": i32}))
    sg = SubGraph(tensors=tensors, inputs=(0, 1), outputs=(2, 3), operators=(op,), name="main")
    sig = SignatureDef("grad_args", (TensorMap("s0", 0), TensorMap("s1", 1)),
                       (TensorMap("r0", 2), TensorMap("r1", 3)), 0)
    return write_model(Model((OperatorCode(32, "FlexBroadcastGradientArgs"),), (sg,),
                             (Buffer(),), (sig,)))


def test_in_a_model_outputs_resize_with_the_values():
    import interp
    runner = interp.Interpreter(model_content=_model()).get_signature_runner("grad_args")
    out = runner(s0=np.array([5, 1, 3], np.int32), s1=np.array([4, 1], np.int32))
    assert out["r0"].tolist() == [1] and out["r1"].tolist() == [0, 2]
    out = runner(s0=np.array([2, 3], np.int32), s1=np.array([2, 3], np.int32))
    assert out["r0"].tolist() == [] and out["r1"].tolist() == []
