/* DEPTHWISE_CONV_2D, float32 (contract in kernels.h, section conv).
 *
 * Multiplier 1 and at least 16 channels: 16 channels at a time (one vector; a last partial block is
 * redone from C - 16), over every output pixel of the image. Per output row, each filter row reads
 * an input row, or a row of zeros (scratch) where it falls in the padding; columns whose taps are
 * all inside the image take a branch-free loop (a 3x3 filter with its nine weight vectors in
 * registers), the few border columns skip their outside taps. Small images instead take a pointer
 * per tap and output pixel (the zero row for padding taps) and run the channel blocks inside.
 * Multipliers > 1 and fewer than 16 channels run on an expanded copy (dw_expanded); filters taller
 * than MAX_KH one channel at a time.
 */
#include "kernels.h"
#include "simd_f32.h"

#define MAX_KH 16
#define MAX_TAPS 64
#define SMALL_IMAGE 64 /* output pixels: up to this many, channels go in the inner loop */

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

/* Output columns [lo, hi) whose taps all fall inside a row of `size` pixels. */
static void inner_columns(int64_t out, int64_t stride, int64_t pad, int64_t k, int64_t dil,
                          int64_t size, int64_t *lo, int64_t *hi)
{
    int64_t a = (pad + stride - 1) / stride, last = size - 1 - (k - 1) * dil + pad;
    int64_t b = last < 0 ? 0 : last / stride + 1;
    if (a > out)
        a = out;
    if (b > out)
        b = out;
    if (b < a)
        b = a;
    *lo = a;
    *hi = b;
}

/* One output pixel of channels [c, c + 16): filter rows from `rows` (already offset to c), taps
 * kw0 <= kw < kw1 only; weights from memory. */
#define DW_PIXEL_GENERIC(acc, rows, iw0, kw0, kw1)                                                 \
    for (int64_t a_ = 0; a_ < KH; a_++)                                                            \
        for (int64_t b_ = (kw0); b_ < (kw1); b_++) {                                               \
            vf v_, u_;                                                                             \
            VF_LOAD(v_, (rows)[a_] + ((iw0) + b_ * dw) * C);                                       \
            VF_LOAD(u_, w + (a_ * KW + b_) * C + c);                                               \
            VF_FMA_V(acc, v_, u_);                                                                 \
        }

/* Channels [c, c + 16) of one image. */
static void dw_block16(const float *x, const float *w, const float *bias, float *y,
                       const float *zero_row, const interp_depthwise_params *p, int64_t c)
{
    const int64_t C = p->out_c, KH = p->k_h, KW = p->k_w, dh = p->dil_h, dw = p->dil_w;
    const int64_t sw = p->stride_w, pl = p->pad_left, rowstride = p->in_w * C;
    vf vlo, vhi, vb;
    VF_SET1(vlo, p->lo);
    VF_SET1(vhi, p->hi);
    if (bias)
        VF_LOAD(vb, bias + c);
    else
        VF_ZERO(vb);
    int64_t ow_lo, ow_hi;
    inner_columns(p->out_w, sw, pl, KW, dw, p->in_w, &ow_lo, &ow_hi);
    const int fast3 = KH == 3 && KW == 3;
    vf w0, w1, w2, w3, w4, w5, w6, w7, w8;
    VF_ZERO(w0); VF_ZERO(w1); VF_ZERO(w2); VF_ZERO(w3); VF_ZERO(w4);
    VF_ZERO(w5); VF_ZERO(w6); VF_ZERO(w7); VF_ZERO(w8);
    if (fast3) {
        VF_LOAD(w0, w + 0 * C + c); VF_LOAD(w1, w + 1 * C + c); VF_LOAD(w2, w + 2 * C + c);
        VF_LOAD(w3, w + 3 * C + c); VF_LOAD(w4, w + 4 * C + c); VF_LOAD(w5, w + 5 * C + c);
        VF_LOAD(w6, w + 6 * C + c); VF_LOAD(w7, w + 7 * C + c); VF_LOAD(w8, w + 8 * C + c);
    }
    const float *rows[MAX_KH];
    for (int64_t oh = 0; oh < p->out_h; oh++) {
        const int64_t ih0 = oh * p->stride_h - p->pad_top;
        for (int64_t a = 0; a < KH; a++) {
            const int64_t ih = ih0 + a * dh;
            rows[a] = (ih >= 0 && ih < p->in_h ? x + ih * rowstride : zero_row) + c;
        }
        float *yrow = y + oh * p->out_w * C + c;
        for (int64_t ow = 0; ow < p->out_w; ow++) {
            if (ow == ow_lo && ow_hi > ow_lo) { /* the inner columns, no bounds to check */
                if (fast3) {
                    const float *r0 = rows[0], *r1 = rows[1], *r2 = rows[2];
                    const int64_t s1 = dw * C, s2 = 2 * dw * C;
                    for (; ow < ow_hi; ow++) {
                        const int64_t off = (ow * sw - pl) * C;
                        vf acc = vb, v;
                        VF_LOAD(v, r0 + off); VF_FMA_V(acc, v, w0);
                        VF_LOAD(v, r0 + off + s1); VF_FMA_V(acc, v, w1);
                        VF_LOAD(v, r0 + off + s2); VF_FMA_V(acc, v, w2);
                        VF_LOAD(v, r1 + off); VF_FMA_V(acc, v, w3);
                        VF_LOAD(v, r1 + off + s1); VF_FMA_V(acc, v, w4);
                        VF_LOAD(v, r1 + off + s2); VF_FMA_V(acc, v, w5);
                        VF_LOAD(v, r2 + off); VF_FMA_V(acc, v, w6);
                        VF_LOAD(v, r2 + off + s1); VF_FMA_V(acc, v, w7);
                        VF_LOAD(v, r2 + off + s2); VF_FMA_V(acc, v, w8);
                        VF_CLAMP(acc, vlo, vhi);
                        VF_STORE(yrow + ow * C, acc);
                    }
                } else {
                    for (; ow < ow_hi; ow++) {
                        vf acc = vb;
                        DW_PIXEL_GENERIC(acc, rows, ow * sw - pl, 0, KW)
                        VF_CLAMP(acc, vlo, vhi);
                        VF_STORE(yrow + ow * C, acc);
                    }
                }
                if (ow >= p->out_w)
                    break;
            }
            const int64_t iw0 = ow * sw - pl;
            int64_t kw0, kw1;
            tap_range(iw0, dw, KW, p->in_w, &kw0, &kw1);
            vf acc = vb;
            DW_PIXEL_GENERIC(acc, rows, iw0, kw0, kw1)
            VF_CLAMP(acc, vlo, vhi);
            VF_STORE(yrow + ow * C, acc);
        }
    }
}

