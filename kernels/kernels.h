/* interp's C kernels: every entry point and its params struct.
 *
 * Contract (DESIGN.md "Kernels"): C99, pure functions. Pointers, sizes and a params struct in, an
 * int status out (INTERP_OK = 0). No allocation, no Python API, no global state, so the Python side
 * calls them with the GIL released. Shapes, strides and clamps are fixed by the op's prepare; a
 * kernel trusts them. Names are interp_<dtype>_<op>[_<variant>], dtypes f32, i32, i64, u8, i8, i16.
 * Quantized kernels requantize with kernels/quant.h (included by the .c files, not this cdef).
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

/* ---- the invoke plan (plan.c) -----------------------------------------------------------------
 * Runs n kernel calls in a row without returning to Python. Each step is a kernel entry point
 * whose parameters are all pointers or integers (at most INTERP_PLAN_MAX_ARGS), stored as void *;
 * the Python side (interp/native_plan.py) only builds steps on 64-bit ABIs that pass integers and
 * pointers alike (x86-64, AArch64). Stops at the first non-zero status, returns it, and stores the
 * failing step's position in *failed. */
#define INTERP_PLAN_MAX_ARGS 8

typedef struct {
    void *fn;
    int64_t nargs;
    void *args[INTERP_PLAN_MAX_ARGS];
} interp_plan_step;

int interp_run_plan(const interp_plan_step *steps, int64_t n, int64_t *failed);

/* ---- custom ops in C (interp.register_custom_op(name, c_function=...)) -----------------------
 * A user's C function with this signature runs a custom op. interp passes every input and output
 * as an interp_tensor (data pointer, TensorType code, rank and dims; omitted inputs have data
 * NULL and type -1) plus the op's custom_options bytes. Output shapes are fixed before the call;
 * the function writes outputs[i].data and returns 0, or a non-zero status on failure. */
typedef struct {
    void *data;
    int32_t type;
    int32_t rank;
    int64_t dims[INTERP_MAX_DIMS];
} interp_tensor;

typedef int (*interp_custom_fn)(int32_t n_inputs, const interp_tensor *inputs, int32_t n_outputs,
                                interp_tensor *outputs, const uint8_t *options, int64_t options_size);

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
 * 0.044715 x^3))), evaluated as x / (1 + exp(-2u)); both with fastmath.h's vectorisable exp/erfc. */
typedef struct { float alpha; } interp_leaky_relu_params;
typedef struct { int32_t approximate; } interp_gelu_params;

int interp_f32_leaky_relu(const float *x, float *y, int64_t n, const interp_leaky_relu_params *p);
int interp_f32_hard_swish(const float *x, float *y, int64_t n);
int interp_f32_elu(const float *x, float *y, int64_t n);
int interp_f32_gelu(const float *x, float *y, int64_t n, const interp_gelu_params *p);

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

/* ==== section: quant_conv (quantized CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, BATCH_MATMUL and hybrid paths; keep declarations of this family between these markers) ==== */

/* ---- quantized CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED (quant_conv.c) ----------------------
 * Integer paths, LiteRT's arithmetic (FORMAT.md §8): acc = bias[c] + sum over the taps inside the
 * image of (x + in_offset) * w; then y = clamp(MBQM(acc, mult[c], shift[c]) + out_offset, lo, hi)
 * by rounding: 0 the double-rounding multiply (kernels/quant.h; LiteRT's reference kernels),
 * 2 the same but its final right shift rounding halves up (LiteRT's optimized built-in kernels:
 * INT8/UINT8 CONV_2D and FULLY_CONNECTED, INT8 DEPTHWISE_CONV_2D), 1 one rounding
 * (acc << max(shift, 0)) * mult / 2^(31 + max(-shift, 0)) half away from zero (INT16
 * FULLY_CONNECTED). int64 accumulators with rounding 0: LiteRT's 64-bit
 * variant (multiplier rounded to 16 bits, one rounding shift) for the int16 paths' int64 ones.
 * The filter comes packed by the op (prepare): widened to int16 with its offset already added,
 * conv [k_h][k_w][in_c][out_c], depthwise [k_h][k_w][out_c] (FULLY_CONNECTED is the conv with
 * in_h = in_w = k_h = k_w = 1). bias NULL or [out_c]. scratch: out_c accumulators (int32, int64 for
 * i16). x NHWC, y NHWC; tap geometry as interp_conv_params. mult_q/shift: [out_c] (per tensor:
 * the same pair repeated). Depthwise output channel c reads input channel c / mult. */
typedef struct {
    int64_t batch, in_h, in_w, in_c;
    int64_t out_h, out_w, out_c;
    int64_t k_h, k_w, stride_h, stride_w, dil_h, dil_w, pad_top, pad_left;
    int64_t mult;
    int32_t in_offset, out_offset, lo, hi;
    int32_t rounding; /* 0, 1 or 2 (see above) */
    int64_t round_split; /* rounding 2 applies to channels below this one, 0 above (LiteRT's
                            int8 depthwise rounds the channels past the last multiple of 8 so) */
    const int32_t *mult_q;
    const int32_t *shift;
} interp_qconv_params;

