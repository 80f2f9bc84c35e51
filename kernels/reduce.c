/* MEAN, SUM, REDUCE_PROD, REDUCE_MAX, REDUCE_MIN (see kernels.h, interp_reduce_params).
 *
 * One walk over the input in memory order. The folded dims alternate between kept and reduced
 * runs; the innermost run is either kept (each input row combines elementwise into a row of the
 * accumulator: a contiguous loop the compiler vectorises) or reduced (each input row folds into
 * LANES independent partial results, combined pairwise, then into one accumulator slot). */
#include <math.h>
#include <string.h>

#include "kernels.h"

#define LANES 8

/* DEFINE_FOLD(NAME, ...) makes fold_NAME(x, n): the fold of x[0..n) in LANES partial results (lane
 * k takes j = k mod LANES of the body, the tail goes to lanes 0, 1, ...), combined pairwise: an
 * innermost reduced run. */
#define DEFINE_FOLD(NAME, T, ACC, INIT, COMBINE)                                                   \
    static inline ACC fold_##NAME(const T *restrict x, int64_t n)                                  \
    {                                                                                              \
        ACC lane[LANES];                                                                           \
        for (int k = 0; k < LANES; k++)                                                            \
            lane[k] = (INIT);                                                                      \
        int64_t j = 0;                                                                             \
        for (; j + LANES <= n; j += LANES) {                                                       \
            for (int k = 0; k < LANES; k++) {                                                      \
                const ACC a = lane[k], v = (ACC)x[j + k];                                          \
                lane[k] = COMBINE(a, v);                                                           \
            }                                                                                      \
        }                                                                                          \
        for (int k = 0; j < n; j++, k++) {                                                         \
            const ACC a = lane[k], v = (ACC)x[j];                                                  \
            lane[k] = COMBINE(a, v);                                                               \
        }                                                                                          \
        for (int w = LANES / 2; w > 0; w /= 2) {                                                   \
            for (int k = 0; k < w; k++) {                                                          \
                const ACC a = lane[k], v = lane[k + w];                                            \
                lane[k] = COMBINE(a, v);                                                           \
            }                                                                                      \
        }                                                                                          \
        return lane[0];                                                                            \
    }

/* DEFINE_WALK(NAME, ...) makes walk_NAME(x, acc, p): acc[0..out_count) = the reduction of x
 * under COMBINE, starting from INIT. COMBINE(a, v) takes the running value and one more value
 * (both of type ACC) and must be branch-free, so the row loops vectorise. The walk goes over
 * "steps": with an innermost reduced run a step is one input row (folded into one acc slot); with
 * an innermost kept run the dim above it is reduced (the folding alternates), and a step is all
 * of its rows, which land on the same acc row. */
#define DEFINE_WALK(NAME, T, ACC, INIT, COMBINE)                                                   \
    /* acc[j] = COMBINE(acc[j], x[r][j]) for the m rows r of n elements: four rows combine in      \
     * registers before acc is touched, then the rest one by one. */                               \
    static inline void kept_##NAME(ACC *restrict acc, const T *restrict x, int64_t n, int64_t m)   \
    {                                                                                              \
        int64_t r = 0;                                                                             \
        for (; r + 4 <= m; r += 4) {                                                               \
            const T *restrict x0 = x + r * n, *restrict x1 = x0 + n;                               \
            const T *restrict x2 = x1 + n, *restrict x3 = x2 + n;                                  \
            for (int64_t j = 0; j < n; j++) {                                                      \
                const ACC v0 = (ACC)x0[j], v1 = (ACC)x1[j], v2 = (ACC)x2[j], v3 = (ACC)x3[j];      \
                const ACC u0 = COMBINE(v0, v1), u1 = COMBINE(v2, v3);                              \
                const ACC a = acc[j], v = COMBINE(u0, u1);                                         \
                acc[j] = COMBINE(a, v);                                                            \
            }                                                                                      \
        }                                                                                          \
        for (; r < m; r++) {                                                                       \
            const T *restrict xr = x + r * n;                                                      \
            for (int64_t j = 0; j < n; j++) {                                                      \
                const ACC a = acc[j], v = (ACC)xr[j];                                              \
                acc[j] = COMBINE(a, v);                                                            \
            }                                                                                      \
        }                                                                                          \
    }                                                                                              \
    static void walk_##NAME(const T *restrict x, ACC *restrict acc, const interp_reduce_params *p) \
    {                                                                                              \
        for (int64_t i = 0; i < p->out_count; i++)                                                 \
            acc[i] = (INIT);                                                                       \
        if (p->in_count == 0)                                                                      \
            return;                                                                                \
        const int32_t rank = p->rank;                                                              \
        const int64_t n = p->shape[rank - 1];                                                      \
        const int inner_reduced = p->inner_reduced;                                                \
        const int stacked = !inner_reduced && rank >= 2;                                           \
        const int64_t m = stacked ? p->shape[rank - 2] : 1; /* rows per step */                    \
        const int32_t walked = rank - 1 - stacked;          /* dims the odometer walks */          \
        const int64_t steps = p->in_count / (n * m);                                               \
        int64_t idx[INTERP_REDUCE_MAX_DIMS] = {0};                                                 \
        int64_t o = 0;                                                                             \
        for (int64_t s = 0; s < steps; s++, x += n * m) {                                          \
            if (inner_reduced) {                                                                   \
                const ACC a = acc[o], v = fold_##NAME(x, n);                                       \
                acc[o] = COMBINE(a, v);                                                            \
            } else {                                                                               \
                kept_##NAME(acc + o, x, n, m);                                                     \
            }                                                                                      \
            for (int32_t d = walked - 1; d >= 0; d--) { /* next step: odometer */                  \
                o += p->out_stride[d];                                                             \
                if (++idx[d] < p->shape[d])                                                        \
                    break;                                                                         \
                o -= p->out_stride[d] * p->shape[d];                                               \
                idx[d] = 0;                                                                        \
            }                                                                                      \
        }                                                                                          \
    }

