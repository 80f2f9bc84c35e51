/* INT8 CONV_2D and FULLY_CONNECTED as a GEMM over output pixels (contract in kernels.h, section
 * quant_conv). Tiles of 8 rows x 32 columns: with AVX-512 VNNI, vpdpbusd of four (x + 128) bytes
 * broadcast per row against the 64-byte weight blocks; otherwise the same sums in plain C. The
 * requantization of a tile row is a branch-free loop the compiler vectorises. */
#include <string.h>
#include "kernels.h"
#include "quant.h"
#if defined(__AVX512VNNI__) && defined(__AVX512F__)
#include <immintrin.h>
#endif

#define MR 8
#define NRB 32

/* Where a GEMM's rows go: requantized int8 (yf NULL: y, bias = bias_eff) or, for the hybrid path,
 * float (acc - corr * colsum[n]) * (fscale[n] * sf) + biasf[n] (biasf may be NULL), clamped. */
typedef struct {
    const int32_t *bias;
    int8_t *y;
    float *yf;
    const float *biasf, *fscale;
    const int32_t *colsum;
    float sf, lo, hi;
    int32_t corr;
} qg_out;


#if defined(__AVX512VNNI__) && defined(__AVX512F__) && defined(__AVX512BW__)
#define QG_AVX512 1
/* 16 lanes of requant_row (below): acc + bias requantized per lane, + zero point, clamped. */
static inline __m512i requant16(__m512i acc, const int32_t *bias, const int32_t *mult,
                                const int32_t *shift, __mmask16 m, const interp_qconv_params *g) {
    const __m512i zero = _mm512_setzero_si512();
    const __m512i sh = _mm512_maskz_loadu_epi32(m, shift);
    const __m512i mul = _mm512_maskz_loadu_epi32(m, mult);
    const __m512i lsh = _mm512_max_epi32(sh, zero), rsh = _mm512_max_epi32(_mm512_sub_epi32(zero, sh), zero);
    __m512i x = _mm512_add_epi32(acc, _mm512_maskz_loadu_epi32(m, bias));
    x = _mm512_sllv_epi32(x, lsh);
    const __m512i xo = _mm512_srli_epi64(x, 32), mo = _mm512_srli_epi64(mul, 32);
    __m512i pe = _mm512_mul_epi32(x, mul), po = _mm512_mul_epi32(xo, mo);
    __m512i r;
    if (g->rounding == 1) {
        /* one rounding, half away from zero, of the 64-bit product by 2^(31 + rsh) */
        const __m512i one = _mm512_set1_epi64(1);
        const __m512i te = _mm512_add_epi64(_mm512_and_si512(rsh, _mm512_set1_epi64(0xFFFFFFFF)),
                                            _mm512_set1_epi64(31));
        const __m512i to = _mm512_add_epi64(_mm512_srli_epi64(rsh, 32), _mm512_set1_epi64(31));
        const __m512i he = _mm512_sllv_epi64(one, _mm512_sub_epi64(te, one));
        const __m512i ho = _mm512_sllv_epi64(one, _mm512_sub_epi64(to, one));
        __m512i ae = _mm512_srlv_epi64(_mm512_add_epi64(_mm512_abs_epi64(pe), he), te);
        __m512i ao = _mm512_srlv_epi64(_mm512_add_epi64(_mm512_abs_epi64(po), ho), to);
        ae = _mm512_mask_sub_epi64(ae, _mm512_cmplt_epi64_mask(pe, _mm512_setzero_si512()),
                                   _mm512_setzero_si512(), ae);
        ao = _mm512_mask_sub_epi64(ao, _mm512_cmplt_epi64_mask(po, _mm512_setzero_si512()),
                                   _mm512_setzero_si512(), ao);
        r = _mm512_mask_blend_epi32(0xAAAA, ae, _mm512_slli_epi64(ao, 32));
    } else {
        const __m512i nudge = _mm512_set1_epi64((int64_t)1 << 30);
        pe = _mm512_srai_epi64(_mm512_add_epi64(pe, nudge), 31);
        po = _mm512_srai_epi64(_mm512_add_epi64(po, nudge), 31);
        const __m512i h = _mm512_mask_blend_epi32(0xAAAA, pe, _mm512_slli_epi64(po, 32));
        const __m512i mask = _mm512_sub_epi32(_mm512_sllv_epi32(_mm512_set1_epi32(1), rsh),
                                              _mm512_set1_epi32(1));
        const __m512i rem = _mm512_and_si512(h, mask);
        __m512i th = _mm512_srai_epi32(mask, 1);
        th = _mm512_mask_add_epi32(th, _mm512_cmplt_epi32_mask(h, zero), th, _mm512_set1_epi32(1));
        if (g->rounding == 2) { /* halves up: (h + 2^(rsh - 1)) >> rsh, without int32 overflow */
            r = _mm512_srav_epi32(h, rsh);
            const __m512i halfv = _mm512_srli_epi32(_mm512_add_epi32(mask, _mm512_set1_epi32(1)), 1);
            r = _mm512_mask_add_epi32(r, _mm512_cmpge_epi32_mask(rem, halfv) & _mm512_cmpneq_epi32_mask(halfv, zero),
                                      r, _mm512_set1_epi32(1));
        } else {
            r = _mm512_srav_epi32(h, rsh);
            r = _mm512_mask_add_epi32(r, _mm512_cmpgt_epi32_mask(rem, th), r, _mm512_set1_epi32(1));
        }
    }
    r = _mm512_add_epi32(r, _mm512_set1_epi32(g->out_offset));
    r = _mm512_max_epi32(r, _mm512_set1_epi32(g->lo));
    return _mm512_min_epi32(r, _mm512_set1_epi32(g->hi));
}