int interp_i8_qconv_2d(const int8_t *x, const int16_t *w, const int32_t *bias, int8_t *y,
                       int32_t *scratch, const interp_qconv_params *p);
int interp_u8_qconv_2d(const uint8_t *x, const int16_t *w, const int32_t *bias, uint8_t *y,
                       int32_t *scratch, const interp_qconv_params *p);
int interp_i16_qconv_2d(const int16_t *x, const int16_t *w, const int64_t *bias, int16_t *y,
                        int64_t *scratch, const interp_qconv_params *p);
int interp_i8_qdepthwise_conv_2d(const int8_t *x, const int16_t *w, const int32_t *bias, int8_t *y,
                                 int32_t *scratch, const interp_qconv_params *p);
int interp_u8_qdepthwise_conv_2d(const uint8_t *x, const int16_t *w, const int32_t *bias,
                                 uint8_t *y, int32_t *scratch, const interp_qconv_params *p);
int interp_i16_qdepthwise_conv_2d(const int16_t *x, const int16_t *w, const int64_t *bias,
                                  int16_t *y, int64_t *scratch, const interp_qconv_params *p);

/* ---- hybrid (dynamic-range) CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED (quant_conv.c) --------
 * FLOAT32 x and y, INT8 filter (packed as for the integer kernels, no offset), float bias or NULL.
 * Each image of x (FULLY_CONNECTED: each row) is quantized to int8 as LiteRT's
 * SymmetricQuantizeFloats (asymmetric = 0: scale max|v| / 127, values in [-127, 127]) or
 * AsymmetricQuantizeFloats (asymmetric = 1: scale and zero point from [min(v, 0), max(v, 0)]);
 * acc = sum over the taps inside the image of (q - zero_point) * w; then
 * y = clamp(acc * (filter_scale[c] * scale[batch]) + bias[c], lo, hi).
 * scratch: 4 * out_c + 8 * batch + batch * in_h * in_w * in_c bytes (interp_hybrid_scratch). */
typedef struct {
    interp_qconv_params g; /* the geometry; depthwise when g.mult > 0 and depthwise = 1 */
    int32_t depthwise;
    int32_t asymmetric;
    const float *filter_scale;
    float lo, hi;
} interp_hybrid_params;

int interp_f32_hybrid_conv_2d(const float *x, const int8_t *w, const float *bias, float *y,
                              int8_t *scratch, const interp_hybrid_params *p);
/* The run-time input quantization above of n values (scale and zero point out). */
void interp_quantize_symmetric(const float *v, int64_t n, int8_t *q, float *scale, int32_t *zp);
void interp_quantize_asymmetric(const float *v, int64_t n, int8_t *q, float *scale, int32_t *zp);

/* ---- INT8 CONV_2D / FULLY_CONNECTED as a GEMM (quant_gemm.c) -----------------------------------
 * The same results as interp_i8_qconv_2d (g.rounding included). Rows are output pixels:
 * read in place when direct (a 1x1 stride-1 conv or FULLY_CONNECTED with in_c % 4 == 0), else
 * built rows_per_chunk at a time in scratch (rows_per_chunk * k4 bytes; padding taps hold the input
 * zero point). packed: the filter as b[l, o] (l over k_h, k_w, in_c), zero-padded to k4 (a multiple
 * of 4) x a multiple of 16 columns, laid out [o / 16][l / 4][o % 16][l % 4] (64-byte blocks).
 * bias_eff[o] = bias[o] + (in_offset - 128) * sum_l b[l, o]: the product runs on x + 128 as uint8
 * (AVX-512 VNNI vpdpbusd where the build has it, plain C otherwise). */
typedef struct {
    interp_qconv_params g;
    int64_t k4;
    int64_t rows_per_chunk;
    int32_t direct;
} interp_qgemm_params;

int interp_i8_qconv_gemm(const int8_t *x, const int8_t *packed, const int32_t *bias_eff, int8_t *y,
                         int8_t *scratch, const interp_qgemm_params *p);

/* INT8 DEPTHWISE_CONV_2D with multiplier 1 (quant_gemm.c): the arguments and results of
 * interp_i8_qdepthwise_conv_2d; 16 channels at a time over the taps inside the image, at most
 * INTERP_QDW_MAX_TAPS taps (k_h * k_w). bias: NULL or [out_c]. scratch unused. */
#define INTERP_QDW_MAX_TAPS 64
/* Hybrid CONV_2D / FULLY_CONNECTED on the GEMM above: each image quantized into scratch (its size
 * rounded up to 64 bytes), then the GEMM with the float epilogue of interp_f32_hybrid_conv_2d;
 * colsum[o] = sum_l b[l, o]. scratch: the image plus rows_per_chunk * k4 bytes unless direct. */
int interp_f32_hybrid_conv_gemm(const float *x, const int8_t *packed, const int32_t *colsum,
                                const float *bias, float *y, int8_t *scratch,
                                const interp_hybrid_params *hp, const interp_qgemm_params *p);

