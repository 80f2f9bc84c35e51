/* RELU / RELU6 (one clamp), LOGISTIC and TANH, float32 (see kernels.h). */
#include <math.h>

#include "kernels.h"

int interp_f32_relu(const float *x, float *y, int64_t n, const interp_relu_params *p)
{
    const float lo = p->lo, hi = p->hi;
    for (int64_t i = 0; i < n; i++) {
        const float v = x[i];
        y[i] = v < lo ? lo : (v > hi ? hi : v);
    }
    return INTERP_OK;
}

/* 1 / (1 + e^-x), written so that exp never overflows: for x < 0 it is e^x / (1 + e^x). */
int interp_f32_logistic(const float *x, float *y, int64_t n)
{
    for (int64_t i = 0; i < n; i++) {
        const double v = x[i];
        if (v >= 0.0) {
            y[i] = (float)(1.0 / (1.0 + exp(-v)));
        } else {
            const double e = exp(v);
            y[i] = (float)(e / (1.0 + e)); /* NaN lands here too and stays NaN */
        }
    }
    return INTERP_OK;
}

int interp_f32_tanh(const float *x, float *y, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        y[i] = (float)tanh((double)x[i]);
    return INTERP_OK;
}
