/* Quantized ops of the quant_extra family (see kernels.h section quant_extra): the 8-bit lookup
 * tables of ELU and GELU. Semantics: LiteRT's built-in kernels (elu in activations.cc, gelu.cc),
 * whose prepare fills the table in float32 (LUTPopulate). Float expressions keep LiteRT's order and
 * are compiled without FMA contraction, as LiteRT's x86 build computes them. */
#include <math.h>

#include "kernels.h"
#include "broadcast.h"
#include "quant.h"

#if defined(__GNUC__) && !defined(__clang__)
#define QX_NO_CONTRACT __attribute__((optimize("fp-contract=off")))
#else
#define QX_NO_CONTRACT
#endif

/* ELU: x below 0 gives e^x - 1. */
QX_NO_CONTRACT static float elu_f(float v) { return v < 0.0f ? expf(v) - 1.0f : v; }

/* GELU, exact: x/2 * erfc(-x / sqrt 2) (LiteRT's erfc form); approximate: the tanh form with
 * sqrt(2/pi) rounded once to float. */
QX_NO_CONTRACT static float gelu_f(float v)
{
    return 0.5f * v * erfcf(v * (float)(-0.70710678118654752440));
}
QX_NO_CONTRACT static float gelu_tanh_f(float v)
{
    const float k = (float)(1.12837916709551257390 * 0.70710678118654752440);
    return 0.5f * v * (1.0f + tanhf(k * (v + 0.044715f * v * v * v)));
}

/* LUTPopulate: dequantize each stored value, transform, scale by 1/out_scale, round half away
 * from zero, add the zero point in float, truncate, clamp. table is indexed by (uint8_t)value. */
QX_NO_CONTRACT static void fill_table(const interp_qlut_params *p, int32_t lo, float (*f)(float),
                                      int32_t *out)
{
    const float inverse_scale = 1.0f / p->out_scale;
    const int32_t hi = lo + 255;
    for (int32_t v = lo; v <= hi; ++v) {
        const float rescaled = roundf(f(p->in_scale * (float)(v - p->in_zp)) * inverse_scale);
        const int32_t q = (int32_t)(rescaled + (float)p->out_zp);
        out[v - lo] = q < lo ? lo : (q > hi ? hi : q);
    }
}

#define QX_TABLE(P, T, LO, OP, F)                                                                  \
    int interp_##P##_##OP##_table(const interp_qlut_params *p, T *table)                           \
    {                                                                                              \
        int32_t vals[256];                                                                         \
        fill_table(p, LO, F, vals);                                                                \
        for (int32_t i = 0; i < 256; ++i)                                                          \
            table[(uint8_t)(T)(LO + i)] = (T)vals[i];                                              \
        return INTERP_OK;                                                                          \
    }
QX_TABLE(i8, int8_t, -128, elu, elu_f)
QX_TABLE(i8, int8_t, -128, gelu, gelu_f)
QX_TABLE(u8, uint8_t, 0, gelu, gelu_f)
QX_TABLE(i8, int8_t, -128, gelu_tanh, gelu_tanh_f)
QX_TABLE(u8, uint8_t, 0, gelu_tanh, gelu_tanh_f)

/* ---- broadcasting binary ops (PRELU, SQUARED_DIFFERENCE) ------------------------------------- */
/* interp_<P>_<OP>(a, b, out, p): out = (T)ELEM(a, b, p) over interp_broadcast p->bc (the innermost
 * folded dim as a strided loop, the outer dims walked with an odometer). */