int interp_i8_qdepthwise_m1(const int8_t *x, const int16_t *w, const int32_t *bias, int8_t *y,
                            int32_t *scratch, const interp_qconv_params *p);
/* Hybrid DEPTHWISE_CONV_2D with multiplier 1, the results of interp_f32_hybrid_conv_2d; scratch:
 * one image of int8 (in_h * in_w * in_c bytes). At most INTERP_QDW_MAX_TAPS taps. */
int interp_f32_hybrid_depthwise_m1(const float *x, const int8_t *w, const float *bias, float *y,
                                   int8_t *scratch, const interp_hybrid_params *hp);

/* ==== end section: quant_conv ==== */

/* ==== section: quant_elementwise (quantized ADD/SUB/MUL, QUANTIZE/DEQUANTIZE, CONCATENATION, pools, MEAN/SUM, movement; keep declarations of this family between these markers) ==== */

/* ---- quantized ADD, SUB, MUL (quant_binary.c) ------------------------------------------------
 * Broadcasting as interp_broadcast (ADD above). ADD/SUB: sa = mbqm((a + a_offset) << left_shift,
 * a_mult, a_shift), sb likewise (SUB: b_mult negated), out = clamp(mbqm(sa + sb, out_mult,
 * out_shift) + out_offset, lo, hi). MUL: out = clamp(mbqm((a + a_offset) * (b + b_offset),
 * out_mult, out_shift) + out_offset, lo, hi). Offsets are minus the input zero points.
 * interp_i16_add_pot (int16 power-of-two scales, zero points 0): rdbp(a, a_shift) + b_mult *
 * rdbp(b, b_shift) saturated to int16, clamped (b_mult = 1 ADD, -1 SUB). */
#define INTERP_QADD_SIMD_ROWS 1   /* rows where both operands are contiguous */
#define INTERP_QADD_SIMD_SCALAR 2 /* rows against a fixed (stride 0) operand */
typedef struct {
    interp_broadcast bc;
    int32_t a_offset, b_offset, out_offset;
    int32_t a_mult, a_shift, b_mult, b_shift, out_mult, out_shift;
    int32_t left_shift;
    int32_t lo, hi;
    int32_t simd; /* ADD: INTERP_QADD_SIMD_* bits, rows rounded as LiteRT's 8-lane blocks */
} interp_qbinary_params;

int interp_i8_add(const int8_t *a, const int8_t *b, int8_t *out, const interp_qbinary_params *p);
int interp_u8_add(const uint8_t *a, const uint8_t *b, uint8_t *out, const interp_qbinary_params *p);
int interp_i16_add(const int16_t *a, const int16_t *b, int16_t *out, const interp_qbinary_params *p);
int interp_i8_mul(const int8_t *a, const int8_t *b, int8_t *out, const interp_qbinary_params *p);
int interp_u8_mul(const uint8_t *a, const uint8_t *b, uint8_t *out, const interp_qbinary_params *p);
int interp_i16_mul(const int16_t *a, const int16_t *b, int16_t *out, const interp_qbinary_params *p);
int interp_i16_add_pot(const int16_t *a, const int16_t *b, int16_t *out, const interp_qbinary_params *p);
/* Same-shape int16 ADD (bc rank 1, both strides 1) as LiteRT's optimized kernel rounds it: whole
 * blocks of 16 elements with a round-half-up high multiply, the rest as interp_i16_add
 * (quant_binary.c has the details). */
int interp_i16_add_blocked(const int16_t *a, const int16_t *b, int16_t *out, const interp_qbinary_params *p);

/* ---- QUANTIZE, DEQUANTIZE (quantize.c) -------------------------------------------------------
 * quantize: whole blocks of 8: y = clamp(rint(x * (1 / scale)) + zero_point, lo, hi), in float, ties
 * to even; the rest, and every element of the _channel variant: round(x / scale), ties away from zero
 * (LiteRT's scalar tail and per-channel kernel). NaN and values
 * beyond int32 convert to INT32_MIN before the zero point is added (wrapping), as on x86.
 * dequantize: whole blocks of 8: y = q * scale + (-zero_point * scale), each step rounded to
 * float (no FMA); the rest and the _channel variant: y = (float)((double)scale * (q - zero_point)).
 * The _channel variants walk x as [outer, channels, inner] with scales[c], zero_points[c].
 * requantize: y = clamp(mbqm(x - in_zero_point, mult, shift) + out_zero_point, lo, hi); with lanes
 * > 0 whole blocks of that many elements round ties toward +infinity (quantize.c). */
typedef struct { float scale; int32_t zero_point; int32_t lo, hi; } interp_quantize_params;
typedef struct { int64_t outer, channels, inner; int32_t lo, hi; } interp_channel_params;
typedef struct { int32_t in_zero_point, out_zero_point, mult, shift, lo, hi, lanes; } interp_requantize_params;

