/* The float32 GEMM of the conv family and the ops built on it: FULLY_CONNECTED, CONV_2D,
 * TRANSPOSE_CONV, BATCH_MATMUL (contracts in kernels.h, section conv).
 *
 * c[m, n] = act(sum_k a[m, k] * b[k, n] + bias[n]). b is packed once (interp_f32_gemm_pack_b) into
 * panels of INTERP_GEMM_NR columns, each panel k-major: panel p holds b[k, p*NR + j] at
 * [p][k][j], zero-filled past n. A microkernel keeps an R x NR block of c (R <= 8 rows) in
 * registers for the whole k loop, one multiply-add per (k, lane), panel after panel (half vectors
 * for a last panel of <= 8 columns), so every output is summed in the same order (k ascending,
 * bias last) whichever microkernel computes it. CONV_2D's indirect microkernels do the same with
 * each row read through a pointer per filter tap.
 */
#include "kernels.h"
#include "simd_f32.h"

#include <math.h>

#if INTERP_GEMM_NR != VF_N
#error "the packed panel width must be one vector"
#endif
#define NR VF_N

/* The end of a microkernel's panel: acc[R] + bias, clamped, stored to R rows of c (the first n
 * columns when n < NR). */
#define STORE_BLOCK(R)                                                                             \
    do {                                                                                           \
        if (bias) {                                                                                \
            vf bb;                                                                                 \
            if (n >= NR)                                                                           \
                VF_LOAD(bb, bias + q * NR);                                                        \
            else                                                                                   \
                VF_LOAD_N(bb, bias + q * NR, n);                                                   \
            for (int r = 0; r < R; r++)                                                            \
                VF_ADD(acc[r], bb);                                                                \
        }                                                                                          \
        for (int r = 0; r < R; r++)                                                                \
            VF_CLAMP(acc[r], vlo, vhi);                                                            \
        if (n >= NR)                                                                               \
            for (int r = 0; r < R; r++)                                                            \
                VF_STORE(c + r * ldc, acc[r]);                                                     \
        else                                                                                       \
            for (int r = 0; r < R; r++) {                                                          \
                vf t_ = acc[r]; /* (acc itself must not have its address taken) */                 \
                VF_STORE_N(c + r * ldc, t_, n);                                                    \
            }                                                                                      \
    } while (0)

/* The same for a last panel of at most VH_N columns, summed in half vectors (hacc[R]). */
#define STORE_HALF(R)                                                                              \
    do {                                                                                           \
        vh hlo, hhi;                                                                               \
        VH_SET1(hlo, lo);                                                                          \
        VH_SET1(hhi, hi);                                                                          \
        if (bias) {                                                                                \
            vh bb;                                                                                 \
            if (n >= VH_N)                                                                         \
                VH_LOAD(bb, bias + q * NR);                                                        \
            else                                                                                   \
                VH_LOAD_N(bb, bias + q * NR, n);                                                   \
            for (int r = 0; r < R; r++)                                                            \
                VH_ADD(hacc[r], bb);                                                               \
        }                                                                                          \
        for (int r = 0; r < R; r++)                                                                \
            VH_CLAMP(hacc[r], hlo, hhi);                                                           \
        if (n >= VH_N)                                                                             \
            for (int r = 0; r < R; r++)                                                            \
                VH_STORE(c + r * ldc, hacc[r]);                                                    \
        else                                                                                       \
            for (int r = 0; r < R; r++) {                                                          \
                vh t_ = hacc[r];                                                                   \
                VH_STORE_N(c + r * ldc, t_, n);                                                    \
            }                                                                                      \
    } while (0)

/* R rows of c, panel after panel (npanels of them): each panel's R x NR block is summed in
 * registers over the whole k loop, then bias, clamp and store; `n` columns of c remain from the
 * first panel on (the last panel may be partial). */
