/* FULLY_CONNECTED, float32 (see kernels.h for the summation order). */
#include "kernels.h"

#define LANES 8

static inline float clamp_f32(float v, float lo, float hi) { return v < lo ? lo : (v > hi ? hi : v); }

/* The fixed reduction of the 8 lanes: halves first, as a SIMD horizontal sum would do. */
static inline float lanes_sum(const float *s)
{
    return ((s[0] + s[4]) + (s[2] + s[6])) + ((s[1] + s[5]) + (s[3] + s[7]));
}

/* Four dot products of x with rows w[0..3] (row stride = depth): x is loaded once for four rows.
 * The `k` loop is what the compiler turns into SIMD registers. */
static inline void dot4(const float *x, const float *w, int64_t depth, float *out)
{
    const float *w0 = w, *w1 = w + depth, *w2 = w + 2 * depth, *w3 = w + 3 * depth;
    const int64_t body = depth - depth % LANES;
    float s0[LANES] = {0}, s1[LANES] = {0}, s2[LANES] = {0}, s3[LANES] = {0};
    for (int64_t i = 0; i < body; i += LANES) {
        for (int k = 0; k < LANES; k++) {
            const float xv = x[i + k];
            s0[k] += xv * w0[i + k];
            s1[k] += xv * w1[i + k];
            s2[k] += xv * w2[i + k];
            s3[k] += xv * w3[i + k];
        }
    }
    float t0 = lanes_sum(s0), t1 = lanes_sum(s1), t2 = lanes_sum(s2), t3 = lanes_sum(s3);
    for (int64_t i = body; i < depth; i++) {
        t0 += x[i] * w0[i];
        t1 += x[i] * w1[i];
        t2 += x[i] * w2[i];
        t3 += x[i] * w3[i];
    }
    out[0] = t0;
    out[1] = t1;
    out[2] = t2;
    out[3] = t3;
}

/* One dot product, in exactly the order dot4 uses for each of its rows. */
static inline float dot1(const float *x, const float *w, int64_t depth)
{
    const int64_t body = depth - depth % LANES;
    float s[LANES] = {0};
    for (int64_t i = 0; i < body; i += LANES)
        for (int k = 0; k < LANES; k++)
            s[k] += x[i + k] * w[i + k];
    float t = lanes_sum(s);
    for (int64_t i = body; i < depth; i++)
        t += x[i] * w[i];
    return t;
}

int interp_f32_fully_connected(const float *x, const float *w, const float *bias, float *y,
                               const interp_fc_params *p)
{
    const int64_t batch = p->batch, depth = p->depth, units = p->units;
    const float lo = p->lo, hi = p->hi;
    int64_t o = 0;
    /* Blocks of four weight rows; each block stays in cache while every batch row passes. */
    for (; o + 4 <= units; o += 4) {
        const float *wo = w + o * depth;
        for (int64_t b = 0; b < batch; b++) {
            float t[4];
            dot4(x + b * depth, wo, depth, t);
            float *yb = y + b * units + o;
            for (int j = 0; j < 4; j++)
                yb[j] = clamp_f32(t[j] + (bias ? bias[o + j] : 0.0f), lo, hi);
        }
    }
    for (; o < units; o++) {
        const float *wo = w + o * depth;
        for (int64_t b = 0; b < batch; b++) {
            const float t = dot1(x + b * depth, wo, depth);
            y[b * units + o] = clamp_f32(t + (bias ? bias[o] : 0.0f), lo, hi);
        }
    }
    return INTERP_OK;
}