int interp_f32_quantize_i8(const float *x, int8_t *y, int64_t n, const interp_quantize_params *p);
int interp_f32_quantize_u8(const float *x, uint8_t *y, int64_t n, const interp_quantize_params *p);
int interp_f32_quantize_i16(const float *x, int16_t *y, int64_t n, const interp_quantize_params *p);
int interp_f32_quantize_i8_channel(const float *x, int8_t *y, const float *scales, const int32_t *zero_points, const interp_channel_params *p);
int interp_f32_quantize_u8_channel(const float *x, uint8_t *y, const float *scales, const int32_t *zero_points, const interp_channel_params *p);
int interp_f32_quantize_i16_channel(const float *x, int16_t *y, const float *scales, const int32_t *zero_points, const interp_channel_params *p);
int interp_i8_dequantize(const int8_t *x, float *y, int64_t n, const interp_quantize_params *p);
int interp_u8_dequantize(const uint8_t *x, float *y, int64_t n, const interp_quantize_params *p);
int interp_i16_dequantize(const int16_t *x, float *y, int64_t n, const interp_quantize_params *p);
int interp_i8_dequantize_channel(const int8_t *x, float *y, const float *scales, const int32_t *zero_points, const interp_channel_params *p);
int interp_u8_dequantize_channel(const uint8_t *x, float *y, const float *scales, const int32_t *zero_points, const interp_channel_params *p);
int interp_i16_dequantize_channel(const int16_t *x, float *y, const float *scales, const int32_t *zero_points, const interp_channel_params *p);
int interp_i8_requantize_i8(const int8_t *x, int8_t *y, int64_t n, const interp_requantize_params *p);
int interp_i8_requantize_u8(const int8_t *x, uint8_t *y, int64_t n, const interp_requantize_params *p);
int interp_u8_requantize_i8(const uint8_t *x, int8_t *y, int64_t n, const interp_requantize_params *p);
int interp_u8_requantize_u8(const uint8_t *x, uint8_t *y, int64_t n, const interp_requantize_params *p);
int interp_i16_requantize_i16(const int16_t *x, int16_t *y, int64_t n, const interp_requantize_params *p);
int interp_i16_requantize_i8(const int16_t *x, int8_t *y, int64_t n, const interp_requantize_params *p);
int interp_i8_requantize_i16(const int8_t *x, int16_t *y, int64_t n, const interp_requantize_params *p);

/* ---- quantized MEAN, SUM (quant_reduce.c) ----------------------------------------------------
 * `r` folds the shape as interp_reduce_params (reduce section); acc (out_count int32 of scratch)
 * gets the wrapping int32 sum of each output's inputs, then by mode:
 *   MEAN (LiteRT's reference QuantizedMeanOrSum): out = clamp(mbqm(acc - in_zero_point * count,
 *     mult, shift) + out_zero_point), mult/shift already divided by count;
 *   MEAN_HW (its optimized 4-D mean over H and W): out = clamp(mbqm(acc, mult, shift) + bias); the
 *     outputs whose channel (o % depth) lies in a whole block of 16 use the round-half-up
 *     multiply and shift (quant.h interp_srdhm_up, interp_rounding_shift_up);
 *   SUM (its optimized float rescale): out = clamp(round_half_away(acc * scale + fbias) +
 *     out_zero_point) in float.
 * [lo, hi] is the type's range. */
#define INTERP_QREDUCE_MEAN 0
#define INTERP_QREDUCE_MEAN_HW 1
#define INTERP_QREDUCE_SUM 2
typedef struct {
    interp_reduce_params r;
    int32_t mode;
    int32_t in_zero_point, out_zero_point, mult, shift, bias, lo, hi;
    int64_t count, depth;
    float scale, fbias;
} interp_qreduce_params;

int interp_i8_reduce_quant(const int8_t *x, int8_t *out, int32_t *acc, const interp_qreduce_params *p);
int interp_u8_reduce_quant(const uint8_t *x, uint8_t *out, int32_t *acc, const interp_qreduce_params *p);
int interp_i16_reduce_quant(const int16_t *x, int16_t *out, int32_t *acc, const interp_qreduce_params *p);

/* ---- quantized AVERAGE_POOL_2D, MAX_POOL_2D (quant_pool.c) ------------------------------------
 * Geometry as interp_pool_params (its float lo/hi unused); acc is c int32 of scratch. Average:
 * the int32 sum of the in-image taps divided by their count, rounding half away from zero
 * ((sum +- count/2) / count, truncating). Max: the largest tap. Then clamped to [lo, hi], the
 * fused activation's range in the output's quantized domain. */
typedef struct { interp_pool_params g; int32_t lo, hi; } interp_qpool_params;

