/* RESIZE_NEAREST_NEIGHBOR and RESIZE_BILINEAR over NHWC (see kernels.h). */
#include <string.h>

#include "kernels.h"

#define NEAREST_KERNEL(BITS, T)                                                                 \
    int interp_x##BITS##_resize_nearest(const T *in, T *out, const int64_t *ys,                 \
                                        const int64_t *xs, const interp_resize_params *p)       \
    {                                                                                           \
        const int64_t depth = p->depth, row = p->in_w * depth;                                  \
        const size_t bytes = (size_t)depth * sizeof(T);                                         \
        for (int64_t b = 0; b < p->batch; b++) {                                                \
            const T *image = in + b * p->in_h * row;                                            \
            for (int64_t y = 0; y < p->out_h; y++) {                                            \
                const T *src = image + ys[y] * row;                                             \
                for (int64_t x = 0; x < p->out_w; x++, out += depth)                            \
                    memcpy(out, src + xs[x] * depth, bytes);                                    \
            }                                                                                   \
        }                                                                                       \
        return INTERP_OK;                                                                       \
    }

NEAREST_KERNEL(8, uint8_t)
NEAREST_KERNEL(16, uint16_t)
NEAREST_KERNEL(32, uint32_t)
NEAREST_KERNEL(64, uint64_t)

int interp_f32_resize_bilinear(const float *in, float *out, const int64_t *y0, const int64_t *y1,
                               const float *fy, const int64_t *x0, const int64_t *x1,
                               const float *fx, const interp_resize_params *p)
{
    const int64_t depth = p->depth, row = p->in_w * depth;
    for (int64_t b = 0; b < p->batch; b++) {
        const float *image = in + b * p->in_h * row;
        for (int64_t y = 0; y < p->out_h; y++) {
            const float *top = image + y0[y] * row, *bottom = image + y1[y] * row;
            const float dy = fy[y], ey = 1.0f - dy;
            for (int64_t x = 0; x < p->out_w; x++, out += depth) {
                const float dx = fx[x], ex = 1.0f - dx;
                const float *a = top + x0[x] * depth, *c = top + x1[x] * depth;
                const float *bb = bottom + x0[x] * depth, *d = bottom + x1[x] * depth;
                for (int64_t k = 0; k < depth; k++)
                    out[k] = a[k] * ey * ex + bb[k] * dy * ex + c[k] * ey * dx + d[k] * dy * dx;
            }
        }
    }
    return INTERP_OK;
}
