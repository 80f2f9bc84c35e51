"""Float64 numpy references of the conv family (the oracle of tests/test_ops_*conv*.py and
test_ops_pool_2d.py), with LiteRT's padding rule written out independently of interp:
SAME: out = ceil(in / stride); VALID: out = floor((in - eff) / stride) + 1, eff = (k-1)*dil + 1;
pad_before = max((out - 1) * stride + eff - in, 0) // 2 (the odd pixel at the end).

Tolerance: a float32 sum of K products is within K * 2^-24 * sum |terms| of the exact one (plus the
bias' rounding), so each check allows (K + 2) * 2^-23 * (the same conv of |x|, |w|, |bias|).
"""
import numpy as np

NONE, RELU, RELU_N1_TO_1, RELU6, TANH, SIGN_BIT = range(6)
ACTIVATIONS = [NONE, RELU, RELU_N1_TO_1, RELU6, TANH, SIGN_BIT]
CLAMP = {RELU: (0, np.inf), RELU_N1_TO_1: (-1, 1), RELU6: (0, 6)}
SAME, VALID = 0, 1


def geometry(size, k, stride, dil, padding):
    eff = (k - 1) * dil + 1
    out = -(-size // stride) if padding == SAME else (size - eff) // stride + 1
    before = max((out - 1) * stride + eff - size, 0) // 2
    return out, before


def act(y, code):
    lo, hi = CLAMP.get(code, (-np.inf, np.inf))
    return np.clip(y, lo, hi)


def _patches(x, kh, kw, sh, sw, dh, dw, padding):
    """[n, oh, ow, kh, kw, c] windows of x (float64), zero in the padding."""
    n, h, w, c = x.shape
    oh, pt = geometry(h, kh, sh, dh, padding)
    ow, pl = geometry(w, kw, sw, dw, padding)
    big_h = max((oh - 1) * sh + (kh - 1) * dh + 1, h + pt)
    big_w = max((ow - 1) * sw + (kw - 1) * dw + 1, w + pl)
    xp = np.zeros((n, big_h + pt, big_w + pl, c))
    xp[:, pt:pt + h, pl:pl + w] = x
    out = np.zeros((n, oh, ow, kh, kw, c))
    for i in range(kh):
        for j in range(kw):
            out[:, :, :, i, j] = xp[:, i * dh:i * dh + (oh - 1) * sh + 1:sh,
                                    j * dw:j * dw + (ow - 1) * sw + 1:sw][:, :oh, :ow]
    return out


def conv_2d(x, w, bias, stride=(1, 1), dil=(1, 1), padding=SAME, code=NONE):
    """(expected, tolerance) of CONV_2D; w is [out, kh, kw, in]."""
    p = _patches(np.asarray(x, np.float64), w.shape[1], w.shape[2], *stride, *dil, padding)
    w64 = np.asarray(w, np.float64)
    y = np.einsum("nhwijc,oijc->nhwo", p, w64)
    bound = np.einsum("nhwijc,oijc->nhwo", np.abs(p), np.abs(w64))
    if bias is not None:
        y = y + bias
        bound = bound + np.abs(bias)
    k = w.shape[1] * w.shape[2] * w.shape[3]
    return act(y, code), (k + 2) * 2.0**-23 * bound + 1e-30


def depthwise_conv_2d(x, w, bias, stride=(1, 1), dil=(1, 1), padding=SAME, code=NONE):
    """(expected, tolerance) of DEPTHWISE_CONV_2D; w is [1, kh, kw, in * m]."""
    c = x.shape[3]
    m = w.shape[3] // c
    p = _patches(np.asarray(x, np.float64), w.shape[1], w.shape[2], *stride, *dil, padding)
    p = np.repeat(p, m, axis=5)  # output channel j reads input channel j // m
    w64 = np.asarray(w[0], np.float64)
    y = np.einsum("nhwijc,ijc->nhwc", p, w64)
    bound = np.einsum("nhwijc,ijc->nhwc", np.abs(p), np.abs(w64))
    if bias is not None:
        y = y + bias
        bound = bound + np.abs(bias)
    k = w.shape[1] * w.shape[2]
    return act(y, code), (k + 2) * 2.0**-23 * bound + 1e-30


def pool_2d(x, kind, filt, stride, padding, code=NONE):
    """Exact AVERAGE (float64, divided by the in-image count) or MAX pooling (NaN skipped, and
    never below -FLT_MAX)."""
    n, h, w, c = x.shape
    oh, pt = geometry(h, filt[0], stride[0], 1, padding)
    ow, pl = geometry(w, filt[1], stride[1], 1, padding)
    y = np.zeros((n, oh, ow, c))
    for i in range(oh):
        h0, h1 = max(i * stride[0] - pt, 0), min(i * stride[0] - pt + filt[0], h)
        for j in range(ow):
            w0, w1 = max(j * stride[1] - pl, 0), min(j * stride[1] - pl + filt[1], w)
            win = np.asarray(x[:, h0:h1, w0:w1], np.float64)
            if kind == "max":  # NaN skipped, from the lowest float up (LiteRT's kernels)
                lowest = float(np.finfo(np.float32).min)
                win = np.where(np.isnan(win), lowest, win)
                y[:, i, j] = np.max(win, axis=(1, 2)).clip(lowest)
            else:
                y[:, i, j] = win.sum(axis=(1, 2)) / ((h1 - h0) * (w1 - w0))
    return act(y, code)


def transpose_conv(x, w, bias, out_shape, stride, padding, code=NONE):
    """(expected, tolerance) of TRANSPOSE_CONV; w is [out, kh, kw, in]. The padding is the one
    the forward conv from out_shape would use."""
    n, h, wd, c = x.shape
    oc, kh, kw, _ = w.shape
    _, out_h, out_w, _ = out_shape
    _, pt = geometry(out_h, kh, stride[0], 1, padding)
    _, pl = geometry(out_w, kw, stride[1], 1, padding)
    y = np.zeros((n, out_h, out_w, oc))
    bound = np.zeros_like(y)
    x64, w64 = np.asarray(x, np.float64), np.asarray(w, np.float64)
    for i in range(h):
        for j in range(wd):
            for a in range(kh):
                for b in range(kw):
                    oi, oj = i * stride[0] - pt + a, j * stride[1] - pl + b
                    if 0 <= oi < out_h and 0 <= oj < out_w:
                        y[:, oi, oj] += x64[:, i, j] @ w64[:, a, b].T
                        bound[:, oi, oj] += np.abs(x64[:, i, j]) @ np.abs(w64[:, a, b]).T
    if bias is not None:
        y = y + bias
        bound = bound + np.abs(bias)
    return act(y, code), (kh * kw * c + 2) * 2.0**-23 * bound + 1e-30


def assert_within(got, expected, tol):
    assert got.shape == expected.shape, (got.shape, expected.shape)
    err = np.abs(got.astype(np.float64) - expected)
    bad = ~(err <= tol)
    assert not bad.any(), f"{bad.sum()} values off; worst excess {np.max(err - tol)}"
