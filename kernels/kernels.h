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

/* ==== end section: conv ==== */

/* ==== section: shape (keep declarations of this family between these markers) ==== */

/* ==== end section: shape ==== */

/* ==== section: reduce (keep declarations of this family between these markers) ==== */

/* ---- MEAN, SUM, REDUCE_PROD, REDUCE_MAX, REDUCE_MIN (reduce.c) --------------------------------
 * The Python side folds the input shape: size-1 dims dropped, neighbouring dims that are both
 * reduced or both kept merged, giving `rank` (1..INTERP_REDUCE_MAX_DIMS) dims from outer to inner,
 * out_stride[d] = the output stride of a kept dim (in elements) and 0 for a reduced one;
 * inner_reduced says whether the innermost dim is reduced. in_count = the product of `shape`
 * (0 for an empty input, then `shape` is not read); out_count = the output's element count.
 * Float SUM/MEAN/PROD accumulate in double (`acc`, out_count doubles of scratch) and round once:
 * out = (float)(sum / divisor), divisor 1 for SUM and the reduced count for MEAN (an empty MEAN
 * is NaN). Integer SUM/MEAN/PROD accumulate in uint64_t (`acc`), so they wrap like the type;
 * MEAN = the exact sum / idivisor truncated toward zero, 0 when idivisor is 0. REDUCE_MAX/MIN
 * accumulate in `out`: a NaN anywhere in a reduced set gives NaN; an empty set gives -inf/+inf
 * (float) or the type's min/max. `out` must not alias `x`. Partial results of a reduced inner run
 * are kept in 8 lanes and combined pairwise; rows of an inner kept run are combined 4 at a time
 * (in ACC) before they meet the accumulator. */
#define INTERP_REDUCE_MAX_DIMS 8

typedef struct {
    int32_t rank;
    int32_t inner_reduced;
    int64_t shape[INTERP_REDUCE_MAX_DIMS];
    int64_t out_stride[INTERP_REDUCE_MAX_DIMS];
    int64_t in_count;
    int64_t out_count;
    double divisor;
    int64_t idivisor;
} interp_reduce_params;

int interp_f32_reduce_sum(const float *x, float *out, double *acc, const interp_reduce_params *p);
int interp_f32_reduce_prod(const float *x, float *out, double *acc, const interp_reduce_params *p);
int interp_f32_reduce_max(const float *x, float *out, const interp_reduce_params *p);
int interp_f32_reduce_min(const float *x, float *out, const interp_reduce_params *p);
int interp_i32_reduce_sum(const int32_t *x, int32_t *out, uint64_t *acc, const interp_reduce_params *p);
int interp_i32_reduce_prod(const int32_t *x, int32_t *out, uint64_t *acc, const interp_reduce_params *p);
int interp_i32_reduce_max(const int32_t *x, int32_t *out, const interp_reduce_params *p);
int interp_i32_reduce_min(const int32_t *x, int32_t *out, const interp_reduce_params *p);
int interp_i64_reduce_sum(const int64_t *x, int64_t *out, uint64_t *acc, const interp_reduce_params *p);
int interp_i64_reduce_prod(const int64_t *x, int64_t *out, uint64_t *acc, const interp_reduce_params *p);
int interp_i64_reduce_max(const int64_t *x, int64_t *out, const interp_reduce_params *p);
int interp_i64_reduce_min(const int64_t *x, int64_t *out, const interp_reduce_params *p);
/* REDUCE_ANY / REDUCE_ALL over BOOL (bytes 0 or 1), accumulating in `out`: an empty set gives
 * 0 (ANY) or 1 (ALL). */
int interp_u8_reduce_any(const uint8_t *x, uint8_t *out, const interp_reduce_params *p);
int interp_u8_reduce_all(const uint8_t *x, uint8_t *out, const interp_reduce_params *p);

/* ---- LOG_SOFTMAX (softmax.c) ------------------------------------------------------------------
 * Over the last axis of a [rows, depth] view (interp_softmax_params, beta not read):
 * y = x - max - log(sum exp(x - max)), evaluated in double and rounded once. A NaN or +inf in a row
 * makes the row NaN; a -inf element gives -inf. y may alias x. */
int interp_f32_log_softmax(const float *x, float *y, const interp_softmax_params *p);

/* ---- L2_NORMALIZATION (l2_normalization.c) ------------------------------------------------------
 * Over the last axis of a [rows, depth] view: y = x / max(sqrt(sum x^2), epsilon) with the sum and
 * the square root in double, each output rounded once. A NaN in a row makes the row NaN; an inf
 * gives NaN for itself and 0 for the finite elements (inf / inf, x / inf). y may alias x. */
typedef struct {
    int64_t rows;
    int64_t depth;
    double epsilon;
} interp_l2_norm_params;

int interp_f32_l2_normalization(const float *x, float *y, const interp_l2_norm_params *p);

/* ---- ARG_MIN (arg_max.c) -------------------------------------------------------------------------
 * As ARG_MAX (interp_arg_params) with the first k minimising x[o, k, j]; a NaN never wins, a line
 * of NaN gives 0. */
