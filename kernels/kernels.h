/* interp's C kernels: every entry point and its params struct.
 *
 * Contract (DESIGN.md "Kernels"): C99, pure functions. Pointers, sizes and a params struct in, an
 * int status out (INTERP_OK = 0). No allocation, no Python API, no global state, so the Python side
 * calls them with the GIL released. Shapes, strides and clamps are fixed by the op's prepare; a
 * kernel trusts them. Names are interp_<dtype>_<op>[_<variant>], dtypes f32, i32, i64, u8, i8.
 *
 * This header doubles as the cffi cdef (kernels/build.py drops the preprocessor lines except
 * `#define NAME <integer>`), so it holds declarations only.
 */
#ifndef INTERP_KERNELS_H
#define INTERP_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#define INTERP_OK 0
#define INTERP_DIV_BY_ZERO 1 /* an integer DIV met a zero divisor */

#define INTERP_MAX_DIMS 6

/* ---- ADD, SUB, MUL, DIV (binary.c) ----------------------------------------------------------
 * out = act(a <op> b) with numpy broadcasting. The Python side folds the two input shapes into at
 * most INTERP_MAX_DIMS output dims, merging neighbours that are contiguous in both inputs, so a
 * same-shape op is rank 1 with strides (1, 1) and a scalar operand has stride 0. Strides count
 * elements; a broadcast dim has stride 0. rank >= 1. `out` may alias an input of the output's
 * shape. Integer ADD/SUB/MUL wrap around (two's complement); integer DIV truncates toward zero,
 * INT32_MIN / -1 gives INT32_MAX (as LiteRT does) and any zero among the b_count elements of b
 * fails with INTERP_DIV_BY_ZERO before anything is written. [lo, hi] is the fused activation
 * (NONE = the type's whole range, or +-inf for floats); NaN passes through the clamp. */
typedef struct {
    int32_t rank;
    int64_t shape[INTERP_MAX_DIMS];
    int64_t a_stride[INTERP_MAX_DIMS];
    int64_t b_stride[INTERP_MAX_DIMS];
    int64_t b_count;
} interp_broadcast;

typedef struct { interp_broadcast bc; float lo; float hi; } interp_f32_binary_params;
typedef struct { interp_broadcast bc; int32_t lo; int32_t hi; } interp_i32_binary_params;
typedef struct { interp_broadcast bc; int64_t lo; int64_t hi; } interp_i64_binary_params;

int interp_f32_add(const float *a, const float *b, float *out, const interp_f32_binary_params *p);
int interp_f32_sub(const float *a, const float *b, float *out, const interp_f32_binary_params *p);
int interp_f32_mul(const float *a, const float *b, float *out, const interp_f32_binary_params *p);
int interp_f32_div(const float *a, const float *b, float *out, const interp_f32_binary_params *p);
int interp_i32_add(const int32_t *a, const int32_t *b, int32_t *out, const interp_i32_binary_params *p);
int interp_i32_sub(const int32_t *a, const int32_t *b, int32_t *out, const interp_i32_binary_params *p);
int interp_i32_mul(const int32_t *a, const int32_t *b, int32_t *out, const interp_i32_binary_params *p);
int interp_i32_div(const int32_t *a, const int32_t *b, int32_t *out, const interp_i32_binary_params *p);
int interp_i64_add(const int64_t *a, const int64_t *b, int64_t *out, const interp_i64_binary_params *p);
int interp_i64_sub(const int64_t *a, const int64_t *b, int64_t *out, const interp_i64_binary_params *p);
int interp_i64_mul(const int64_t *a, const int64_t *b, int64_t *out, const interp_i64_binary_params *p);

/* ---- FULLY_CONNECTED (fully_connected.c) ----------------------------------------------------
 * y[b, o] = act(sum_i x[b, i] * w[o, i] + bias[o]) for b < batch, o < units, i < depth.
 * w is [units, depth] row-major; bias is NULL or [units]. Each dot product is summed in 8
 * interleaved lanes (lane k takes i = k mod 8), combined pairwise, then the depth % 8 tail is added
 * in order, so a row's result does not depend on the batch size or on its position in w.
 * y must not alias x or w. */
typedef struct {
    int64_t batch;
    int64_t depth;
    int64_t units;
    float lo;
    float hi;
} interp_fc_params;

int interp_f32_fully_connected(const float *x, const float *w, const float *bias, float *y,
                               const interp_fc_params *p);

