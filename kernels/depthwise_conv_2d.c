/* DEPTHWISE_CONV_2D, float32 (contract in kernels.h, section conv).
 *
 * Depth multiplier 1: 16 channels at a time (one vector), over every output pixel of the image;
 * interior pixels of a 3x3 filter take an unrolled path with the nine weight vectors in registers.
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
            if (fast3 && kh0 == 0 && kh1 == 3 && kw0 == 0 && kw1 == 3) {
                const float *r0 = x + ih0 * rowstride + iw0 * C + c0;
                const float *r1 = r0 + dh * rowstride, *r2 = r1 + dh * rowstride;
                const int64_t s1 = dw * C, s2 = 2 * dw * C;
                vf t;
                VF_LOAD(t, r0); VF_FMA_V(acc, t, w0);
                VF_LOAD(t, r0 + s1); VF_FMA_V(acc, t, w1);
                VF_LOAD(t, r0 + s2); VF_FMA_V(acc, t, w2);
                VF_LOAD(t, r1); VF_FMA_V(acc, t, w3);
                VF_LOAD(t, r1 + s1); VF_FMA_V(acc, t, w4);
                VF_LOAD(t, r1 + s2); VF_FMA_V(acc, t, w5);
                VF_LOAD(t, r2); VF_FMA_V(acc, t, w6);
                VF_LOAD(t, r2 + s1); VF_FMA_V(acc, t, w7);
                VF_LOAD(t, r2 + s2); VF_FMA_V(acc, t, w8);
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
        int64_t c0 = 0;
        if (p->mult == 1)
            for (; c0 + VF_N <= C; c0 += VF_N)
                dw_block16(xn, w, bias, yn, p, c0);
        if (c0 < C)
            dw_scalar(xn, w, bias, yn, p, c0, C);
    }
    return INTERP_OK;
}