int interp_i8_average_pool_2d(const int8_t *x, int8_t *y, int32_t *acc, const interp_qpool_params *p);
int interp_u8_average_pool_2d(const uint8_t *x, uint8_t *y, int32_t *acc, const interp_qpool_params *p);
int interp_i16_average_pool_2d(const int16_t *x, int16_t *y, int32_t *acc, const interp_qpool_params *p);
int interp_i8_max_pool_2d(const int8_t *x, int8_t *y, int32_t *acc, const interp_qpool_params *p);
int interp_u8_max_pool_2d(const uint8_t *x, uint8_t *y, int32_t *acc, const interp_qpool_params *p);
int interp_i16_max_pool_2d(const int16_t *x, int16_t *y, int32_t *acc, const interp_qpool_params *p);

/* ---- CONCATENATION of uint8 with rescaling (quant_binary.c) -----------------------------------
 * In place on the output, after the plain copy: for o < outer, the len elements at y + o * stride
 * become clamp(round(v * scale + bias) + out_zero_point, 0, 255), float arithmetic, round half
 * away from zero; scale = in_scale * (1 / out_scale), bias = -in_zero_point * scale. */
typedef struct { int64_t outer, stride, len; float scale, bias; int32_t out_zero_point; } interp_rescale_params;

int interp_u8_rescale_runs(uint8_t *y, const interp_rescale_params *p);

/* ==== end section: quant_elementwise ==== */

/* ==== section: quant_activations (quantized SOFTMAX, LOGISTIC, TANH, HARD_SWISH, LEAKY_RELU, RELU, RELU6; keep declarations of this family between these markers) ==== */

/* ---- quantized activations (quant_activations.c) -------------------------------------------
 * Bit-exact with LiteRT's built-in kernels (BUILTIN_WITHOUT_DEFAULT_DELEGATES). Elementwise over
 * n elements; y may alias x. 8-bit ops run through a 256-entry table made in prepare:
 * interp_<i8|u8>_lut maps y[i] = table[(uint8_t)x[i]]. The <op>_table functions fill a table the
 * way LiteRT's LUTPopulate does (float arithmetic: dequantize, transform with expf/tanhf, multiply
 * by 1/out_scale, roundf, add out_zp, clamp to the type); table is indexed by (uint8_t)value.
 * quant_relu: y = clamp(out_zp + mbqm(x - in_zp, mult, shift), lo, hi).
 * quant_leaky_relu: v = x - in_zp; y = clamp(out_zp + (v >= 0 ? mbqm(v, identity)
 * : alpha_sign * mbqm(v, |alpha|)), lo, hi) (LiteRT's result for a negative alpha).
 * quant_hard_swish: LiteRT's int16 fixed-point "reluish" scheme; multipliers are Q15 int16 with
 * exponents (reluish_exp any sign, out_exp <= 0), [lo, hi] the type's range. */
typedef struct { float in_scale; int32_t in_zp; float out_scale; int32_t out_zp; } interp_qlut_params;
typedef struct { int32_t in_zp; int32_t out_zp; int32_t mult; int32_t shift; int32_t lo; int32_t hi; } interp_qrelu_params;
typedef struct {
    int32_t in_zp; int32_t out_zp;
    int32_t mult_identity; int32_t shift_identity; int32_t mult_alpha; int32_t shift_alpha;
    int32_t alpha_sign; /* -1 for a negative alpha: mult_alpha is |multiplier|, the product negated */
    int32_t lo; int32_t hi;
} interp_qleaky_relu_params;
typedef struct {
    int32_t in_zp; int32_t out_zp;
    int16_t out_mult16; int16_t reluish_mult16; int32_t out_exp; int32_t reluish_exp;
    int32_t lo; int32_t hi;
} interp_qhard_swish_params;

int interp_i8_lut(const int8_t *x, int8_t *y, int64_t n, const int8_t *table);
int interp_u8_lut(const uint8_t *x, uint8_t *y, int64_t n, const uint8_t *table);
int interp_i8_logistic_table(const interp_qlut_params *p, int8_t *table);
int interp_u8_logistic_table(const interp_qlut_params *p, uint8_t *table);
int interp_i8_tanh_table(const interp_qlut_params *p, int8_t *table);
int interp_u8_tanh_table(const interp_qlut_params *p, uint8_t *table);
int interp_i8_quant_relu(const int8_t *x, int8_t *y, int64_t n, const interp_qrelu_params *p);
int interp_u8_quant_relu(const uint8_t *x, uint8_t *y, int64_t n, const interp_qrelu_params *p);
int interp_i16_quant_relu(const int16_t *x, int16_t *y, int64_t n, const interp_qrelu_params *p);
int interp_i8_quant_leaky_relu(const int8_t *x, int8_t *y, int64_t n, const interp_qleaky_relu_params *p);
int interp_u8_quant_leaky_relu(const uint8_t *x, uint8_t *y, int64_t n, const interp_qleaky_relu_params *p);
int interp_i16_quant_leaky_relu(const int16_t *x, int16_t *y, int64_t n, const interp_qleaky_relu_params *p);
int interp_i8_quant_hard_swish(const int8_t *x, int8_t *y, int64_t n, const interp_qhard_swish_params *p);
int interp_u8_quant_hard_swish(const uint8_t *x, uint8_t *y, int64_t n, const interp_qhard_swish_params *p);

