/* Walking the outer dims of an interp_broadcast (kernels.h): included by the .c files of the
 * broadcasting binary kernels, not by the cffi cdef. */
#ifndef INTERP_BROADCAST_H
#define INTERP_BROADCAST_H

#include "kernels.h"

/* Step the index idx[0..last) of the dims before the innermost one like an odometer, moving the
 * element offsets *ao and *bo of a and b along with it. */
static inline void interp_broadcast_next(const interp_broadcast *bc, int last, int64_t *idx,
                                         int64_t *ao, int64_t *bo) {
    for (int d = last - 1; d >= 0; d--) {
        *ao += bc->a_stride[d];
        *bo += bc->b_stride[d];
        if (++idx[d] < bc->shape[d])
            return;
        *ao -= bc->a_stride[d] * bc->shape[d];
        *bo -= bc->b_stride[d] * bc->shape[d];
        idx[d] = 0;
    }
}

/* The body of a broadcasting kernel with arguments (a, b, out, p), p->bc its interp_broadcast:
 * ROW(a + ao, sa, b + bo, sb, out, n, p) computes one run of the innermost dim (n elements, input
 * strides sa and sb), and the odometer walks the outer dims. Ends the function with INTERP_OK. */
#define INTERP_BROADCAST_WALK(ROW)                                                                  \
    const interp_broadcast *bc = &p->bc;                                                            \
    const int last = bc->rank - 1;                                                                  \
    const int64_t n = bc->shape[last];                                                              \
    const int64_t sa = bc->a_stride[last], sb = bc->b_stride[last];                                 \
    int64_t outer = 1, idx[INTERP_MAX_DIMS] = {0}, ao = 0, bo = 0;                                  \
    for (int d = 0; d < last; d++)                                                                  \
        outer *= bc->shape[d];                                                                      \
    for (int64_t o = 0; o < outer; o++, out += n) {                                                 \
        ROW(a + ao, sa, b + bo, sb, out, n, p);                                                     \
        interp_broadcast_next(bc, last, idx, &ao, &bo);                                             \
    }                                                                                               \
    return INTERP_OK;

#endif
