/* SOFTMAX over the last axis, float32 (see kernels.h). */
#include <math.h>

#include "kernels.h"

int interp_f32_softmax(const float *x, float *y, const interp_softmax_params *p)
{
    const int64_t depth = p->depth;
    const double beta = p->beta;
    if (depth <= 0)
        return INTERP_OK;
    for (int64_t r = 0; r < p->rows; r++, x += depth, y += depth) {
        /* Shift by the element with the largest beta * x (the max, or the min for a negative
         * beta): every exponent is then <= 0, so nothing overflows and the sum is >= 1. */
        float m = x[0];
        if (beta >= 0.0) {
            for (int64_t i = 1; i < depth; i++)
                m = x[i] > m ? x[i] : m;
        } else {
            for (int64_t i = 1; i < depth; i++)
                m = x[i] < m ? x[i] : m;
        }
        double sum = 0.0;
        for (int64_t i = 0; i < depth; i++) {
            const float e = (float)exp(((double)x[i] - (double)m) * beta);
            y[i] = e;
            sum += e;
        }
        for (int64_t i = 0; i < depth; i++)
            y[i] = (float)((double)y[i] / sum);
    }
    return INTERP_OK;
}

int interp_f32_log_softmax(const float *x, float *y, const interp_softmax_params *p)
{
    const int64_t depth = p->depth;
    if (depth <= 0)
        return INTERP_OK;
    for (int64_t r = 0; r < p->rows; r++, x += depth, y += depth) {
        float m = x[0];
        for (int64_t i = 1; i < depth; i++)
            m = x[i] > m ? x[i] : m;
        double sum = 0.0;
        for (int64_t i = 0; i < depth; i++)
            sum += exp((double)x[i] - (double)m);
        const double shift = (double)m + log(sum);
        for (int64_t i = 0; i < depth; i++)
            y[i] = (float)((double)x[i] - shift);
    }
    return INTERP_OK;
}
