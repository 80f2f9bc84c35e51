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

#define INTERP_NEGATIVE_EXPONENT 2 /* an integer POW met a negative exponent */

/* ---- MAXIMUM, MINIMUM, SQUARED_DIFFERENCE, POW, FLOOR_DIV, FLOOR_MOD, PRELU (binary.c) ----------
 * The broadcasting loop and params of ADD (above): out = clamp(a <op> b, lo, hi); these ops have no
 * fused activation, so prepare sets [lo, hi] to the type's whole range. `out` may alias an input
 * of the output's shape. MAXIMUM/MINIMUM return b unless a strictly wins (a NaN in b wins, a NaN in
 * a loses; LiteRT's reference kernel). Integer SQUARED_DIFFERENCE wraps. POW: float powf; int32
 * in double, a result outside int32 gives INT32_MIN, and any negative among the b_count elements of
 * b fails with INTERP_NEGATIVE_EXPONENT before anything is written. FLOOR_DIV: floor(a / b); any
 * zero in b (float too, as LiteRT) fails with INTERP_DIV_BY_ZERO; int32 MIN // -1 wraps to MIN.
 * FLOOR_MOD: the remainder has b's sign; float x mod 0 is NaN; integer: any zero in b fails with
 * INTERP_DIV_BY_ZERO, x mod -1 is 0. PRELU: a >= 0 ? a : a * b (b = alpha). */
int interp_f32_maximum(const float *a, const float *b, float *out, const interp_f32_binary_params *p);
int interp_f32_minimum(const float *a, const float *b, float *out, const interp_f32_binary_params *p);
int interp_f32_squared_difference(const float *a, const float *b, float *out, const interp_f32_binary_params *p);
int interp_f32_pow(const float *a, const float *b, float *out, const interp_f32_binary_params *p);
int interp_f32_floor_div(const float *a, const float *b, float *out, const interp_f32_binary_params *p);
int interp_f32_floor_mod(const float *a, const float *b, float *out, const interp_f32_binary_params *p);
int interp_f32_prelu(const float *a, const float *b, float *out, const interp_f32_binary_params *p);
int interp_i32_maximum(const int32_t *a, const int32_t *b, int32_t *out, const interp_i32_binary_params *p);
int interp_i32_minimum(const int32_t *a, const int32_t *b, int32_t *out, const interp_i32_binary_params *p);
int interp_i32_squared_difference(const int32_t *a, const int32_t *b, int32_t *out, const interp_i32_binary_params *p);
int interp_i32_pow(const int32_t *a, const int32_t *b, int32_t *out, const interp_i32_binary_params *p);
int interp_i32_floor_div(const int32_t *a, const int32_t *b, int32_t *out, const interp_i32_binary_params *p);
int interp_i32_floor_mod(const int32_t *a, const int32_t *b, int32_t *out, const interp_i32_binary_params *p);
int interp_i64_maximum(const int64_t *a, const int64_t *b, int64_t *out, const interp_i64_binary_params *p);
int interp_i64_minimum(const int64_t *a, const int64_t *b, int64_t *out, const interp_i64_binary_params *p);
int interp_i64_floor_mod(const int64_t *a, const int64_t *b, int64_t *out, const interp_i64_binary_params *p);

/* ---- EQUAL ... GREATER_EQUAL, LOGICAL_AND, LOGICAL_OR (binary.c) --------------------------------
 * out[i] = a <op> b as a bool byte (0/1), broadcasting as above (b_count unused). IEEE comparisons:
 * any comparison with NaN is false except NOT_EQUAL. The u8 kernels serve BOOL (and the logical
 * ops read any non-zero byte as true). */