#define DEFINE_UKERNEL(R)                                                                          \
    static void ukernel_##R(int64_t k, const float *a, int64_t lda, const float *b,                \
                            int64_t npanels, const float *bias, float *c, int64_t ldc, int64_t n,  \
                            float lo, float hi)                                                    \
    {                                                                                              \
        vf vlo, vhi;                                                                               \
        VF_SET1(vlo, lo);                                                                          \
        VF_SET1(vhi, hi);                                                                          \
        for (int64_t q = 0; q < npanels; q++, b += k * NR, c += NR, n -= NR) {                     \
            if (n <= VH_N) { /* a last panel of <= 8 columns: half the work */                     \
                vh hacc[R];                                                                        \
                for (int r = 0; r < R; r++)                                                        \
                    VH_ZERO(hacc[r]);                                                              \
                for (int64_t i = 0; i < k; i++) {                                                  \
                    vh bv;                                                                         \
                    VH_LOAD(bv, b + i * NR);                                                       \
                    for (int r = 0; r < R; r++)                                                    \
                        VH_FMA(hacc[r], a[r * lda + i], bv);                                       \
                }                                                                                  \
                STORE_HALF(R);                                                                     \
                continue;                                                                          \
            }                                                                                      \
            vf acc[R];                                                                             \
            for (int r = 0; r < R; r++)                                                            \
                VF_ZERO(acc[r]);                                                                   \
            for (int64_t i = 0; i < k; i++) {                                                      \
                vf bv;                                                                             \
                VF_LOAD(bv, b + i * NR);                                                           \
                for (int r = 0; r < R; r++)                                                        \
                    VF_FMA(acc[r], a[r * lda + i], bv);                                            \
            }                                                                                      \
            STORE_BLOCK(R);                                                                        \
        }                                                                                          \
    }

DEFINE_UKERNEL(8)
DEFINE_UKERNEL(7)
DEFINE_UKERNEL(6)
DEFINE_UKERNEL(5)
DEFINE_UKERNEL(4)
DEFINE_UKERNEL(3)
DEFINE_UKERNEL(2)
DEFINE_UKERNEL(1)

typedef void (*ukernel_fn)(int64_t, const float *, int64_t, const float *, int64_t, const float *,
                           float *, int64_t, int64_t, float, float);

static const ukernel_fn UKERNEL[9] = {0, ukernel_1, ukernel_2, ukernel_3, ukernel_4,
                                      ukernel_5, ukernel_6, ukernel_7, ukernel_8};

/* The same with each row read through a pointer per filter tap: row r's k values are, tap after
 * tap, the `cin` floats at ROWPTR(t, r) (a pixel of the input, or zeros), as in the im2col row.
 * The rows come from an indirection table (ind[t * IMR + r]) or, for a run of output pixels all
 * inside the image, from base + offset[t] + r * step. */
typedef struct {
    const float *const *ind;
    const float *base;
    const int64_t *offset;
    int64_t step;
} tap_rows;

#define IMR 8 /* rows per indirection block */
#define ROWPTR_IND(t, r) (tr->ind[(t) * IMR + (r)])
#define ROWPTR_RUN(t, r) (tr->base + tr->offset[t] + (r) * tr->step)

#define DEFINE_TAPKERNEL(NAME, R, ROWPTR)                                                          \
    static void NAME##_##R(int64_t taps, int64_t cin, const tap_rows *tr, const float *b,          \
                           int64_t npanels, const float *bias, float *c, int64_t ldc, int64_t n,   \
                           float lo, float hi)                                                     \
    {                                                                                              \
        vf vlo, vhi;                                                                               \
        VF_SET1(vlo, lo);                                                                          \
        VF_SET1(vhi, hi);                                                                          \
        for (int64_t q = 0; q < npanels; q++, c += NR, n -= NR) {                                  \
            if (n <= VH_N) { /* a last panel of <= 8 columns: half the work */                     \
                vh hacc[R];                                                                        \
                for (int r = 0; r < R; r++)                                                        \
                    VH_ZERO(hacc[r]);                                                              \
                for (int64_t t = 0; t < taps; t++) {                                               \
                    const float *row[R];                                                           \
                    for (int r = 0; r < R; r++)                                                    \
                        row[r] = ROWPTR(t, r);                                                     \
                    for (int64_t i = 0; i < cin; i++, b += NR) {                                   \
                        vh bv;                                                                     \
                        VH_LOAD(bv, b);                                                            \
                        for (int r = 0; r < R; r++)                                                \
                            VH_FMA(hacc[r], row[r][i], bv);                                        \
                    }                                                                              \
                }                                                                                  \
                STORE_HALF(R);                                                                     \
                continue;                                                                          \
            }                                                                                      \
            vf acc[R];                                                                             \
            for (int r = 0; r < R; r++)                                                            \
                VF_ZERO(acc[r]);                                                                   \
            for (int64_t t = 0; t < taps; t++) {                                                   \
                const float *row[R];                                                               \
                for (int r = 0; r < R; r++)                                                        \
                    row[r] = ROWPTR(t, r);                                                         \
                for (int64_t i = 0; i < cin; i++, b += NR) {                                       \
                    vf bv;                                                                         \
                    VF_LOAD(bv, b);                                                                \
                    for (int r = 0; r < R; r++)                                                    \
                        VF_FMA(acc[r], row[r][i], bv);                                             \
                }                                                                                  \
            }                                                                                      \
            STORE_BLOCK(R);                                                                        \
        }                                                                                          \
    }

