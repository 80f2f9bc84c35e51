/* Quantized ADD, SUB and MUL (int8, uint8, int16) with numpy broadcasting (see kernels.h,
 * section quant_elementwise). The arithmetic is LiteRT's built-in kernels' (FORMAT.md §8):
 *
 * ADD/SUB: each input, offset by its zero point, is shifted left by left_shift (20 for 8-bit, 15
 * for int16) and scaled by its own multiplier (relative to twice the larger input scale); the two
 * are summed and the sum scaled by the output multiplier, plus the output zero point, clamped.
 * SUB is ADD with input 1's multiplier negated: the double-rounding multiply rounds half away
 * from zero, so it is odd in the multiplier and -(x*M) == x*(-M) bit for bit.
 * MUL: (a - zp_a) * (b - zp_b) (int32, wrapping) scaled by the output multiplier.
 * ADD int16 "power of two" path: input 1 or input 0 divided by 2^k (rounding half away from zero),
 * then a saturating int16 sum, then the clamp. */
#include <math.h>

#include "kernels.h"
#include "broadcast.h"
#include "quant.h"

static inline int32_t qscale_in(int32_t v, int32_t offset, int32_t left_shift, int32_t mult, int32_t shift)
{
    return interp_mbqm((int32_t)((uint32_t)(v + offset) << left_shift), mult, shift);
}

static inline int32_t qadd_out(int32_t sa, int32_t sb, const interp_qbinary_params *p)
{
    const int32_t r = interp_mbqm(sa + sb, p->out_mult, p->out_shift) + p->out_offset;
    return interp_clamp_i32(r, p->lo, p->hi);
}

static inline int32_t qmul_one(int32_t a, int32_t b, const interp_qbinary_params *p)
{
    const int32_t prod = (int32_t)((uint32_t)(a + p->a_offset) * (uint32_t)(b + p->b_offset));
    const int32_t r = interp_mbqm(prod, p->out_mult, p->out_shift) + p->out_offset;
    return interp_clamp_i32(r, p->lo, p->hi);
}

/* LiteRT's optimized ADD kernels run whole blocks of lanes with another rounding than their scalar
 * tail (observed, LiteRT 2.3.0 BUILTIN_WITHOUT_DEFAULT_DELEGATES): the high multiply rounds half
 * up (NEON's vqrdmulh), and
 *   8-lane blocks (uint8 rows, int8/uint8 rows against a fixed operand): each input is
 *     (x << left_shift) high-multiplied, then shifted right by -shift (floor);
 *   16-lane blocks (same-shape int16): each input is shifted left by left_shift + shift, then
 *     high-multiplied;
 * the output is the round-half-up high multiply then the half-away-from-zero divide. */
static inline int32_t shift_signed(int32_t x, int32_t s)
{
    return s >= 0 ? (int32_t)((uint32_t)x << s) : (x >> -s);
}

static inline int32_t vec_out(int32_t sum, const interp_qbinary_params *p)
{
    const int32_t r = interp_rounding_divide_by_pot(interp_srdhm_up(sum, p->out_mult), -p->out_shift);
    return interp_clamp_i32(r + p->out_offset, p->lo, p->hi);
}

static inline int32_t vec_in(int32_t v, int32_t offset, const interp_qbinary_params *p, int32_t mult, int32_t shift)
{
    return shift_signed(interp_srdhm_up(shift_signed(v + offset, p->left_shift), mult), shift);
}


/* The rows copy the params into a local first: stores through the (int8/uint8) output may alias
 * anything, which would otherwise reload every parameter per element and block vectorisation. */
#define LOCAL_PARAMS                                                                                \
    const interp_qbinary_params local_params = *params;                                             \
    const interp_qbinary_params *p = &local_params;

/* One ADD/SUB row: both operands contiguous, or one of them fixed (stride 0). With p->simd bits
 * set, whole blocks of 8 take the vector rounding (see below), the rest the scalar one. */