int interp_f32_equal(const float *a, const float *b, uint8_t *out, const interp_broadcast *bc);
int interp_f32_not_equal(const float *a, const float *b, uint8_t *out, const interp_broadcast *bc);
int interp_f32_less(const float *a, const float *b, uint8_t *out, const interp_broadcast *bc);
int interp_f32_less_equal(const float *a, const float *b, uint8_t *out, const interp_broadcast *bc);
int interp_f32_greater(const float *a, const float *b, uint8_t *out, const interp_broadcast *bc);
int interp_f32_greater_equal(const float *a, const float *b, uint8_t *out, const interp_broadcast *bc);
int interp_i32_equal(const int32_t *a, const int32_t *b, uint8_t *out, const interp_broadcast *bc);
int interp_i32_not_equal(const int32_t *a, const int32_t *b, uint8_t *out, const interp_broadcast *bc);
int interp_i32_less(const int32_t *a, const int32_t *b, uint8_t *out, const interp_broadcast *bc);
int interp_i32_less_equal(const int32_t *a, const int32_t *b, uint8_t *out, const interp_broadcast *bc);
int interp_i32_greater(const int32_t *a, const int32_t *b, uint8_t *out, const interp_broadcast *bc);
int interp_i32_greater_equal(const int32_t *a, const int32_t *b, uint8_t *out, const interp_broadcast *bc);
int interp_i64_equal(const int64_t *a, const int64_t *b, uint8_t *out, const interp_broadcast *bc);
int interp_i64_not_equal(const int64_t *a, const int64_t *b, uint8_t *out, const interp_broadcast *bc);
int interp_i64_less(const int64_t *a, const int64_t *b, uint8_t *out, const interp_broadcast *bc);
int interp_i64_less_equal(const int64_t *a, const int64_t *b, uint8_t *out, const interp_broadcast *bc);
int interp_i64_greater(const int64_t *a, const int64_t *b, uint8_t *out, const interp_broadcast *bc);
int interp_i64_greater_equal(const int64_t *a, const int64_t *b, uint8_t *out, const interp_broadcast *bc);
int interp_u8_equal(const uint8_t *a, const uint8_t *b, uint8_t *out, const interp_broadcast *bc);
int interp_u8_not_equal(const uint8_t *a, const uint8_t *b, uint8_t *out, const interp_broadcast *bc);
int interp_u8_logical_and(const uint8_t *a, const uint8_t *b, uint8_t *out, const interp_broadcast *bc);
int interp_u8_logical_or(const uint8_t *a, const uint8_t *b, uint8_t *out, const interp_broadcast *bc);

/* ---- SELECT, SELECT_V2 (select.c) ---------------------------------------------------------------
 * out = c ? x : y (c a bool byte, any non-zero is true) over a folded three-way broadcast: at most
 * INTERP_MAX_DIMS dims, strides in elements, 0 on broadcast dims, rank >= 1. Only copies, so the
 * kernel is chosen by element size: u8 (BOOL, UINT8, INT8), i16, i32 (INT32, FLOAT32), i64.
 * `out` may alias x or y when that operand has the output's shape. */
typedef struct {
    int32_t rank;
    int64_t shape[INTERP_MAX_DIMS];
    int64_t c_stride[INTERP_MAX_DIMS];
    int64_t x_stride[INTERP_MAX_DIMS];
    int64_t y_stride[INTERP_MAX_DIMS];
} interp_select_params;

int interp_u8_select(const uint8_t *c, const uint8_t *x, const uint8_t *y, uint8_t *out, const interp_select_params *p);
int interp_i16_select(const uint8_t *c, const int16_t *x, const int16_t *y, int16_t *out, const interp_select_params *p);
int interp_i32_select(const uint8_t *c, const int32_t *x, const int32_t *y, int32_t *out, const interp_select_params *p);
int interp_i64_select(const uint8_t *c, const int64_t *x, const int64_t *y, int64_t *out, const interp_select_params *p);

/* ---- EXP, LOG, SQRT, RSQRT, SQUARE, ABS, NEG, SIN, COS, FLOOR, CEIL, ROUND (unary.c) -----------
 * y[i] = f(x[i]) for n elements; y may alias x. Floats: the float32 libm function (IEEE edge cases:
 * LOG(-0) = -inf, LOG(<0) = NaN, SQRT(-0) = -0, RSQRT = 1/sqrtf, so RSQRT(+-0) = +-inf). ROUND is
 * half to even, and a negative value rounding to zero gives +0 (LiteRT's formula). Integer ABS and
 * NEG wrap: INT_MIN stays INT_MIN. */
