/* A 16-float vector for the conv family's kernels (gemm.c, depthwise_conv_2d.c, pool_2d.c).
 *
 * GCC and Clang get a vector-extension type, so one vf is one AVX-512 register, two AVX registers
 * or four SSE/NEON registers, whatever the target; other compilers get a struct and plain loops
 * with the same arithmetic. Loads and stores are unaligned. These are macros, not functions:
 * passing a vector by value draws ABI warnings in builds without wide registers.
 * Define INTERP_NO_VECTOR_EXT to force the plain-C fallback (to test it with GCC).
 * Private to the kernels: not part of kernels.h (no entry points here).
 */
#ifndef INTERP_SIMD_F32_H
#define INTERP_SIMD_F32_H

#include <stdint.h>
#include <string.h>

#define VF_N 16
#define VH_N 8 /* vh: half a vf, for the last 8 or fewer columns of a GEMM */

#if defined(__GNUC__) && !defined(INTERP_NO_VECTOR_EXT)
typedef float vf __attribute__((vector_size(VF_N * sizeof(float))));
typedef int32_t vi __attribute__((vector_size(VF_N * sizeof(int32_t))));
typedef float vh __attribute__((vector_size(VH_N * sizeof(float))));
typedef int32_t vh_int __attribute__((vector_size(VH_N * sizeof(int32_t))));
#define VF_ZERO(x) ((x) = (vf){0})
#define VH_ZERO(x) ((x) = (vh){0})
#define VF_SET1(x, s) ((x) = (vf){0} + (float)(s))
#define VH_SET1(x, s) ((x) = (vh){0} + (float)(s))
#define VF_FMA(acc, a, b) ((acc) += (a) * (b)) /* one FMA with -ffp-contract=fast */
#define VF_ADD(acc, b) ((acc) += (b))
#define VF_DIV(acc, b) ((acc) /= (b))
/* acc = max(acc, b) keeping acc where b is NaN (b > acc is false) */
#define VF_MAX(acc, b)                                                                             \
    do {                                                                                           \
        vi m_ = (b) > (acc);                                                                       \
        (acc) = (vf)((m_ & (vi)(b)) | (~m_ & (vi)(acc)));                                          \
    } while (0)
/* x = x < lo ? lo : (x > hi ? hi : x); NaN stays NaN */
#define CLAMP_T_(x, lo, hi, F, I)                                                                  \
    do {                                                                                           \
        I m_ = (x) < (lo);                                                                         \
        (x) = (F)((m_ & (I)(lo)) | (~m_ & (I)(x)));                                                \
        m_ = (x) > (hi);                                                                           \
        (x) = (F)((m_ & (I)(hi)) | (~m_ & (I)(x)));                                                \
    } while (0)
#define VF_CLAMP(x, lo, hi) CLAMP_T_(x, lo, hi, vf, vi)
#define VH_CLAMP(x, lo, hi) CLAMP_T_(x, lo, hi, vh, vh_int)
#else
typedef struct { float v[VF_N]; } vf;
typedef struct { float v[VH_N]; } vh;
#define VF_LOOP_(stmt) do { for (int j_ = 0; j_ < VF_N; j_++) { stmt; } } while (0)
#define VH_LOOP_(stmt) do { for (int j_ = 0; j_ < VH_N; j_++) { stmt; } } while (0)
#define VF_ZERO(x) memset(&(x), 0, sizeof(vf))
#define VH_ZERO(x) memset(&(x), 0, sizeof(vh))
#define VF_SET1(x, s) VF_LOOP_((x).v[j_] = (float)(s))
#define VH_SET1(x, s) VH_LOOP_((x).v[j_] = (float)(s))
#define VF_FMA(acc, a, b) VF_LOOP_((acc).v[j_] += (a) * (b).v[j_])
#define VH_FMA(acc, a, b) VH_LOOP_((acc).v[j_] += (a) * (b).v[j_])
#define VF_ADD(acc, b) VF_LOOP_((acc).v[j_] += (b).v[j_])
#define VH_ADD(acc, b) VH_LOOP_((acc).v[j_] += (b).v[j_])
#define VF_DIV(acc, b) VF_LOOP_((acc).v[j_] /= (b).v[j_])
#define VF_MAX(acc, b) VF_LOOP_(if ((b).v[j_] > (acc).v[j_]) (acc).v[j_] = (b).v[j_])
#define VF_CLAMP(x, lo, hi)                                                                        \
    VF_LOOP_(if ((x).v[j_] < (lo).v[j_]) (x).v[j_] = (lo).v[j_];                                  \
             else if ((x).v[j_] > (hi).v[j_]) (x).v[j_] = (hi).v[j_])
