/* TOPK_V2 (see kernels.h): per row, a heap of the best k indices seen so far (its root the worst
 * of them), then a heapsort of it, best first. O(n log k) per row. */
#include "kernels.h"

/* Element i ranks above element j: the larger value, NaN below every number, the lower index
 * among equal values (and among NaNs). For integers the NaN terms compile away. */
#define ABOVE(x, i, j)                                                                             \
    ((x)[i] == (x)[i]                                                                              \
         ? ((x)[j] != (x)[j] || (x)[i] > (x)[j] || ((x)[i] == (x)[j] && (i) < (j)))                \
         : ((x)[j] != (x)[j] && (i) < (j)))

#define TOPK(DT, T)                                                                                \
    /* Restore the heap below `at` (h[0] = the lowest-ranked of h[0..size)). */                    \
    static void sift_##DT(const T *x, int32_t *h, int64_t size, int64_t at)                        \
    {                                                                                              \
        for (;;) {                                                                                 \
            int64_t worst = at;                                                                    \
            const int64_t l = 2 * at + 1, r = l + 1;                                               \
            if (l < size && ABOVE(x, h[worst], h[l]))                                              \
                worst = l;                                                                         \
            if (r < size && ABOVE(x, h[worst], h[r]))                                              \
                worst = r;                                                                         \
            if (worst == at)                                                                       \
                return;                                                                            \
            const int32_t t = h[at];                                                               \
            h[at] = h[worst];                                                                      \
            h[worst] = t;                                                                          \
            at = worst;                                                                            \
        }                                                                                          \
    }                                                                                              \
    int interp_##DT##_topk_v2(const T *x, T *values, int32_t *indices,                             \
                              const interp_topk_params *p)                                         \
    {                                                                                              \
        const int64_t n = p->n, k = p->k;                                                          \
        if (k == 0)                                                                                \
            return INTERP_OK;                                                                      \
        for (int64_t r = 0; r < p->rows; r++, x += n, values += k, indices += k) {                 \
            int32_t *h = indices;                                                                  \
            for (int64_t i = 0; i < k; i++)                                                        \
                h[i] = (int32_t)i;                                                                 \
            for (int64_t i = k / 2; i-- > 0;)                                                      \
                sift_##DT(x, h, k, i);                                                             \
            for (int64_t i = k; i < n; i++) {                                                      \
                const int32_t c = (int32_t)i;                                                      \
                if (ABOVE(x, c, h[0])) {                                                           \
                    h[0] = c;                                                                      \
                    sift_##DT(x, h, k, 0);                                                         \
                }                                                                                  \
            }                                                                                      \
            for (int64_t size = k; size > 1; size--) { /* the worst goes last */                   \
                const int32_t t = h[0];                                                            \
                h[0] = h[size - 1];                                                                \
                h[size - 1] = t;                                                                   \
                sift_##DT(x, h, size - 1, 0);                                                      \
            }                                                                                      \
            for (int64_t i = 0; i < k; i++)                                                        \
                values[i] = x[h[i]];                                                               \
        }                                                                                          \
        return INTERP_OK;                                                                          \
    }

TOPK(f32, float)
TOPK(i32, int32_t)
TOPK(i64, int64_t)
TOPK(i8, int8_t) /* quantized values (same params in and out; quant_extra) */
TOPK(u8, uint8_t)
