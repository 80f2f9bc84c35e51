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

/* Data movement is dtype-agnostic: these kernels are named by element size, x8/x16/x32/x64
 * (XNNPACK's convention), and serve every TensorType of that size (BOOL is x8). */
#define INTERP_COPY_MAX_DIMS 12
#define INTERP_INDEX_OUT_OF_RANGE 2 /* a GATHER/GATHER_ND index lies outside its axis */

/* ---- strided copy (copy.c): TRANSPOSE, SLICE, STRIDED_SLICE, CONCATENATION, PACK, UNPACK, SPLIT,
 * SPLIT_V, TILE, BROADCAST_TO, PAD, MIRROR_PAD, DEPTH_TO_SPACE, SPACE_TO_DEPTH, BATCH_TO_SPACE_ND,
 * SPACE_TO_BATCH_ND ------------------------------------------------------------------------------
 * For every index (i0, ..., i[rank-1]) < shape:
 *   out[out_offset + sum_d i_d * out_stride[d]] = in[in_offset + sum_d i_d * in_stride[d]]
 * Strides and offsets count elements; an input stride may be 0 (repeat) or negative (walk back).
 * rank >= 1; a zero in shape copies nothing. The Python side drops size-1 dims and merges
 * neighbours contiguous in both tensors, so the inner dim is usually a contiguous run (memcpy).
 * When the two inner dims are a transposed pair (out contiguous along the last dim, in contiguous
 * along the one before) they are copied in small square blocks (8 x 8 bytes, 4 x 4 wider elements)
 * grouped in 32 x 32 tiles, so reads and writes are both contiguous runs and stay in cache.
 * The written and read elements must not overlap (in and out may be the same buffer otherwise). */
typedef struct {
    int32_t rank;
    int64_t shape[INTERP_COPY_MAX_DIMS];
    int64_t in_stride[INTERP_COPY_MAX_DIMS];
    int64_t out_stride[INTERP_COPY_MAX_DIMS];
    int64_t in_offset;
    int64_t out_offset;
} interp_copy_params;

int interp_x8_copy(const uint8_t *in, uint8_t *out, const interp_copy_params *p);
int interp_x16_copy(const uint16_t *in, uint16_t *out, const interp_copy_params *p);
int interp_x32_copy(const uint32_t *in, uint32_t *out, const interp_copy_params *p);
int interp_x64_copy(const uint64_t *in, uint64_t *out, const interp_copy_params *p);

/* out[0..n) = *value (FILL, PAD borders). value is read once, when the kernel runs. */
int interp_x8_fill(uint8_t *out, int64_t n, const uint8_t *value);
int interp_x16_fill(uint16_t *out, int64_t n, const uint16_t *value);
int interp_x32_fill(uint32_t *out, int64_t n, const uint32_t *value);
int interp_x64_fill(uint64_t *out, int64_t n, const uint64_t *value);

/* ---- GATHER (gather.c) ----------------------------------------------------------------------
 * params viewed [batch, outer, axis, inner], indices [batch, n_idx], out [batch, outer, n_idx,
 * inner]: out[b, o, i, :] = params[b, o, idx[b, i], :]. Every index is checked first: one outside
 * [0, axis) returns INTERP_INDEX_OUT_OF_RANGE with nothing written. Suffix = index type (INT16,
 * INT32 or INT64, as in LiteRT). */
typedef struct {
    int64_t batch;
    int64_t outer;
    int64_t axis;
    int64_t n_idx;
    int64_t inner;
} interp_gather_params;

int interp_x8_gather_i16(const uint8_t *params, const int16_t *idx, uint8_t *out, const interp_gather_params *p);
int interp_x8_gather_i32(const uint8_t *params, const int32_t *idx, uint8_t *out, const interp_gather_params *p);
int interp_x8_gather_i64(const uint8_t *params, const int64_t *idx, uint8_t *out, const interp_gather_params *p);
int interp_x16_gather_i16(const uint16_t *params, const int16_t *idx, uint16_t *out, const interp_gather_params *p);
int interp_x16_gather_i32(const uint16_t *params, const int32_t *idx, uint16_t *out, const interp_gather_params *p);
int interp_x16_gather_i64(const uint16_t *params, const int64_t *idx, uint16_t *out, const interp_gather_params *p);
int interp_x32_gather_i16(const uint32_t *params, const int16_t *idx, uint32_t *out, const interp_gather_params *p);
int interp_x32_gather_i32(const uint32_t *params, const int32_t *idx, uint32_t *out, const interp_gather_params *p);
int interp_x32_gather_i64(const uint32_t *params, const int64_t *idx, uint32_t *out, const interp_gather_params *p);
int interp_x64_gather_i16(const uint64_t *params, const int16_t *idx, uint64_t *out, const interp_gather_params *p);
int interp_x64_gather_i32(const uint64_t *params, const int32_t *idx, uint64_t *out, const interp_gather_params *p);
int interp_x64_gather_i64(const uint64_t *params, const int64_t *idx, uint64_t *out, const interp_gather_params *p);

/* ---- GATHER_ND (gather.c) -------------------------------------------------------------------
 * indices [n, k] (k <= INTERP_COPY_MAX_DIMS), out [n, inner]: out[i, :] = the inner-element slice
 * of params at (idx[i, 0], ..., idx[i, k-1]), where dims[j] bounds idx[., j] and strides[j] is that
 * dim's stride in elements. Indices are checked first (INTERP_INDEX_OUT_OF_RANGE, nothing written). */
