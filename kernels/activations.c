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

/* ---- LEAKY_RELU, HARD_SWISH, ELU, GELU --------------------------------------------------------- */

int interp_f32_leaky_relu(const float *x, float *y, int64_t n, const interp_leaky_relu_params *p)
{
    const float alpha = p->alpha;
    for (int64_t i = 0; i < n; i++) {
        const float v = x[i];
        y[i] = v > 0.0f ? v : v * alpha;
    }
    return INTERP_OK;
}

/* x * relu6(x + 3) / 6 in float, in that order (so -inf gives NaN, as in LiteRT). */
int interp_f32_hard_swish(const float *x, float *y, int64_t n)
{
    for (int64_t i = 0; i < n; i++) {
        const float v = x[i];
        float r = v + 3.0f;
        r = r < 0.0f ? 0.0f : (r > 6.0f ? 6.0f : r);
        y[i] = v * r / 6.0f;
    }
    return INTERP_OK;
}

int interp_f32_elu(const float *x, float *y, int64_t n)
{
    for (int64_t i = 0; i < n; i++) {
        const float v = x[i];
        y[i] = v < 0.0f ? expm1f(v) : v;
    }
    return INTERP_OK;
}

/* Evaluated in double, rounded once. Exact: x * Phi(x) = x/2 * erfc(-x / sqrt 2) (no cancellation
 * for negative x). Approximate: x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))). */
int interp_f32_gelu(const float *x, float *y, int64_t n, const interp_gelu_params *p)
{
    const double k = 0.79788456080286535588; /* sqrt(2 / pi) */
    if (p->approximate) {
        for (int64_t i = 0; i < n; i++) {
            const double v = x[i];
            y[i] = (float)(0.5 * v * (1.0 + tanh(k * (v + 0.044715 * v * v * v))));
        }
    } else {
        for (int64_t i = 0; i < n; i++) {
            const double v = x[i];
            y[i] = (float)(0.5 * v * erfc(-v * 0.70710678118654752440));
        }
    }
    return INTERP_OK;
}
