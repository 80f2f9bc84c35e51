/* CUMSUM (see kernels.h). */
#include "kernels.h"

/* The running sums of one [axis, inner] slab live in acc[0..inner): float ones in double, integer
 * ones in uint64_t (which wraps; its low bits are the type's wrapped sum). Each step along the axis
 * is a contiguous loop over inner. */
#define CUMSUM(DT, T, ACC)                                                                         \
    int interp_##DT##_cumsum(const T *x, T *out, ACC *acc, const interp_cumsum_params *p)          \
    {                                                                                              \
        const int64_t axis = p->axis, inner = p->inner;                                            \
        const int exclusive = p->exclusive;                                                        \
        if (inner == 1) { /* a running sum along each row: one scalar recurrence */             \
            const int64_t step = p->reverse ? -1 : 1;                                              \
            for (int64_t o = 0; o < p->outer; o++) {                                               \
                const int64_t first = o * axis + (p->reverse ? axis - 1 : 0);                      \
                const T *xs = x + first;                                                           \
                T *ys = out + first;                                                               \
                ACC a = 0;                                                                         \
                for (int64_t s = 0; s < axis; s++, xs += step, ys += step) {                       \
                    const ACC v = (ACC)*xs;                                                        \
                    *ys = (T)(exclusive ? a : a + v);                                              \
                    a += v;                                                                        \
                }                                                                                  \
            }                                                                                      \
            return INTERP_OK;                                                                      \
        }                                                                                          \
        for (int64_t o = 0; o < p->outer; o++) {                                                   \
            for (int64_t j = 0; j < inner; j++)                                                    \
                acc[j] = 0;                                                                        \
            for (int64_t s = 0; s < axis; s++) {                                                   \
                const int64_t k = p->reverse ? axis - 1 - s : s;                                   \
                const T *restrict xs = x + (o * axis + k) * inner;                                 \
                T *restrict ys = out + (o * axis + k) * inner;                                     \
                ACC *restrict a = acc;                                                             \
                if (exclusive) {                                                                   \
                    for (int64_t j = 0; j < inner; j++) {                                          \
                        ys[j] = (T)a[j];                                                           \
                        a[j] += (ACC)xs[j];                                                        \
                    }                                                                              \
                } else {                                                                           \
                    for (int64_t j = 0; j < inner; j++) {                                          \
                        a[j] += (ACC)xs[j];                                                        \
                        ys[j] = (T)a[j];                                                           \
                    }                                                                              \
                }                                                                                  \
            }                                                                                      \
        }                                                                                          \
        return INTERP_OK;                                                                          \
    }

CUMSUM(f32, float, double)
CUMSUM(i32, int32_t, uint64_t)
CUMSUM(i64, int64_t, uint64_t)
