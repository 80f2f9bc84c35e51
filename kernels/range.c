/* RANGE (see kernels.h). */
#include "kernels.h"

int interp_f32_range(const float *start, const float *delta, float *out, int64_t n)
{
    /* LiteRT accumulates: each value is the previous one plus delta, rounded to float. */
    const float d = *delta;
    float v = *start;
    for (int64_t i = 0; i < n; i++, v += d)
        out[i] = v;
    return INTERP_OK;
}

/* Integers step as unsigned so that a wrap is defined. */
int interp_i32_range(const int32_t *start, const int32_t *delta, int32_t *out, int64_t n)
{
    const uint32_t s = (uint32_t)*start, d = (uint32_t)*delta;
    for (int64_t i = 0; i < n; i++)
        out[i] = (int32_t)(s + (uint32_t)i * d);
    return INTERP_OK;
}

int interp_i64_range(const int64_t *start, const int64_t *delta, int64_t *out, int64_t n)
{
    const uint64_t s = (uint64_t)*start, d = (uint64_t)*delta;
    for (int64_t i = 0; i < n; i++)
        out[i] = (int64_t)(s + (uint64_t)i * d);
    return INTERP_OK;
}
