/* Quantized ops of the quant_extra family (see kernels.h section quant_extra): the 8-bit lookup
 * tables of ELU and GELU. Semantics: LiteRT's built-in kernels (elu in activations.cc, gelu.cc),
 * whose prepare fills the table in float32 (LUTPopulate). Float expressions keep LiteRT's order and
 * are compiled without FMA contraction, as LiteRT's x86 build computes them. */
#include <math.h>

#include "kernels.h"
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

/* ---- PRELU: two multipliers, alpha broadcast (LiteRT's reference Prelu / BroadcastPrelu4DSlow) */
#define QX_PRELU(P, T)                                                                             \
    int interp_##P##_prelu(const T *x, const T *alpha, T *out, const interp_qprelu_params *p)     \
    {                                                                                              \
        const interp_broadcast *bc = &p->bc;                                                       \
        const int last = bc->rank - 1;                                                             \
        const int64_t n = bc->shape[last];                                                         \
        const int64_t sx = bc->a_stride[last], sa = bc->b_stride[last];                            \
        int64_t outer = 1, idx[INTERP_MAX_DIMS] = {0}, xo = 0, ao = 0;                             \
        for (int d = 0; d < last; d++)                                                             \
            outer *= bc->shape[d];                                                                 \
        for (int64_t o = 0; o < outer; o++, out += n) {                                            \
            const T *px = x + xo, *pa = alpha + ao;                                                \
            for (int64_t i = 0; i < n; i++) {                                                      \
                const int32_t v = (int32_t)px[i * sx] - p->in_zp;                                  \
                const int32_t a = (int32_t)pa[i * sa] - p->alpha_zp;                               \
                const int32_t r = v >= 0 ? interp_mbqm(v, p->mult_pos, p->shift_pos)               \
                                         : interp_mbqm(v * a, p->mult_neg, p->shift_neg);          \
                out[i] = (T)interp_clamp_i32(r + p->out_zp, p->lo, p->hi);                         \
            }                                                                                      \
            for (int d = last - 1; d >= 0; d--) {                                                  \
                xo += bc->a_stride[d];                                                             \
                ao += bc->b_stride[d];                                                             \
                if (++idx[d] < bc->shape[d])                                                       \
                    break;                                                                         \
                xo -= bc->a_stride[d] * bc->shape[d];                                              \
                ao -= bc->b_stride[d] * bc->shape[d];                                              \
                idx[d] = 0;                                                                        \
            }                                                                                      \
        }                                                                                          \
        return INTERP_OK;                                                                          \
    }
QX_PRELU(i8, int8_t)
QX_PRELU(u8, uint8_t)