#define QX_BINARY(P, T, OP, PARAMS, ELEM)                                                          \
    static inline void qx_row_##P##_##OP(const T *pa, int64_t sa, const T *pb, int64_t sb,         \
                                         T *out, int64_t n, const PARAMS *p)                       \
    {                                                                                              \
        for (int64_t i = 0; i < n; i++)                                                            \
            out[i] = (T)ELEM((int32_t)pa[i * sa], (int32_t)pb[i * sb], p);                         \
    }                                                                                              \
    int interp_##P##_##OP(const T *a, const T *b, T *out, const PARAMS *p)                        \
    {                                                                                              \
        INTERP_BROADCAST_WALK(qx_row_##P##_##OP)                                                   \
    }

/* PRELU (LiteRT's reference Prelu / BroadcastPrelu4DSlow): b is alpha. */
static inline int32_t qx_prelu(int32_t x, int32_t alpha, const interp_qprelu_params *p)
{
    const int32_t v = x - p->in_zp;
    const int32_t r = v >= 0 ? interp_mbqm(v, p->mult_pos, p->shift_pos)
                             : interp_mbqm(v * (alpha - p->alpha_zp), p->mult_neg, p->shift_neg);
    return interp_clamp_i32(r + p->out_zp, p->lo, p->hi);
}
QX_BINARY(i8, int8_t, prelu, interp_qprelu_params, qx_prelu)
QX_BINARY(u8, uint8_t, prelu, interp_qprelu_params, qx_prelu)

/* SQUARED_DIFFERENCE (LiteRT's quantized squared_difference.cc). */
static inline int32_t qx_sqdiff(int32_t a, int32_t b, const interp_qsqdiff_params *p)
{
    const int32_t sa = interp_mbqm((a - p->a_zp) * (1 << 7), p->a_mult, p->a_shift);
    const int32_t sb = interp_mbqm((b - p->b_zp) * (1 << 7), p->b_mult, p->b_shift);
    const int32_t d = sa - sb;
    return interp_clamp_i32(interp_mbqm(d * d, p->out_mult, p->out_shift) + p->out_zp, p->lo, p->hi);
}
QX_BINARY(i8, int8_t, squared_difference, interp_qsqdiff_params, qx_sqdiff)

/* ---- L2_NORMALIZATION ------------------------------------------------------------------------ */
/* Saturating x * 2^n (n > 0), as gemmlowp's SaturatingRoundingMultiplyByPOT for positive n. */
static inline int32_t qx_sat_shl(int32_t x, int n)
{
    const int32_t threshold = (int32_t)((1u << (31 - n)) - 1);
    return x > threshold ? INT32_MAX : (x < -threshold ? INT32_MIN : (int32_t)((uint32_t)x << n));
}

/* 1/sqrt(sum) as a Q31 multiplier and a left shift (<= 0 means a right shift): LiteRT's
 * GetInvSqrtQuantizedMultiplierExp, five Newton-Raphson steps in Q3.28 fixed point. */
static void qx_inv_sqrt(int32_t sum, int32_t *mult, int *shift)
{
    if (sum <= 1) {
        *mult = INT32_MAX;
        *shift = 0;
        return;
    }
    int s = 11;
    while (sum >= (1 << 29)) {
        sum /= 4;
        ++s;
    }
    const int pairs = (__builtin_clz((uint32_t)sum) - 1) / 2 - 1;
    s -= pairs;
    sum <<= 2 * pairs;
    const int32_t in = sum >> 1;                                   /* Q3.28 */
    const int32_t half_in = interp_rounding_divide_by_pot(in, 1);
    const int32_t three_halves = (1 << 28) + (1 << 27);
    int32_t x = 1 << 28;                                           /* 1.0 */
    for (int i = 0; i < 5; i++) {
        const int32_t x3 = qx_sat_shl(interp_srdhm(interp_srdhm(x, x), x), 6);
        const int32_t d = (int32_t)((uint32_t)interp_srdhm(three_halves, x) -
                                    (uint32_t)interp_srdhm(half_in, x3));
        x = qx_sat_shl(d, 3);
    }
    x = interp_srdhm(x, 1518500250);                               /* * sqrt(2)/2 */
    if (s < 0) {
        x = (int32_t)((uint32_t)x << -s);
        s = 0;
    }
    *mult = x;
    *shift = -s;
}

/* Per row of `depth`: y = clamp(out_zp + (x - in_zp) * 128 * inv_sqrt(sum of squares)). LiteRT's
 * int8 kernel folds the 128 into the shift of one mbqm; its uint8 kernel multiplies 128 * (x - zp)
 * first (the roundings differ). */
#define QX_L2_I8(d, mult, shift) interp_mbqm(d, mult, shift + 7)
#define QX_L2_U8(d, mult, shift) interp_rounding_divide_by_pot(interp_srdhm(128 * (d), mult), -(shift))
#define QX_L2(P, T, OUT_ZP, LO, HI, SCALE)                                                                \
    int interp_##P##_l2_normalization(const T *x, T *y, const interp_ql2_params *p)               \
    {                                                                                              \
        const int64_t depth = p->depth;                                                            \
        for (int64_t r = 0; r < p->rows; r++, x += depth, y += depth) {                            \
            int32_t sum = 0;                                                                       \
            for (int64_t c = 0; c < depth; c++) {                                                  \
                const int32_t d = (int32_t)x[c] - p->in_zp;                                        \
                sum += d * d;                                                                      \
            }                                                                                      \
            int32_t mult;                                                                          \
            int shift;                                                                             \
            qx_inv_sqrt(sum, &mult, &shift);                                                       \
            for (int64_t c = 0; c < depth; c++) {                                                  \
                const int32_t v = SCALE((int32_t)x[c] - p->in_zp, mult, shift);                    \
                y[c] = (T)interp_clamp_i32(v + (OUT_ZP), LO, HI);                                  \
            }                                                                                      \
        }                                                                                          \
        return INTERP_OK;                                                                          \
    }
QX_L2(i8, int8_t, 0, -128, 127, QX_L2_I8)
QX_L2(u8, uint8_t, 128, 0, 255, QX_L2_U8)

/* ---- RESIZE_BILINEAR (LiteRT's ResizeBilinearInteger: 10-bit fixed-point weights) ----------- */
#define QX_RESIZE(P, T)                                                                            \
    int interp_##P##_resize_bilinear(const T *in, T *out, const int64_t *y0, const int64_t *y1,    \
                                     const int32_t *wy, const int64_t *x0, const int64_t *x1,      \
                                     const int32_t *wx, const interp_resize_params *p)             \
    {                                                                                              \
        const int64_t h = p->in_h, w = p->in_w, c = p->depth;                                      \
        for (int64_t b = 0; b < p->batch; b++) {                                                   \
            const T *img = in + b * h * w * c;                                                     \
            for (int64_t oy = 0; oy < p->out_h; oy++) {                                            \
                const T *r0 = img + y0[oy] * w * c, *r1 = img + y1[oy] * w * c;                    \
                const int64_t fy = wy[oy], gy = 1024 - fy;                                         \
                for (int64_t ox = 0; ox < p->out_w; ox++, out += c) {                              \
                    const T *p00 = r0 + x0[ox] * c, *p01 = r0 + x1[ox] * c;                        \
                    const T *p10 = r1 + x0[ox] * c, *p11 = r1 + x1[ox] * c;                        \
                    const int64_t fx = wx[ox], gx = 1024 - fx;                                     \
                    for (int64_t k = 0; k < c; k++) {                                              \
                        const int64_t v = (int64_t)p00[k] * gy * gx + (int64_t)p01[k] * gy * fx +  \
                                          (int64_t)p10[k] * fy * gx + (int64_t)p11[k] * fy * fx;   \
                        const int64_t r = v > 0 ? ((int64_t)1 << 19) : -((int64_t)1 << 19);        \
                        out[k] = (T)((v + r) / ((int64_t)1 << 20));                                \
                    }                                                                              \
                }                                                                                  \
            }                                                                                      \
        }                                                                                          \
        return INTERP_OK;                                                                          \
    }
