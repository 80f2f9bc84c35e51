"""RESIZE_NEAREST_NEIGHBOR and RESIZE_BILINEAR: hand-worked values, a vectorised numpy reference
of TensorFlow's coordinate rules, and LiteRT's reference kernels over many size pairs and every
option. Nearest is exact (values are copied). Bilinear: the oracle is LiteRT, to 4 float32 ulps
of the output scale (the C blend may fuse multiply-adds); numpy in float64 to 1e-5."""
import itertools

import numpy as np
import pytest

from interp.errors import ModelError
from litert_op import litert_op
from movement_support import DTYPES, assert_same, random_array, run1

I32 = np.int32
OPTIONS = [(False, False), (True, False), (False, True)]  # (align_corners, half_pixel_centers)
NEAREST_OPTIONS = OPTIONS + [(True, True)]  # LiteRT's nearest takes both; bilinear refuses it
SIZES = [(1, 1), (1, 3), (3, 1), (2, 5), (5, 2), (4, 4), (3, 7), (7, 3), (16, 17), (17, 16)]


def resize(op, x, size, align=False, half=False, const=(1,)):
    return run1(op, [x, np.array(size, I32)], {"align_corners": align, "half_pixel_centers": half},
                const=const)


def ref_nearest_index(n_in, n_out, align, half):
    i = np.arange(n_out, dtype=np.float32)
    scale = np.float32((n_in - 1) / (n_out - 1)) if align and n_out > 1 else \
        np.float32(n_in) / np.float32(n_out)
    v = (i + np.float32(0.5 if half else 0)) * scale
    k = np.floor(v + np.float32(0.5)) if align else np.floor(v)  # v >= 0: half away = floor(+0.5)
    k = np.minimum(k.astype(np.int64), n_in - 1)
    return np.maximum(k, 0)


def ref_nearest(x, size, align, half):
    ys = ref_nearest_index(x.shape[1], size[0], align, half)
    xs = ref_nearest_index(x.shape[2], size[1], align, half)
    return x[:, ys][:, :, xs]


def ref_bilinear(x, size, align, half):
    def coords(n_in, n_out):
        scale = (n_in - 1) / (n_out - 1) if align and n_out > 1 else n_in / n_out
        v = (np.arange(n_out) + 0.5) * scale - 0.5 if half else np.arange(n_out) * scale
        lo = np.maximum(np.floor(v), 0).astype(int)
        hi = np.minimum(np.ceil(v), n_in - 1).astype(int)
        return lo, hi, v - lo
    y0, y1, fy = coords(x.shape[1], size[0])
    x0, x1, fx = coords(x.shape[2], size[1])
    xd = x.astype(np.float64)
    fy, fx = fy[None, :, None, None], fx[None, None, :, None]
    top = xd[:, y0][:, :, x0] * (1 - fx) + xd[:, y0][:, :, x1] * fx
    bottom = xd[:, y1][:, :, x0] * (1 - fx) + xd[:, y1][:, :, x1] * fx
    return top * (1 - fy) + bottom * fy


def test_nearest_hand_worked():
    x = np.array([1, 2, 3, 4], np.float32).reshape(1, 2, 2, 1)
    up = resize("RESIZE_NEAREST_NEIGHBOR", x, [4, 4])
    assert_same(up[0, :, :, 0], np.array([[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]],
                                         np.float32))
    # align_corners on 3 -> 2: scale 2, rows 0 and 2
    x = np.arange(9, dtype=np.int32).reshape(1, 3, 3, 1)
    assert_same(resize("RESIZE_NEAREST_NEIGHBOR", x, [2, 2], align=True)[0, :, :, 0],
                np.array([[0, 2], [6, 8]], np.int32))
    # both options (LiteRT 2.3.0, observed): 3 -> 5 rows samples round((i + 0.5) * 0.5) = 0,1,1,2,2
    # and 3 -> 2 columns round((j + 0.5) * 2) = 1, 3 -> 2 (clamped)
    got = resize("RESIZE_NEAREST_NEIGHBOR", x, [5, 2], align=True, half=True)[0, :, :, 0]
    assert_same(got, np.array([[1, 2], [4, 5], [4, 5], [7, 8], [7, 8]], np.int32))