int interp_f32_arg_min_i32(const float *x, int32_t *out, const interp_arg_params *p);
int interp_f32_arg_min_i64(const float *x, int64_t *out, const interp_arg_params *p);
int interp_i32_arg_min_i32(const int32_t *x, int32_t *out, const interp_arg_params *p);
int interp_i32_arg_min_i64(const int32_t *x, int64_t *out, const interp_arg_params *p);
int interp_i64_arg_min_i32(const int64_t *x, int32_t *out, const interp_arg_params *p);
int interp_i64_arg_min_i64(const int64_t *x, int64_t *out, const interp_arg_params *p);
int interp_u8_arg_min_i32(const uint8_t *x, int32_t *out, const interp_arg_params *p);
int interp_u8_arg_min_i64(const uint8_t *x, int64_t *out, const interp_arg_params *p);
int interp_i8_arg_min_i32(const int8_t *x, int32_t *out, const interp_arg_params *p);
int interp_i8_arg_min_i64(const int8_t *x, int64_t *out, const interp_arg_params *p);

/* ---- CUMSUM (cumsum.c) ---------------------------------------------------------------------------
 * The input viewed as [outer, axis, inner]; out[o, k, j] = the sum of x[o, k', j] over k' <= k
 * (k' < k with `exclusive`; k' >= k or k' > k with `reverse`). Float sums run in double (`acc`,
 * inner doubles of scratch) and round once per output; integer sums in uint64_t (`acc`, inner
 * values) and wrap like the type. out must not alias x. */
typedef struct {
    int64_t outer;
    int64_t axis;
    int64_t inner;
    int32_t exclusive;
    int32_t reverse;
} interp_cumsum_params;

int interp_f32_cumsum(const float *x, float *out, double *acc, const interp_cumsum_params *p);
int interp_i32_cumsum(const int32_t *x, int32_t *out, uint64_t *acc, const interp_cumsum_params *p);
int interp_i64_cumsum(const int64_t *x, int64_t *out, uint64_t *acc, const interp_cumsum_params *p);

/* ---- TOPK_V2 (topk_v2.c) --------------------------------------------------------------------------
 * Over the last axis of a [rows, n] view, 0 <= k <= n < 2^31: values[r, :k] = the k largest of
 * x[r, :] in descending order and indices[r, :k] their positions; equal values keep the lower
 * index first, NaN ranks below every number (NaNs by index), as LiteRT does. */
typedef struct {
    int64_t rows;
    int64_t n;
    int64_t k;
} interp_topk_params;

int interp_f32_topk_v2(const float *x, float *values, int32_t *indices, const interp_topk_params *p);
int interp_i32_topk_v2(const int32_t *x, int32_t *values, int32_t *indices, const interp_topk_params *p);
int interp_i64_topk_v2(const int64_t *x, int64_t *values, int32_t *indices, const interp_topk_params *p);

/* ---- UNIDIRECTIONAL_SEQUENCE_LSTM (lstm.c) --------------------------------------------------------
 * float32. Gate order i, f, c (the cell candidate), o. Weights row-major: w_x[g] [n_cell, n_input],
 * w_h[g] [n_cell, n_output], proj_w [n_output, n_cell]; peep[g] (g = i, f, o; the c slot unused),
 * bias[g] and ln[g] are [n_cell]. CIFG: w_x[0] == NULL (then w_h[0], peep[0], bias[0], ln[0]
 * unused, and i = 1 - f). Layer norm: ln[1] != NULL. Peephole/projection: NULL when absent,
 * proj_b may be NULL. Per time step t and batch row b (x row at t*in_time_stride +
 * b*in_batch_stride, y row likewise with the out strides):
 *   pre_g = w_x[g] x + w_h[g] h (+ bias[g] without layer norm); i and f add peep * c_prev;
 *   with layer norm pre_g = normalise(pre_g) * ln[g] + bias[g] (mean/variance of the n_cell
 *   values, 1/sqrt(variance + 1e-8)); i, f, o = sigmoid; g = act(pre_c);
 *   c = f c_prev + i g, clipped to [-cell_clip, cell_clip] when cell_clip > 0;
 *   o adds peep_o * c (the new c) before its layer norm and sigmoid; m = o act(c), except that
 *   with act NONE m = o g, as LiteRT computes it (its NONE leaves the cell gate in the buffer);
 *   y = proj_w m + proj_b clipped to +-proj_clip when proj_clip > 0, or y = m without projection
 *   (then n_output == n_cell); h = y.
 * act is the fused activation code (0 NONE = identity, 1 RELU, 2 RELU_N1_TO_1, 3 RELU6, 4 TANH,
 * 5 SIGN_BIT). h [n_batch, n_output] and c [n_batch, n_cell] hold the state: read at the start,
 * left holding the state after the last step. Dot products sum in 8 float lanes; sigmoid and tanh
 * in double. scratch: 4 * n_batch * n_cell + n_cell floats. y must not alias anything. */
typedef struct {
    const float *w_x[4];
    const float *w_h[4];
    const float *peep[4];
    const float *bias[4];
    const float *ln[4];
    const float *proj_w;
    const float *proj_b;
    int64_t n_batch;
    int64_t n_time;
    int64_t n_input;
    int64_t n_cell;
    int64_t n_output;
    int64_t in_time_stride;
    int64_t in_batch_stride;
    int64_t out_time_stride;
    int64_t out_batch_stride;
    int32_t activation;
    float cell_clip;
    float proj_clip;
} interp_lstm_params;

int interp_f32_unidirectional_sequence_lstm(const float *x, float *h, float *c, float *y,
                                            float *scratch, const interp_lstm_params *p);

/* ==== end section: reduce ==== */

#endif /* INTERP_KERNELS_H */