static inline __mmask16 lanes(int64_t n) {
    return n >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << n) - 1u);
}
#endif

#ifndef QG_AVX512
static void float_row(const int32_t *acc, const qg_out *o, int64_t n0, int64_t n, float *y) {
    for (int64_t j = 0; j < n; j++) {
        const int32_t a = acc[j] - o->corr * o->colsum[n0 + j];
        float r = (float)a * (o->fscale[n0 + j] * o->sf) + (o->biasf ? o->biasf[n0 + j] : 0.0f);
        y[j] = r < o->lo ? o->lo : (r > o->hi ? o->hi : r);
    }
}

/* (Without AVX-512 VNNI.) acc[MR][NRB] = sum over k4 / 4 steps of (row bytes ^ 0x80) * weights, columns [0, nv * 16). */
static void tile(const int8_t *const *rows, const int8_t *b0, const int8_t *b1, int64_t k4,
                 int nv, int32_t acc[MR][NRB]) {
    const int64_t steps = k4 / 4;
    for (int i = 0; i < MR; i++)
        for (int j = 0; j < NRB; j++)
            acc[i][j] = 0;
    for (int h = 0; h < nv; h++) {
        const int8_t *b = h ? b1 : b0;
        for (int64_t q = 0; q < steps; q++) {
            const int8_t *bq = b + q * 64;
            for (int i = 0; i < MR; i++) {
                const uint8_t *r = (const uint8_t *)rows[i] + 4 * q;
                const int32_t a0 = r[0] ^ 0x80, a1 = r[1] ^ 0x80, a2 = r[2] ^ 0x80, a3 = r[3] ^ 0x80;
                int32_t *out = acc[i] + 16 * h;
                for (int j = 0; j < 16; j++)
                    out[j] += a0 * bq[4 * j] + a1 * bq[4 * j + 1] + a2 * bq[4 * j + 2] +
                              a3 * bq[4 * j + 3];
            }
        }
    }
}