#define ADD(a, v) ((a) + (v))
#define MUL(a, v) ((a) * (v))
#define OR(a, v) ((uint8_t)((a) | (v)))
#define AND(a, v) ((uint8_t)((a) & (v)))
/* NaN propagates: once the running value is NaN no number replaces it, and a NaN input wins. */
#define MAX(a, v) ((((v) > (a)) | ((v) != (v))) ? (v) : (a))
#define MIN(a, v) ((((v) < (a)) | ((v) != (v))) ? (v) : (a))

/* Float MAX/MIN folds: the compilers' vectorisers do not turn the NaN-propagating select of a
 * lane array into SIMD, so GCC and Clang get explicit 8-float vectors (bitwise blend on the mask
 * of "v wins"); other compilers get the generic lanes. Same results either way. */
#if defined(__GNUC__)
typedef float f32x8 __attribute__((vector_size(LANES * sizeof(float))));
typedef int32_t i32x8 __attribute__((vector_size(LANES * sizeof(float))));
#define DEFINE_F32_FOLD(NAME, INIT, CMP)                                                           \
    static inline float fold_##NAME(const float *restrict x, int64_t n)                            \
    {                                                                                              \
        f32x8 acc;                                                                                 \
        for (int k = 0; k < LANES; k++)                                                            \
            acc[k] = (INIT);                                                                       \
        int64_t j = 0;                                                                             \
        for (; j + LANES <= n; j += LANES) {                                                       \
            f32x8 v;                                                                               \
            memcpy(&v, x + j, sizeof v);                                                           \
            const i32x8 win = (v CMP acc) | (v != v);                                              \
            acc = (f32x8)(((i32x8)v & win) | ((i32x8)acc & ~win));                                 \
        }                                                                                          \
        float lane[LANES];                                                                         \
        memcpy(lane, &acc, sizeof lane);                                                           \
        for (int k = 0; j < n; j++, k++)                                                           \
            lane[k] = ((x[j] CMP lane[k]) | (x[j] != x[j])) ? x[j] : lane[k];                      \
        for (int w = LANES / 2; w > 0; w /= 2)                                                     \
            for (int k = 0; k < w; k++)                                                            \
                lane[k] = ((lane[k + w] CMP lane[k]) | (lane[k + w] != lane[k + w]))               \
                              ? lane[k + w] : lane[k];                                             \
        return lane[0];                                                                            \
    }
DEFINE_F32_FOLD(f32_max, -INFINITY, >)
DEFINE_F32_FOLD(f32_min, INFINITY, <)
#else
DEFINE_FOLD(f32_max, float, float, -INFINITY, MAX)
DEFINE_FOLD(f32_min, float, float, INFINITY, MIN)
#endif
DEFINE_WALK(f32_max, float, float, -INFINITY, MAX)
DEFINE_WALK(f32_min, float, float, INFINITY, MIN)

/* The other reductions: the generic fold and the walk. Float sums and products run in double;
 * integer ones in uint64_t, which wraps (the low 32 bits of a wrapped 64-bit sum or product are
 * the wrapped 32-bit one). */
#define DEFINE_REDUCTION(NAME, T, ACC, INIT, COMBINE)                                              \
    DEFINE_FOLD(NAME, T, ACC, INIT, COMBINE)                                                       \
    DEFINE_WALK(NAME, T, ACC, INIT, COMBINE)

