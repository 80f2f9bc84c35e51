/* Quantized CONV_2D and DEPTHWISE_CONV_2D (and FULLY_CONNECTED as a 1x1 conv); contract in
 * kernels.h, section quant_conv. Portable C: per output pixel, the out_c accumulators in scratch
 * take one input value times a row of out_c packed weights at a time (a loop the compiler
 * vectorises along the channels), then the requantization of the whole row. */
#include "kernels.h"
#include "quant.h"

/* LiteRT's MultiplyByQuantizedMultiplier for int64 accumulators (the int16 paths): the Q31
 * multiplier rounded to Q15 (saturating at 0x7FFF), one rounding right shift by 15 - shift. */
static inline int32_t mbqm64(int64_t x, int32_t multiplier, int shift) {
    const int32_t reduced = multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
    const int total = 15 - shift;
    const int64_t r = (x * (int64_t)reduced + ((int64_t)1 << (total - 1))) >> total;
    return (int32_t)r;
}

/* The one-rounding multiply of LiteRT's FULLY_CONNECTED: a left shift for shift > 0, then
 * x * multiplier / 2^total with total = 31 + max(-shift, 0), rounded half away from zero. The int64
 * form is exact while |x| < 2^32 (the product stays inside int64). */
static inline int32_t mbqm_single(int64_t x, int32_t multiplier, int shift) {
    const int left = shift > 0 ? shift : 0;
    const int total = 31 + (shift > 0 ? 0 : -shift);
    const int64_t v = (int64_t)((uint64_t)x << left) * (int64_t)multiplier;
    const int64_t half = (int64_t)1 << (total - 1);
    const int64_t r = v >= 0 ? (v + half) >> total : -((-v + half) >> total);
    return (int32_t)r;
}

/* LiteRT's optimized kernels (rounding 2): the doubling high multiply as in interp_mbqm, then the
 * right shift rounding halves up (toward +inf) instead of away from zero. */
static inline int32_t mbqm_up(int32_t x, int32_t multiplier, int shift) {
    const int left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
    const int32_t h = interp_srdhm((int32_t)((uint32_t)x << left), multiplier);
    return right ? (int32_t)(((int64_t)h + ((int64_t)1 << (right - 1))) >> right) : h;
}

#define REQ32(acc, c)                                                                              \
    (p->rounding == 1   ? mbqm_single((acc), p->mult_q[c], p->shift[c])                            \
     : p->rounding == 2 && (c) < p->round_split ? mbqm_up((acc), p->mult_q[c], p->shift[c])        \
                        : interp_mbqm((acc), p->mult_q[c], p->shift[c]))
#define REQ64(acc, c)                                                                              \
    (p->rounding == 1 ? mbqm_single((acc), p->mult_q[c], p->shift[c])                              \
                      : mbqm64((acc), p->mult_q[c], p->shift[c]))

#define DEFINE_QCONV(NAME, XT, BT, AT, YT, REQ)                                                    \
    int NAME(const XT *x, const int16_t *w, const BT *bias, YT *y, AT *acc,                        \
             const interp_qconv_params *p) {                                                       \
        const int64_t C = p->in_c, OC = p->out_c, H = p->in_h, W = p->in_w;                        \
        const int32_t off = p->in_offset;                                                          \
        for (int64_t b = 0; b < p->batch; b++)                                                     \
            for (int64_t oy = 0; oy < p->out_h; oy++)                                              \
                for (int64_t ox = 0; ox < p->out_w; ox++) {                                        \
                    for (int64_t o = 0; o < OC; o++)                                               \
                        acc[o] = 0;                                                                \
                    for (int64_t ky = 0; ky < p->k_h; ky++) {                                      \
                        const int64_t iy = oy * p->stride_h - p->pad_top + ky * p->dil_h;          \
                        if (iy < 0 || iy >= H)                                                     \
                            continue;                                                              \
                        for (int64_t kx = 0; kx < p->k_w; kx++) {                                  \
                            const int64_t ix = ox * p->stride_w - p->pad_left + kx * p->dil_w;     \
                            if (ix < 0 || ix >= W)                                                 \
                                continue;                                                          \
                            const XT *xp = x + ((b * H + iy) * W + ix) * C;                        \
                            const int16_t *wp = w + (ky * p->k_w + kx) * C * OC;                   \
                            for (int64_t i = 0; i < C; i++) {                                      \
                                const int32_t v = (int32_t)xp[i] + off;                            \
                                const int16_t *wr = wp + i * OC;                                   \
                                for (int64_t o = 0; o < OC; o++)                                   \
                                    acc[o] += (AT)(v * (int32_t)wr[o]);                            \
                            }                                                                      \
                        }                                                                          \
                    }                                                                              \
                    YT *yp = y + ((b * p->out_h + oy) * p->out_w + ox) * OC;                       \
                    for (int64_t o = 0; o < OC; o++) {                                             \
                        AT a = acc[o] + (bias ? (AT)bias[o] : 0);                                  \
                        int32_t r = REQ(a, o) + p->out_offset;                                     \
                        yp[o] = (YT)interp_clamp_i32(r, p->lo, p->hi);                             \
                    }                                                                              \
                }                                                                                  \
        return 0;                                                                                  \
    }

