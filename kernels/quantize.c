/* QUANTIZE (float32 -> int8/uint8/int16, per tensor or per channel; requantize between integer
 * types) and DEQUANTIZE (int8/uint8/int16 -> float32, per tensor or per channel). See kernels.h,
 * section quant_elementwise. */
#include <math.h>

#include "kernels.h"
#include "quant.h"

/* q = clamp(rint(x * (1 / scale)) + zero_point) as LiteRT's optimized kernel computes it: the
 * reciprocal in float, the product rounded to nearest even, converted as x86 does (NaN and values
 * outside int32 give INT32_MIN), the zero point added with int32 wrap-around, then the clamp. */
static inline int32_t quantize_one(float x, float inv_scale, int32_t zp, int32_t lo, int32_t hi)
{
    const float r = rintf(x * inv_scale);
    const int32_t q = (r >= -2147483648.0f && r < 2147483648.0f) ? (int32_t)r : INT32_MIN;
    return interp_clamp_i32((int32_t)((uint32_t)q + (uint32_t)zp), lo, hi);
}

/* The scalar tail of LiteRT's optimized QUANTIZE (and its reference kernel): round(x / scale), half
 * away from zero, then the same conversion, zero point and clamp. */
static inline int32_t quantize_tail(float x, float scale, int32_t zp, int32_t lo, int32_t hi)
{
    const float r = roundf(x / scale);
    const int32_t q = (r >= -2147483648.0f && r < 2147483648.0f) ? (int32_t)r : INT32_MIN;
    return interp_clamp_i32((int32_t)((uint32_t)q + (uint32_t)zp), lo, hi);
}

/* DEQUANTIZE as LiteRT's optimized kernel (observed): whole blocks of 8 elements compute
 * q * scale + (-zero_point * scale), each step rounded to float; the remaining elements (and the
 * per-channel kernels) (float)((double)scale * (q - zero_point)). The build's -ffp-contract=fast must not fuse it into an FMA, so each rounding is an
 * explicit conversion: the double product of a float and an int16 is exact, and so is the double
 * sum of the two floats here (their exponents differ by far less than 29). */
static inline float dequantize_one(int32_t q, float scale, float offset)
{
    const float t = (float)((double)q * (double)scale);
    return (float)((double)t + (double)offset);
}

#define QUANTIZE(P, T)                                                                              \
    int interp_f32_quantize_##P(const float *x, T *y, int64_t n, const interp_quantize_params *params) \
    {                                                                                               \
        const interp_quantize_params local = *params, *p = &local;                                  \
        const float inv = 1.0f / p->scale;                                                          \
        int64_t i = 0;                                                                              \
        for (; i < n / 8 * 8; i++) /* LiteRT's SIMD blocks of 8 */                                  \
            y[i] = (T)quantize_one(x[i], inv, p->zero_point, p->lo, p->hi);                    \
        for (; i < n; i++)                                                                          \
            y[i] = (T)quantize_tail(x[i], p->scale, p->zero_point, p->lo, p->hi);              \
        return INTERP_OK;                                                                           \
    }                                                                                               \
    int interp_f32_quantize_##P##_channel(const float *x, T *y, const float *scales,                \
                                          const int32_t *zero_points,                               \
                                          const interp_channel_params *p)                           \
    {                                                                                               \
        for (int64_t o = 0; o < p->outer; o++)                                                      \
            for (int64_t c = 0; c < p->channels; c++) {                                             \
                const float s = scales[c]; /* LiteRT: the reference rounding throughout */         \
                const int32_t z = zero_points[c];                                                   \
                for (int64_t i = 0; i < p->inner; i++, x++, y++)                                    \
                    *y = (T)quantize_tail(*x, s, z, p->lo, p->hi);                                    \
            }                                                                                       \
        return INTERP_OK;                                                                           \
    }                                                                                               \
    int interp_##P##_dequantize(const T *x, float *y, int64_t n,                                    \
                                const interp_quantize_params *p)                                    \
    {                                                                                               \
        const float s = p->scale, c = (float)((double)-p->zero_point * (double)p->scale);           \
        int64_t i = 0;                                                                              \
        for (; i < n / 8 * 8; i++)                                                                  \
            y[i] = dequantize_one(x[i], s, c);                                                      \
        for (; i < n; i++)                                                                          \
            y[i] = (float)((double)s * (double)((int32_t)x[i] - p->zero_point));                    \
        return INTERP_OK;                                                                           \
    }                                                                                               \
    int interp_##P##_dequantize_channel(const T *x, float *y, const float *scales,                  \
                                        const int32_t *zero_points,                                 \
                                        const interp_channel_params *p)                             \
    {                                                                                               \
        for (int64_t o = 0; o < p->outer; o++)                                                      \
            for (int64_t c = 0; c < p->channels; c++) {                                             \
                const double s = scales[c];                                                         \
                const int32_t z = zero_points[c];                                                   \
                for (int64_t i = 0; i < p->inner; i++, x++, y++)                                    \
                    *y = (float)(s * (double)((int32_t)*x - z));                                    \
            }                                                                                       \
        return INTERP_OK;                                                                           \
    }

QUANTIZE(i8, int8_t)
QUANTIZE(u8, uint8_t)
QUANTIZE(i16, int16_t)

/* y = clamp(mbqm(x - in_zp, mult, shift) + out_zp); with p->lanes (8-bit to 8-bit), whole blocks
 * of that many elements round as LiteRT's SIMD code does (observed): the left shift, the high
 * multiply and the right shift all round ties toward +infinity (quant.h interp_srdhm_up,
 * interp_rounding_shift_up); the tail takes interp_mbqm. */
static inline int32_t requantize_vec(int32_t x, const interp_requantize_params *p)
{
    const int32_t left = p->shift > 0 ? p->shift : 0, right = p->shift > 0 ? 0 : -p->shift;
    const int32_t h = interp_srdhm_up((int32_t)((uint32_t)x << left), p->mult);
    return interp_rounding_shift_up(h, right);
}

#define REQUANTIZE(PI, TI, PO, TO)                                                                  \
    int interp_##PI##_requantize_##PO(const TI *x, TO *y, int64_t n, const interp_requantize_params *params) \
    {                                                                                               \
        const interp_requantize_params local = *params, *p = &local;                                \
        int64_t i = 0;                                                                              \
        if (p->lanes)                                                                               \
            for (; i < n / p->lanes * p->lanes; i++) {                                              \
                const int32_t v = requantize_vec((int32_t)x[i] - p->in_zero_point, p);              \
                y[i] = (TO)interp_clamp_i32(v + p->out_zero_point, p->lo, p->hi);                   \
            }                                                                                       \
        for (; i < n; i++) {                                                                        \
            const int32_t v = interp_mbqm((int32_t)x[i] - p->in_zero_point, p->mult, p->shift);     \
            y[i] = (TO)interp_clamp_i32(v + p->out_zero_point, p->lo, p->hi);                       \
        }                                                                                           \
        return INTERP_OK;                                                                           \
    }

REQUANTIZE(i8, int8_t, i8, int8_t)
REQUANTIZE(i8, int8_t, u8, uint8_t)
REQUANTIZE(u8, uint8_t, i8, int8_t)
REQUANTIZE(u8, uint8_t, u8, uint8_t)
REQUANTIZE(i16, int16_t, i16, int16_t)
REQUANTIZE(i16, int16_t, i8, int8_t)
REQUANTIZE(i8, int8_t, i16, int16_t)
