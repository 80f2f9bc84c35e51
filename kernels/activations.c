/* RELU / RELU6 (one clamp), LOGISTIC and TANH, float32 (see kernels.h). */
#include <math.h>
#include <string.h>

#include "kernels.h"
#include "fastmath.h"

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

/* Evaluated in double, rounded once.
 * Exact: x * Phi(x) = x/2 * erfc(-x / sqrt 2) (no cancellation for negative x). erfc comes from
 * fastmath.h's vectorisable series where |x / sqrt 2| <= 2, which is nearly every element; the rest
 * (|x| > 2.83) take libm's erfc in a second pass over the same block (blocks of 64 are copied
 * first, so y may alias x).
 * Approximate: x/2 * (1 + tanh(u)), u = sqrt(2/pi) * (x + 0.044715 x^3), written as
 * x / (1 + e^(-2u)) (the same value without cancellation), with fastmath.h's exp. */
int interp_f32_gelu(const float *x, float *y, int64_t n, const interp_gelu_params *p)
{
    const double k = 0.79788456080286535588; /* sqrt(2 / pi) */
    const double inv_sqrt2 = 0.70710678118654752440;
    if (p->approximate) {
        for (int64_t i = 0; i < n; i++) {
            const double v = x[i];
            const double u = k * (v + 0.044715 * v * v * v);
            y[i] = (float)(v / (1.0 + interp_exp_d(-2.0 * u)));
        }
        return INTERP_OK;
    }
    float block[64];
    for (int64_t start = 0; start < n; start += 64) {
        const int64_t m = n - start < 64 ? n - start : 64;
        memcpy(block, x + start, (size_t)m * sizeof(float));
        float *out = y + start;
        for (int64_t i = 0; i < m; i++) {
            double z = -(double)block[i] * inv_sqrt2;
            z = z > 2.0 ? 2.0 : (z < -2.0 ? -2.0 : z);
            out[i] = (float)(0.5 * block[i] * interp_erfc_small_d(z));
        }
        for (int64_t i = 0; i < m; i++) {
            const double v = block[i];
            if (!(fabs(v * inv_sqrt2) <= 2.0))  /* also NaN */
                out[i] = (float)(0.5 * v * erfc(-v * inv_sqrt2));
        }
    }
    return INTERP_OK;
}
