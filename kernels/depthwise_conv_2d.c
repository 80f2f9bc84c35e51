/* DEPTHWISE_CONV_2D, float32 (contract in kernels.h, section conv).
 *
 * Depth multiplier 1, at least 16 channels: 16 channels at a time (one vector; a last partial block
 * is redone from C - 16), over every output pixel of the image. A 3x3 filter keeps its nine weight
 * vectors in registers and reads a zero vector for taps in the padding.
 * Every output is bias + the taps in (kh, kw) order, whichever path computes it.
 */
#include "kernels.h"
#include "simd_f32.h"

/* First tap index t in [0, k) with 0 <= base + t*dil < size, and one past the last. */
static inline void tap_range(int64_t base, int64_t dil, int64_t k, int64_t size, int64_t *lo,
                             int64_t *hi)
{
    int64_t a = 0, b = k;
    while (a < k && base + a * dil < 0)
        a++;
    while (b > a && base + (b - 1) * dil >= size)
        b--;
    *lo = a;
    *hi = b;
}

/* Channels [c0, c0 + 16) of one image, multiplier 1. */
static void dw_block16(const float *x, const float *w, const float *bias, float *y,
                       const interp_depthwise_params *p, int64_t c0)
{
    const int64_t C = p->out_c, KW = p->k_w;
    vf vlo, vhi, vb;
    VF_SET1(vlo, p->lo);
    VF_SET1(vhi, p->hi);
    if (bias)
        VF_LOAD(vb, bias + c0);
    else
        VF_ZERO(vb);
    const int fast3 = p->k_h == 3 && p->k_w == 3;
    vf w0, w1, w2, w3, w4, w5, w6, w7, w8;
    VF_ZERO(w0); VF_ZERO(w1); VF_ZERO(w2); VF_ZERO(w3); VF_ZERO(w4);
    VF_ZERO(w5); VF_ZERO(w6); VF_ZERO(w7); VF_ZERO(w8);
    if (fast3) {
        VF_LOAD(w0, w + 0 * C + c0); VF_LOAD(w1, w + 1 * C + c0); VF_LOAD(w2, w + 2 * C + c0);
        VF_LOAD(w3, w + 3 * C + c0); VF_LOAD(w4, w + 4 * C + c0); VF_LOAD(w5, w + 5 * C + c0);
        VF_LOAD(w6, w + 6 * C + c0); VF_LOAD(w7, w + 7 * C + c0); VF_LOAD(w8, w + 8 * C + c0);
    }
    const int64_t dh = p->dil_h, dw = p->dil_w, rowstride = p->in_w * C;
    const float zeros[VF_N] = {0};
    for (int64_t oh = 0; oh < p->out_h; oh++) {
        const int64_t ih0 = oh * p->stride_h - p->pad_top;
        int64_t kh0, kh1;
        tap_range(ih0, dh, p->k_h, p->in_h, &kh0, &kh1);
        float *yrow = y + oh * p->out_w * C + c0;
        for (int64_t ow = 0; ow < p->out_w; ow++) {
            const int64_t iw0 = ow * p->stride_w - p->pad_left;
            int64_t kw0, kw1;
            tap_range(iw0, dw, KW, p->in_w, &kw0, &kw1);
            vf acc = vb;
            if (fast3) {
                /* the nine taps' rows, a zero vector where a tap falls in the padding */
                const float *t[9];
                for (int a = 0; a < 3; a++) {
                    const int64_t ih = ih0 + a * dh;
                    for (int b = 0; b < 3; b++) {
                        const int64_t iw = iw0 + b * dw;
                        t[a * 3 + b] = (a >= kh0 && a < kh1 && b >= kw0 && b < kw1)
                                           ? x + ih * rowstride + iw * C + c0
                                           : zeros;
                    }
                }
                vf v;
                VF_LOAD(v, t[0]); VF_FMA_V(acc, v, w0);
                VF_LOAD(v, t[1]); VF_FMA_V(acc, v, w1);
                VF_LOAD(v, t[2]); VF_FMA_V(acc, v, w2);
                VF_LOAD(v, t[3]); VF_FMA_V(acc, v, w3);
                VF_LOAD(v, t[4]); VF_FMA_V(acc, v, w4);
                VF_LOAD(v, t[5]); VF_FMA_V(acc, v, w5);
                VF_LOAD(v, t[6]); VF_FMA_V(acc, v, w6);
                VF_LOAD(v, t[7]); VF_FMA_V(acc, v, w7);
                VF_LOAD(v, t[8]); VF_FMA_V(acc, v, w8);
            } else {
                for (int64_t kh = kh0; kh < kh1; kh++) {
                    const float *xr = x + (ih0 + kh * dh) * rowstride + c0;
                    for (int64_t kw = kw0; kw < kw1; kw++) {
                        vf t, u;
                        VF_LOAD(t, xr + (iw0 + kw * dw) * C);
                        VF_LOAD(u, w + (kh * KW + kw) * C + c0);
                        VF_FMA_V(acc, t, u);
                    }
                }
            }
            VF_CLAMP(acc, vlo, vhi);
            VF_STORE(yrow + ow * C, acc);
        }
    }
}

/* Any multiplier, output channels [c0, c1) of one image, one at a time. */
static void dw_scalar(const float *x, const float *w, const float *bias, float *y,
                      const interp_depthwise_params *p, int64_t c0, int64_t c1)
{
    const int64_t C = p->out_c, IC = p->in_c, M = p->mult, KW = p->k_w;
    for (int64_t oh = 0; oh < p->out_h; oh++) {
        const int64_t ih0 = oh * p->stride_h - p->pad_top;
        int64_t kh0, kh1;
        tap_range(ih0, p->dil_h, p->k_h, p->in_h, &kh0, &kh1);
        for (int64_t ow = 0; ow < p->out_w; ow++) {
            const int64_t iw0 = ow * p->stride_w - p->pad_left;
            int64_t kw0, kw1;
            tap_range(iw0, p->dil_w, KW, p->in_w, &kw0, &kw1);
            float *yp = y + (oh * p->out_w + ow) * C;
            for (int64_t c = c0; c < c1; c++) {
                float acc = bias ? bias[c] : 0.0f;
                const int64_t ic = c / M;
                for (int64_t kh = kh0; kh < kh1; kh++) {
                    const float *xr = x + ((ih0 + kh * p->dil_h) * p->in_w) * IC + ic;
                    for (int64_t kw = kw0; kw < kw1; kw++)
                        acc += xr[(iw0 + kw * p->dil_w) * IC] * w[(kh * KW + kw) * C + c];
                }
                yp[c] = clampf_(acc, p->lo, p->hi);
            }
        }
    }
}

int interp_f32_depthwise_conv_2d(const float *x, const float *w, const float *bias, float *y,
                                 const interp_depthwise_params *p)
{
    const int64_t C = p->out_c;
    const int64_t in_image = p->in_h * p->in_w * p->in_c, out_image = p->out_h * p->out_w * C;
    for (int64_t n = 0; n < p->batch; n++) {
        const float *xn = x + n * in_image;
        float *yn = y + n * out_image;
        if (p->mult == 1 && C >= VF_N) {
            /* a last, partial block of channels is redone from C - 16 (same values) */
            for (int64_t c0 = 0; c0 < C; c0 += VF_N)
                dw_block16(xn, w, bias, yn, p, c0 + VF_N <= C ? c0 : C - VF_N);
        } else {
            dw_scalar(xn, w, bias, yn, p, 0, C);
        }
    }
    return INTERP_OK;
}
