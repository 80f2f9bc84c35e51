"""Quantized data movement (INT8, UINT8, INT16): RESHAPE, TRANSPOSE, PAD, PADV2, SQUEEZE,
EXPAND_DIMS, SLICE, STRIDED_SLICE, GATHER, SPLIT, CONCATENATION (with LiteRT's UINT8 rescaling),
bit-exact against LiteRT 2.3.0 (BUILTIN_WITHOUT_DEFAULT_DELEGATES via tests/quant_op.py: equal
arrays), and the parameter checks."""
import numpy as np
import pytest

from interp.errors import ModelError
from quant_op import Q, quant_model, ours, run_quant

DTYPES = {np.int8: -3, np.uint8: 128, np.int16: 0}


def _cases(dt, z, x):
    i32 = np.int32
    return {
        "RESHAPE": ([Q(x, 0.1, z), Q(np.array([6, 20], i32))], [Q(dt, 0.1, z, shape=(6, 20))],
                    (1,), None),
        "TRANSPOSE": ([Q(x, 0.1, z), Q(np.array([0, 2, 3, 1], i32))],
                      [Q(dt, 0.1, z, shape=(2, 4, 5, 3))], (1,), None),
        "PAD": ([Q(x, 0.1, z), Q(np.array([[0, 0], [1, 1], [2, 0], [0, 1]], i32))],
                [Q(dt, 0.1, z, shape=(2, 5, 6, 6))], (1,), None),
        "PADV2": ([Q(x, 0.1, z), Q(np.array([[0, 0], [1, 1], [2, 0], [0, 1]], i32)),
                   Q(np.array([7], dt), 0.1, z)], [Q(dt, 0.1, z, shape=(2, 5, 6, 6))], (1, 2), None),
        "SQUEEZE": ([Q(x[:1], 0.1, z)], [Q(dt, 0.1, z, shape=(3, 4, 5))], (),
                    {"squeeze_dims": [0]}),
        "EXPAND_DIMS": ([Q(x, 0.1, z), Q(np.array([1], i32))],
                        [Q(dt, 0.1, z, shape=(2, 1, 3, 4, 5))], (1,), None),
        "SLICE": ([Q(x, 0.1, z), Q(np.array([0, 1, 1, 0], i32)), Q(np.array([2, 2, 2, 5], i32))],
                  [Q(dt, 0.1, z, shape=(2, 2, 2, 5))], (1, 2), None),
        "STRIDED_SLICE": ([Q(x, 0.1, z), Q(np.array([0, 0, 0, 0], i32)),
                           Q(np.array([2, 3, 4, 5], i32)), Q(np.array([1, 2, 2, 1], i32))],
                          [Q(dt, 0.1, z, shape=(2, 2, 2, 5))], (1, 2, 3),
                          {"begin_mask": 0, "end_mask": 0}),
        "GATHER": ([Q(x, 0.1, z), Q(np.array([2, 0], i32))], [Q(dt, 0.1, z, shape=(2, 2, 4, 5))],
                   (1,), {"axis": 1}),
        "CONCATENATION": ([Q(x, 0.1, z), Q(x[:, :2], 0.1, z)], [Q(dt, 0.1, z, shape=(2, 5, 4, 5))],
                          (), {"axis": 1}),
        "SPLIT": ([Q(np.array(2, i32)), Q(x, 0.1, z)],
                  [Q(dt, 0.1, z, shape=(2, 3, 2, 5)), Q(dt, 0.1, z, shape=(2, 3, 2, 5))], (0,),
                  {"num_splits": 2}),
        "SPLIT_V": ([Q(x, 0.1, z), Q(np.array([1, 2], i32)), Q(np.array(1, i32))],
                    [Q(dt, 0.1, z, shape=(2, 1, 4, 5)), Q(dt, 0.1, z, shape=(2, 2, 4, 5))], (1, 2),
                    {"num_splits": 2}),
        "PACK": ([Q(x, 0.1, z), Q(x, 0.1, z)], [Q(dt, 0.1, z, shape=(2, 2, 3, 4, 5))], (),
                 {"values_count": 2, "axis": 0}),
        "UNPACK": ([Q(x, 0.1, z)], [Q(dt, 0.1, z, shape=(3, 4, 5)), Q(dt, 0.1, z, shape=(3, 4, 5))],
                   (), {"num": 2, "axis": 0}),
        "TILE": ([Q(x, 0.1, z), Q(np.array([1, 2, 1, 1], i32))], [Q(dt, 0.1, z, shape=(2, 6, 4, 5))],
                 (1,), None),
        "BATCH_TO_SPACE_ND": ([Q(x, 0.1, z), Q(np.array([2, 1], i32)),
                               Q(np.array([[0, 0], [0, 0]], i32))],
                              [Q(dt, 0.1, z, shape=(1, 6, 4, 5))], (1, 2), None),
        "GATHER_ND": ([Q(x, 0.1, z), Q(np.array([[0, 1], [1, 2]], i32))],
                      [Q(dt, 0.1, z, shape=(2, 4, 5))], (1,), None),
        "RESIZE_NEAREST_NEIGHBOR": ([Q(x, 0.1, z), Q(np.array([6, 8], i32))],
                                    [Q(dt, 0.1, z, shape=(2, 6, 8, 5))], (1,),
                                    {"align_corners": False, "half_pixel_centers": False}),
    }