/* ---- RELU, RELU6, LOGISTIC, TANH (activations.c) -------------------------------------------
 * Elementwise over n elements; y may alias x. RELU and RELU6 are one clamp to [lo, hi] (NaN stays
 * NaN, as in LiteRT). LOGISTIC and TANH evaluate in double and round once to float, so they are
 * within one rounding of the exact value for every input (no overflow for large |x|). */
typedef struct { float lo; float hi; } interp_relu_params;

int interp_f32_relu(const float *x, float *y, int64_t n, const interp_relu_params *p);
int interp_f32_logistic(const float *x, float *y, int64_t n);
int interp_f32_tanh(const float *x, float *y, int64_t n);

/* ---- SOFTMAX (softmax.c) ---------------------------------------------------------------------
 * Over the last axis of a [rows, depth] view: y = exp(beta * (x - max)) / sum, the exponentials in
 * double (for beta < 0 the shift is the min, the same value without overflow). A NaN in a row
 * makes the row NaN. y may alias x. */
typedef struct {
    int64_t rows;
    int64_t depth;
    double beta;
} interp_softmax_params;

int interp_f32_softmax(const float *x, float *y, const interp_softmax_params *p);

/* ---- ARG_MAX (arg_max.c) ---------------------------------------------------------------------
 * The input viewed as [outer, axis, inner]; out[o, j] = the first k maximising x[o, k, j]. A NaN
 * never wins, and a line of NaN gives 0 (LiteRT's scalar loop; its vectorised last-axis loop
 * differs on NaN). axis >= 1. BOOL inputs use the u8 kernels (LiteRT has no INT64 ARG_MAX;
 * interp does). The suffix is the index type. */
typedef struct {
    int64_t outer;
    int64_t axis;
    int64_t inner;
} interp_arg_params;

int interp_f32_arg_max_i32(const float *x, int32_t *out, const interp_arg_params *p);
int interp_f32_arg_max_i64(const float *x, int64_t *out, const interp_arg_params *p);
int interp_i32_arg_max_i32(const int32_t *x, int32_t *out, const interp_arg_params *p);
int interp_i32_arg_max_i64(const int32_t *x, int64_t *out, const interp_arg_params *p);
int interp_i64_arg_max_i32(const int64_t *x, int32_t *out, const interp_arg_params *p);
int interp_i64_arg_max_i64(const int64_t *x, int64_t *out, const interp_arg_params *p);
int interp_u8_arg_max_i32(const uint8_t *x, int32_t *out, const interp_arg_params *p);
int interp_u8_arg_max_i64(const uint8_t *x, int64_t *out, const interp_arg_params *p);
int interp_i8_arg_max_i32(const int8_t *x, int32_t *out, const interp_arg_params *p);
int interp_i8_arg_max_i64(const int8_t *x, int64_t *out, const interp_arg_params *p);

/* ==== section: elementwise (keep declarations of this family between these markers) ==== */

/* ==== end section: elementwise ==== */

/* ==== section: conv (keep declarations of this family between these markers) ==== */

/* ---- GEMM (gemm.c): FULLY_CONNECTED, BATCH_MATMUL, and the core of CONV_2D, TRANSPOSE_CONV ----
 * c[i, j] = act(sum_l a[i, l] * b[l, j] + bias[j]) for i < m, j < n, l < k; a row-major with row
 * stride lda, c with row stride ldc; bias NULL or [n]; [lo, hi] the fused activation (NaN passes).
 * b is first packed by interp_f32_gemm_pack_b from b[l, j] = src[l * stride_k + j * stride_n]
 * into ceil(n / INTERP_GEMM_NR) panels of k x INTERP_GEMM_NR floats, zero past n
 * (INTERP_GEMM_PACKED_FLOATS(k, n) floats). Every output is summed with l ascending, one
 * multiply-add at a time (an FMA in native builds), then bias is added: the result of a row does
 * not depend on m or on the row's or column's position. c must not alias a or b. */
#define INTERP_GEMM_NR 16
#define INTERP_GEMM_PACKED_FLOATS(k, n) ((((n) + INTERP_GEMM_NR - 1) / INTERP_GEMM_NR) * INTERP_GEMM_NR * (k))