DEFINE_QCONV(interp_i8_qconv_2d, int8_t, int32_t, int32_t, int8_t, REQ32)
DEFINE_QCONV(interp_u8_qconv_2d, uint8_t, int32_t, int32_t, uint8_t, REQ32)
DEFINE_QCONV(interp_i16_qconv_2d, int16_t, int64_t, int64_t, int16_t, REQ64)

#define DEFINE_QDW(NAME, XT, BT, AT, YT, REQ)                                                      \
    int NAME(const XT *x, const int16_t *w, const BT *bias, YT *y, AT *acc,                        \
             const interp_qconv_params *p) {                                                       \
        const int64_t C = p->in_c, OC = p->out_c, H = p->in_h, W = p->in_w, M = p->mult;           \
        const int32_t off = p->in_offset;                                                          \
        for (int64_t b = 0; b < p->batch; b++)                                                     \
            for (int64_t oy = 0; oy < p->out_h; oy++)                                              \
                for (int64_t ox = 0; ox < p->out_w; ox++) {                                        \
                    for (int64_t o = 0; o < OC; o++)                                               \
                        acc[o] = 0;                                                                \
                    for (int64_t ky = 0; ky < p->k_h; ky++) {                                      \
                        const int64_t iy = oy * p->stride_h - p->pad_top + ky * p->dil_h;          \
                        if (iy < 0 || iy >= H)                                                     \
                            continue;                                                              \
                        for (int64_t kx = 0; kx < p->k_w; kx++) {                                  \
                            const int64_t ix = ox * p->stride_w - p->pad_left + kx * p->dil_w;     \
                            if (ix < 0 || ix >= W)                                                 \
                                continue;                                                          \
                            const XT *xp = x + ((b * H + iy) * W + ix) * C;                        \
                            const int16_t *wp = w + (ky * p->k_w + kx) * OC;                       \
                            if (M == 1) {                                                          \
                                for (int64_t o = 0; o < OC; o++)                                   \
                                    acc[o] += (AT)(((int32_t)xp[o] + off) * (int32_t)wp[o]);       \
                            } else {                                                               \
                                for (int64_t i = 0; i < C; i++) {                                  \
                                    const int32_t v = (int32_t)xp[i] + off;                        \
                                    for (int64_t m = 0; m < M; m++)                                \
                                        acc[i * M + m] += (AT)(v * (int32_t)wp[i * M + m]);        \
                                }                                                                  \
                            }                                                                      \
                        }                                                                          \
                    }                                                                              \
                    YT *yp = y + ((b * p->out_h + oy) * p->out_w + ox) * OC;                       \
                    for (int64_t o = 0; o < OC; o++) {                                             \
                        AT a = acc[o] + (bias ? (AT)bias[o] : 0);                                  \
                        int32_t r = REQ(a, o) + p->out_offset;                                     \
                        yp[o] = (YT)interp_clamp_i32(r, p->lo, p->hi);                             \
                    }                                                                              \
                }                                                                                  \
        return 0;                                                                                  \
    }

DEFINE_QDW(interp_i8_qdepthwise_conv_2d, int8_t, int32_t, int32_t, int8_t, REQ32)
DEFINE_QDW(interp_u8_qdepthwise_conv_2d, uint8_t, int32_t, int32_t, uint8_t, REQ32)
DEFINE_QDW(interp_i16_qdepthwise_conv_2d, int16_t, int64_t, int64_t, int16_t, REQ64)

/* ---- hybrid paths ------------------------------------------------------------------------------ */
#include <math.h>

void interp_quantize_symmetric(const float *v, int64_t n, int8_t *q, float *scale, int32_t *zp) {
    float mn = n ? v[0] : 0.0f, mx = mn;
    for (int64_t i = 1; i < n; i++) {
        mn = v[i] < mn ? v[i] : mn;
        mx = v[i] > mx ? v[i] : mx;
    }
    const float range = fabsf(mn) > fabsf(mx) ? fabsf(mn) : fabsf(mx);
    *zp = 0;
    if (range == 0.0f) {
        for (int64_t i = 0; i < n; i++)
            q[i] = 0;
        *scale = 1.0f;
        return;
    }
    *scale = range / 127.0f;
    const float inv = 127.0f / range;
    for (int64_t i = 0; i < n; i++) {
        int32_t r = (int32_t)roundf(v[i] * inv);
        q[i] = (int8_t)(r > 127 ? 127 : (r < -127 ? -127 : r));
    }
}

