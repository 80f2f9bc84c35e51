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

#endif