typedef struct { int64_t k; int64_t n; int64_t stride_k; int64_t stride_n; } interp_gemm_pack_params;
typedef struct {
    int64_t m;
    int64_t n;
    int64_t k;
    int64_t lda;
    int64_t ldc;
    int64_t stride_k; /* of the unpacked b, for interp_f32_gemm_repack */
    int64_t stride_n;
    float lo;
    float hi;
} interp_gemm_params;

int interp_f32_gemm_pack_b(const float *src, float *packed, const interp_gemm_pack_params *p);
int interp_f32_gemm(const float *a, const float *packed_b, const float *bias, float *c,
                    const interp_gemm_params *p);
/* The same with b unpacked (strides stride_k, stride_n): packs into scratch
 * (INTERP_GEMM_PACKED_FLOATS(k, n) floats) first. FULLY_CONNECTED with computed weights. */
int interp_f32_gemm_repack(const float *a, const float *b, float *scratch, const float *bias,
                           float *c, const interp_gemm_params *p);

/* ---- CONV_2D (gemm.c) -------------------------------------------------------------------------
 * x NHWC [batch, in_h, in_w, in_c]; y [batch, out_h, out_w, out_c]; packed_w = the filter
 * [out_c, k_h, k_w, in_c] packed as b[l, o] = filter[o, l] (k = k_h * k_w * in_c, n = out_c);
 * bias NULL or [out_c]. Input pixel of tap (kh, kw) for output (oh, ow):
 * (oh * stride_h - pad_top + kh * dil_h, ow * stride_w - pad_left + kw * dil_w), zero outside.
 * Up to INTERP_CONV_INDIRECT_MAX_TAPS taps (k_h * k_w), the GEMM's rows read the input in place,
 * 8 output pixels at a time: at fixed offsets when the 8 are in one row and all their taps inside
 * the image, else through a table of tap pointers (a row of in_c zeros in scratch for padding);
 * larger filters go rows_per_chunk output pixels at a time through an im2col matrix in scratch
 * (rows_per_chunk * k floats). Either way the GEMM's summation order (taps, then channels). A 1x1
 * stride-1 convolution is the GEMM itself on x (the op binds interp_f32_gemm for it). */
#define INTERP_CONV_INDIRECT_MAX_TAPS 64
typedef struct {
    int64_t batch, in_h, in_w, in_c;
    int64_t out_h, out_w, out_c;
    int64_t k_h, k_w, stride_h, stride_w, dil_h, dil_w, pad_top, pad_left;
    int64_t rows_per_chunk;
    float lo;
    float hi;
} interp_conv_params;

int interp_f32_conv_2d(const float *x, const float *packed_w, const float *bias, float *y,
                       float *scratch, const interp_conv_params *p);
/* The same with the filter as stored (a computed one): packs it into the start of scratch
 * (INTERP_GEMM_PACKED_FLOATS(k, out_c) floats), the rest of scratch as above. */
int interp_f32_conv_2d_repack(const float *x, const float *w, const float *bias, float *y,
                              float *scratch, const interp_conv_params *p);

/* ---- TRANSPOSE_CONV (gemm.c) --------------------------------------------------------------------
 * y[n, ih*stride_h - pad_top + kh, iw*stride_w - pad_left + kw, o] +=
 *     sum_i x[n, ih, iw, i] * filter[o, kh, kw, i], over positions inside y; y starts at bias (or 0)
 * and is clamped to [lo, hi] at the end. packed_w = filter as b[i, (kh*k_w + kw)*out_c + o];
 * rows_per_chunk input pixels at a time go through scratch (rows_per_chunk * k_h*k_w*out_c). */
typedef struct {
    int64_t batch, in_h, in_w, in_c;
    int64_t out_h, out_w, out_c;
    int64_t k_h, k_w, stride_h, stride_w, pad_top, pad_left;
    int64_t rows_per_chunk;
    float lo;
    float hi;
} interp_transpose_conv_params;

int interp_f32_transpose_conv(const float *x, const float *packed_w, const float *bias, float *y,
                              float *scratch, const interp_transpose_conv_params *p);
/* The same with the filter as stored (a computed one): packed into the start of scratch
 * (INTERP_GEMM_PACKED_FLOATS(in_c, k_h*k_w*out_c) floats), the rest of scratch as above. */
int interp_f32_transpose_conv_repack(const float *x, const float *w, const float *bias, float *y,
                                     float *scratch, const interp_transpose_conv_params *p);

