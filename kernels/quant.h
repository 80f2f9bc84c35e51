/* Fixed-point requantization shared by the quantized kernels (included by .c files, not by the
 * cffi cdef). Semantics are LiteRT's reference kernels with TFLITE_SINGLE_ROUNDING unset, the
 * rounding its default build (and so the BUILTIN_WITHOUT_DEFAULT_DELEGATES resolver) uses;
 * FORMAT.md §8 "MultiplyByQuantizedMultiplier, double rounding".
 *
 * A real multiplier M > 0 is stored as (multiplier, shift): multiplier is a Q31 int32 in
 * [2^30, 2^31) and M = multiplier / 2^31 * 2^shift; shift > 0 shifts left (interp/ops/_quant.py
 * quantize_multiplier makes the pair). */
#ifndef INTERP_QUANT_H
#define INTERP_QUANT_H

#include <stdint.h>

/* round(a * b / 2^31), ties away from zero, done in 64 bits; the one overflowing case
 * (a = b = INT32_MIN) saturates to INT32_MAX. */
static inline int32_t interp_srdhm(int32_t a, int32_t b) {
    if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
    int64_t ab = (int64_t)a * (int64_t)b;
    int64_t nudge = ab >= 0 ? ((int64_t)1 << 30) : (1 - ((int64_t)1 << 30));
    return (int32_t)((ab + nudge) / ((int64_t)1 << 31)); /* C division truncates toward zero */
}

/* x / 2^exponent rounded half away from zero (exponent in [0, 31]). */
static inline int32_t interp_rounding_divide_by_pot(int32_t x, int exponent) {
    const int32_t mask = (int32_t)(((int64_t)1 << exponent) - 1);
    const int32_t remainder = x & mask;
    const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/* x * M: shift left first (int32 wrap-around as in the reference), then the high multiply, then
 * the rounding right shift. */
static inline int32_t interp_mbqm(int32_t x, int32_t multiplier, int shift) {
    const int left = shift > 0 ? shift : 0;
    const int right = shift > 0 ? 0 : -shift;
    const int32_t shifted = (int32_t)((uint32_t)x << left);
    return interp_rounding_divide_by_pot(interp_srdhm(shifted, multiplier), right);
}

/* The rounding LiteRT's optimized (NEON-style) kernels use in their SIMD blocks (observed on
 * x86 too): round(a * b / 2^31) with ties toward +infinity (NEON vqrdmulh; the a = b = INT32_MIN
 * case saturates), and x / 2^exponent with ties toward +infinity (NEON vrshl by -exponent). */
static inline int32_t interp_srdhm_up(int32_t a, int32_t b) {
    if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
    return (int32_t)(((int64_t)a * (int64_t)b + ((int64_t)1 << 30)) >> 31);
}

static inline int32_t interp_rounding_shift_up(int32_t x, int exponent) {
    if (exponent <= 0) return x;
    return (int32_t)(((int64_t)x + ((int64_t)1 << (exponent - 1))) >> exponent);
}

static inline int32_t interp_clamp_i32(int32_t v, int32_t lo, int32_t hi) {
    return v < lo ? lo : (v > hi ? hi : v);
}

#endif
