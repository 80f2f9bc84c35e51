/* SELECT / SELECT_V2 (see kernels.h): out = cond ? x : y with three-way broadcasting. The kernels
 * only copy elements, so one function per element size serves every dtype of that size. */
#include "kernels.h"

#define SELECT(P, T)                                                                                \
    int interp_##P##_select(const uint8_t *c, const T *x, const T *y, T *out,                      \
                            const interp_select_params *p)                                          \
    {                                                                                               \
        const int last = p->rank - 1;                                                               \
        const int64_t n = p->shape[last];                                                           \
        const int64_t sc = p->c_stride[last], sx = p->x_stride[last], sy = p->y_stride[last];       \
        int64_t outer = 1, idx[INTERP_MAX_DIMS] = {0}, co = 0, xo = 0, yo = 0;                      \
        for (int d = 0; d < last; d++)                                                              \
            outer *= p->shape[d];                                                                   \
        for (int64_t o = 0; o < outer; o++, out += n) {                                             \
            const uint8_t *pc = c + co;                                                             \
            const T *px = x + xo, *py = y + yo;                                                     \
            for (int64_t i = 0; i < n; i++)                                                         \
                out[i] = pc[i * sc] ? px[i * sx] : py[i * sy];                                      \
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