DEFINE_REDUCTION(f32_sum, float, double, 0.0, ADD)
DEFINE_REDUCTION(f32_prod, float, double, 1.0, MUL)
DEFINE_REDUCTION(i32_sum, int32_t, uint64_t, 0, ADD)
DEFINE_REDUCTION(i32_prod, int32_t, uint64_t, 1, MUL)
DEFINE_REDUCTION(i32_max, int32_t, int32_t, INT32_MIN, MAX)
DEFINE_REDUCTION(i32_min, int32_t, int32_t, INT32_MAX, MIN)
DEFINE_REDUCTION(i64_sum, int64_t, uint64_t, 0, ADD)
DEFINE_REDUCTION(i64_prod, int64_t, uint64_t, 1, MUL)
DEFINE_REDUCTION(i64_max, int64_t, int64_t, INT64_MIN, MAX)
DEFINE_REDUCTION(i64_min, int64_t, int64_t, INT64_MAX, MIN)
DEFINE_REDUCTION(i8_max, int8_t, int8_t, INT8_MIN, MAX)
DEFINE_REDUCTION(i8_min, int8_t, int8_t, INT8_MAX, MIN)
DEFINE_REDUCTION(u8_max, uint8_t, uint8_t, 0, MAX)
DEFINE_REDUCTION(u8_min, uint8_t, uint8_t, UINT8_MAX, MIN)
DEFINE_REDUCTION(u8_any, uint8_t, uint8_t, 0, OR)
DEFINE_REDUCTION(u8_all, uint8_t, uint8_t, 1, AND)

int interp_f32_reduce_sum(const float *x, float *out, double *acc, const interp_reduce_params *p)
{
    walk_f32_sum(x, acc, p);
    const double divisor = p->divisor;
    for (int64_t i = 0; i < p->out_count; i++)
        out[i] = (float)(acc[i] / divisor);
    return INTERP_OK;
}

int interp_f32_reduce_prod(const float *x, float *out, double *acc, const interp_reduce_params *p)
{
    walk_f32_prod(x, acc, p);
    for (int64_t i = 0; i < p->out_count; i++)
        out[i] = (float)acc[i];
    return INTERP_OK;
}

/* Integer SUM (divisor 1) and MEAN: the exact 64-bit sum divided, truncating toward zero; an empty
 * MEAN (divisor 0) gives 0. */
#define INT_SUM_PROD(T, DT)                                                                        \
    int interp_##DT##_reduce_sum(const T *x, T *out, uint64_t *acc, const interp_reduce_params *p) \
    {                                                                                              \
        walk_##DT##_sum(x, acc, p);                                                                \
        const int64_t divisor = p->idivisor;                                                       \
        for (int64_t i = 0; i < p->out_count; i++)                                                 \
            out[i] = divisor ? (T)((int64_t)acc[i] / divisor) : 0;                                 \
        return INTERP_OK;                                                                          \
    }                                                                                              \
    int interp_##DT##_reduce_prod(const T *x, T *out, uint64_t *acc,                               \
                                  const interp_reduce_params *p)                                   \
    {                                                                                              \
        walk_##DT##_prod(x, acc, p);                                                               \
        for (int64_t i = 0; i < p->out_count; i++)                                                 \
            out[i] = (T)acc[i];                                                                    \
        return INTERP_OK;                                                                          \
    }

INT_SUM_PROD(int32_t, i32)
INT_SUM_PROD(int64_t, i64)

#define MAX_MIN(T, DT)                                                                             \
    int interp_##DT##_reduce_max(const T *x, T *out, const interp_reduce_params *p)                \
    {                                                                                              \
        walk_##DT##_max(x, out, p);                                                                \
        return INTERP_OK;                                                                          \
    }                                                                                              \
    int interp_##DT##_reduce_min(const T *x, T *out, const interp_reduce_params *p)                \
    {                                                                                              \
        walk_##DT##_min(x, out, p);                                                                \
        return INTERP_OK;                                                                          \
    }

MAX_MIN(float, f32)
MAX_MIN(int32_t, i32)
MAX_MIN(int64_t, i64)
MAX_MIN(int8_t, i8) /* quantized REDUCE_MAX / REDUCE_MIN (same params in and out; quant_extra) */
MAX_MIN(uint8_t, u8)

/* REDUCE_ANY / REDUCE_ALL over BOOL (bytes holding 0 or 1). */
int interp_u8_reduce_any(const uint8_t *x, uint8_t *out, const interp_reduce_params *p)
{
    walk_u8_any(x, out, p);
    return INTERP_OK;
}

int interp_u8_reduce_all(const uint8_t *x, uint8_t *out, const interp_reduce_params *p)
{
    walk_u8_all(x, out, p);
    return INTERP_OK;
}