#define VH_CLAMP(x, lo, hi)                                                                        \
    VH_LOOP_(if ((x).v[j_] < (lo).v[j_]) (x).v[j_] = (lo).v[j_];                                  \
             else if ((x).v[j_] > (hi).v[j_]) (x).v[j_] = (hi).v[j_])
#endif
#if defined(__GNUC__) && !defined(INTERP_NO_VECTOR_EXT)
#define VH_FMA(acc, a, b) ((acc) += (a) * (b))
#define VH_ADD(acc, b) ((acc) += (b))
#endif

/* VF_FMA_V: acc += a * b with both vectors (the struct fallback needs its own spelling). */
#if defined(__GNUC__) && !defined(INTERP_NO_VECTOR_EXT)
#define VF_FMA_V(acc, a, b) ((acc) += (a) * (b))
#else
#define VF_FMA_V(acc, a, b) VF_LOOP_((acc).v[j_] += (a).v[j_] * (b).v[j_])
#endif

#if defined(__GNUC__) && !defined(INTERP_NO_VECTOR_EXT)
/* Unaligned vector access through a type (not memcpy of the variable's address, which would keep
 * accumulator arrays in memory instead of registers). */
typedef float vf_u_ __attribute__((vector_size(VF_N * sizeof(float)), aligned(4), may_alias));
typedef float vh_u_ __attribute__((vector_size(VH_N * sizeof(float)), aligned(4), may_alias));
#define VF_LOAD(x, p) ((x) = *(const vf_u_ *)(const void *)(p))
#define VF_STORE(p, x) (*(vf_u_ *)(void *)(p) = (x))
#define VH_LOAD(x, p) ((x) = *(const vh_u_ *)(const void *)(p))
#define VH_STORE(p, x) (*(vh_u_ *)(void *)(p) = (x))
#else
#define VF_LOAD(x, p) memcpy(&(x), (p), sizeof(vf))
#define VF_STORE(p, x) memcpy((p), &(x), sizeof(vf))
#define VH_LOAD(x, p) memcpy(&(x), (p), sizeof(vh))
#define VH_STORE(p, x) memcpy((p), &(x), sizeof(vh))
#endif
/* Copy n < VF_N floats with fixed-size moves (a memcpy of variable size is a library call). */
static inline void copy_n_(float *dst, const float *src, int64_t n)
{
    if (n & 8) { memcpy(dst, src, 8 * sizeof(float)); dst += 8; src += 8; }
    if (n & 4) { memcpy(dst, src, 4 * sizeof(float)); dst += 4; src += 4; }
    if (n & 2) { memcpy(dst, src, 2 * sizeof(float)); dst += 2; src += 2; }
    if (n & 1) *dst = *src;
}
/* the first n (< VF_N) lanes only; VF_LOAD_N zeroes the rest */
#define VF_LOAD_N(x, p, n) (VF_ZERO(x), copy_n_((float *)&(x), (p), (n)))
#define VF_STORE_N(p, x, n) copy_n_((p), (const float *)&(x), (n))
#define VH_LOAD_N(x, p, n) (VH_ZERO(x), copy_n_((float *)&(x), (p), (n)))
#define VH_STORE_N(p, x, n) copy_n_((p), (const float *)&(x), (n))

static inline float clampf_(float v, float lo, float hi) { return v < lo ? lo : (v > hi ? hi : v); }

#endif /* INTERP_SIMD_F32_H */