/* y[j] = clamp(requantize(acc[j] + bias[j]) + out_offset), j < n; both roundings branch-free. */
static void requant_row(const int32_t *acc, const int32_t *bias, const int32_t *mult,
                        const int32_t *shift, int64_t n, const interp_qconv_params *g, int8_t *y) {
    const int32_t zp = g->out_offset, lo = g->lo, hi = g->hi;
    if (g->rounding == 1) {
        for (int64_t j = 0; j < n; j++) {
            const int32_t s = shift[j];
            const int left = s > 0 ? s : 0, total = 31 + (s > 0 ? 0 : -s);
            const int64_t x = (int64_t)(int32_t)((uint32_t)(acc[j] + bias[j]) << left);
            const int64_t v = x * (int64_t)mult[j];
            const int64_t half = (int64_t)1 << (total - 1);
            const int64_t av = v < 0 ? -v : v;
            const int64_t r = (av + half) >> total;
            int32_t o = (int32_t)(v < 0 ? -r : r) + zp;
            o = o < lo ? lo : o;
            o = o > hi ? hi : o;
            y[j] = (int8_t)o;
        }
        return;
    }
    for (int64_t j = 0; j < n; j++) {
        const int32_t s = shift[j];
        const int left = s > 0 ? s : 0, right = s > 0 ? 0 : -s;
        const int32_t x = (int32_t)((uint32_t)(acc[j] + bias[j]) << left);
        const int64_t ab = (int64_t)x * (int64_t)mult[j];
        const int32_t h = (int32_t)((ab + ((int64_t)1 << 30)) >> 31);
        const int32_t mask = (int32_t)(((uint32_t)1 << right) - 1u);
        const int32_t rem = h & mask;
        const int32_t th = g->rounding == 2 ? (mask >> 1) : (mask >> 1) + (h < 0 ? 1 : 0);
        int32_t o = (h >> right) + (rem > th ? 1 : 0) + zp;
        o = o < lo ? lo : o;
        o = o > hi ? hi : o;
        y[j] = (int8_t)o;
    }
}
#endif

#ifdef QG_AVX512
/* One MR x 32 (nv = 2) or MR x 16 tile, requantized from registers into y (rows < mr). */
#if defined(__GNUC__)
#define QG_INLINE static inline __attribute__((always_inline))
#else
#define QG_INLINE static inline
#endif
/* R rows (R = mr: 8, 4 or 1, a constant at each call so the loops over rows unroll). */
QG_INLINE void tile_store_r(const int8_t *const *rows, const int R, const int8_t *b0, int64_t k4,
                            int nv, int64_t n0, int64_t nn, const qg_out *o, int64_t row0,
                            int64_t ldc, const interp_qconv_params *g) {
    const int32_t *bias = o->bias;
    const int64_t mr = R;
    const int64_t steps = k4 / 4;
    const __m512i flip = _mm512_set1_epi32((int32_t)0x80808080u);
    const int8_t *b1 = b0 + k4 * 16;
    __m512i c0[MR], c1[MR];
    for (int i = 0; i < R; i++)
        c0[i] = c1[i] = _mm512_setzero_si512();
    if (nv == 2) {
        for (int64_t q = 0; q < steps; q++) {
            const __m512i w0 = _mm512_loadu_si512((const void *)(b0 + q * 64));
            const __m512i w1 = _mm512_loadu_si512((const void *)(b1 + q * 64));
            for (int i = 0; i < R; i++) {
                int32_t v;
                memcpy(&v, rows[i] + 4 * q, 4);
                const __m512i a = _mm512_xor_si512(_mm512_set1_epi32(v), flip);
                c0[i] = _mm512_dpbusd_epi32(c0[i], a, w0);
                c1[i] = _mm512_dpbusd_epi32(c1[i], a, w1);
            }
        }
    } else {
        for (int64_t q = 0; q < steps; q++) {
            const __m512i w0 = _mm512_loadu_si512((const void *)(b0 + q * 64));
            for (int i = 0; i < R; i++) {
                int32_t v;
                memcpy(&v, rows[i] + 4 * q, 4);
                const __m512i a = _mm512_xor_si512(_mm512_set1_epi32(v), flip);
                c0[i] = _mm512_dpbusd_epi32(c0[i], a, w0);
            }
        }
    }
    const __mmask16 m0 = lanes(nn), m1 = lanes(nn - 16 > 0 ? nn - 16 : 0);
    if (o->yf) {
        const __m512i corr = _mm512_set1_epi32(o->corr);
        const __m512 sf = _mm512_set1_ps(o->sf), lo = _mm512_set1_ps(o->lo), hi = _mm512_set1_ps(o->hi);
        for (int h = 0; h < nv; h++) {
            const __mmask16 m = h ? m1 : m0;
            if (!m)
                continue;
            const int64_t c = n0 + 16 * h;
            const __m512i cs = _mm512_mullo_epi32(corr, _mm512_maskz_loadu_epi32(m, o->colsum + c));
            const __m512 sc = _mm512_mul_ps(_mm512_maskz_loadu_ps(m, o->fscale + c), sf);
            const __m512 bf = o->biasf ? _mm512_maskz_loadu_ps(m, o->biasf + c) : _mm512_setzero_ps();
            for (int64_t i = 0; i < mr; i++) {
                const __m512i a = _mm512_sub_epi32(h ? c1[i] : c0[i], cs);
                __m512 r = _mm512_add_ps(_mm512_mul_ps(_mm512_cvtepi32_ps(a), sc), bf);
                r = _mm512_min_ps(_mm512_max_ps(r, lo), hi);
                _mm512_mask_storeu_ps(o->yf + (row0 + i) * ldc + c, m, r);
            }
        }
        return;
    }
    for (int64_t i = 0; i < mr; i++) {
        int8_t *yr = o->y + (row0 + i) * ldc + n0;
        _mm512_mask_cvtsepi32_storeu_epi8(
            yr, m0, requant16(c0[i], bias + n0, g->mult_q + n0, g->shift + n0, m0, g));
        if (nv == 2 && m1)
            _mm512_mask_cvtsepi32_storeu_epi8(
                yr + 16, m1,
                requant16(c1[i], bias + n0 + 16, g->mult_q + n0 + 16, g->shift + n0 + 16, m1, g));
    }
}
#endif

