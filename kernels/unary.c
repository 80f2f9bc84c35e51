/* Elementwise unary math (see kernels.h): one float32 libm call per element where LiteRT makes
 * one, so results match its kernels; ABS and NEG on integers wrap. */
#include <math.h>

#include "kernels.h"

#define UNARY(P, T, OP, EXPR)                                                                       \
    int interp_##P##_##OP(const T *x, T *y, int64_t n)                                              \
    {                                                                                               \
        for (int64_t i = 0; i < n; i++) {                                                           \
            const T v = x[i];                                                                       \
            y[i] = (EXPR);                                                                          \
        }                                                                                           \
        return INTERP_OK;                                                                           \
    }

/* Half to even: rintf in the default rounding mode, which LiteRT's floor-and-compare formula
 * equals except for the sign of zero: a negative value rounding to zero gives +0 there
 * (-0.5 -> +0), while -0 stays -0. +-inf and NaN pass. */
static inline float round_half_even(float v)
{
    const float r = rintf(v);
    return (r == 0.0f && v != 0.0f) ? 0.0f : r;
}

UNARY(f32, float, exp, expf(v))
UNARY(f32, float, log, logf(v))
UNARY(f32, float, sqrt, sqrtf(v))
UNARY(f32, float, rsqrt, 1.0f / sqrtf(v))
UNARY(f32, float, square, v * v)
UNARY(f32, float, abs, fabsf(v))
UNARY(f32, float, neg, -v)
UNARY(f32, float, sin, sinf(v))
UNARY(f32, float, cos, cosf(v))
UNARY(f32, float, floor, floorf(v))
UNARY(f32, float, ceil, ceilf(v))
UNARY(f32, float, round, round_half_even(v))
/* Negation as unsigned arithmetic: INT_MIN stays INT_MIN (two's complement), as in LiteRT. */
UNARY(i32, int32_t, abs, v < 0 ? (int32_t)(0u - (uint32_t)v) : v)
UNARY(i32, int32_t, neg, (int32_t)(0u - (uint32_t)v))
UNARY(i64, int64_t, neg, (int64_t)(0u - (uint64_t)v))
UNARY(u8, uint8_t, logical_not, (uint8_t)(v == 0))
