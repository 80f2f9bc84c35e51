/* Quantized BATCH_MATMUL (int8, int8 -> int32, int16, int16 x int8) and the hybrid path (float
 * LHS, int8 RHS quantized per row at run time). Semantics: LiteRT's batch_matmul.cc, which runs the
 * reference integer kernels; see the contract in kernels.h section quant_activations. */
#include <math.h>
#include <string.h>

#include "kernels.h"
#include "quant.h"

/* LiteRT's MultiplyByQuantizedMultiplier for an int64 accumulator: the multiplier reduced to 16
 * bits (rounded), one rounding shift (half up). */
static inline int32_t mbqm_i64(int64_t x, int32_t multiplier, int shift) {
    const int64_t reduced = multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
    const int total = 15 - shift;
    return (int32_t)((x * reduced + ((int64_t)1 << (total - 1))) >> total);
}

static void batch_offsets(const interp_batch_matmul_params *g, int64_t b, int64_t *xo,
                          int64_t *yo) {
    int64_t xoff = 0, yoff = 0;
    for (int d = INTERP_BMM_BATCH_DIMS - 1; d >= 0; --d) {
        const int64_t i = b % g->batch_shape[d];
        b /= g->batch_shape[d];
        xoff += i * g->x_batch_stride[d];
        yoff += i * g->y_batch_stride[d];
    }
    *xo = xoff;
    *yo = yoff;
}

/* xs[i][kk] = X(i, kk) - zx and ys[j][kk] = Y(kk, j) - zy, both rows contiguous along k. */
#define PACK_OPERANDS(TX, TY, TP)                                                             \
    static void pack_##TX##_##TY(const TX *x, const TY *y, TP *xs, TP *ys,                    \
                                 const interp_batch_matmul_params *g, int32_t zx, int32_t zy) { \
        const int64_t m = g->m, n = g->n, k = g->k;                                           \
        for (int64_t i = 0; i < m; ++i)                                                       \
            for (int64_t kk = 0; kk < k; ++kk)                                                \
                xs[i * k + kk] = (TP)((g->adj_x ? x[kk * m + i] : x[i * k + kk]) - zx);       \
        for (int64_t j = 0; j < n; ++j)                                                       \
            for (int64_t kk = 0; kk < k; ++kk)                                                \
                ys[j * k + kk] = (TP)((g->adj_y ? y[j * k + kk] : y[kk * n + j]) - zy);       \
    }
PACK_OPERANDS(int8_t, int8_t, int16_t)
PACK_OPERANDS(int16_t, int16_t, int16_t)
PACK_OPERANDS(int16_t, int8_t, int16_t)

#define REQ_I32(acc, p) interp_clamp_i32((p)->out_zp + interp_mbqm((acc), (p)->mult, (p)->shift), (p)->lo, (p)->hi)
#define REQ_I64(acc, p) interp_clamp_i32((p)->out_zp + mbqm_i64((acc), (p)->mult, (p)->shift), (p)->lo, (p)->hi)
#define REQ_NONE(acc, p) (acc)

#define INTERP_QBMM(NAME, TX, TY, TO, TACC, ZX, ZY, REQ)                                      \
    int NAME(const TX *x, const TY *y, TO *out, void *scratch,                                \
             const interp_qbatch_matmul_params *p) {                                          \
        const interp_batch_matmul_params *g = &p->g;                                          \
        const int64_t m = g->m, n = g->n, k = g->k;                                           \
        int16_t *xs = (int16_t *)scratch;                                                     \
        int16_t *ys = xs + m * k;                                                             \
        for (int64_t b = 0; b < g->batches; ++b) {                                            \
            int64_t xo, yo;                                                                   \
            batch_offsets(g, b, &xo, &yo);                                                    \
            pack_##TX##_##TY(x + xo, y + yo, xs, ys, g, ZX, ZY);                              \
            TO *o = out + b * m * n;                                                          \
            for (int64_t i = 0; i < m; ++i) {                                                 \
                const int16_t *xr = xs + i * k;                                               \
                for (int64_t j = 0; j < n; ++j) {                                             \
                    const int16_t *yr = ys + j * k;                                           \
                    TACC acc = 0;                                                             \
                    for (int64_t kk = 0; kk < k; ++kk) acc += (TACC)((int32_t)xr[kk] * yr[kk]); \
                    o[i * n + j] = (TO)REQ(acc, p);                                           \
                }                                                                             \
            }                                                                                 \
        }                                                                                     \
        return INTERP_OK;                                                                     \
    }