/* ---- BATCH_MATMUL (gemm.c) ----------------------------------------------------------------------
 * out[b] = X[b] @ Y[b] for each of `batches` output batches ([m, n] each, contiguous), the batch
 * index b unravelled over batch_shape (INTERP_BMM_BATCH_DIMS dims, leading 1s), each input batch at
 * sum idx[d] * *_batch_stride[d] floats (0 on broadcast dims). X[b] is x's [m, k] matrix, or with
 * adj_x the transpose of a [k, m] one; Y[b] is [k, n], or with adj_y the transpose of [n, k].
 * packed_y: NULL, or every y batch packed in order (packed_floats each), done in prepare for a
 * constant y. scratch: packed_floats (+ m*k when adj_x) floats. */
#define INTERP_BMM_BATCH_DIMS 4
typedef struct {
    int64_t m, n, k;
    int64_t batches;
    int64_t batch_shape[INTERP_BMM_BATCH_DIMS];
    int64_t x_batch_stride[INTERP_BMM_BATCH_DIMS];
    int64_t y_batch_stride[INTERP_BMM_BATCH_DIMS];
    int64_t packed_floats; /* INTERP_GEMM_PACKED_FLOATS(k, n) */
    int32_t adj_x;
    int32_t adj_y;
} interp_batch_matmul_params;

int interp_f32_batch_matmul(const float *x, const float *y, const float *packed_y, float *out,
                            float *scratch, const interp_batch_matmul_params *p);

/* ---- DEPTHWISE_CONV_2D (depthwise_conv_2d.c) ------------------------------------------------
 * y[n, oh, ow, c] = act(bias[c] + sum over taps (kh, kw) inside x, in (kh, kw) order, of
 * x[n, oh*stride_h - pad_top + kh*dil_h, ow*stride_w - pad_left + kw*dil_w, c / mult] * w[kh, kw, c])
 * with out_c = in_c * mult; w is the filter [1, k_h, k_w, out_c] as stored; bias NULL or [out_c].
 * scratch: with mult 1 and out_c >= 16, in_w * out_c floats (a row of zeros that filter rows in
 * the vertical padding read); otherwise the image is expanded to cp = out_c rounded up to 16
 * channels first: (in_w + in_h * in_w + k_h * k_w + 1) * cp floats, + out_h * out_w * cp when
 * cp > out_c. Padding taps add 0 * w (a non-finite weight there gives NaN, as in XNNPACK), except
 * horizontal ones in images of more than 64 output pixels, which are skipped. Filters of more
 * than 16 rows run one channel at a time, skipping padding taps, without scratch. */
typedef struct {
    int64_t batch, in_h, in_w, in_c;
    int64_t out_h, out_w, out_c, mult;
    int64_t k_h, k_w, stride_h, stride_w, dil_h, dil_w, pad_top, pad_left;
    float lo;
    float hi;
} interp_depthwise_params;

int interp_f32_depthwise_conv_2d(const float *x, const float *w, const float *bias, float *y,
                                 float *scratch, const interp_depthwise_params *p);

/* ---- AVERAGE_POOL_2D, MAX_POOL_2D (pool_2d.c) ------------------------------------------------
 * Window of output (oh, ow): rows [oh*stride_h - pad_top, + f_h) x cols [ow*stride_w - pad_left,
 * + f_w), clipped to the image (never empty for LiteRT's padding). Average: sum in (row, col)
 * order / number of in-image taps. Max: the largest, starting from -FLT_MAX, NaN ignored (so a
 * window of -inf or NaN gives -FLT_MAX, as LiteRT's reference and builtin kernels do).
 * Then clamped to [lo, hi]. */
typedef struct {
    int64_t batch, in_h, in_w, c;
    int64_t out_h, out_w;
    int64_t f_h, f_w, stride_h, stride_w, pad_top, pad_left;
    float lo;
    float hi;
} interp_pool_params;

int interp_f32_average_pool_2d(const float *x, float *y, const interp_pool_params *p);
int interp_f32_max_pool_2d(const float *x, float *y, const interp_pool_params *p);

/* ==== end section: conv ==== */

/* ==== section: shape (keep declarations of this family between these markers) ==== */

/* ==== end section: shape ==== */

/* ==== section: reduce (keep declarations of this family between these markers) ==== */

/* ==== end section: reduce ==== */

#endif /* INTERP_KERNELS_H */