void interp_quantize_asymmetric(const float *v, int64_t n, int8_t *q, float *scale, int32_t *zp) {
    float mn = n ? v[0] : 0.0f, mx = mn;
    for (int64_t i = 1; i < n; i++) {
        mn = v[i] < mn ? v[i] : mn;
        mx = v[i] > mx ? v[i] : mx;
    }
    const double rmin = mn < 0.0f ? (double)mn : 0.0, rmax = mx > 0.0f ? (double)mx : 0.0;
    if (rmin == rmax) {
        for (int64_t i = 0; i < n; i++)
            q[i] = 0;
        *scale = 1.0f;
        *zp = 0;
        return;
    }
    const double s = (rmax - rmin) / 255.0;
    const double from_min = -128.0 - rmin / s, from_max = 127.0 - rmax / s;
    const double err_min = 128.0 + fabs(rmin / s), err_max = 127.0 + fabs(rmax / s);
    const double z = err_min < err_max ? from_min : from_max;
    int32_t nz = z <= -128.0 ? -128 : (z >= 127.0 ? 127 : (int32_t)round(z));
    *scale = (float)s;
    *zp = nz;
    const float inv = (float)(1.0 / (double)*scale);
    for (int64_t i = 0; i < n; i++) {
        /* the product rounded to float before the add, as LiteRT (no fused multiply-add) */
        volatile float prod = v[i] * inv;
        int32_t r = (int32_t)roundf((float)nz + prod);
        q[i] = (int8_t)(r > 127 ? 127 : (r < -128 ? -128 : r));
    }
}

int interp_f32_hybrid_conv_2d(const float *x, const int8_t *w, const float *bias, float *y,
                              int8_t *scratch, const interp_hybrid_params *hp) {
    const interp_qconv_params *p = &hp->g;
    const int64_t C = p->in_c, OC = p->out_c, H = p->in_h, W = p->in_w, M = p->mult;
    const int64_t img = H * W * C;
    int32_t *acc = (int32_t *)scratch;
    float *scales = (float *)(acc + OC);
    int32_t *zps = (int32_t *)(scales + p->batch);
    int8_t *qx = (int8_t *)(zps + p->batch);
    for (int64_t b = 0; b < p->batch; b++)
        (hp->asymmetric ? interp_quantize_asymmetric : interp_quantize_symmetric)(x + b * img, img, qx + b * img,
                                                                    scales + b, zps + b);
    for (int64_t b = 0; b < p->batch; b++) {
        const int32_t off = -zps[b];
        for (int64_t oy = 0; oy < p->out_h; oy++)
            for (int64_t ox = 0; ox < p->out_w; ox++) {
                for (int64_t o = 0; o < OC; o++)
                    acc[o] = 0;
                for (int64_t ky = 0; ky < p->k_h; ky++) {
                    const int64_t iy = oy * p->stride_h - p->pad_top + ky * p->dil_h;
                    if (iy < 0 || iy >= H)
                        continue;
                    for (int64_t kx = 0; kx < p->k_w; kx++) {
                        const int64_t ix = ox * p->stride_w - p->pad_left + kx * p->dil_w;
                        if (ix < 0 || ix >= W)
                            continue;
                        const int8_t *xp = qx + ((b * H + iy) * W + ix) * C;
                        if (hp->depthwise) {
                            const int8_t *wp = w + (ky * p->k_w + kx) * OC;
                            for (int64_t i = 0; i < C; i++) {
                                const int32_t v = (int32_t)xp[i] + off;
                                for (int64_t m = 0; m < M; m++)
                                    acc[i * M + m] += v * (int32_t)wp[i * M + m];
                            }
                        } else {
                            const int8_t *wp = w + (ky * p->k_w + kx) * C * OC;
                            for (int64_t i = 0; i < C; i++) {
                                const int32_t v = (int32_t)xp[i] + off;
                                const int8_t *wr = wp + i * OC;
                                for (int64_t o = 0; o < OC; o++)
                                    acc[o] += v * (int32_t)wr[o];
                            }
                        }
                    }
                }
                float *yp = y + ((b * p->out_h + oy) * p->out_w + ox) * OC;
                for (int64_t o = 0; o < OC; o++) {
                    float r = (float)acc[o] * (hp->filter_scale[o] * scales[b]) +
                              (bias ? bias[o] : 0.0f);
                    yp[o] = r < hp->lo ? hp->lo : (r > hp->hi ? hp->hi : r);
                }
            }
    }
    return 0;
}