#define DEFINE_TAPKERNELS(NAME, ROWPTR)                                                            \
    DEFINE_TAPKERNEL(NAME, 8, ROWPTR)                                                              \
    DEFINE_TAPKERNEL(NAME, 7, ROWPTR)                                                              \
    DEFINE_TAPKERNEL(NAME, 6, ROWPTR)                                                              \
    DEFINE_TAPKERNEL(NAME, 5, ROWPTR)                                                              \
    DEFINE_TAPKERNEL(NAME, 4, ROWPTR)                                                              \
    DEFINE_TAPKERNEL(NAME, 3, ROWPTR)                                                              \
    DEFINE_TAPKERNEL(NAME, 2, ROWPTR)                                                              \
    DEFINE_TAPKERNEL(NAME, 1, ROWPTR)

DEFINE_TAPKERNELS(iukernel, ROWPTR_IND)
DEFINE_TAPKERNELS(rukernel, ROWPTR_RUN)

typedef void (*tapkernel_fn)(int64_t, int64_t, const tap_rows *, const float *, int64_t,
                             const float *, float *, int64_t, int64_t, float, float);

static const tapkernel_fn IUKERNEL[9] = {0, iukernel_1, iukernel_2, iukernel_3, iukernel_4,
                                         iukernel_5, iukernel_6, iukernel_7, iukernel_8};
static const tapkernel_fn RUKERNEL[9] = {0, rukernel_1, rukernel_2, rukernel_3, rukernel_4,
                                         rukernel_5, rukernel_6, rukernel_7, rukernel_8};

#define MR 8
/* Bytes of packed b worked on at once (panels that stay in L2 while every row passes). */
#define B_BLOCK_BYTES (256 * 1024)

/* Rows [0, m) of c for panels [p0, p1), MR rows at a time (the last block shorter). (Kernels
 * spanning several panels at once measured slower here, even for a single row: a single row is
 * bound by streaming b, which one contiguous panel at a time does best.) */
static void gemm_rows(int64_t m, int64_t k, const float *a, int64_t lda, const float *b,
                      const float *bias, float *c, int64_t ldc, int64_t n, int64_t p0, int64_t p1,
                      float lo, float hi)
{
    for (int64_t r0 = 0; r0 < m; r0 += MR) {
        const int64_t rows = m - r0 < MR ? m - r0 : MR;
        UKERNEL[rows](k, a + r0 * lda, lda, b + p0 * k * NR, p1 - p0, bias ? bias + p0 * NR : 0,
                      c + r0 * ldc + p0 * NR, ldc, n - p0 * NR, lo, hi);
    }
}

/* The GEMM on explicit arguments (the entry points below share it). */
static void gemm(int64_t m, int64_t n, int64_t k, const float *a, int64_t lda, const float *b,
                 const float *bias, float *c, int64_t ldc, float lo, float hi)
{
    const int64_t npanels = (n + NR - 1) / NR;
    if (m <= 0 || n <= 0)
        return;
    if (k == 0) { /* no products: act(bias) or act(0) */
        for (int64_t r = 0; r < m; r++)
            for (int64_t j = 0; j < n; j++)
                c[r * ldc + j] = clampf_(bias ? bias[j] : 0.0f, lo, hi);
        return;
    }
    int64_t block = B_BLOCK_BYTES / (k * NR * (int64_t)sizeof(float));
    if (block < 1)
        block = 1;
    if (m <= MR) /* b is read once anyway: no blocking */
        block = npanels;
    for (int64_t p0 = 0; p0 < npanels; p0 += block) {
        const int64_t p1 = p0 + block < npanels ? p0 + block : npanels;
        gemm_rows(m, k, a, lda, b, bias, c, ldc, n, p0, p1, lo, hi);
    }
}