OPS = sorted(_cases(np.int8, 0, np.zeros((2, 3, 4, 5), np.int8)))


@pytest.mark.parametrize("dtype", list(DTYPES))
@pytest.mark.parametrize("op", OPS)
def test_movement_matches_litert(dtype, op):
    rng = np.random.default_rng(len(op))
    info = np.iinfo(dtype)
    x = rng.integers(info.min, info.max + 1, size=(2, 3, 4, 5)).astype(dtype)
    inputs, outputs, const, options = _cases(dtype, DTYPES[dtype], x)[op]
    lite, mine = run_quant(op, inputs, outputs, const=const, options=options)
    for a, b in zip(lite, mine):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(b, a)


def test_padv2_constant_needs_the_output_parameters():
    # LiteRT fails at invoke (pad.cc: the constant's zero point must be the output's)
    x = np.zeros((2, 3), np.int8)
    msg = _error("PADV2", [Q(x, 0.1, -3), Q(np.array([[0, 0], [1, 1]], np.int32)),
                           Q(np.array([7], np.int8), 0.3, -2)], [Q(np.int8, 0.1, -3, shape=(2, 5))],
                 const=(1, 2))
    assert "(PADV2)" in msg and "constant_values (input 2)" in msg and "(-2,)" in msg


def test_pad_fills_the_zero_point():
    # PAD's quantized pad value is the output zero point: real 0
    x = np.array([[5]], np.int8)
    lite, mine = run_quant("PAD", [Q(x, 0.5, -7), Q(np.array([[1, 0], [0, 1]], np.int32))],
                           [Q(np.int8, 0.5, -7, shape=(2, 2))], const=(1,))
    np.testing.assert_array_equal(mine[0], [[-7, -7], [5, -7]])
    np.testing.assert_array_equal(lite[0], mine[0])


# ---- CONCATENATION -------------------------------------------------------------------------------

@pytest.mark.parametrize("axis", [0, 1, 3, -1])
@pytest.mark.parametrize("qs", [((0.1, 128), (0.05, 130), (0.07, 129)),
                                ((0.1, 128), (0.1, 120), (0.1, 128)),
                                ((0.1, 128), (0.3, 0), (0.1, 128)),
                                ((0.02, 0), (0.1, 128), (0.1, 128))])