/* SOFTMAX on 8-bit inputs over the last axis of a [rows, depth] view (LiteRT's optimized
 * float-table path): table[255 - v] = expf(-input_scale * beta * v) (interp_f32_quant_softmax_table);
 * per row, with m the row max, e_j = table[255 - m + x_j], sum = float sum of e_j in order,
 * y_j = clamp(round(e_j * (1 / (sum * out_scale))) + out_zp); uint8 outputs round as (int)(v + 0.5f),
 * the others half away from zero. Suffix _i16: int16 output. */
typedef struct { int64_t rows; int64_t depth; float out_scale; int32_t out_zp; float table[256]; } interp_qsoftmax_params;

int interp_f32_quant_softmax_table(float input_scale, float beta, float *table);
int interp_i8_quant_softmax(const int8_t *x, int8_t *y, const interp_qsoftmax_params *p);
int interp_u8_quant_softmax(const uint8_t *x, uint8_t *y, const interp_qsoftmax_params *p);
int interp_i8_quant_softmax_i16(const int8_t *x, int16_t *y, const interp_qsoftmax_params *p);
int interp_u8_quant_softmax_i16(const uint8_t *x, int16_t *y, const interp_qsoftmax_params *p);

/* ---- quantized BATCH_MATMUL (quant_batch_matmul.c) ------------------------------------------
 * Geometry as interp_f32_batch_matmul (g; packed_floats unused). LiteRT's reference integer
 * kernels: out = clamp(out_zp + mbqm(sum_k (x - x_zp) * (y - y_zp)), lo, hi) for int8 (int32
 * accumulator); the _i32 variant writes the raw sum of x * y (LiteRT ignores the zero points for
 * an int32 output); int16 (and int16 x int8, suffix _i8) accumulate in int64 and requantize with
 * LiteRT's 64-bit MultiplyByQuantizedMultiplier (multiplier rounded to 16 bits, one rounding
 * shift), zero points 0. scratch: 2 * (m + n) * k bytes (the operands, zero point removed, as
 * int16 rows along k).
 * Hybrid: float x, int8 y (symmetric, y_scales[n] its per-column scales): each x row (over k)
 * quantized to int8 at run time (symmetric: scale max|v| / 127; asymmetric: LiteRT's nudged zero
 * point), out[i, j] = row_scale[i] * y_scales[j] * (sum xq * y - row_offset[i] * sum_k y[k, j]).
 * scratch: 4 * (2 * m + n) + (m + n) * k bytes. */
typedef struct {
    interp_batch_matmul_params g;
    int32_t x_zp, y_zp, out_zp, mult, shift, lo, hi;
} interp_qbatch_matmul_params;
typedef struct { interp_batch_matmul_params g; int32_t asymmetric; } interp_hybrid_bmm_params;

int interp_i8_quant_batch_matmul(const int8_t *x, const int8_t *y, int8_t *out, void *scratch, const interp_qbatch_matmul_params *p);
int interp_i8_quant_batch_matmul_i32(const int8_t *x, const int8_t *y, int32_t *out, void *scratch, const interp_qbatch_matmul_params *p);
int interp_i16_quant_batch_matmul(const int16_t *x, const int16_t *y, int16_t *out, void *scratch, const interp_qbatch_matmul_params *p);
int interp_i16_quant_batch_matmul_i8(const int16_t *x, const int8_t *y, int16_t *out, void *scratch, const interp_qbatch_matmul_params *p);
int interp_f32_hybrid_batch_matmul(const float *x, const int8_t *y, const float *y_scales, float *out, void *scratch, const interp_hybrid_bmm_params *p);

/* SOFTMAX int16 -> int16 (LiteRT's reference SoftmaxInt16): per row, e_j = table lookup of
 * clamp(mbqm(x_j - max, mult, shift) + 32767) in exp_lut (interpolated over 512 steps), then the
 * sum's reciprocal from recip_lut, y_j = clamp((e_j * recip + round) >> (31 - clz(sum)), 0, 32767).
 * interp_i16_softmax_tables fills both 513-entry tables (LiteRT's LUTPopulate in double). y may
 * not alias x. */
typedef struct {
    int64_t rows; int64_t depth; int32_t mult; int32_t shift;
    int16_t exp_lut[513]; int16_t recip_lut[513];
} interp_qsoftmax16_params;

int interp_i16_softmax_tables(int16_t *exp_lut, int16_t *recip_lut);
int interp_i16_quant_softmax(const int16_t *x, int16_t *y, const interp_qsoftmax16_params *p);

/* LOGISTIC / TANH int16 -> int16 (output scale 2^-15, zero points 0), LiteRT's general-scale
 * path: v = (x * mult + round) >> shift puts x on a scale of 3 * 4096 per unit; |v| indexes a
 * 256-entry sigmoid table (steps of 1/24) with linear interpolation over the low 9 (LOGISTIC) or
 * 8 (TANH, via tanh(x) = 2 sigmoid(2x) - 1) bits; saturates beyond the table. */
