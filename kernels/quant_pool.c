/* Quantized AVERAGE_POOL_2D and MAX_POOL_2D (int8, uint8, int16), NHWC; see kernels.h, section
 * quant_elementwise. Geometry as the float kernels (interp_pool_params). */
#include "kernels.h"

/* The in-image window of output (oy, ox): rows [y0, y1) x cols [x0, x1). */
static inline void window(const interp_pool_params *g, int64_t oy, int64_t ox, int64_t *y0,
                          int64_t *y1, int64_t *x0, int64_t *x1)
{
    const int64_t ys = oy * g->stride_h - g->pad_top, xs = ox * g->stride_w - g->pad_left;
    *y0 = ys < 0 ? 0 : ys;
    *y1 = ys + g->f_h > g->in_h ? g->in_h : ys + g->f_h;
    *x0 = xs < 0 ? 0 : xs;
    *x1 = xs + g->f_w > g->in_w ? g->in_w : xs + g->f_w;
}

/* The window walk both pools share: per output pixel, acc[k] starts at INIT, takes every in-bounds
 * input value with ACC(acc[k], v), and OUT(acc[k], count) gives the value clamped to [lo, hi]. */
#define QPOOL_LOOP(T, INIT, ACC, OUT)                                                               \
    const interp_qpool_params local = *params, *p = &local;                                         \
    const interp_pool_params *g = &p->g;                                                            \
    const int64_t c = g->c;                                                                         \
    for (int64_t b = 0; b < g->batch; b++)                                                          \
        for (int64_t oy = 0; oy < g->out_h; oy++)                                                   \
            for (int64_t ox = 0; ox < g->out_w; ox++, y += c) {                                     \
                int64_t y0, y1, x0, x1;                                                             \
                window(g, oy, ox, &y0, &y1, &x0, &x1);                                              \
                for (int64_t k = 0; k < c; k++)                                                     \
                    acc[k] = INIT;                                                                  \
                for (int64_t iy = y0; iy < y1; iy++)                                                \
                    for (int64_t ix = x0; ix < x1; ix++) {                                          \
                        const T *px = x + ((b * g->in_h + iy) * g->in_w + ix) * c;                  \
                        for (int64_t k = 0; k < c; k++)                                             \
                            ACC(acc[k], px[k]);                                                     \
                    }                                                                               \
                const int32_t count = (int32_t)((y1 - y0) * (x1 - x0));                             \
                (void)count;                                                                        \
                for (int64_t k = 0; k < c; k++) {                                                   \
                    const int32_t v = OUT(acc[k], count);                                           \
                    y[k] = (T)(v < p->lo ? p->lo : (v > p->hi ? p->hi : v));                        \
                }                                                                                   \
            }                                                                                       \
    return INTERP_OK;

#define QPOOL_SUM(a, v) ((a) += (v))
#define QPOOL_MAX(a, v) ((a) = (v) > (a) ? (v) : (a))
/* (acc +- count/2) / count: rounding half away from zero (FORMAT.md §8) */
#define QPOOL_MEAN(a, n) (((a) > 0 ? (a) + (n) / 2 : (a) - (n) / 2) / (n))
#define QPOOL_SAME(a, n) (a)

#define QPOOL(P, T, LOWEST)                                                                         \
    int interp_##P##_average_pool_2d(const T *x, T *y, int32_t *acc, const interp_qpool_params *params)  \
    {                                                                                               \
        QPOOL_LOOP(T, 0, QPOOL_SUM, QPOOL_MEAN)                                                     \
    }                                                                                               \
    int interp_##P##_max_pool_2d(const T *x, T *y, int32_t *acc, const interp_qpool_params *params)      \
    {                                                                                               \
        QPOOL_LOOP(T, LOWEST, QPOOL_MAX, QPOOL_SAME)                                                \
    }

QPOOL(i8, int8_t, -128)
QPOOL(u8, uint8_t, 0)
QPOOL(i16, int16_t, -32768)