/* Rows [0, m) given as pointers: every 8 x 32 tile, requantized into y (row stride out_c). */
static void gemm_rows(const int8_t *const *rows, int64_t m, const int8_t *packed, const qg_out *o,
                      int64_t row0, const interp_qgemm_params *p) {
    const interp_qconv_params *g = &p->g;
    const int64_t n = g->out_c, k4 = p->k4, nb = (n + 15) / 16;
#ifdef QG_AVX512
    for (int64_t m0 = 0; m0 < m;) {
        const int64_t left = m - m0, R = left >= 8 ? 8 : (left >= 4 ? 4 : 1);
        const int8_t *const *r = rows + m0;
        for (int64_t bcol = 0; bcol < nb; bcol += 2) {
            const int nv = bcol + 1 < nb ? 2 : 1;
            const int64_t n0 = bcol * 16, nn = (n - n0 < 16 * nv) ? n - n0 : 16 * nv;
            const int8_t *b = packed + bcol * k4 * 16;
            if (R == 8)
                tile_store_r(r, 8, b, k4, nv, n0, nn, o, row0 + m0, n, g);
            else if (R == 4)
                tile_store_r(r, 4, b, k4, nv, n0, nn, o, row0 + m0, n, g);
            else
                tile_store_r(r, 1, b, k4, nv, n0, nn, o, row0 + m0, n, g);
        }
        m0 += R;
    }
#else
    const int32_t *bias = o->bias;
    int32_t acc[MR][NRB];
    for (int64_t m0 = 0; m0 < m; m0 += MR) {
        const int64_t mr = m - m0 < MR ? m - m0 : MR;
        const int8_t *r[MR];
        for (int i = 0; i < MR; i++)
            r[i] = rows[m0 + (i < mr ? i : 0)];
        for (int64_t bcol = 0; bcol < nb; bcol += 2) {
            const int nv = bcol + 1 < nb ? 2 : 1;
            const int8_t *b0 = packed + bcol * k4 * 16;
            tile(r, b0, b0 + k4 * 16, k4, nv, acc);
            const int64_t n0 = bcol * 16, nn = (n - n0 < 16 * nv) ? n - n0 : 16 * nv;
            for (int64_t i = 0; i < mr; i++) {
                if (o->yf)
                    float_row(acc[i], o, n0, nn, o->yf + (row0 + m0 + i) * n + n0);
                else
                    requant_row(acc[i], bias + n0, g->mult_q + n0, g->shift + n0, nn, g,
                                o->y + (row0 + m0 + i) * n + n0);
            }
        }
    }
#endif
}

#define ROW_PTRS 64 /* rows handed to gemm_rows at a time (a multiple of MR) */

