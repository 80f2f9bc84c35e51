/* FULLY_CONNECTED, float32 (see kernels.h for the summation order). */
#include <string.h>

#include "kernels.h"

#define LANES 8 /* partial sums per dot product */
#define MR 2    /* batch rows per block */
#define NR 4    /* weight rows (units) per block */

/* A group of LANES floats. GCC and Clang get a vector type, so each group is one SIMD register
 * (or two halves) whatever the auto-vectoriser decides; other compilers get the same arithmetic
 * lane by lane. Either way lane k accumulates the products with i = k mod LANES. */
#if defined(__GNUC__)
typedef float lanes_t __attribute__((vector_size(LANES * sizeof(float))));
#define LANE(g, k) ((g)[k])
#define LANES_MULADD(acc, a, b) ((acc) += (a) * (b))
#else
typedef struct { float v[LANES]; } lanes_t;
#define LANE(g, k) ((g).v[k])
#define LANES_MULADD(acc, a, b)                                                                 \
    do {                                                                                        \
        for (int k_ = 0; k_ < LANES; k_++)                                                      \
            (acc).v[k_] += (a).v[k_] * (b).v[k_];                                               \
    } while (0)
#endif
/* Unaligned load of LANES floats. (Macros, not functions: passing a vector by value would draw
 * ABI warnings in builds without AVX.) */
#define LANES_LOAD(dst, p) memcpy(&(dst), (p), sizeof(dst))

static inline float clamp_f32(float v, float lo, float hi) { return v < lo ? lo : (v > hi ? hi : v); }

/* The fixed reduction of the lanes: halves first, as a SIMD horizontal sum does. */
static inline float lanes_sum(const lanes_t *s)
{
    return ((LANE(*s, 0) + LANE(*s, 4)) + (LANE(*s, 2) + LANE(*s, 6)))
         + ((LANE(*s, 1) + LANE(*s, 5)) + (LANE(*s, 3) + LANE(*s, 7)));
}

/* out[b][r] = x[b] . w[r] for MR input rows and NR weight rows: each load of x serves NR rows and
 * each load of w serves MR rows. Every dot product of the kernel goes through here (a short last
 * block repeats its last row), so each is summed by the same instructions wherever it sits. */
static inline void block(const float *const x[MR], const float *const w[NR], int64_t depth,
                         float out[MR][NR])
{
    const int64_t body = depth - depth % LANES;
    lanes_t acc[MR][NR];
    memset(acc, 0, sizeof acc);
    for (int64_t i = 0; i < body; i += LANES) {
        lanes_t xv[MR], wv;
        for (int b = 0; b < MR; b++)
            LANES_LOAD(xv[b], x[b] + i);
        for (int r = 0; r < NR; r++) {
            LANES_LOAD(wv, w[r] + i);
            for (int b = 0; b < MR; b++)
                LANES_MULADD(acc[b][r], xv[b], wv);
        }
    }
    for (int b = 0; b < MR; b++) {
        for (int r = 0; r < NR; r++) {
            float t = lanes_sum(&acc[b][r]);
            for (int64_t i = body; i < depth; i++)
                t += x[b][i] * w[r][i];
            out[b][r] = t;
        }
    }
}

int interp_f32_fully_connected(const float *x, const float *w, const float *bias, float *y,
                               const interp_fc_params *p)
{
    const int64_t batch = p->batch, depth = p->depth, units = p->units;
    const float lo = p->lo, hi = p->hi;
    /* Blocks of NR weight rows; a block stays in cache while every batch row passes. */
    for (int64_t o = 0; o < units; o += NR) {
        const int64_t rows = units - o < NR ? units - o : NR;
        const float *wr[NR];
        for (int r = 0; r < NR; r++)
            wr[r] = w + (o + (r < rows ? r : rows - 1)) * depth;
        for (int64_t b0 = 0; b0 < batch; b0 += MR) {
            const int64_t cols = batch - b0 < MR ? batch - b0 : MR;
            const float *xr[MR];
            for (int b = 0; b < MR; b++)
                xr[b] = x + (b0 + (b < cols ? b : cols - 1)) * depth;
            float t[MR][NR];
            block(xr, wr, depth, t);
            for (int b = 0; b < cols; b++) {
                float *yb = y + (b0 + b) * units + o;
                for (int r = 0; r < rows; r++)
                    yb[r] = clamp_f32(t[b][r] + (bias ? bias[o + r] : 0.0f), lo, hi);
            }
        }
    }
    return INTERP_OK;
}