/* Small images (mostly border pixels): per output pixel, a pointer per tap (into the zero row
 * for taps in the padding), then every block of 16 channels. */
static void dw_small16(const float *x, const float *w, const float *bias, float *y,
                       const float *zero_row, const interp_depthwise_params *p)
{
    const int64_t C = p->out_c, KH = p->k_h, KW = p->k_w, taps = KH * KW;
    const int64_t rowstride = p->in_w * C;
    vf vlo, vhi;
    VF_SET1(vlo, p->lo);
    VF_SET1(vhi, p->hi);
    const float *t[MAX_TAPS];
    for (int64_t oh = 0; oh < p->out_h; oh++) {
        const int64_t ih0 = oh * p->stride_h - p->pad_top;
        for (int64_t ow = 0; ow < p->out_w; ow++, y += C) {
            const int64_t iw0 = ow * p->stride_w - p->pad_left;
            for (int64_t a = 0; a < KH; a++) {
                const int64_t ih = ih0 + a * p->dil_h;
                for (int64_t b = 0; b < KW; b++) {
                    const int64_t iw = iw0 + b * p->dil_w;
                    t[a * KW + b] = ih >= 0 && ih < p->in_h && iw >= 0 && iw < p->in_w
                                        ? x + ih * rowstride + iw * C : zero_row;
                }
            }
            for (int64_t c1 = 0; c1 < C; c1 += VF_N) {
                const int64_t c = c1 + VF_N <= C ? c1 : C - VF_N;
                vf acc, v, u;
                if (bias)
                    VF_LOAD(acc, bias + c);
                else
                    VF_ZERO(acc);
                if (taps == 9) {
                    const float *wc = w + c;
                    VF_LOAD(v, t[0] + c); VF_LOAD(u, wc); VF_FMA_V(acc, v, u);
                    VF_LOAD(v, t[1] + c); VF_LOAD(u, wc + C); VF_FMA_V(acc, v, u);
                    VF_LOAD(v, t[2] + c); VF_LOAD(u, wc + 2 * C); VF_FMA_V(acc, v, u);
                    VF_LOAD(v, t[3] + c); VF_LOAD(u, wc + 3 * C); VF_FMA_V(acc, v, u);
                    VF_LOAD(v, t[4] + c); VF_LOAD(u, wc + 4 * C); VF_FMA_V(acc, v, u);
                    VF_LOAD(v, t[5] + c); VF_LOAD(u, wc + 5 * C); VF_FMA_V(acc, v, u);
                    VF_LOAD(v, t[6] + c); VF_LOAD(u, wc + 6 * C); VF_FMA_V(acc, v, u);
                    VF_LOAD(v, t[7] + c); VF_LOAD(u, wc + 7 * C); VF_FMA_V(acc, v, u);
                    VF_LOAD(v, t[8] + c); VF_LOAD(u, wc + 8 * C); VF_FMA_V(acc, v, u);
                } else {
                    for (int64_t k = 0; k < taps; k++) {
                        VF_LOAD(v, t[k] + c);
                        VF_LOAD(u, w + k * C + c);
                        VF_FMA_V(acc, v, u);
                    }
                }
                VF_CLAMP(acc, vlo, vhi);
                VF_STORE(y + c, acc);
            }
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

/* Multiplier > 1 or fewer than 16 channels: the image is first expanded to cp = out_c rounded up
 * to 16 channels (channel c holding input channel c / mult, zeros past out_c), with the weights and
 * bias padded alike, so the vector kernels run with multiplier 1; the out_c channels are then
 * copied out when cp > out_c. */
static void dw_expanded(const float *x, const float *w, const float *bias, float *y,
                        float *scratch, const interp_depthwise_params *p)
{
    const int64_t C = p->out_c, IC = p->in_c, M = p->mult, cp = (C + VF_N - 1) / VF_N * VF_N;
    const int64_t taps = p->k_h * p->k_w, in_pixels = p->in_h * p->in_w;
    const int64_t out_pixels = p->out_h * p->out_w;
    float *zero_row = scratch, *xe = zero_row + p->in_w * cp, *we = xe + in_pixels * cp;
    float *be = we + taps * cp, *ye = cp == C ? 0 : be + cp;
    interp_depthwise_params q = *p;
    q.in_c = q.out_c = cp;
    q.mult = 1;
    for (int64_t i = 0; i < p->in_w * cp; i++)
        zero_row[i] = 0.0f;
    for (int64_t t = 0; t < taps; t++)
        for (int64_t c = 0; c < cp; c++)
            we[t * cp + c] = c < C ? w[t * C + c] : 0.0f;
    for (int64_t c = 0; c < cp; c++)
        be[c] = bias && c < C ? bias[c] : 0.0f;
    for (int64_t n = 0; n < p->batch; n++) {
        const float *xn = x + n * in_pixels * IC;
        for (int64_t i = 0; i < in_pixels; i++)
            for (int64_t c = 0; c < cp; c++)
                xe[i * cp + c] = c < C ? xn[i * IC + c / M] : 0.0f;
        float *yn = y + n * out_pixels * C, *dst = ye ? ye : yn;
        if (out_pixels <= SMALL_IMAGE && taps <= MAX_TAPS)
            dw_small16(xe, we, be, dst, zero_row, &q);
        else
            for (int64_t c = 0; c < cp; c += VF_N)
                dw_block16(xe, we, be, dst, zero_row, &q, c);
        if (ye)
            for (int64_t i = 0; i < out_pixels; i++)
                for (int64_t c = 0; c < C; c++)
                    yn[i * C + c] = ye[i * cp + c];
    }
}

int interp_f32_depthwise_conv_2d(const float *x, const float *w, const float *bias, float *y,
                                 float *scratch, const interp_depthwise_params *p)
{
    const int64_t C = p->out_c;
    const int64_t in_image = p->in_h * p->in_w * p->in_c, out_image = p->out_h * p->out_w * C;
    if (p->k_h > MAX_KH) {
        for (int64_t n = 0; n < p->batch; n++)
            dw_scalar(x + n * in_image, w, bias, y + n * out_image, p, 0, C);
        return INTERP_OK;
    }
    if (p->mult != 1 || C < VF_N) {
        dw_expanded(x, w, bias, y, scratch, p);
        return INTERP_OK;
    }
    for (int64_t i = 0; i < p->in_w * C; i++)
        scratch[i] = 0.0f;
    for (int64_t n = 0; n < p->batch; n++) {
        const float *xn = x + n * in_image;
        float *yn = y + n * out_image;
        if (p->out_h * p->out_w <= SMALL_IMAGE && p->k_h * p->k_w <= MAX_TAPS)
            dw_small16(xn, w, bias, yn, scratch, p);
        else
            for (int64_t c = 0; c < C; c += VF_N)
                dw_block16(xn, w, bias, yn, scratch, p, c + VF_N <= C ? c : C - VF_N);
    }
    return INTERP_OK;
}