/* The conv as a GEMM over the output pixels of x (images g.batch), rows going to o. */
static void conv_rows(const int8_t *x, const int8_t *packed, const qg_out *o, int8_t *scratch,
                      const interp_qgemm_params *p) {
    const interp_qconv_params *g = &p->g;
    const int64_t total = g->batch * g->out_h * g->out_w, C = g->in_c, k4 = p->k4;
    const int8_t *rows[ROW_PTRS];
    if (p->direct) {
        for (int64_t m0 = 0; m0 < total; m0 += ROW_PTRS) {
            const int64_t mm = total - m0 < ROW_PTRS ? total - m0 : ROW_PTRS;
            for (int64_t i = 0; i < mm; i++)
                rows[i] = x + (m0 + i) * C;
            gemm_rows(rows, mm, packed, o, m0, p);
        }
        return;
    }
    const int8_t zp = (int8_t)(-g->in_offset);
    const int64_t per_img = g->out_h * g->out_w;
    for (int64_t m0 = 0; m0 < total; m0 += p->rows_per_chunk) {
        const int64_t mm = total - m0 < p->rows_per_chunk ? total - m0 : p->rows_per_chunk;
        for (int64_t i = 0; i < mm; i++) {
            const int64_t pix = m0 + i, b = pix / per_img, rem = pix % per_img;
            const int64_t oy = rem / g->out_w, ox = rem % g->out_w;
            int8_t *dst = scratch + i * k4;
            for (int64_t ky = 0; ky < g->k_h; ky++) {
                const int64_t iy = oy * g->stride_h - g->pad_top + ky * g->dil_h;
                for (int64_t kx = 0; kx < g->k_w; kx++, dst += C) {
                    const int64_t ix = ox * g->stride_w - g->pad_left + kx * g->dil_w;
                    const int inside = !(iy < 0 || iy >= g->in_h || ix < 0 || ix >= g->in_w);
                    const int8_t *src = inside ? x + ((b * g->in_h + iy) * g->in_w + ix) * C : 0;
                    if (C >= 16) {
                        if (inside)
                            memcpy(dst, src, (size_t)C);
                        else
                            memset(dst, zp, (size_t)C);
                    } else {
                        for (int64_t j = 0; j < C; j++)
                            dst[j] = inside ? src[j] : zp;
                    }
                }
            }
            memset(dst, 0, (size_t)(scratch + (i + 1) * k4 - dst));
        }
        for (int64_t i0 = 0; i0 < mm; i0 += ROW_PTRS) {
            const int64_t n_ = mm - i0 < ROW_PTRS ? mm - i0 : ROW_PTRS;
            for (int64_t i = 0; i < n_; i++)
                rows[i] = scratch + (i0 + i) * k4;
            gemm_rows(rows, n_, packed, o, m0 + i0, p);
        }
    }
}

int interp_i8_qconv_gemm(const int8_t *x, const int8_t *packed, const int32_t *bias_eff, int8_t *y,
                         int8_t *scratch, const interp_qgemm_params *p) {
    qg_out o;
    memset(&o, 0, sizeof o);
    o.bias = bias_eff;
    o.y = y;
    conv_rows(x, packed, &o, scratch, p);
    return 0;
}

int interp_f32_hybrid_conv_gemm(const float *x, const int8_t *packed, const int32_t *colsum,
                                const float *bias, float *y, int8_t *scratch,
                                const interp_hybrid_params *hp, const interp_qgemm_params *p) {
    const interp_qconv_params *g0 = &p->g;
    const int64_t img = g0->in_h * g0->in_w * g0->in_c, out_px = g0->out_h * g0->out_w;
    int8_t *qx = scratch, *rest = scratch + ((img + 63) / 64) * 64;
    interp_qgemm_params q = *p;
    q.g.batch = 1;
    qg_out o;
    memset(&o, 0, sizeof o);
    o.biasf = bias;
    o.fscale = hp->filter_scale;
    o.colsum = colsum;
    o.lo = hp->lo;
    o.hi = hp->hi;
    for (int64_t b = 0; b < g0->batch; b++) {
        float sf;
        int32_t zp;
        (hp->asymmetric ? interp_quantize_asymmetric : interp_quantize_symmetric)(
            x + b * img, img, qx, &sf, &zp);
        q.g.in_offset = -zp;
        o.sf = sf;
        o.corr = 128 + zp;
        o.yf = y + b * out_px * g0->out_c;
        conv_rows(qx, packed, &o, rest, &q);
    }
    return 0;
}

/* The taps of output pixel (oy, ox) inside the image: offsets of their input pixel in the image
 * (xoff, in values) and of their filter position (woff, in values); returns how many. */