QX_RESIZE(i8, int8_t)

/* ---- TRANSPOSE_CONV int8 (LiteRT's integer scheme: int32 scatter-accumulate, per-channel mbqm) - */
int interp_i8_transpose_conv(const int8_t *x, const int8_t *w, const int32_t *bias, int8_t *y,
                             int32_t *acc, const int32_t *mult, const int32_t *shift,
                             const interp_qtconv_params *p)
{
    const int64_t oc = p->out_c, ic = p->in_c, oh = p->out_h, ow = p->out_w;
    const int64_t out_n = p->batch * oh * ow * oc;
    for (int64_t i = 0; i < out_n; i++)
        acc[i] = 0;
    for (int64_t b = 0; b < p->batch; b++)
        for (int64_t iy = 0; iy < p->in_h; iy++)
            for (int64_t ix = 0; ix < p->in_w; ix++) {
                const int8_t *px = x + ((b * p->in_h + iy) * p->in_w + ix) * ic;
                for (int64_t ky = 0; ky < p->k_h; ky++) {
                    const int64_t oy = iy * p->stride_h - p->pad_top + ky;
                    if (oy < 0 || oy >= oh)
                        continue;
                    for (int64_t kx = 0; kx < p->k_w; kx++) {
                        const int64_t ox = ix * p->stride_w - p->pad_left + kx;
                        if (ox < 0 || ox >= ow)
                            continue;
                        int32_t *pa = acc + ((b * oh + oy) * ow + ox) * oc;
                        for (int64_t o = 0; o < oc; o++) {
                            const int8_t *pw = w + ((o * p->k_h + ky) * p->k_w + kx) * ic;
                            int32_t s = 0;
                            for (int64_t c = 0; c < ic; c++)
                                s += ((int32_t)px[c] - p->in_zp) * (int32_t)pw[c];
                            pa[o] += s;
                        }
                    }
                }
            }
    /* LiteRT's optimized Quantize: channels in blocks of 8 take the SIMD rounding (left shift by
     * shift - min(shift, -1), high multiply and right shift by -min(shift, -1), both ties toward
     * +infinity); the channels after the last whole block take mbqm. */
    const int64_t blocked = oc - oc % 8;
    for (int64_t r = 0; r < out_n / (oc ? oc : 1); r++) {
        int32_t *pa = acc + r * oc;
        int8_t *py = y + r * oc;
        for (int64_t o = 0; o < oc; o++) {
            const int32_t v = pa[o] + (bias ? bias[o] : 0);
            int32_t q;
            if (o < blocked) {
                const int right = shift[o] < -1 ? -shift[o] : 1;
                const int left = shift[o] + right;
                q = interp_rounding_shift_up(
                    interp_srdhm_up((int32_t)((uint32_t)v << left), mult[o]), right);
            } else {
                q = interp_mbqm(v, mult[o], shift[o]);
            }
            py[o] = (int8_t)interp_clamp_i32(q + p->out_zp, p->lo, p->hi);
        }
    }
    return INTERP_OK;
}
