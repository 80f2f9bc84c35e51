/* AVERAGE_POOL_2D and MAX_POOL_2D, float32 (contract in kernels.h, section conv).
 * Per output pixel: the window clipped to the image, 16 channels at a time (a last partial block is
 * redone from C - 16); fewer than 16 channels go one at a time. */
#include "kernels.h"
#include "simd_f32.h"

#include <float.h>

static inline void window(int64_t o, int64_t stride, int64_t pad, int64_t f, int64_t size,
                          int64_t *lo, int64_t *hi)
{
    int64_t a = o * stride - pad, b = a + f;
    *lo = a < 0 ? 0 : a;
    *hi = b > size ? size : b;
}

#define DEFINE_POOL(NAME, INIT, STEP_V, STEP_S, FINISH_V, FINISH_S)                                \
    int interp_f32_##NAME(const float *x, float *y, const interp_pool_params *p)                   \
    {                                                                                              \
        const int64_t C = p->c;                                                                    \
        vf vlo, vhi;                                                                               \
        VF_SET1(vlo, p->lo);                                                                       \
        VF_SET1(vhi, p->hi);                                                                       \
        for (int64_t n = 0; n < p->batch; n++) {                                                   \
            const float *xn = x + n * p->in_h * p->in_w * C;                                       \
            for (int64_t oh = 0; oh < p->out_h; oh++) {                                            \
                int64_t h0, h1;                                                                    \
                window(oh, p->stride_h, p->pad_top, p->f_h, p->in_h, &h0, &h1);                    \
                for (int64_t ow = 0; ow < p->out_w; ow++, y += C) {                                \
                    int64_t w0, w1;                                                                \
                    window(ow, p->stride_w, p->pad_left, p->f_w, p->in_w, &w0, &w1);               \
                    const float count = (float)((h1 - h0) * (w1 - w0));                            \
                    vf vcount;                                                                     \
                    VF_SET1(vcount, count);                                                        \
                    (void)vcount;                                                                  \
                    int64_t c = 0;                                                                 \
                    for (int64_t c0 = 0; C >= VF_N && c0 < C; c0 += VF_N) {                        \
                        /* a last partial block is redone from C - 16 */                           \
                        c = c0 + VF_N <= C ? c0 : C - VF_N;                                        \
                        vf acc, t;                                                                 \
                        VF_SET1(acc, INIT);                                                        \
                        for (int64_t ih = h0; ih < h1; ih++)                                       \
                            for (int64_t iw = w0; iw < w1; iw++) {                                 \
                                VF_LOAD(t, xn + (ih * p->in_w + iw) * C + c);                      \
                                STEP_V(acc, t);                                                    \
                            }                                                                      \
                        FINISH_V;                                                                  \
                        VF_CLAMP(acc, vlo, vhi);                                                   \
                        VF_STORE(y + c, acc);                                                      \
                        c = C;                                                                     \
                    }                                                                              \
                    for (; c < C; c++) {                                                           \
                        float acc = INIT;                                                          \
                        for (int64_t ih = h0; ih < h1; ih++)                                       \
                            for (int64_t iw = w0; iw < w1; iw++) {                                 \
                                const float t = xn[(ih * p->in_w + iw) * C + c];                   \
                                STEP_S;                                                            \
                            }                                                                      \
                        FINISH_S;                                                                  \
                        y[c] = clampf_(acc, p->lo, p->hi);                                         \
                    }                                                                              \
                }                                                                                  \
            }                                                                                      \
        }                                                                                          \
        return INTERP_OK;                                                                          \
    }

DEFINE_POOL(average_pool_2d, 0.0f, VF_ADD, acc += t, VF_DIV(acc, vcount), acc /= count)
DEFINE_POOL(max_pool_2d, -FLT_MAX, VF_MAX, if (t > acc) acc = t, (void)0, (void)0)