int interp_f32_exp(const float *x, float *y, int64_t n);
int interp_f32_log(const float *x, float *y, int64_t n);
int interp_f32_sqrt(const float *x, float *y, int64_t n);
int interp_f32_rsqrt(const float *x, float *y, int64_t n);
int interp_f32_square(const float *x, float *y, int64_t n);
int interp_f32_abs(const float *x, float *y, int64_t n);
int interp_f32_neg(const float *x, float *y, int64_t n);
int interp_f32_sin(const float *x, float *y, int64_t n);
int interp_f32_cos(const float *x, float *y, int64_t n);
int interp_f32_floor(const float *x, float *y, int64_t n);
int interp_f32_ceil(const float *x, float *y, int64_t n);
int interp_f32_round(const float *x, float *y, int64_t n);
int interp_i32_abs(const int32_t *x, int32_t *y, int64_t n);
int interp_i32_neg(const int32_t *x, int32_t *y, int64_t n);
int interp_i64_neg(const int64_t *x, int64_t *y, int64_t n);
/* LOGICAL_NOT (unary.c): y = !x on bool bytes (any non-zero is true); y may alias x. */
int interp_u8_logical_not(const uint8_t *x, uint8_t *y, int64_t n);

/* ---- CAST (cast.c) --------------------------------------------------------------------------------
 * interp_<src>_cast_<dst>: y[i] = x[i] converted, n elements, y must not alias x unless both have
 * the same size. float -> integer truncates toward zero and saturates (NaN gives the max); integer
 * -> integer keeps the low bits; -> bool is x != 0; -> float16 rounds to nearest even (float64 and
 * integers go through float first). A BOOL source uses the u8 kernels, the bool destination its own
 * (0/1 bytes); float16 is passed as its uint16_t bits. Dtype prefixes: f32 f64 f16 i32 i64 u8 i8
 * i16 u16 u32. */