int interp_f32_gemm_pack_b(const float *b, float *packed, const interp_gemm_pack_params *p)
{
    const int64_t k = p->k, n = p->n, sk = p->stride_k, sn = p->stride_n;
    const int64_t npanels = (n + NR - 1) / NR;
    for (int64_t q = 0; q < npanels; q++) {
        float *dst = packed + q * k * NR;
        if (sn == 1 && (q + 1) * NR <= n) { /* a full panel of contiguous rows */
            for (int64_t i = 0; i < k; i++) {
                vf v;
                VF_LOAD(v, b + i * sk + q * NR);
                VF_STORE(dst + i * NR, v);
            }
            continue;
        }
        for (int64_t i = 0; i < k; i++)
            for (int64_t j = 0; j < NR; j++) {
                const int64_t col = q * NR + j;
                dst[i * NR + j] = col < n ? b[i * sk + col * sn] : 0.0f;
            }
    }
    return INTERP_OK;
}

int interp_f32_gemm(const float *a, const float *packed_b, const float *bias, float *c,
                    const interp_gemm_params *p)
{
    gemm(p->m, p->n, p->k, a, p->lda, packed_b, bias, c, p->ldc, p->lo, p->hi);
    return INTERP_OK;
}

int interp_f32_gemm_repack(const float *a, const float *b, float *scratch, const float *bias,
                           float *c, const interp_gemm_params *p)
{
    const interp_gemm_pack_params pp = {p->k, p->n, p->stride_k, p->stride_n};
    interp_f32_gemm_pack_b(b, scratch, &pp);
    gemm(p->m, p->n, p->k, a, p->lda, scratch, bias, c, p->ldc, p->lo, p->hi);
    return INTERP_OK;
}

/* ---- CONV_2D: the indirect GEMM, or im2col chunks in scratch for large filters ------------- */

static inline void copy_floats(float *dst, const float *src, int64_t n)
{
    for (; n >= VF_N; n -= VF_N, dst += VF_N, src += VF_N)
        memcpy(dst, src, VF_N * sizeof(float));
    copy_n_(dst, src, n);
}

static inline void zero_floats(float *dst, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        dst[i] = 0.0f;
}

/* Row of the patch matrix for output pixel (n, oh, ow): taps in (kh, kw) order, in_c values each,
 * zeros where the tap falls in the padding. Without dilation along w, the taps of one filter row
 * that fall inside the image are one contiguous run of the input. */
static void im2col_row(const float *x, const interp_conv_params *p, int64_t n, int64_t oh,
                       int64_t ow, float *row)
{
    const int64_t c = p->in_c, kw_n = p->k_w, dw = p->dil_w;
    const int64_t iw0 = ow * p->stride_w - p->pad_left;
    int64_t b0 = 0, b1 = kw_n; /* taps [b0, b1) of a filter row are inside the image */
    while (b0 < kw_n && iw0 + b0 * dw < 0)
        b0++;
    while (b1 > b0 && iw0 + (b1 - 1) * dw >= p->in_w)
        b1--;
    for (int64_t kh = 0; kh < p->k_h; kh++, row += kw_n * c) {
        const int64_t ih = oh * p->stride_h - p->pad_top + kh * p->dil_h;
        if (ih < 0 || ih >= p->in_h || b0 >= b1) {
            zero_floats(row, kw_n * c);
            continue;
        }
        const float *src = x + ((n * p->in_h + ih) * p->in_w + iw0) * c;
        zero_floats(row, b0 * c);
        if (dw == 1)
            copy_floats(row + b0 * c, src + b0 * c, (b1 - b0) * c);
        else
            for (int64_t b = b0; b < b1; b++)
                copy_floats(row + b * c, src + b * dw * c, c);
        zero_floats(row + b1 * c, (kw_n - b1) * c);
    }
}

