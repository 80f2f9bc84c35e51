/* The broadcasting binary ops (see kernels.h): ADD, SUB, MUL, DIV with a fused activation clamp;
 * MAXIMUM, MINIMUM, SQUARED_DIFFERENCE, POW, FLOOR_DIV, FLOOR_MOD, PRELU; the comparisons and
 * LOGICAL_AND / LOGICAL_OR (bool out). */
#include <math.h>

#include "kernels.h"
#include "broadcast.h"

static inline float clamp_f32(float v, float lo, float hi) { return v < lo ? lo : (v > hi ? hi : v); }
static inline int32_t clamp_i32(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : (v > hi ? hi : v); }
static inline int64_t clamp_i64(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

static inline float f32_add(float a, float b) { return a + b; }
static inline float f32_sub(float a, float b) { return a - b; }
static inline float f32_mul(float a, float b) { return a * b; }
static inline float f32_div(float a, float b) { return a / b; }

/* Signed overflow is undefined in C, so integers are added and multiplied as unsigned (which
 * wraps) and converted back (two's complement on every compiler interp supports). */
static inline int32_t i32_add(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
static inline int32_t i32_sub(int32_t a, int32_t b) { return (int32_t)((uint32_t)a - (uint32_t)b); }
static inline int32_t i32_mul(int32_t a, int32_t b) { return (int32_t)((uint32_t)a * (uint32_t)b); }
/* The caller has checked that b is never 0. INT32_MIN / -1 overflows; LiteRT gives INT32_MAX. */
static inline int32_t i32_div(int32_t a, int32_t b) { return (a == INT32_MIN && b == -1) ? INT32_MAX : a / b; }
static inline int64_t i64_add(int64_t a, int64_t b) { return (int64_t)((uint64_t)a + (uint64_t)b); }
static inline int64_t i64_sub(int64_t a, int64_t b) { return (int64_t)((uint64_t)a - (uint64_t)b); }
static inline int64_t i64_mul(int64_t a, int64_t b) { return (int64_t)((uint64_t)a * (uint64_t)b); }

/* MAXIMUM / MINIMUM: b unless a strictly wins, so a NaN in b wins and a NaN in a loses, and
 * max(-0, +0) is b (LiteRT's reference kernel, observed). */
#define MAX_MIN(P, T)                                                                               \
    static inline T P##_maximum(T a, T b) { return a > b ? a : b; }                                 \
    static inline T P##_minimum(T a, T b) { return a < b ? a : b; }
MAX_MIN(f32, float)
MAX_MIN(i32, int32_t)
MAX_MIN(i64, int64_t)
/* Quantized MAXIMUM / MINIMUM with the same params on inputs and output: the plain integer op
 * (declared in kernels.h's quant_extra section). */
MAX_MIN(i8, int8_t)
MAX_MIN(u8, uint8_t)
MAX_MIN(i16, int16_t)
static inline int8_t clamp_i8(int8_t v, int8_t lo, int8_t hi) { return v < lo ? lo : (v > hi ? hi : v); }
static inline uint8_t clamp_u8(uint8_t v, uint8_t lo, uint8_t hi) { return v < lo ? lo : (v > hi ? hi : v); }
static inline int16_t clamp_i16(int16_t v, int16_t lo, int16_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

static inline float f32_squared_difference(float a, float b) { return (a - b) * (a - b); }
static inline int32_t i32_squared_difference(int32_t a, int32_t b)
{
    const int32_t d = i32_sub(a, b);
    return i32_mul(d, d);
}

static inline float f32_pow(float a, float b) { return powf(a, b); }
/* In double (exact for every int32 base and non-negative exponent that fits); a result outside
 * int32 gives INT32_MIN, what LiteRT's conversion gives on x86 (observed: 7^12, 5^31). The caller
 * has checked that b is never negative. */
static inline int32_t i32_pow(int32_t a, int32_t b)
{
    const double r = pow((double)a, (double)b);
    return (r >= -2147483648.0 && r < 2147483648.0) ? (int32_t)r : INT32_MIN;
}

/* The caller has checked that b is never 0 (LiteRT fails FLOOR_DIV on a zero divisor for floats
 * too). INT32_MIN // -1 wraps to INT32_MIN (observed). */
static inline float f32_floor_div(float a, float b) { return floorf(a / b); }
static inline int32_t i32_floor_div(int32_t a, int32_t b)
{
    if (b == -1)
        return i32_sub(0, a);
    const int32_t q = a / b;
    return (q * b != a && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* The remainder takes the divisor's sign (Python's rule). Floats: fmod, then + b when the
 * remainder is non-zero and its sign differs from b's (x mod 0 is NaN; -0 mod 2 is -0; -3 mod inf
 * is inf, as in LiteRT). Integers: the caller has checked that b is never 0; x mod -1 is 0 (LiteRT
 * traps on INT_MIN mod -1). */
static inline float f32_floor_mod(float a, float b)
{
    const float r = fmodf(a, b);
    return (r != 0.0f && ((b < 0.0f) != (r < 0.0f))) ? r + b : r;
}
#define INT_FLOOR_MOD(P, T)                                                                         \
    static inline T P##_floor_mod(T a, T b)                                                         \
    {                                                                                               \
        if (b == -1)                                                                                \
            return 0;                                                                               \
        const T r = a % b;                                                                          \
        return (r != 0 && ((b < 0) != (r < 0))) ? r + b : r;                                        \
    }
INT_FLOOR_MOD(i32, int32_t)
INT_FLOOR_MOD(i64, int64_t)

/* PRELU: a where a >= 0, else a * alpha (b is alpha). NaN stays NaN. */
static inline float f32_prelu(float a, float b) { return a >= 0.0f ? a : a * b; }

/* The loop shared by every binary kernel: the innermost dim as one of four plain loops (both
 * operands contiguous, one of them fixed, or both fixed), the outer dims walked with an odometer. */
#define BINARY_LOOP(NAME, T, TO, FN, CLAMP)                                                       \
    static int NAME(const T *a, const T *b, TO *out, const interp_broadcast *bc, T lo, T hi)    \
    {                                                                                           \
        const int last = bc->rank - 1;                                                          \
        const int64_t n = bc->shape[last];                                                      \
        const int64_t sa = bc->a_stride[last], sb = bc->b_stride[last];                         \
        int64_t outer = 1, idx[INTERP_MAX_DIMS] = {0}, ao = 0, bo = 0;                          \
        for (int d = 0; d < last; d++)                                                          \
            outer *= bc->shape[d];                                                              \
        for (int64_t o = 0; o < outer; o++, out += n) {                                         \
            const T *pa = a + ao, *pb = b + bo;                                                 \
            if (sa && sb) {                                                                     \
                for (int64_t i = 0; i < n; i++)                                                 \
                    out[i] = CLAMP(FN(pa[i], pb[i]), lo, hi);                                   \
            } else if (sa) {                                                                    \
                const T vb = *pb;                                                               \
                for (int64_t i = 0; i < n; i++)                                                 \
                    out[i] = CLAMP(FN(pa[i], vb), lo, hi);                                      \
            } else if (sb) {                                                                    \
                const T va = *pa;                                                               \
                for (int64_t i = 0; i < n; i++)                                                 \
                    out[i] = CLAMP(FN(va, pb[i]), lo, hi);                                      \
            } else {                                                                            \
                const TO v = CLAMP(FN(*pa, *pb), lo, hi);                                       \
                for (int64_t i = 0; i < n; i++)                                                 \
                    out[i] = v;                                                                 \
            }                                                                                   \
            interp_broadcast_next(bc, last, idx, &ao, &bo);                                         \
        }                                                                                       \
        return INTERP_OK;                                                                       \
    }

BINARY_LOOP(f32_add_loop, float, float, f32_add, clamp_f32)
BINARY_LOOP(f32_sub_loop, float, float, f32_sub, clamp_f32)
BINARY_LOOP(f32_mul_loop, float, float, f32_mul, clamp_f32)
BINARY_LOOP(f32_div_loop, float, float, f32_div, clamp_f32)
BINARY_LOOP(i32_add_loop, int32_t, int32_t, i32_add, clamp_i32)
BINARY_LOOP(i32_sub_loop, int32_t, int32_t, i32_sub, clamp_i32)
BINARY_LOOP(i32_mul_loop, int32_t, int32_t, i32_mul, clamp_i32)
BINARY_LOOP(i32_div_loop, int32_t, int32_t, i32_div, clamp_i32)
BINARY_LOOP(i64_add_loop, int64_t, int64_t, i64_add, clamp_i64)
BINARY_LOOP(i64_sub_loop, int64_t, int64_t, i64_sub, clamp_i64)
BINARY_LOOP(i64_mul_loop, int64_t, int64_t, i64_mul, clamp_i64)

int interp_f32_add(const float *a, const float *b, float *out, const interp_f32_binary_params *p)
{
    return f32_add_loop(a, b, out, &p->bc, p->lo, p->hi);
}

int interp_f32_sub(const float *a, const float *b, float *out, const interp_f32_binary_params *p)
{
    return f32_sub_loop(a, b, out, &p->bc, p->lo, p->hi);
}

int interp_f32_mul(const float *a, const float *b, float *out, const interp_f32_binary_params *p)
{
    return f32_mul_loop(a, b, out, &p->bc, p->lo, p->hi);
}

int interp_f32_div(const float *a, const float *b, float *out, const interp_f32_binary_params *p)
{
    return f32_div_loop(a, b, out, &p->bc, p->lo, p->hi);
}

int interp_i32_add(const int32_t *a, const int32_t *b, int32_t *out, const interp_i32_binary_params *p)
{
    return i32_add_loop(a, b, out, &p->bc, p->lo, p->hi);
}

int interp_i32_sub(const int32_t *a, const int32_t *b, int32_t *out, const interp_i32_binary_params *p)
{
    return i32_sub_loop(a, b, out, &p->bc, p->lo, p->hi);
}

int interp_i32_mul(const int32_t *a, const int32_t *b, int32_t *out, const interp_i32_binary_params *p)
{
    return i32_mul_loop(a, b, out, &p->bc, p->lo, p->hi);
}

int interp_i32_div(const int32_t *a, const int32_t *b, int32_t *out, const interp_i32_binary_params *p)
{
    /* Like LiteRT: any zero in b fails the op, even when the output is empty. */
    for (int64_t i = 0; i < p->bc.b_count; i++)
        if (b[i] == 0)
            return INTERP_DIV_BY_ZERO;
    return i32_div_loop(a, b, out, &p->bc, p->lo, p->hi);
}

int interp_i64_add(const int64_t *a, const int64_t *b, int64_t *out, const interp_i64_binary_params *p)
{
    return i64_add_loop(a, b, out, &p->bc, p->lo, p->hi);
}

int interp_i64_sub(const int64_t *a, const int64_t *b, int64_t *out, const interp_i64_binary_params *p)
{
    return i64_sub_loop(a, b, out, &p->bc, p->lo, p->hi);
}

int interp_i64_mul(const int64_t *a, const int64_t *b, int64_t *out, const interp_i64_binary_params *p)
{
    return i64_mul_loop(a, b, out, &p->bc, p->lo, p->hi);
}

/* ---- the ops without an activation: [lo, hi] is the type's whole range (set by prepare) ---- */

#define BINARY_OP(P, T, OP)                                                                         \
    BINARY_LOOP(P##_##OP##_loop, T, T, P##_##OP, clamp_##P)                                         \
    int interp_##P##_##OP(const T *a, const T *b, T *out, const interp_##P##_binary_params *p)      \
    {                                                                                               \
        return P##_##OP##_loop(a, b, out, &p->bc, p->lo, p->hi);                                    \
    }

/* As BINARY_OP, failing with STATUS before writing anything when any b element meets BAD. */
#define BINARY_OP_CHECKED(P, T, OP, BAD, STATUS)                                                    \
    BINARY_LOOP(P##_##OP##_loop, T, T, P##_##OP, clamp_##P)                                         \
    int interp_##P##_##OP(const T *a, const T *b, T *out, const interp_##P##_binary_params *p)      \
    {                                                                                               \
        for (int64_t i = 0; i < p->bc.b_count; i++)                                                 \
            if (b[i] BAD)                                                                           \
                return STATUS;                                                                      \
        return P##_##OP##_loop(a, b, out, &p->bc, p->lo, p->hi);                                    \
    }

BINARY_OP(f32, float, maximum)
BINARY_OP(f32, float, minimum)
BINARY_OP(f32, float, squared_difference)
BINARY_OP(f32, float, pow)
BINARY_OP_CHECKED(f32, float, floor_div, == 0.0f, INTERP_DIV_BY_ZERO)
BINARY_OP(f32, float, floor_mod)
BINARY_OP(f32, float, prelu)
BINARY_OP(i32, int32_t, maximum)
BINARY_OP(i32, int32_t, minimum)
BINARY_OP(i32, int32_t, squared_difference)
BINARY_OP_CHECKED(i32, int32_t, pow, < 0, INTERP_NEGATIVE_EXPONENT)
BINARY_OP_CHECKED(i32, int32_t, floor_div, == 0, INTERP_DIV_BY_ZERO)
BINARY_OP_CHECKED(i32, int32_t, floor_mod, == 0, INTERP_DIV_BY_ZERO)
BINARY_OP(i64, int64_t, maximum)
BINARY_OP(i64, int64_t, minimum)
BINARY_OP_CHECKED(i64, int64_t, floor_mod, == 0, INTERP_DIV_BY_ZERO)
BINARY_OP(i8, int8_t, maximum)
BINARY_OP(i8, int8_t, minimum)
BINARY_OP(u8, uint8_t, maximum)
BINARY_OP(u8, uint8_t, minimum)
BINARY_OP(i16, int16_t, maximum)
BINARY_OP(i16, int16_t, minimum)

/* ---- comparisons and logical ops: bool (0/1 bytes) out, no clamp ---------------------------- */

#define NO_CLAMP(v, lo, hi) (v)
#define CMP_FNS(P, T)                                                                               \
    static inline uint8_t P##_equal(T a, T b) { return a == b; }                                    \
    static inline uint8_t P##_not_equal(T a, T b) { return a != b; }                                \
    static inline uint8_t P##_less(T a, T b) { return a < b; }                                      \
    static inline uint8_t P##_less_equal(T a, T b) { return a <= b; }                               \
    static inline uint8_t P##_greater(T a, T b) { return a > b; }                                   \
    static inline uint8_t P##_greater_equal(T a, T b) { return a >= b; }
CMP_FNS(f32, float)
CMP_FNS(i32, int32_t)
CMP_FNS(i64, int64_t)
CMP_FNS(u8, uint8_t)
static inline uint8_t u8_logical_and(uint8_t a, uint8_t b) { return (a != 0) & (b != 0); }
static inline uint8_t u8_logical_or(uint8_t a, uint8_t b) { return (a != 0) | (b != 0); }

#define BOOL_OP(P, T, OP)                                                                           \
    BINARY_LOOP(P##_##OP##_loop, T, uint8_t, P##_##OP, NO_CLAMP)                                    \
    int interp_##P##_##OP(const T *a, const T *b, uint8_t *out, const interp_broadcast *bc)         \
    {                                                                                               \
        return P##_##OP##_loop(a, b, out, bc, 0, 0);                                                \
    }
#define CMP_OPS(P, T)                                                                               \
    BOOL_OP(P, T, equal)                                                                            \
    BOOL_OP(P, T, not_equal)                                                                        \
    BOOL_OP(P, T, less)                                                                             \
    BOOL_OP(P, T, less_equal)                                                                       \
    BOOL_OP(P, T, greater)                                                                          \
    BOOL_OP(P, T, greater_equal)
CMP_OPS(f32, float)
CMP_OPS(i32, int32_t)
CMP_OPS(i64, int64_t)
BOOL_OP(u8, uint8_t, equal)
BOOL_OP(u8, uint8_t, not_equal)
BOOL_OP(u8, uint8_t, logical_and)
BOOL_OP(u8, uint8_t, logical_or)