def test_bilinear_hand_worked():
    x = np.array([0, 1, 2, 3], np.float32).reshape(1, 2, 2, 1)
    # 2x2 -> 3x3 with align_corners: the corners stay, the centre is the mean 1.5
    got = resize("RESIZE_BILINEAR", x, [3, 3], align=True)[0, :, :, 0]
    np.testing.assert_allclose(got, [[0, 0.5, 1], [1, 1.5, 2], [2, 2.5, 3]], rtol=0, atol=1e-6)
    # 2x2 -> 4x4 half-pixel: source y = (i + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25
    got = resize("RESIZE_BILINEAR", x, [4, 1], half=True)[0, :, 0, 0]
    np.testing.assert_allclose(got, [0.5, 1.0, 2.0, 2.5], rtol=0, atol=1e-6)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("align, half", NEAREST_OPTIONS)
def test_nearest_every_dtype_against_numpy(dtype, align, half):
    rng = np.random.default_rng(int(align) * 2 + int(half))
    x = random_array(rng, dtype, (2, 5, 4, 3))
    for size in SIZES:
        assert_same(resize("RESIZE_NEAREST_NEIGHBOR", x, size, align, half),
                    ref_nearest(x, size, align, half))


@pytest.mark.parametrize("align, half", NEAREST_OPTIONS)
def test_nearest_against_litert(align, half):
    rng = np.random.default_rng(11)
    for (h, w), size in itertools.product([(1, 1), (3, 5), (6, 4)], SIZES):
        x = random_array(rng, np.float32, (1, h, w, 2))
        want = litert_op("RESIZE_NEAREST_NEIGHBOR", [x, np.array(size, I32)],
                         {"align_corners": align, "half_pixel_centers": half}, const=(1,))[0]
        assert_same(resize("RESIZE_NEAREST_NEIGHBOR", x, size, align, half), want)


@pytest.mark.parametrize("align, half", OPTIONS)
def test_bilinear_against_numpy_and_litert(align, half):
    rng = np.random.default_rng(12)
    for (h, w), size in itertools.product([(1, 1), (2, 3), (5, 4), (8, 8)], SIZES):
        x = random_array(rng, np.float32, (2, h, w, 3))
        got = resize("RESIZE_BILINEAR", x, size, align, half)
        np.testing.assert_allclose(got, ref_bilinear(x, size, align, half), rtol=1e-5, atol=1e-4)
        want = litert_op("RESIZE_BILINEAR", [x, np.array(size, I32)],
                         {"align_corners": align, "half_pixel_centers": half}, const=(1,))[0]
        ulp = np.spacing(np.float32(np.abs(want).max() + 1))
        np.testing.assert_allclose(got, want, rtol=0, atol=4 * ulp)


def test_resize_size_computed_while_running_and_nan():
    x = np.array([np.nan, 1, 2, 3], np.float32).reshape(1, 2, 2, 1)
    out = resize("RESIZE_BILINEAR", x, [2, 2], const=())
    assert np.isnan(out[0, 0, 0, 0]) and out[0, 1, 1, 0] == 3
    out = resize("RESIZE_NEAREST_NEIGHBOR", x, [1, 1], const=())
    assert out.shape == (1, 1, 1, 1) and np.isnan(out).all()


def test_resize_errors():
    x = np.zeros((1, 2, 2, 1), np.float32)
    with pytest.raises(ModelError, match="align_corners and half_pixel_centers cannot both be "
                                         "true"):
        resize("RESIZE_BILINEAR", x, [3, 3], align=True, half=True)
    with pytest.raises(ModelError, match=r"size \(input 1\) must be two positive values"):
        resize("RESIZE_NEAREST_NEIGHBOR", x, [0, 3])
    with pytest.raises(ModelError, match="must have rank 4"):
        resize("RESIZE_BILINEAR", x[0], [3, 3])
    with pytest.raises(ModelError, match="quantized UINT8 RESIZE_BILINEAR is not supported yet"):
        resize("RESIZE_BILINEAR", x.astype(np.uint8), [3, 3])
    with pytest.raises(ModelError, match="INT32 RESIZE_BILINEAR does not support|INT32, which"):
        resize("RESIZE_BILINEAR", x.astype(np.int32), [3, 3])