#define IND_MAX_TAPS INTERP_CONV_INDIRECT_MAX_TAPS

/* Pointers of the taps of output pixel (n, oh, ow) into column r of ind. */
static void tap_pointers(const float *x, const interp_conv_params *p, const int64_t *offset,
                         const float *zeros, int64_t n, int64_t oh, int64_t ow, const float **ind,
                         int64_t r)
{
    const int64_t cin = p->in_c, taps = p->k_h * p->k_w;
    const float *img = x + n * p->in_h * p->in_w * cin;
    const int64_t ih0 = oh * p->stride_h - p->pad_top, iw0 = ow * p->stride_w - p->pad_left;
    if (ih0 >= 0 && ih0 + (p->k_h - 1) * p->dil_h < p->in_h && iw0 >= 0 &&
        iw0 + (p->k_w - 1) * p->dil_w < p->in_w) {
        const float *base = img + (ih0 * p->in_w + iw0) * cin;
        for (int64_t t = 0; t < taps; t++)
            ind[t * IMR + r] = base + offset[t];
        return;
    }
    for (int64_t kh = 0; kh < p->k_h; kh++) {
        const int64_t ih = ih0 + kh * p->dil_h;
        const int row_ok = ih >= 0 && ih < p->in_h;
        for (int64_t kw = 0; kw < p->k_w; kw++) {
            const int64_t iw = iw0 + kw * p->dil_w;
            ind[(kh * p->k_w + kw) * IMR + r] =
                row_ok && iw >= 0 && iw < p->in_w ? img + (ih * p->in_w + iw) * cin : zeros;
        }
    }
}

/* Output columns [lo, hi) whose taps all fall inside a row of the input. */
static void inside_columns(const interp_conv_params *p, int64_t *lo, int64_t *hi)
{
    const int64_t sw = p->stride_w, last = p->in_w - 1 - (p->k_w - 1) * p->dil_w + p->pad_left;
    int64_t a = (p->pad_left + sw - 1) / sw, b = last < 0 ? 0 : last / sw + 1;
    a = a < p->out_w ? a : p->out_w;
    b = b < p->out_w ? b : p->out_w;
    *lo = a;
    *hi = b > a ? b : a;
}

/* IMR output pixels at a time, in NHWC order across rows and images. A block of pixels of one
 * row whose taps are all inside the image reads the input at fixed offsets; any other block goes
 * through a table of tap pointers. */
static int conv_indirect(const float *x, const float *packed_w, const float *bias, float *y,
                         float *zeros, const interp_conv_params *p)
{
    const int64_t taps = p->k_h * p->k_w, cin = p->in_c, cout = p->out_c;
    const int64_t pixels = p->batch * p->out_h * p->out_w, npanels = (cout + NR - 1) / NR;
    const int64_t span_h = (p->k_h - 1) * p->dil_h;
    const float *ind[IND_MAX_TAPS * IMR];
    int64_t offset[IND_MAX_TAPS]; /* of each tap from the window's first pixel */
    for (int64_t kh = 0; kh < p->k_h; kh++)
        for (int64_t kw = 0; kw < p->k_w; kw++)
            offset[kh * p->k_w + kw] = (kh * p->dil_h * p->in_w + kw * p->dil_w) * cin;
    for (int64_t i = 0; i < cin; i++)
        zeros[i] = 0.0f;
    int64_t ow_lo, ow_hi;
    inside_columns(p, &ow_lo, &ow_hi);
    int64_t n = 0, oh = 0, ow = 0;
    for (int64_t r0 = 0; r0 < pixels; r0 += IMR) {
        const int64_t rows = pixels - r0 < IMR ? pixels - r0 : IMR;
        const int64_t ih0 = oh * p->stride_h - p->pad_top;
        if (ow >= ow_lo && ow + rows <= ow_hi && ih0 >= 0 && ih0 + span_h < p->in_h) {
            const float *img = x + n * p->in_h * p->in_w * cin;
            const tap_rows tr = {0, img + (ih0 * p->in_w + ow * p->stride_w - p->pad_left) * cin,
                                 offset, p->stride_w * cin};
            RUKERNEL[rows](taps, cin, &tr, packed_w, npanels, bias, y + r0 * cout, cout, cout,
                           p->lo, p->hi);
            ow += rows;
            if (ow == p->out_w) {
                ow = 0;
                if (++oh == p->out_h) {
                    oh = 0;
                    n++;
                }
            }
            continue;
        }
        for (int64_t r = 0; r < rows; r++) {
            tap_pointers(x, p, offset, zeros, n, oh, ow, ind, r);
            if (++ow == p->out_w) {
                ow = 0;
                if (++oh == p->out_h) {
                    oh = 0;
                    n++;
                }
            }
        }
        const tap_rows tr = {ind, 0, 0, 0};
        IUKERNEL[rows](taps, cin, &tr, packed_w, npanels, bias, y + r0 * cout, cout, cout, p->lo,
                       p->hi);
    }
    return INTERP_OK;
}