INTERP_QBMM(interp_i8_quant_batch_matmul, int8_t, int8_t, int8_t, int32_t, p->x_zp, p->y_zp, REQ_I32)
INTERP_QBMM(interp_i8_quant_batch_matmul_i32, int8_t, int8_t, int32_t, int32_t, 0, 0, REQ_NONE)
INTERP_QBMM(interp_i16_quant_batch_matmul, int16_t, int16_t, int16_t, int64_t, 0, 0, REQ_I64)
INTERP_QBMM(interp_i16_quant_batch_matmul_i8, int16_t, int8_t, int16_t, int64_t, 0, 0, REQ_I64)

/* ---- hybrid: float LHS quantized per row at run time, int8 RHS ------------------------------ */
static void quantize_row(const float *v, int64_t stride, int64_t k, int8_t *q, float *scale,
                         int32_t *offset, int asymmetric) {
    if (k == 0) {
        *scale = 1.0f;
        *offset = 0;
        return;
    }
    float lo = v[0], hi = v[0];
    for (int64_t i = 1; i < k; ++i) {
        const float e = v[i * stride];
        lo = e < lo ? e : lo;
        hi = e > hi ? e : hi;
    }
    if (!asymmetric) {
        const float range = fabsf(lo) > fabsf(hi) ? fabsf(lo) : fabsf(hi);
        *offset = 0;
        if (range == 0.0f) {
            memset(q, 0, (size_t)k);
            *scale = 1.0f;
            return;
        }
        *scale = range / 127.0f;
        const float inv = 127.0f / range;
        for (int64_t i = 0; i < k; ++i) {
            const int32_t r = (int32_t)roundf(v[i * stride] * inv);
            q[i] = (int8_t)interp_clamp_i32(r, -127, 127);
        }
        return;
    }
    const double rmin = lo < 0.0f ? lo : 0.0, rmax = hi > 0.0f ? hi : 0.0;
    if (rmin == rmax) {
        memset(q, 0, (size_t)k);
        *scale = 1.0f;
        *offset = 0;
        return;
    }
    const double s = (rmax - rmin) / 255.0;
    const double zp_min = -128.0 - rmin / s, zp_max = 127.0 - rmax / s;
    const double err_min = 128.0 + fabs(rmin / s), err_max = 127.0 + fabs(rmax / s);
    const double zpd = err_min < err_max ? zp_min : zp_max;
    const int32_t zp = zpd <= -128.0 ? -128 : (zpd >= 127.0 ? 127 : (int32_t)round(zpd));
    *scale = (float)s;
    *offset = zp;
    const float inv = 1.0f / (float)s;
    for (int64_t i = 0; i < k; ++i) {
        const int32_t r = (int32_t)roundf((float)zp + v[i * stride] * inv);
        q[i] = (int8_t)interp_clamp_i32(r, -128, 127);
    }
}

int interp_f32_hybrid_batch_matmul(const float *x, const int8_t *y, const float *y_scales,
                                   float *out, void *scratch, const interp_hybrid_bmm_params *p) {
    const interp_batch_matmul_params *g = &p->g;
    const int64_t m = g->m, n = g->n, k = g->k;
    float *row_scale = (float *)scratch;
    int32_t *row_offset = (int32_t *)(row_scale + m);
    int32_t *col_sum = row_offset + m;
    int8_t *xs = (int8_t *)(col_sum + n);
    int8_t *ys = xs + m * k;
    for (int64_t b = 0; b < g->batches; ++b) {
        int64_t xo, yo;
        batch_offsets(g, b, &xo, &yo);
        const float *xb = x + xo;
        const int8_t *yb = y + yo;
        for (int64_t i = 0; i < m; ++i) {
            const float *row = g->adj_x ? xb + i : xb + i * k;
            quantize_row(row, g->adj_x ? m : 1, k, xs + i * k, row_scale + i, row_offset + i,
                         p->asymmetric);
        }
        for (int64_t j = 0; j < n; ++j) {
            int32_t s = 0;
            for (int64_t kk = 0; kk < k; ++kk) {
                const int8_t v = g->adj_y ? yb[j * k + kk] : yb[kk * n + j];
                ys[j * k + kk] = v;
                s += v;
            }
            col_sum[j] = s;
        }
        float *o = out + b * m * n;
        for (int64_t i = 0; i < m; ++i) {
            const int8_t *xr = xs + i * k;
            for (int64_t j = 0; j < n; ++j) {
                const int8_t *yr = ys + j * k;
                int32_t acc = 0;
                for (int64_t kk = 0; kk < k; ++kk) acc += (int32_t)xr[kk] * yr[kk];
                acc -= col_sum[j] * row_offset[i];
                o[i * n + j] = row_scale[i] * y_scales[j] * (float)acc;
            }
        }
    }
    return INTERP_OK;
}