static int tap_offsets(const interp_qconv_params *p, int64_t oy, int64_t ox, int64_t *xoff,
                       int64_t *woff) {
    const int64_t y0 = oy * p->stride_h - p->pad_top, x0 = ox * p->stride_w - p->pad_left;
    if (y0 >= 0 && y0 + (p->k_h - 1) * p->dil_h < p->in_h && x0 >= 0 &&
        x0 + (p->k_w - 1) * p->dil_w < p->in_w) { /* every tap inside: no tests */
        const int64_t base = (y0 * p->in_w + x0) * p->in_c;
        int t = 0;
        for (int64_t ky = 0; ky < p->k_h; ky++)
            for (int64_t kx = 0; kx < p->k_w; kx++, t++) {
                xoff[t] = base + (ky * p->dil_h * p->in_w + kx * p->dil_w) * p->in_c;
                woff[t] = t * p->out_c;
            }
        return t;
    }
    int nt = 0;
    for (int64_t ky = 0; ky < p->k_h; ky++) {
        const int64_t iy = oy * p->stride_h - p->pad_top + ky * p->dil_h;
        if (iy < 0 || iy >= p->in_h)
            continue;
        for (int64_t kx = 0; kx < p->k_w; kx++) {
            const int64_t ix = ox * p->stride_w - p->pad_left + kx * p->dil_w;
            if (ix < 0 || ix >= p->in_w)
                continue;
            xoff[nt] = (iy * p->in_w + ix) * p->in_c;
            woff[nt++] = (ky * p->k_w + kx) * p->out_c;
        }
    }
    return nt;
}

int interp_i8_qdepthwise_m1(const int8_t *x, const int16_t *w, const int32_t *bias, int8_t *y,
                            int32_t *scratch, const interp_qconv_params *p) {
    (void)scratch;
    const int64_t C = p->in_c, H = p->in_h, W = p->in_w;
    const int8_t *xs[INTERP_QDW_MAX_TAPS];
    const int16_t *ws[INTERP_QDW_MAX_TAPS];
    int64_t xo[INTERP_QDW_MAX_TAPS], wo[INTERP_QDW_MAX_TAPS];
    int32_t zeros[16] = {0};
#ifndef QG_AVX512
    int32_t acc[16];
#else
    interp_qconv_params g0 = *p;
    g0.rounding = 0;
#endif
    for (int64_t b = 0; b < p->batch; b++)
        for (int64_t oy = 0; oy < p->out_h; oy++)
            for (int64_t ox = 0; ox < p->out_w; ox++) {
                const int nt = tap_offsets(p, oy, ox, xo, wo);
                for (int t = 0; t < nt; t++) {
                    xs[t] = x + b * H * W * C + xo[t];
                    ws[t] = w + wo[t];
                }
                int8_t *yp = y + ((b * p->out_h + oy) * p->out_w + ox) * C;
                for (int64_t c = 0; c < C; c += 16) {
                    const int64_t nn = C - c < 16 ? C - c : 16;
                    const int32_t *bb = bias ? bias + c : zeros;
#ifdef QG_AVX512
                    const __mmask16 m = lanes(nn);
                    const __m512i off = _mm512_set1_epi32(p->in_offset);
                    __m512i a = _mm512_setzero_si512();
                    for (int t = 0; t < nt; t++) {
                        const __m512i xv = _mm512_add_epi32(
                            _mm512_cvtepi8_epi32(_mm_maskz_loadu_epi8(m, xs[t] + c)), off);
                        const __m512i wv = _mm512_cvtepi16_epi32(_mm256_maskz_loadu_epi16(m, ws[t] + c));
                        a = _mm512_add_epi32(a, _mm512_mullo_epi32(xv, wv));
                    }
                    __m512i r = requant16(a, bb, p->mult_q + c, p->shift + c, m, p);
                    if (p->rounding == 2 && c + 16 > p->round_split) {
                        /* the channels from round_split on: the reference rounding */
                        const __m512i r0 = requant16(a, bb, p->mult_q + c, p->shift + c, m, &g0);
                        const int64_t from = p->round_split > c ? p->round_split - c : 0;
                        r = _mm512_mask_blend_epi32((__mmask16)(0xFFFFu << from), r, r0);
                    }
                    _mm512_mask_cvtsepi32_storeu_epi8(yp + c, m, r);
#else
                    for (int j = 0; j < 16; j++)
                        acc[j] = 0;
                    for (int t = 0; t < nt; t++) {
                        const int8_t *xt = xs[t] + c;
                        const int16_t *wt = ws[t] + c;
                        for (int64_t j = 0; j < nn; j++)
                            acc[j] += ((int32_t)xt[j] + p->in_offset) * (int32_t)wt[j];
                    }
                    {
                        const int64_t k = p->rounding == 2 && p->round_split < c + nn
                                              ? (p->round_split > c ? p->round_split - c : 0)
                                              : nn;
                        interp_qconv_params g0 = *p;
                        g0.rounding = 0;
                        requant_row(acc, bb, p->mult_q + c, p->shift + c, k, p, yp + c);
                        requant_row(acc + k, bb + k, p->mult_q + c + k, p->shift + c + k, nn - k,
                                    &g0, yp + c + k);
                    }
#endif
                }
            }
    return 0;
}