def test_concat_uint8_rescales(axis, qs):
    rng = np.random.default_rng(axis + 5)
    x = rng.integers(0, 256, size=(2, 3, 4, 5)).astype(np.uint8)
    shape = list(x.shape)
    shape[axis] = 2
    x2 = rng.integers(0, 256, size=shape).astype(np.uint8)
    out = list(x.shape)
    out[axis] += 2
    lite, mine = run_quant("CONCATENATION", [Q(x, *qs[0]), Q(x2, *qs[1])],
                           [Q(np.uint8, *qs[2], shape=tuple(out))], options={"axis": axis})
    np.testing.assert_array_equal(mine[0], lite[0])


def test_concat_uint8_hand_worked():
    # input 1: scale 0.5 zp 10 -> output scale 1 zp 0: round((q - 10) / 2), half away from zero,
    # clamped: 13 -> 1.5 -> 2, 12 -> 1, 0 -> -5 -> 0, 255 -> 122.5 -> 123
    a = np.array([7], np.uint8)
    b = np.array([13, 12, 0, 255], np.uint8)
    lite, mine = run_quant("CONCATENATION", [Q(a, 1.0, 0), Q(b, 0.5, 10)],
                           [Q(np.uint8, 1.0, 0, shape=(5,))], options={"axis": 0})
    np.testing.assert_array_equal(mine[0], [7, 2, 1, 0, 123])
    np.testing.assert_array_equal(lite[0], mine[0])


def test_concat_int16_copies_whatever_the_scales():
    # LiteRT 2.3.0 concatenates INT16 stored values without rescaling (zero points must be 0)
    x = np.arange(-30, 30, dtype=np.int16).reshape(2, 30)
    lite, mine = run_quant("CONCATENATION", [Q(x, 0.1, 0), Q(x, 0.05, 0)],
                           [Q(np.int16, 0.07, 0, shape=(4, 30))], options={"axis": 0})
    np.testing.assert_array_equal(mine[0], np.concatenate([x, x]))
    np.testing.assert_array_equal(lite[0], mine[0])


def _error(op, inputs, outputs, const=(), options=None):
    data = quant_model(op, inputs, outputs, const=const, options=options)
    feeds = [np.asarray(q.value) for i, q in enumerate(inputs) if i not in const]
    with pytest.raises(ModelError) as info:
        ours(data, feeds)
    return str(info.value)


def test_concat_errors():
    x = np.zeros((2, 3), np.int8)
    msg = _error("CONCATENATION", [Q(x, 0.1, 0), Q(x, 0.1, 1)], [Q(np.int8, 0.1, 0, shape=(4, 3))],
                 options={"axis": 0})
    assert "input 1" in msg and "(1,)" in msg and "(0,)" in msg
    x16 = np.zeros((2, 3), np.int16)
    msg = _error("CONCATENATION", [Q(x16, 0.1, 0), Q(x16, 0.1, 2)],
                 [Q(np.int16, 0.1, 0, shape=(4, 3))], options={"axis": 0})
    assert "input 1" in msg and "zero point 2" in msg
    msg = _error("CONCATENATION", [Q(x, 0.1, 0), Q(x, 0.1, 0)], [Q(np.int8, 0.1, 0, shape=(4, 3))],
                 options={"axis": 0, "fused_activation_function": 1})
    assert "fused activation" in msg
    xu = np.zeros((2, 3), np.uint8)
    msg = _error("CONCATENATION", [Q(xu, 0.1, 0), Q(xu)], [Q(np.uint8, 0.1, 0, shape=(4, 3))],
                 options={"axis": 0})
    assert "input 1" in msg and "no quantization parameters" in msg


@pytest.mark.parametrize("op", ["TRANSPOSE", "PAD", "SQUEEZE", "SLICE", "STRIDED_SLICE", "GATHER",
                                "EXPAND_DIMS"])
def test_movement_needs_equal_parameters(op):
    x = np.zeros((2, 3, 4, 5), np.int8)
    inputs, outputs, const, options = _cases(np.int8, -3, x)[op]
    outputs = [Q(o.value, 0.2, o.zero_point, shape=o.shape) for o in outputs]
    msg = _error(op, inputs, outputs, const=const, options=options)
    assert f"({op})" in msg and "output 0" in msg and "0.2" in msg and "input 0" in msg