typedef struct { int32_t mult; int32_t shift; int32_t round; } interp_qsigmoid16_params;

int interp_i16_quant_logistic(const int16_t *x, int16_t *y, int64_t n, const interp_qsigmoid16_params *p);
int interp_i16_quant_tanh(const int16_t *x, int16_t *y, int64_t n, const interp_qsigmoid16_params *p);
/* The power-of-two input scales LiteRT runs through gemmlowp's 16-bit fixed-point logistic/tanh:
 * LOGISTIC with input scale 2^-12; TANH with 2^-12 (shift 0) or 2^-11 (shift 1: the input is first
 * doubled, saturating). mult and round are unused. */
int interp_i16_quant_logistic_pot(const int16_t *x, int16_t *y, int64_t n, const interp_qsigmoid16_params *p);
int interp_i16_quant_tanh_pot(const int16_t *x, int16_t *y, int64_t n, const interp_qsigmoid16_params *p);

/* ==== end section: quant_activations ==== */

/* ==== section: quant_extra (quantized MAXIMUM, MINIMUM, REDUCE_MAX, REDUCE_MIN, TOPK_V2, ELU, GELU, PRELU, LOG_SOFTMAX, L2_NORMALIZATION, SQUARED_DIFFERENCE, RESIZE_BILINEAR, TRANSPOSE_CONV; keep declarations of this family between these markers) ==== */

/* ---- MAXIMUM / MINIMUM on 8/16-bit quantized tensors (binary.c) -----------------------------
 * The inputs and the output share one scale and zero point (checked in prepare), so the op is the
 * plain integer max/min with interp_broadcast folding as for the other binary ops; [lo, hi] is
 * the type's whole range. */
typedef struct { interp_broadcast bc; int8_t lo; int8_t hi; } interp_i8_binary_params;
typedef struct { interp_broadcast bc; uint8_t lo; uint8_t hi; } interp_u8_binary_params;
typedef struct { interp_broadcast bc; int16_t lo; int16_t hi; } interp_i16_binary_params;
int interp_i8_maximum(const int8_t *a, const int8_t *b, int8_t *out, const interp_i8_binary_params *p);
int interp_i8_minimum(const int8_t *a, const int8_t *b, int8_t *out, const interp_i8_binary_params *p);
int interp_u8_maximum(const uint8_t *a, const uint8_t *b, uint8_t *out, const interp_u8_binary_params *p);
int interp_u8_minimum(const uint8_t *a, const uint8_t *b, uint8_t *out, const interp_u8_binary_params *p);
int interp_i16_maximum(const int16_t *a, const int16_t *b, int16_t *out, const interp_i16_binary_params *p);
int interp_i16_minimum(const int16_t *a, const int16_t *b, int16_t *out, const interp_i16_binary_params *p);

/* ---- REDUCE_MAX / REDUCE_MIN on int8 / uint8 (reduce.c) and TOPK_V2 values (topk_v2.c) --------
 * Same params in and out (checked in prepare): the integer reduction / selection as for int32. */
int interp_i8_reduce_max(const int8_t *x, int8_t *out, const interp_reduce_params *p);
int interp_i8_reduce_min(const int8_t *x, int8_t *out, const interp_reduce_params *p);
int interp_u8_reduce_max(const uint8_t *x, uint8_t *out, const interp_reduce_params *p);
int interp_u8_reduce_min(const uint8_t *x, uint8_t *out, const interp_reduce_params *p);
int interp_i8_topk_v2(const int8_t *x, int8_t *values, int32_t *indices, const interp_topk_params *p);
int interp_u8_topk_v2(const uint8_t *x, uint8_t *values, int32_t *indices, const interp_topk_params *p);

/* ---- ELU (int8) and GELU (int8, uint8) tables (quant_extra.c) -------------------------------
 * Fill the 256-entry table of interp_<i8|u8>_lut (quant_activations section) as LiteRT's prepare
 * does, in float32: dequantize, transform, multiply by 1/out_scale, roundf, add out_zp, truncate,
 * clamp to the type. ELU: x < 0 ? expf(x) - 1 : x. GELU: x/2 * erfcf(-x/sqrt 2); gelu_tanh (the
 * `approximate` option): x/2 * (1 + tanhf(sqrt(2/pi) * (x + 0.044715 x^3))). */
int interp_i8_elu_table(const interp_qlut_params *p, int8_t *table);
int interp_i8_gelu_table(const interp_qlut_params *p, int8_t *table);
int interp_u8_gelu_table(const interp_qlut_params *p, uint8_t *table);
int interp_i8_gelu_tanh_table(const interp_qlut_params *p, int8_t *table);
int interp_u8_gelu_tanh_table(const interp_qlut_params *p, uint8_t *table);

/* ---- PRELU on int8 / uint8 (quant_extra.c) ----------------------------------------------------
 * x broadcast against alpha as interp_broadcast (a = x, b = alpha). v = x - in_zp; v >= 0 gives
 * mbqm(v, mult_pos, shift_pos) (in_scale / out_scale), else mbqm(v * (alpha - alpha_zp), mult_neg,
 * shift_neg) (in_scale * alpha_scale / out_scale); plus out_zp, clamped to [lo, hi]. */
