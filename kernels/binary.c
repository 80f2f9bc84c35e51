/* ADD, SUB, MUL, DIV with broadcasting and a fused activation clamp (see kernels.h). */
#include "kernels.h"

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

/* The loop shared by every binary kernel: the innermost dim as one of four plain loops (both
 * operands contiguous, one of them fixed, or both fixed), the outer dims walked with an odometer. */
#define BINARY_LOOP(NAME, T, FN, CLAMP)                                                           \
    static int NAME(const T *a, const T *b, T *out, const interp_broadcast *bc, T lo, T hi)     \
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
                const T v = CLAMP(FN(*pa, *pb), lo, hi);                                        \
                for (int64_t i = 0; i < n; i++)                                                 \
                    out[i] = v;                                                                 \
            }                                                                                   \
            for (int d = last - 1; d >= 0; d--) {                                               \
                ao += bc->a_stride[d];                                                          \
                bo += bc->b_stride[d];                                                          \
                if (++idx[d] < bc->shape[d])                                                    \
                    break;                                                                      \
                ao -= bc->a_stride[d] * bc->shape[d];                                           \
                bo -= bc->b_stride[d] * bc->shape[d];                                           \
                idx[d] = 0;                                                                     \
            }                                                                                   \
        }                                                                                       \
        return INTERP_OK;                                                                       \
    }

BINARY_LOOP(f32_add_loop, float, f32_add, clamp_f32)
BINARY_LOOP(f32_sub_loop, float, f32_sub, clamp_f32)
BINARY_LOOP(f32_mul_loop, float, f32_mul, clamp_f32)
BINARY_LOOP(f32_div_loop, float, f32_div, clamp_f32)
BINARY_LOOP(i32_add_loop, int32_t, i32_add, clamp_i32)
BINARY_LOOP(i32_sub_loop, int32_t, i32_sub, clamp_i32)
BINARY_LOOP(i32_mul_loop, int32_t, i32_mul, clamp_i32)
BINARY_LOOP(i32_div_loop, int32_t, i32_div, clamp_i32)
BINARY_LOOP(i64_add_loop, int64_t, i64_add, clamp_i64)
BINARY_LOOP(i64_sub_loop, int64_t, i64_sub, clamp_i64)
BINARY_LOOP(i64_mul_loop, int64_t, i64_mul, clamp_i64)

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