int interp_f32_conv_2d(const float *x, const float *packed_w, const float *bias, float *y,
                       float *scratch, const interp_conv_params *p)
{
    const int64_t k = p->k_h * p->k_w * p->in_c;
    if (p->k_h * p->k_w <= IND_MAX_TAPS)
        return conv_indirect(x, packed_w, bias, y, scratch, p);
    const int64_t pixels = p->batch * p->out_h * p->out_w, chunk = p->rows_per_chunk;
    int64_t n = 0, oh = 0, ow = 0;
    for (int64_t r0 = 0; r0 < pixels; r0 += chunk) {
        const int64_t rows = pixels - r0 < chunk ? pixels - r0 : chunk;
        for (int64_t r = 0; r < rows; r++) {
            im2col_row(x, p, n, oh, ow, scratch + r * k);
            if (++ow == p->out_w) {
                ow = 0;
                if (++oh == p->out_h) {
                    oh = 0;
                    n++;
                }
            }
        }
        gemm(rows, p->out_c, k, scratch, k, packed_w, bias, y + r0 * p->out_c, p->out_c, p->lo,
             p->hi);
    }
    return INTERP_OK;
}

int interp_f32_conv_2d_repack(const float *x, const float *w, const float *bias, float *y,
                              float *scratch, const interp_conv_params *p)
{
    const int64_t k = p->k_h * p->k_w * p->in_c;
    const interp_gemm_pack_params pp = {k, p->out_c, 1, k};
    interp_f32_gemm_pack_b(w, scratch, &pp);
    float *rest = scratch + INTERP_GEMM_PACKED_FLOATS(k, p->out_c);
    if (p->k_h == 1 && p->k_w == 1 && p->stride_h == 1 && p->stride_w == 1) {
        gemm(p->batch * p->out_h * p->out_w, p->out_c, k, x, k, scratch, bias, y, p->out_c, p->lo,
             p->hi);
        return INTERP_OK;
    }
    return interp_f32_conv_2d(x, scratch, bias, y, rest, p);
}

/* ---- TRANSPOSE_CONV: GEMM of a chunk of input pixels against all taps, then scatter-add ------ */