typedef struct {
    int64_t n;
    int32_t k;
    int64_t inner;
    int64_t dims[INTERP_COPY_MAX_DIMS];
    int64_t strides[INTERP_COPY_MAX_DIMS];
} interp_gather_nd_params;

int interp_x8_gather_nd_i16(const uint8_t *params, const int16_t *idx, uint8_t *out, const interp_gather_nd_params *p);
int interp_x8_gather_nd_i32(const uint8_t *params, const int32_t *idx, uint8_t *out, const interp_gather_nd_params *p);
int interp_x8_gather_nd_i64(const uint8_t *params, const int64_t *idx, uint8_t *out, const interp_gather_nd_params *p);
int interp_x16_gather_nd_i16(const uint16_t *params, const int16_t *idx, uint16_t *out, const interp_gather_nd_params *p);
int interp_x16_gather_nd_i32(const uint16_t *params, const int32_t *idx, uint16_t *out, const interp_gather_nd_params *p);
int interp_x16_gather_nd_i64(const uint16_t *params, const int64_t *idx, uint16_t *out, const interp_gather_nd_params *p);
int interp_x32_gather_nd_i16(const uint32_t *params, const int16_t *idx, uint32_t *out, const interp_gather_nd_params *p);
int interp_x32_gather_nd_i32(const uint32_t *params, const int32_t *idx, uint32_t *out, const interp_gather_nd_params *p);
int interp_x32_gather_nd_i64(const uint32_t *params, const int64_t *idx, uint32_t *out, const interp_gather_nd_params *p);
int interp_x64_gather_nd_i16(const uint64_t *params, const int16_t *idx, uint64_t *out, const interp_gather_nd_params *p);
int interp_x64_gather_nd_i32(const uint64_t *params, const int32_t *idx, uint64_t *out, const interp_gather_nd_params *p);
int interp_x64_gather_nd_i64(const uint64_t *params, const int64_t *idx, uint64_t *out, const interp_gather_nd_params *p);

/* ---- ONE_HOT (gather.c) ---------------------------------------------------------------------
 * indices viewed [outer, inner], out [outer, depth, inner]: out[o, d, i] = idx[o, i] == d ? *on :
 * *off (an index outside [0, depth) gives a row of off). on/off are read when the kernel runs. */
typedef struct {
    int64_t outer;
    int64_t depth;
    int64_t inner;
} interp_one_hot_params;

int interp_x8_one_hot_i32(const int32_t *idx, const uint8_t *on, const uint8_t *off, uint8_t *out, const interp_one_hot_params *p);
int interp_x8_one_hot_i64(const int64_t *idx, const uint8_t *on, const uint8_t *off, uint8_t *out, const interp_one_hot_params *p);
int interp_x32_one_hot_i32(const int32_t *idx, const uint32_t *on, const uint32_t *off, uint32_t *out, const interp_one_hot_params *p);
int interp_x32_one_hot_i64(const int64_t *idx, const uint32_t *on, const uint32_t *off, uint32_t *out, const interp_one_hot_params *p);
int interp_x64_one_hot_i32(const int32_t *idx, const uint64_t *on, const uint64_t *off, uint64_t *out, const interp_one_hot_params *p);
int interp_x64_one_hot_i64(const int64_t *idx, const uint64_t *on, const uint64_t *off, uint64_t *out, const interp_one_hot_params *p);

/* ---- RESIZE_NEAREST_NEIGHBOR, RESIZE_BILINEAR (resize.c) -------------------------------------
 * NHWC, in [batch, in_h, in_w, depth], out [batch, out_h, out_w, depth]. The source coordinates
 * are tables made in prepare (LiteRT's formulas): nearest copies pixel (ys[y], xs[x]); bilinear
 * blends rows y0[y], y1[y] and columns x0[x], x1[x] with fractions fy[y], fx[x] as
 * v00*(1-fy)*(1-fx) + v10*fy*(1-fx) + v01*(1-fy)*fx + v11*fy*fx, in float. */
typedef struct {
    int64_t batch;
    int64_t in_h;
    int64_t in_w;
    int64_t out_h;
    int64_t out_w;
    int64_t depth;
} interp_resize_params;

int interp_x8_resize_nearest(const uint8_t *in, uint8_t *out, const int64_t *ys, const int64_t *xs, const interp_resize_params *p);
int interp_x16_resize_nearest(const uint16_t *in, uint16_t *out, const int64_t *ys, const int64_t *xs, const interp_resize_params *p);
int interp_x32_resize_nearest(const uint32_t *in, uint32_t *out, const int64_t *ys, const int64_t *xs, const interp_resize_params *p);
int interp_x64_resize_nearest(const uint64_t *in, uint64_t *out, const int64_t *ys, const int64_t *xs, const interp_resize_params *p);
int interp_f32_resize_bilinear(const float *in, float *out, const int64_t *y0, const int64_t *y1, const float *fy,
                               const int64_t *x0, const int64_t *x1, const float *fx, const interp_resize_params *p);

/* ---- RANGE (fill.c) -------------------------------------------------------------------------
 * out[0] = start, out[i] = out[i-1] + delta for i < n: floats round at every step (as LiteRT
 * does), integers wrap. start/delta are read when the kernel runs. */
int interp_f32_range(const float *start, const float *delta, float *out, int64_t n);
int interp_i32_range(const int32_t *start, const int32_t *delta, int32_t *out, int64_t n);
int interp_i64_range(const int64_t *start, const int64_t *delta, int64_t *out, int64_t n);

/* ==== end section: shape ==== */

/* ==== section: reduce (keep declarations of this family between these markers) ==== */

/* ==== end section: reduce ==== */

#endif /* INTERP_KERNELS_H */