#define QBINARY(P, T)                                                                               \
    static void P##_add_row(const T *a, int64_t sa, const T *b, int64_t sb, T *out, int64_t n,      \
                            const interp_qbinary_params *params)                                    \
    {                                                                                               \
        LOCAL_PARAMS                                                                                \
        int64_t i = 0;                                                                              \
        if (sa && sb) {                                                                             \
            if (p->simd & INTERP_QADD_SIMD_ROWS)                                                    \
                for (; i < n / 8 * 8; i++)                                                          \
                    out[i] = (T)vec_out(vec_in(a[i], p->a_offset, p, p->a_mult, p->a_shift) +       \
                                        vec_in(b[i], p->b_offset, p, p->b_mult, p->b_shift), p);    \
            for (; i < n; i++)                                                                      \
                out[i] = (T)qadd_out(                                                               \
                    qscale_in(a[i], p->a_offset, p->left_shift, p->a_mult, p->a_shift),             \
                    qscale_in(b[i], p->b_offset, p->left_shift, p->b_mult, p->b_shift), p);         \
        } else if (sa || sb) {                                                                      \
            const T *x = sa ? a : b;                                                                \
            const int32_t fixed = sa ? *b : *a;                                                     \
            const int32_t xo = sa ? p->a_offset : p->b_offset, fo = sa ? p->b_offset : p->a_offset; \
            const int32_t xm = sa ? p->a_mult : p->b_mult, fm = sa ? p->b_mult : p->a_mult;         \
            const int32_t xs = sa ? p->a_shift : p->b_shift, fs = sa ? p->b_shift : p->a_shift;     \
            if (p->simd & INTERP_QADD_SIMD_SCALAR) {                                                \
                const int32_t vf = vec_in(fixed, fo, p, fm, fs);                                    \
                for (; i < n / 8 * 8; i++)                                                          \
                    out[i] = (T)vec_out(vf + vec_in(x[i], xo, p, xm, xs), p);                       \
            }                                                                                       \
            const int32_t df = qscale_in(fixed, fo, p->left_shift, fm, fs);                         \
            for (; i < n; i++)                                                                      \
                out[i] = (T)qadd_out(df, qscale_in(x[i], xo, p->left_shift, xm, xs), p);            \
        } else {                                                                                    \
            const T v = (T)qadd_out(                                                                \
                qscale_in(*a, p->a_offset, p->left_shift, p->a_mult, p->a_shift),                   \
                qscale_in(*b, p->b_offset, p->left_shift, p->b_mult, p->b_shift), p);               \
            for (; i < n; i++)                                                                      \
                out[i] = v;                                                                         \
        }                                                                                           \
    }                                                                                               \
    static void P##_mul_row(const T *a, int64_t sa, const T *b, int64_t sb, T *out, int64_t n,      \
                            const interp_qbinary_params *params)                                    \
    {                                                                                               \
        LOCAL_PARAMS                                                                                \
        if (sa && sb) {                                                                             \
            for (int64_t i = 0; i < n; i++)                                                         \
                out[i] = (T)qmul_one(a[i], b[i], p);                                                \
        } else if (sa) {                                                                            \
            const int32_t vb = *b;                                                                  \
            for (int64_t i = 0; i < n; i++)                                                         \
                out[i] = (T)qmul_one(a[i], vb, p);                                                  \
        } else if (sb) {                                                                            \
            const int32_t va = *a;                                                                  \
            for (int64_t i = 0; i < n; i++)                                                         \
                out[i] = (T)qmul_one(va, b[i], p);                                                  \
        } else {                                                                                    \
            const T v = (T)qmul_one(*a, *b, p);                                                     \
            for (int64_t i = 0; i < n; i++)                                                         \
                out[i] = v;                                                                         \
        }                                                                                           \
    }                                                                                               \
    int interp_##P##_add(const T *a, const T *b, T *out, const interp_qbinary_params *p)            \
    {                                                                                               \
        INTERP_BROADCAST_WALK(P##_add_row)                                                          \
    }                                                                                               \
    int interp_##P##_mul(const T *a, const T *b, T *out, const interp_qbinary_params *p)            \
    {                                                                                               \
        INTERP_BROADCAST_WALK(P##_mul_row)                                                          \
    }

QBINARY(i8, int8_t)
QBINARY(u8, uint8_t)
QBINARY(i16, int16_t)

/* int16 ADD/SUB, power-of-two scales: the shifted input (a when a_shift > 0, else b) is divided by
 * 2^shift; b_mult is +1 for ADD, -1 for SUB. */
static inline int32_t pot_one(int32_t a, int32_t b, const interp_qbinary_params *p)
{
    const int32_t x = interp_rounding_divide_by_pot(a, p->a_shift);
    const int32_t y = interp_rounding_divide_by_pot(b, p->b_shift);
    const int32_t s = interp_clamp_i32(x + p->b_mult * y, -32768, 32767);
    return interp_clamp_i32(s, p->lo, p->hi);
}

static void i16_pot_row(const int16_t *a, int64_t sa, const int16_t *b, int64_t sb, int16_t *out,
                        int64_t n, const interp_qbinary_params *p)
{
    for (int64_t i = 0; i < n; i++)
        out[i] = (int16_t)pot_one(a[i * sa], b[i * sb], p);
}

int interp_i16_add_pot(const int16_t *a, const int16_t *b, int16_t *out, const interp_qbinary_params *p)
{
    INTERP_BROADCAST_WALK(i16_pot_row)
}


int interp_i16_add_blocked(const int16_t *a, const int16_t *b, int16_t *out, const interp_qbinary_params *p)
{
    const int64_t n = p->bc.shape[0], whole = n / 16 * 16;
    const int32_t ls_a = p->left_shift + p->a_shift, ls_b = p->left_shift + p->b_shift;
    for (int64_t i = 0; i < whole; i++) {
        const int32_t x = interp_srdhm_up(shift_signed(a[i] + p->a_offset, ls_a), p->a_mult);
        const int32_t y = interp_srdhm_up(shift_signed(b[i] + p->b_offset, ls_b), p->b_mult);
        out[i] = (int16_t)vec_out(x + y, p);
    }
    i16_add_row(a + whole, 1, b + whole, 1, out + whole, n - whole, p);
    return INTERP_OK;
}

/* CONCATENATION of uint8 inputs with other quantization than the output's (LiteRT's
 * ConcatenationWithScaling): after the plain copy, each of the `outer` runs of `len` elements at
 * y + o * stride becomes clamp(round(v * scale + bias) + out_zero_point), round half away from
 * zero, in float; each float rounding is an explicit conversion so that no FMA forms (the double
 * product of a float and a uint8 is exact, so is the double sum of the two floats here). */
int interp_u8_rescale_runs(uint8_t *y, const interp_rescale_params *p)
{
    for (int64_t o = 0; o < p->outer; o++) {
        uint8_t *r = y + o * p->stride;
        for (int64_t k = 0; k < p->len; k++) {
            const float t = (float)((double)r[k] * (double)p->scale);
            const float v = (float)((double)t + (double)p->bias);
            const int32_t q = (int32_t)roundf(v) + p->out_zero_point;
            r[k] = (uint8_t)interp_clamp_i32(q, 0, 255);
        }
    }
    return INTERP_OK;
}