typedef struct {
    interp_broadcast bc;
    int32_t in_zp; int32_t alpha_zp; int32_t out_zp;
    int32_t mult_pos; int32_t shift_pos; int32_t mult_neg; int32_t shift_neg;
    int32_t lo; int32_t hi;
} interp_qprelu_params;
int interp_i8_prelu(const int8_t *x, const int8_t *alpha, int8_t *out, const interp_qprelu_params *p);
int interp_u8_prelu(const uint8_t *x, const uint8_t *alpha, uint8_t *out, const interp_qprelu_params *p);

/* ---- L2_NORMALIZATION on int8 / uint8 (quant_extra.c) -------------------------------------------
 * Over `rows` rows of `depth` (the last axis): s = sum (x - in_zp)^2 in int32; (mult, shift) =
 * LiteRT's fixed-point 1/sqrt(s) (s <= 1 gives INT32_MAX, 0); y = clamp(out_zp + (x - in_zp) * 128
 * * mult / 2^31 * 2^shift), out_zp 0 (int8) or 128 (uint8): output scale 1/128. int8 rounds as
 * mbqm(x - in_zp, mult, shift + 7), uint8 as rounding_divide_by_pot(srdhm(128 (x - in_zp), mult),
 * -shift) (LiteRT's two kernels). */
typedef struct { int64_t rows; int64_t depth; int32_t in_zp; } interp_ql2_params;
int interp_i8_l2_normalization(const int8_t *x, int8_t *y, const interp_ql2_params *p);
int interp_u8_l2_normalization(const uint8_t *x, uint8_t *y, const interp_ql2_params *p);

/* ---- SQUARED_DIFFERENCE on int8 (quant_extra.c) ------------------------------------------------
 * a, b broadcast as interp_broadcast. s_x = mbqm((x - x_zp) * 2^7, x_mult, x_shift) (x_scale /
 * (2 max(a_scale, b_scale)), shift <= 0); y = clamp(out_zp + mbqm((s_a - s_b)^2, out_mult,
 * out_shift), lo, hi) (out multiplier (2 max scale)^2 / (2^14 out_scale)). */
typedef struct {
    interp_broadcast bc;
    int32_t a_zp; int32_t b_zp; int32_t out_zp;
    int32_t a_mult; int32_t a_shift; int32_t b_mult; int32_t b_shift;
    int32_t out_mult; int32_t out_shift;
    int32_t lo; int32_t hi;
} interp_qsqdiff_params;
int interp_i8_squared_difference(const int8_t *a, const int8_t *b, int8_t *out, const interp_qsqdiff_params *p);

/* ---- RESIZE_BILINEAR on int8 (quant_extra.c) -------- -------------------------------------------
 * NHWC, same params in and out. Per output row oy: source rows y0[oy], y1[oy] and the weight of y1
 * wy[oy] in 1/1024 (LiteRT's 10-bit source coordinate minus 1024 y0; may be negative with
 * half_pixel_centers); columns likewise. out = the four-tap sum in int64 divided by 2^20, rounded
 * half away from zero (truncated to T). */
int interp_i8_resize_bilinear(const int8_t *in, int8_t *out, const int64_t *y0, const int64_t *y1,
                              const int32_t *wy, const int64_t *x0, const int64_t *x1,
                              const int32_t *wx, const interp_resize_params *p);

/* ---- TRANSPOSE_CONV int8 (quant_extra.c) ----------------------------------------------------------
 * x NHWC int8, w [out_c, k_h, k_w, in_c] int8 (symmetric, per-channel or per-tensor), bias int32
 * [out_c] or NULL, acc int32 scratch of the output's size. Every input pixel scatters
 * sum_c (x - in_zp) * w to output pixel (iy * stride_h - pad_top + ky, ix * stride_w - pad_left +
 * kx); then y = clamp(out_zp + M(acc + bias, mult[o], shift[o]), lo, hi), M as LiteRT's optimized
 * Quantize: output channels in whole blocks of 8 round ties toward +infinity (left shift by
 * shift + r, srdhm_up, rounding_shift_up by r, r = max(-shift, 1)); the rest use mbqm. */
typedef struct {
    int64_t batch; int64_t in_h; int64_t in_w; int64_t in_c;
    int64_t out_h; int64_t out_w; int64_t out_c; int64_t k_h; int64_t k_w;
    int64_t stride_h; int64_t stride_w; int64_t pad_top; int64_t pad_left;
    int32_t in_zp; int32_t out_zp; int32_t lo; int32_t hi;
} interp_qtconv_params;
int interp_i8_transpose_conv(const int8_t *x, const int8_t *w, const int32_t *bias, int8_t *y,
                             int32_t *acc, const int32_t *mult, const int32_t *shift,
                             const interp_qtconv_params *p);

/* ==== end section: quant_extra ==== */

#endif /* INTERP_KERNELS_H */