int interp_f32_hybrid_depthwise_m1(const float *x, const int8_t *w, const float *bias, float *y,
                                   int8_t *scratch, const interp_hybrid_params *hp) {
    const interp_qconv_params *p = &hp->g;
    const int64_t C = p->in_c, H = p->in_h, W = p->in_w, img = H * W * C;
    const int8_t *xs[INTERP_QDW_MAX_TAPS];
    const int8_t *ws[INTERP_QDW_MAX_TAPS];
    int64_t xo[INTERP_QDW_MAX_TAPS], wo[INTERP_QDW_MAX_TAPS];
    int8_t *qx = scratch;
    for (int64_t b = 0; b < p->batch; b++) {
        float sf;
        int32_t zp;
        (hp->asymmetric ? interp_quantize_asymmetric : interp_quantize_symmetric)(x + b * img, img,
                                                                                  qx, &sf, &zp);
        for (int64_t oy = 0; oy < p->out_h; oy++)
            for (int64_t ox = 0; ox < p->out_w; ox++) {
                const int nt = tap_offsets(p, oy, ox, xo, wo);
                for (int t = 0; t < nt; t++) {
                    xs[t] = qx + xo[t];
                    ws[t] = w + wo[t];
                }
                float *yp = y + ((b * p->out_h + oy) * p->out_w + ox) * C;
                for (int64_t c = 0; c < C; c += 16) {
                    const int64_t nn = C - c < 16 ? C - c : 16;
#ifdef QG_AVX512
                    const __mmask16 m = lanes(nn);
                    const __m512i off = _mm512_set1_epi32(-zp);
                    __m512i a = _mm512_setzero_si512();
                    for (int t = 0; t < nt; t++) {
                        const __m512i xv = _mm512_add_epi32(
                            _mm512_cvtepi8_epi32(_mm_maskz_loadu_epi8(m, xs[t] + c)), off);
                        const __m512i wv = _mm512_cvtepi8_epi32(_mm_maskz_loadu_epi8(m, ws[t] + c));
                        a = _mm512_add_epi32(a, _mm512_mullo_epi32(xv, wv));
                    }
                    const __m512 sc = _mm512_mul_ps(_mm512_maskz_loadu_ps(m, hp->filter_scale + c),
                                                    _mm512_set1_ps(sf));
                    const __m512 bf = bias ? _mm512_maskz_loadu_ps(m, bias + c) : _mm512_setzero_ps();
                    __m512 r = _mm512_add_ps(_mm512_mul_ps(_mm512_cvtepi32_ps(a), sc), bf);
                    r = _mm512_min_ps(_mm512_max_ps(r, _mm512_set1_ps(hp->lo)), _mm512_set1_ps(hp->hi));
                    _mm512_mask_storeu_ps(yp + c, m, r);
#else
                    int32_t acc[16] = {0};
                    for (int t = 0; t < nt; t++)
                        for (int64_t j = 0; j < nn; j++)
                            acc[j] += ((int32_t)xs[t][c + j] - zp) * (int32_t)ws[t][c + j];
                    for (int64_t j = 0; j < nn; j++) {
                        float r = (float)acc[j] * (hp->filter_scale[c + j] * sf) +
                                  (bias ? bias[c + j] : 0.0f);
                        yp[c + j] = r < hp->lo ? hp->lo : (r > hp->hi ? hp->hi : r);
                    }
#endif
                }
            }
    }
    return 0;
}
