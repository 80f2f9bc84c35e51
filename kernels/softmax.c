/* SOFTMAX and LOG_SOFTMAX over the last axis, float32 (see kernels.h). */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "kernels.h"
#include "fastmath.h"

#define LANES 8
#define CHUNK 64

/* Sum of v[0..n) in LANES partial sums, combined pairwise, then the tail. */
static double sum_lanes_f32(const float *v, int64_t n)
{
    double lane[LANES] = {0};
    const int64_t body = n - n % LANES;
    for (int64_t i = 0; i < body; i += LANES)
        for (int k = 0; k < LANES; k++)
            lane[k] += v[i + k];
    for (int w = LANES / 2; w > 0; w /= 2)
        for (int k = 0; k < w; k++)
            lane[k] += lane[k + w];
    double s = lane[0];
    for (int64_t i = body; i < n; i++)
        s += v[i];
    return s;
}

static float row_max(const float *x, int64_t n)
{
    float m = x[0];
    for (int64_t i = 1; i < n; i++)
        m = x[i] > m ? x[i] : m;
    return m;
}

static float row_min(const float *x, int64_t n)
{
    float m = x[0];
    for (int64_t i = 1; i < n; i++)
        m = x[i] < m ? x[i] : m;
    return m;
}

int interp_f32_softmax(const float *x, float *y, const interp_softmax_params *p)
{
    const int64_t depth = p->depth;
    const double beta = p->beta;
    if (depth <= 0)
        return INTERP_OK;
    for (int64_t r = 0; r < p->rows; r++, x += depth, y += depth) {
        /* Shift by the element with the largest beta * x (the max, or the min for a negative
         * beta): every exponent is then <= 0, so nothing overflows and the sum is >= 1. */
        const double m = beta >= 0.0 ? row_max(x, depth) : row_min(x, depth);
        double e[CHUNK];
        for (int64_t i0 = 0; i0 < depth; i0 += CHUNK) { /* y holds the float exponentials */
            const int64_t len = depth - i0 < CHUNK ? depth - i0 : CHUNK;
            for (int64_t k = 0; k < len; k++)
                e[k] = interp_exp_d(((double)x[i0 + k] - m) * beta);
            for (int64_t k = 0; k < len; k++)
                y[i0 + k] = (float)e[k];
        }
        const double inv = 1.0 / sum_lanes_f32(y, depth);
        for (int64_t i = 0; i < depth; i++)
            y[i] = (float)((double)y[i] * inv);
    }
    return INTERP_OK;
}

int interp_f32_log_softmax(const float *x, float *y, const interp_softmax_params *p)
{
    const int64_t depth = p->depth;
    if (depth <= 0)
        return INTERP_OK;
    for (int64_t r = 0; r < p->rows; r++, x += depth, y += depth) {
        const double m = row_max(x, depth);
        double lane[LANES] = {0}, e[CHUNK];
        for (int64_t i0 = 0; i0 < depth; i0 += CHUNK) {
            const int64_t len = depth - i0 < CHUNK ? depth - i0 : CHUNK;
            for (int64_t k = 0; k < len; k++)
                e[k] = interp_exp_d((double)x[i0 + k] - m);
            for (int64_t k = len; k < CHUNK; k++)
                e[k] = 0.0;
            for (int64_t k = 0; k < CHUNK; k += LANES)
                for (int j = 0; j < LANES; j++)
                    lane[j] += e[k + j];
        }
        for (int w = LANES / 2; w > 0; w /= 2)
            for (int k = 0; k < w; k++)
                lane[k] += lane[k + w];
        const double shift = m + log(lane[0]);
        for (int64_t i = 0; i < depth; i++)
            y[i] = (float)((double)x[i] - shift);
    }
    return INTERP_OK;
}