int interp_f32_cast_f32(const float *x, float *y, int64_t n);
int interp_f32_cast_f64(const float *x, double *y, int64_t n);
int interp_f32_cast_f16(const float *x, uint16_t *y, int64_t n);
int interp_f32_cast_i32(const float *x, int32_t *y, int64_t n);
int interp_f32_cast_i64(const float *x, int64_t *y, int64_t n);
int interp_f32_cast_u8(const float *x, uint8_t *y, int64_t n);
int interp_f32_cast_i8(const float *x, int8_t *y, int64_t n);
int interp_f32_cast_i16(const float *x, int16_t *y, int64_t n);
int interp_f32_cast_u16(const float *x, uint16_t *y, int64_t n);
int interp_f32_cast_u32(const float *x, uint32_t *y, int64_t n);
int interp_f32_cast_bool(const float *x, uint8_t *y, int64_t n);
int interp_f64_cast_f32(const double *x, float *y, int64_t n);
int interp_f64_cast_f64(const double *x, double *y, int64_t n);
int interp_f64_cast_f16(const double *x, uint16_t *y, int64_t n);
int interp_f64_cast_i32(const double *x, int32_t *y, int64_t n);
int interp_f64_cast_i64(const double *x, int64_t *y, int64_t n);
int interp_f64_cast_u8(const double *x, uint8_t *y, int64_t n);
int interp_f64_cast_i8(const double *x, int8_t *y, int64_t n);
int interp_f64_cast_i16(const double *x, int16_t *y, int64_t n);
int interp_f64_cast_u16(const double *x, uint16_t *y, int64_t n);
int interp_f64_cast_u32(const double *x, uint32_t *y, int64_t n);
int interp_f64_cast_bool(const double *x, uint8_t *y, int64_t n);
int interp_f16_cast_f32(const uint16_t *x, float *y, int64_t n);
int interp_f16_cast_f64(const uint16_t *x, double *y, int64_t n);
int interp_f16_cast_f16(const uint16_t *x, uint16_t *y, int64_t n);
int interp_f16_cast_i32(const uint16_t *x, int32_t *y, int64_t n);
int interp_f16_cast_i64(const uint16_t *x, int64_t *y, int64_t n);
int interp_f16_cast_u8(const uint16_t *x, uint8_t *y, int64_t n);
int interp_f16_cast_i8(const uint16_t *x, int8_t *y, int64_t n);
int interp_f16_cast_i16(const uint16_t *x, int16_t *y, int64_t n);
int interp_f16_cast_u16(const uint16_t *x, uint16_t *y, int64_t n);
int interp_f16_cast_u32(const uint16_t *x, uint32_t *y, int64_t n);
int interp_f16_cast_bool(const uint16_t *x, uint8_t *y, int64_t n);
int interp_i32_cast_f32(const int32_t *x, float *y, int64_t n);
int interp_i32_cast_f64(const int32_t *x, double *y, int64_t n);
int interp_i32_cast_f16(const int32_t *x, uint16_t *y, int64_t n);
int interp_i32_cast_i32(const int32_t *x, int32_t *y, int64_t n);
int interp_i32_cast_i64(const int32_t *x, int64_t *y, int64_t n);
int interp_i32_cast_u8(const int32_t *x, uint8_t *y, int64_t n);
int interp_i32_cast_i8(const int32_t *x, int8_t *y, int64_t n);
int interp_i32_cast_i16(const int32_t *x, int16_t *y, int64_t n);
int interp_i32_cast_u16(const int32_t *x, uint16_t *y, int64_t n);
int interp_i32_cast_u32(const int32_t *x, uint32_t *y, int64_t n);
int interp_i32_cast_bool(const int32_t *x, uint8_t *y, int64_t n);
int interp_i64_cast_f32(const int64_t *x, float *y, int64_t n);
int interp_i64_cast_f64(const int64_t *x, double *y, int64_t n);
int interp_i64_cast_f16(const int64_t *x, uint16_t *y, int64_t n);
int interp_i64_cast_i32(const int64_t *x, int32_t *y, int64_t n);
int interp_i64_cast_i64(const int64_t *x, int64_t *y, int64_t n);
int interp_i64_cast_u8(const int64_t *x, uint8_t *y, int64_t n);
int interp_i64_cast_i8(const int64_t *x, int8_t *y, int64_t n);
int interp_i64_cast_i16(const int64_t *x, int16_t *y, int64_t n);
int interp_i64_cast_u16(const int64_t *x, uint16_t *y, int64_t n);
int interp_i64_cast_u32(const int64_t *x, uint32_t *y, int64_t n);
int interp_i64_cast_bool(const int64_t *x, uint8_t *y, int64_t n);
int interp_u8_cast_f32(const uint8_t *x, float *y, int64_t n);
int interp_u8_cast_f64(const uint8_t *x, double *y, int64_t n);
int interp_u8_cast_f16(const uint8_t *x, uint16_t *y, int64_t n);
int interp_u8_cast_i32(const uint8_t *x, int32_t *y, int64_t n);
int interp_u8_cast_i64(const uint8_t *x, int64_t *y, int64_t n);
int interp_u8_cast_u8(const uint8_t *x, uint8_t *y, int64_t n);
int interp_u8_cast_i8(const uint8_t *x, int8_t *y, int64_t n);
int interp_u8_cast_i16(const uint8_t *x, int16_t *y, int64_t n);
int interp_u8_cast_u16(const uint8_t *x, uint16_t *y, int64_t n);
int interp_u8_cast_u32(const uint8_t *x, uint32_t *y, int64_t n);
int interp_u8_cast_bool(const uint8_t *x, uint8_t *y, int64_t n);
int interp_i8_cast_f32(const int8_t *x, float *y, int64_t n);
int interp_i8_cast_f64(const int8_t *x, double *y, int64_t n);
int interp_i8_cast_f16(const int8_t *x, uint16_t *y, int64_t n);
int interp_i8_cast_i32(const int8_t *x, int32_t *y, int64_t n);
int interp_i8_cast_i64(const int8_t *x, int64_t *y, int64_t n);
int interp_i8_cast_u8(const int8_t *x, uint8_t *y, int64_t n);
int interp_i8_cast_i8(const int8_t *x, int8_t *y, int64_t n);
int interp_i8_cast_i16(const int8_t *x, int16_t *y, int64_t n);
int interp_i8_cast_u16(const int8_t *x, uint16_t *y, int64_t n);
int interp_i8_cast_u32(const int8_t *x, uint32_t *y, int64_t n);
int interp_i8_cast_bool(const int8_t *x, uint8_t *y, int64_t n);
int interp_i16_cast_f32(const int16_t *x, float *y, int64_t n);
int interp_i16_cast_f64(const int16_t *x, double *y, int64_t n);
int interp_i16_cast_f16(const int16_t *x, uint16_t *y, int64_t n);
int interp_i16_cast_i32(const int16_t *x, int32_t *y, int64_t n);
int interp_i16_cast_i64(const int16_t *x, int64_t *y, int64_t n);
int interp_i16_cast_u8(const int16_t *x, uint8_t *y, int64_t n);
int interp_i16_cast_i8(const int16_t *x, int8_t *y, int64_t n);
int interp_i16_cast_i16(const int16_t *x, int16_t *y, int64_t n);
int interp_i16_cast_u16(const int16_t *x, uint16_t *y, int64_t n);
int interp_i16_cast_u32(const int16_t *x, uint32_t *y, int64_t n);
int interp_i16_cast_bool(const int16_t *x, uint8_t *y, int64_t n);
int interp_u16_cast_f32(const uint16_t *x, float *y, int64_t n);
int interp_u16_cast_f64(const uint16_t *x, double *y, int64_t n);
int interp_u16_cast_f16(const uint16_t *x, uint16_t *y, int64_t n);
int interp_u16_cast_i32(const uint16_t *x, int32_t *y, int64_t n);
int interp_u16_cast_i64(const uint16_t *x, int64_t *y, int64_t n);
int interp_u16_cast_u8(const uint16_t *x, uint8_t *y, int64_t n);
int interp_u16_cast_i8(const uint16_t *x, int8_t *y, int64_t n);
int interp_u16_cast_i16(const uint16_t *x, int16_t *y, int64_t n);
int interp_u16_cast_u16(const uint16_t *x, uint16_t *y, int64_t n);
int interp_u16_cast_u32(const uint16_t *x, uint32_t *y, int64_t n);
int interp_u16_cast_bool(const uint16_t *x, uint8_t *y, int64_t n);
int interp_u32_cast_f32(const uint32_t *x, float *y, int64_t n);
int interp_u32_cast_f64(const uint32_t *x, double *y, int64_t n);
int interp_u32_cast_f16(const uint32_t *x, uint16_t *y, int64_t n);
int interp_u32_cast_i32(const uint32_t *x, int32_t *y, int64_t n);
int interp_u32_cast_i64(const uint32_t *x, int64_t *y, int64_t n);
int interp_u32_cast_u8(const uint32_t *x, uint8_t *y, int64_t n);
int interp_u32_cast_i8(const uint32_t *x, int8_t *y, int64_t n);
int interp_u32_cast_i16(const uint32_t *x, int16_t *y, int64_t n);
int interp_u32_cast_u16(const uint32_t *x, uint16_t *y, int64_t n);
int interp_u32_cast_u32(const uint32_t *x, uint32_t *y, int64_t n);
int interp_u32_cast_bool(const uint32_t *x, uint8_t *y, int64_t n);
/* ---- LEAKY_RELU, HARD_SWISH, ELU, GELU (activations.c; RELU_N1_TO_1 is interp_f32_relu) ---------
 * Elementwise float32 over n elements; y may alias x. LEAKY_RELU: x > 0 ? x : alpha * x.
 * HARD_SWISH: x * min(max(x + 3, 0), 6) / 6 in float. ELU: x < 0 ? expm1f(x) : x. GELU in double,
 * rounded once: exact x/2 * erfc(-x / sqrt 2); approximate x/2 * (1 + tanh(sqrt(2/pi) * (x +
 * 0.044715 x^3))). */
typedef struct { float alpha; } interp_leaky_relu_params;
typedef struct { int32_t approximate; } interp_gelu_params;

int interp_f32_leaky_relu(const float *x, float *y, int64_t n, const interp_leaky_relu_params *p);
int interp_f32_hard_swish(const float *x, float *y, int64_t n);
int interp_f32_elu(const float *x, float *y, int64_t n);
int interp_f32_gelu(const float *x, float *y, int64_t n, const interp_gelu_params *p);

/* ==== end section: elementwise ==== */

/* ==== section: conv (keep declarations of this family between these markers) ==== */

/* ==== end section: conv ==== */

/* ==== section: shape (keep declarations of this family between these markers) ==== */

/* ==== end section: shape ==== */

/* ==== section: reduce (keep declarations of this family between these markers) ==== */

/* ==== end section: reduce ==== */

#endif /* INTERP_KERNELS_H */
