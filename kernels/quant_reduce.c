/* Quantized MEAN and SUM (int8, uint8, int16): int32 sums over the reduced axes, then one of
 * LiteRT's three output rules (see kernels.h, section quant_elementwise). */
#include <math.h>

#include "kernels.h"
#include "quant.h"

/* acc[o] = the int32 (wrapping) sum of the x values that reduce to output o. The folded dims
 * are walked with an odometer; the innermost run is either reduced (summed into one acc) or kept
 * (added element-wise into a run of acc). */
#define QREDUCE_SUM(P, T)                                                                           \
    static void P##_qsum(const T *x, int32_t *acc, const interp_reduce_params *r)                   \
    {                                                                                               \
        for (int64_t o = 0; o < r->out_count; o++)                                                  \
            acc[o] = 0;                                                                             \
        if (r->in_count == 0)                                                                       \
            return;                                                                                 \
        const int last = r->rank - 1;                                                               \
        const int64_t n = r->shape[last];                                                           \
        int64_t outer = 1, idx[INTERP_REDUCE_MAX_DIMS] = {0}, off = 0;                              \
        for (int d = 0; d < last; d++)                                                              \
            outer *= r->shape[d];                                                                   \
        for (int64_t k = 0; k < outer; k++, x += n) {                                               \
            if (r->inner_reduced) {                                                                 \
                uint32_t s = 0;                                                                     \
                for (int64_t i = 0; i < n; i++)                                                     \
                    s += (uint32_t)(int32_t)x[i];                                                   \
                acc[off] = (int32_t)((uint32_t)acc[off] + s);                                       \
            } else {                                                                                \
                int32_t *a = acc + off;                                                             \
                for (int64_t i = 0; i < n; i++)                                                     \
                    a[i] = (int32_t)((uint32_t)a[i] + (uint32_t)(int32_t)x[i]);                     \
            }                                                                                       \
            for (int d = last - 1; d >= 0; d--) {                                                   \
                off += r->out_stride[d];                                                            \
                if (++idx[d] < r->shape[d])                                                         \
                    break;                                                                          \
                off -= r->out_stride[d] * r->shape[d];                                              \
                idx[d] = 0;                                                                         \
            }                                                                                       \
        }                                                                                           \
    }

/* SUM: round(acc * scale + bias) in float, half away from zero; every rounding explicit so that
 * no FMA forms (the double product of a float and an int24-rounded float is exact, and so is the
 * double sum of two floats of close magnitude). */
static inline int32_t qsum_float(int32_t acc, const interp_qreduce_params *p)
{
    const float prod = (float)((double)(float)acc * (double)p->scale);
    const float v = (float)((double)prod + (double)p->fbias);
    const float r = roundf(v);
    const int32_t q = (r >= -2147483648.0f && r < 2147483648.0f) ? (int32_t)r : INT32_MIN;
    return interp_clamp_i32((int32_t)((uint32_t)q + (uint32_t)p->out_zero_point), p->lo, p->hi);
}

#define QREDUCE(P, T)                                                                               \
    QREDUCE_SUM(P, T)                                                                               \
    int interp_##P##_reduce_quant(const T *x, T *out, int32_t *acc, const interp_qreduce_params *params) \
    {                                                                                               \
        const interp_qreduce_params local = *params, *p = &local;                                   \
        P##_qsum(x, acc, &p->r);                                                                    \
        const int64_t m = p->r.out_count;                                                           \
        if (p->mode == INTERP_QREDUCE_SUM) {                                                        \
            for (int64_t o = 0; o < m; o++)                                                         \
                out[o] = (T)qsum_float(acc[o], p);                                                  \
        } else if (p->mode == INTERP_QREDUCE_MEAN) {                                                \
            const int32_t sub = (int32_t)((uint32_t)p->in_zero_point * (uint32_t)p->count);         \
            for (int64_t o = 0; o < m; o++) {                                                       \
                const int32_t v = interp_mbqm((int32_t)((uint32_t)acc[o] - (uint32_t)sub),          \
                                              p->mult, p->shift);                                   \
                out[o] = (T)interp_clamp_i32(v + p->out_zero_point, p->lo, p->hi);                  \
            }                                                                                       \
        } else { /* INTERP_QREDUCE_MEAN_HW: blocks of 16 channels round ties up */                  \
            const int64_t whole = p->depth / 16 * 16;                                               \
            const int32_t left = p->shift > 0 ? p->shift : 0, right = p->shift > 0 ? 0 : -p->shift; \
            for (int64_t o = 0; o < m; o++) {                                                       \
                int32_t v;                                                                          \
                if (o % p->depth < whole)                                                           \
                    v = interp_rounding_shift_up(                                                   \
                        interp_srdhm_up((int32_t)((uint32_t)acc[o] << left), p->mult), right);      \
                else                                                                                \
                    v = interp_mbqm(acc[o], p->mult, p->shift);                                     \
                out[o] = (T)interp_clamp_i32(v + p->bias, p->lo, p->hi);                            \
            }                                                                                       \
        }                                                                                           \
        return INTERP_OK;                                                                           \
    }

QREDUCE(i8, int8_t)
QREDUCE(u8, uint8_t)
QREDUCE(i16, int16_t)