int interp_f32_transpose_conv(const float *x, const float *packed_w, const float *bias, float *y,
                              float *scratch, const interp_transpose_conv_params *p)
{
    const int64_t oc = p->out_c, taps_n = p->k_h * p->k_w * oc;
    const int64_t out_pixels = p->batch * p->out_h * p->out_w;
    const int64_t in_pixels = p->batch * p->in_h * p->in_w, chunk = p->rows_per_chunk;
    for (int64_t i = 0; i < out_pixels; i++)
        for (int64_t o = 0; o < oc; o++)
            y[i * oc + o] = bias ? bias[o] : 0.0f;
    int64_t n = 0, ih = 0, iw = 0;
    for (int64_t r0 = 0; r0 < in_pixels; r0 += chunk) {
        const int64_t rows = in_pixels - r0 < chunk ? in_pixels - r0 : chunk;
        gemm(rows, taps_n, p->in_c, x + r0 * p->in_c, p->in_c, packed_w, 0, scratch, taps_n,
             -INFINITY, INFINITY);
        for (int64_t r = 0; r < rows; r++) {
            const float *col = scratch + r * taps_n;
            for (int64_t kh = 0; kh < p->k_h; kh++) {
                const int64_t oh = ih * p->stride_h - p->pad_top + kh;
                if (oh < 0 || oh >= p->out_h)
                    continue;
                for (int64_t kw = 0; kw < p->k_w; kw++) {
                    const int64_t ow = iw * p->stride_w - p->pad_left + kw;
                    if (ow < 0 || ow >= p->out_w)
                        continue;
                    float *dst = y + ((n * p->out_h + oh) * p->out_w + ow) * oc;
                    const float *src = col + (kh * p->k_w + kw) * oc;
                    for (int64_t o = 0; o < oc; o++)
                        dst[o] += src[o];
                }
            }
            if (++iw == p->in_w) {
                iw = 0;
                if (++ih == p->in_h) {
                    ih = 0;
                    n++;
                }
            }
        }
    }
    if (p->lo > -INFINITY || p->hi < INFINITY)
        for (int64_t i = 0; i < out_pixels * oc; i++)
            y[i] = clampf_(y[i], p->lo, p->hi);
    return INTERP_OK;
}

int interp_f32_transpose_conv_repack(const float *x, const float *w, const float *bias, float *y,
                                     float *scratch, const interp_transpose_conv_params *p)
{
    /* b[i, t * out_c + o] = w[o, t, i] for tap t: packed panel by panel as gemm_pack_b does */
    const int64_t ic = p->in_c, oc = p->out_c, taps = p->k_h * p->k_w, n = taps * oc;
    const int64_t npanels = (n + NR - 1) / NR;
    for (int64_t q = 0; q < npanels; q++)
        for (int64_t i = 0; i < ic; i++)
            for (int64_t j = 0; j < NR; j++) {
                const int64_t col = q * NR + j;
                scratch[(q * ic + i) * NR + j] =
                    col < n ? w[((col % oc) * taps + col / oc) * ic + i] : 0.0f;
            }
    float *rest = scratch + INTERP_GEMM_PACKED_FLOATS(ic, n);
    return interp_f32_transpose_conv(x, scratch, bias, y, rest, p);
}

/* ---- BATCH_MATMUL: per output batch, pack the rhs (when it changed) and the lhs if transposed */

int interp_f32_batch_matmul(const float *x, const float *y, const float *packed_y, float *out,
                            float *scratch, const interp_batch_matmul_params *p)
{
    const int64_t m = p->m, n = p->n, k = p->k;
    float *packed = scratch, *at = scratch + p->packed_floats;
    const float *last_y = 0;
    int64_t idx[INTERP_BMM_BATCH_DIMS] = {0};
    for (int64_t b = 0; b < p->batches; b++) {
        int64_t xo = 0, yo = 0;
        for (int d = 0; d < INTERP_BMM_BATCH_DIMS; d++) {
            xo += idx[d] * p->x_batch_stride[d];
            yo += idx[d] * p->y_batch_stride[d];
        }
        const float *pb;
        if (packed_y) {
            pb = packed_y + (k > 0 && n > 0 ? yo / (k * n) : 0) * p->packed_floats;
        } else {
            if (y + yo != last_y) {
                const interp_gemm_pack_params pp = {k, n, p->adj_y ? 1 : n, p->adj_y ? k : 1};
                interp_f32_gemm_pack_b(y + yo, packed, &pp);
                last_y = y + yo;
            }
            pb = packed;
        }
        const float *a = x + xo;
        if (p->adj_x) { /* x batch is [k, m]: transpose into [m, k] */
            for (int64_t i = 0; i < m; i++)
                for (int64_t l = 0; l < k; l++)
                    at[i * k + l] = a[l * m + i];
            a = at;
        }
        gemm(m, n, k, a, k, pb, 0, out + b * m * n, n, -INFINITY, INFINITY);
        for (int d = INTERP_BMM_BATCH_DIMS - 1; d >= 0; d--) {
            if (++idx[d] < p->batch_shape[d])
                break;
            idx[d] = 0;
        }
    }
    return INTERP_OK;
}
