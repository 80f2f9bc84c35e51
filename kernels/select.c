/* SELECT / SELECT_V2 (see kernels.h): out = cond ? x : y with three-way broadcasting. The kernels
 * only copy elements, so one function per element size serves every dtype of that size. */
#include "kernels.h"

/* The innermost folded dim has stride 1 or 0 in each operand; each of the 8 cases is its own loop
 * with constant strides, so a broadcast operand is one hoisted load. The choice is a bit mask
 * (all ones where c is true), not a branch, so the loops vectorise and random conditions cost no
 * mispredictions. */
#define SELECT_INNER(T, SC, SX, SY)                                                                 \
    for (int64_t i = 0; i < n; i++) {                                                               \
        const T m = (T)((T)0 - (T)(pc[i * SC] != 0));                                               \
        out[i] = (T)((px[i * SX] & m) | (py[i * SY] & (T)~m));                                      \
    }

#define SELECT(P, T)                                                                                \
    int interp_##P##_select(const uint8_t *c, const T *x, const T *y, T *out,                      \
                            const interp_select_params *p)                                          \
    {                                                                                               \
        const int last = p->rank - 1;                                                               \
        const int64_t n = p->shape[last];                                                           \
        const int kind = (p->c_stride[last] != 0) * 4 + (p->x_stride[last] != 0) * 2                \
                         + (p->y_stride[last] != 0);                                                \
        int64_t outer = 1, idx[INTERP_MAX_DIMS] = {0}, co = 0, xo = 0, yo = 0;                      \
        for (int d = 0; d < last; d++)                                                              \
            outer *= p->shape[d];                                                                   \
        for (int64_t o = 0; o < outer; o++, out += n) {                                             \
            const uint8_t *pc = c + co;                                                             \
            const T *px = x + xo, *py = y + yo;                                                     \
            switch (kind) {                                                                         \
            case 0: SELECT_INNER(T, 0, 0, 0) break;                                                    \
            case 1: SELECT_INNER(T, 0, 0, 1) break;                                                    \
            case 2: SELECT_INNER(T, 0, 1, 0) break;                                                    \
            case 3: SELECT_INNER(T, 0, 1, 1) break;                                                    \
            case 4: SELECT_INNER(T, 1, 0, 0) break;                                                    \
            case 5: SELECT_INNER(T, 1, 0, 1) break;                                                    \
            case 6: SELECT_INNER(T, 1, 1, 0) break;                                                    \
            default: SELECT_INNER(T, 1, 1, 1) break;                                                   \
            }                                                                                       \
            for (int d = last - 1; d >= 0; d--) {                                                   \
                co += p->c_stride[d];                                                               \
                xo += p->x_stride[d];                                                               \
                yo += p->y_stride[d];                                                               \
                if (++idx[d] < p->shape[d])                                                         \
                    break;                                                                          \
                co -= p->c_stride[d] * p->shape[d];                                                 \
                xo -= p->x_stride[d] * p->shape[d];                                                 \
                yo -= p->y_stride[d] * p->shape[d];                                                 \
                idx[d] = 0;                                                                         \
            }                                                                                       \
        }                                                                                           \
        return INTERP_OK;                                                                           \
    }

SELECT(u8, uint8_t)
SELECT(i16, int16_t)
SELECT(i32, int32_t)
SELECT(i64, int64_t)
