/* CAST between float32, float64, float16, int32, int64, uint8, int8, int16, uint16, uint32 and
 * bool (see kernels.h), as LiteRT 2.3.0 does (observed): float -> integer truncates toward zero and
 * saturates (NaN gives the type's max), integer -> integer keeps the low bits, anything -> bool is
 * x != 0, -> float16 rounds to nearest even (overflow to inf). A bool source is a u8 source (0/1
 * bytes); float16 travels as its uint16_t bits. Generated pairs: one line per (source, dest). */
#include <string.h>

#include "kernels.h"

/* float16 bits -> float (exact). */
static inline float half_to_float(uint16_t h)
{
    const uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    const uint32_t exp = (h >> 10) & 0x1Fu, man = h & 0x3FFu;
    uint32_t bits;
    if (exp == 0x1Fu) {
        bits = sign | 0x7F800000u | (man << 13); /* inf, NaN (payload kept) */
    } else if (exp != 0) {
        bits = sign | ((exp + 112u) << 23) | (man << 13);
    } else if (man == 0) {
        bits = sign;
    } else { /* subnormal: man * 2^-24, exact in float */
        const float f = (float)man * 5.9604644775390625e-8f;
        memcpy(&bits, &f, sizeof bits);
        bits |= sign;
    }
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

/* float -> float16 bits, round to nearest even; too large gives inf, NaN gives a quiet NaN. */
static inline uint16_t float_to_half(float f)
{
    uint32_t x;
    memcpy(&x, &f, sizeof x);
    const uint16_t sign = (uint16_t)((x >> 16) & 0x8000u);
    const uint32_t ax = x & 0x7FFFFFFFu;
    if (ax >= 0x7F800000u) /* inf or NaN */
        return (uint16_t)(sign | 0x7C00u | (ax > 0x7F800000u ? 0x200u | ((ax >> 13) & 0x3FFu) : 0));
    if (ax >= 0x477FF000u) /* >= 65520: rounds past the largest half */
        return (uint16_t)(sign | 0x7C00u);
    if (ax < 0x38800000u) { /* below 2^-14: a subnormal half, or zero */
        if (ax < 0x33000000u) /* < 2^-25: rounds to zero (2^-25 itself is a tie to even 0) */
            return sign;
        const uint32_t e = ax >> 23, m = (ax & 0x7FFFFFu) | 0x800000u;
        const uint32_t shift = 126u - e; /* 14..24 */
        uint32_t r = m >> shift;
        const uint32_t rem = m & ((1u << shift) - 1u), half = 1u << (shift - 1u);
        if (rem > half || (rem == half && (r & 1u)))
            r++;
        return (uint16_t)(sign | r);
    }
    uint32_t r = ((ax - 0x38000000u) >> 13); /* rebias exponent 127 -> 15, keep 10 bits */
    const uint32_t rem = ax & 0x1FFFu;
    if (rem > 0x1000u || (rem == 0x1000u && (r & 1u)))
        r++; /* a carry into the exponent is still right (up to inf) */
    return (uint16_t)(sign | r);
}

#define CAST(SP, ST, DP, DT, EXPR)                                                                  \
    int interp_##SP##_cast_##DP(const ST *x, DT *y, int64_t n)                                      \
    {                                                                                               \
        for (int64_t i = 0; i < n; i++) {                                                           \
            const ST v = x[i];                                                                      \
            y[i] = (EXPR);                                                                          \
        }                                                                                           \
        return INTERP_OK;                                                                           \
    }

/* float -> integer: NaN and values >= UP (MAX + 1) give MAX, values < LO (MIN, or 0 for unsigned)
 * give MIN, the rest truncate. The bounds are powers of two, exact in float and double, and the
 * comparisons run in the source type so the loops vectorise. */
#define SAT(v, MIN, MAX, UP, LO, DT)                                                                \
    ((v) != (v) || (v) >= (UP) ? (DT)(MAX) : (v) < (LO) ? (DT)(MIN) : (DT)(v))

static inline int32_t sat_f32_i32(float v) { return SAT(v, INT32_MIN, INT32_MAX, 2147483648.0f, -2147483648.0f, int32_t); }
static inline int64_t sat_f32_i64(float v) { return SAT(v, INT64_MIN, INT64_MAX, 9223372036854775808.0f, -9223372036854775808.0f, int64_t); }
static inline uint8_t sat_f32_u8(float v) { return SAT(v, 0, UINT8_MAX, 256.0f, 0.0f, uint8_t); }
static inline int8_t sat_f32_i8(float v) { return SAT(v, INT8_MIN, INT8_MAX, 128.0f, -128.0f, int8_t); }
static inline int16_t sat_f32_i16(float v) { return SAT(v, INT16_MIN, INT16_MAX, 32768.0f, -32768.0f, int16_t); }
static inline uint16_t sat_f32_u16(float v) { return SAT(v, 0, UINT16_MAX, 65536.0f, 0.0f, uint16_t); }
static inline uint32_t sat_f32_u32(float v) { return SAT(v, 0, UINT32_MAX, 4294967296.0f, 0.0f, uint32_t); }

CAST(f32, float, f32, float, v)
CAST(f32, float, f64, double, (double)v)
CAST(f32, float, f16, uint16_t, float_to_half(v))
CAST(f32, float, i32, int32_t, SAT(v, INT32_MIN, INT32_MAX, 2147483648.0f, -2147483648.0f, int32_t))
CAST(f32, float, i64, int64_t, SAT(v, INT64_MIN, INT64_MAX, 9223372036854775808.0f, -9223372036854775808.0f, int64_t))
CAST(f32, float, u8, uint8_t, SAT(v, 0, UINT8_MAX, 256.0f, 0.0f, uint8_t))
CAST(f32, float, i8, int8_t, SAT(v, INT8_MIN, INT8_MAX, 128.0f, -128.0f, int8_t))
CAST(f32, float, i16, int16_t, SAT(v, INT16_MIN, INT16_MAX, 32768.0f, -32768.0f, int16_t))
CAST(f32, float, u16, uint16_t, SAT(v, 0, UINT16_MAX, 65536.0f, 0.0f, uint16_t))
CAST(f32, float, u32, uint32_t, SAT(v, 0, UINT32_MAX, 4294967296.0f, 0.0f, uint32_t))
CAST(f32, float, bool, uint8_t, (uint8_t)(v != 0))
CAST(f64, double, f32, float, (float)v)
CAST(f64, double, f64, double, v)
CAST(f64, double, f16, uint16_t, float_to_half((float)v))
CAST(f64, double, i32, int32_t, SAT(v, INT32_MIN, INT32_MAX, 2147483648.0, -2147483648.0, int32_t))
CAST(f64, double, i64, int64_t, SAT(v, INT64_MIN, INT64_MAX, 9223372036854775808.0, -9223372036854775808.0, int64_t))
CAST(f64, double, u8, uint8_t, SAT(v, 0, UINT8_MAX, 256.0, 0.0, uint8_t))
CAST(f64, double, i8, int8_t, SAT(v, INT8_MIN, INT8_MAX, 128.0, -128.0, int8_t))
CAST(f64, double, i16, int16_t, SAT(v, INT16_MIN, INT16_MAX, 32768.0, -32768.0, int16_t))
CAST(f64, double, u16, uint16_t, SAT(v, 0, UINT16_MAX, 65536.0, 0.0, uint16_t))
CAST(f64, double, u32, uint32_t, SAT(v, 0, UINT32_MAX, 4294967296.0, 0.0, uint32_t))
CAST(f64, double, bool, uint8_t, (uint8_t)(v != 0))
CAST(f16, uint16_t, f32, float, (float)half_to_float(v))
CAST(f16, uint16_t, f64, double, (double)half_to_float(v))
CAST(f16, uint16_t, f16, uint16_t, v)
CAST(f16, uint16_t, i32, int32_t, sat_f32_i32(half_to_float(v)))
CAST(f16, uint16_t, i64, int64_t, sat_f32_i64(half_to_float(v)))
CAST(f16, uint16_t, u8, uint8_t, sat_f32_u8(half_to_float(v)))
CAST(f16, uint16_t, i8, int8_t, sat_f32_i8(half_to_float(v)))
CAST(f16, uint16_t, i16, int16_t, sat_f32_i16(half_to_float(v)))
CAST(f16, uint16_t, u16, uint16_t, sat_f32_u16(half_to_float(v)))
CAST(f16, uint16_t, u32, uint32_t, sat_f32_u32(half_to_float(v)))
CAST(f16, uint16_t, bool, uint8_t, (uint8_t)((v & 0x7FFFu) != 0))
CAST(i32, int32_t, f32, float, (float)v)
CAST(i32, int32_t, f64, double, (double)v)
CAST(i32, int32_t, f16, uint16_t, float_to_half((float)v))
CAST(i32, int32_t, i32, int32_t, v)
CAST(i32, int32_t, i64, int64_t, (int64_t)v)
CAST(i32, int32_t, u8, uint8_t, (uint8_t)v)
CAST(i32, int32_t, i8, int8_t, (int8_t)v)
CAST(i32, int32_t, i16, int16_t, (int16_t)v)
CAST(i32, int32_t, u16, uint16_t, (uint16_t)v)
CAST(i32, int32_t, u32, uint32_t, (uint32_t)v)
CAST(i32, int32_t, bool, uint8_t, (uint8_t)(v != 0))
CAST(i64, int64_t, f32, float, (float)v)
CAST(i64, int64_t, f64, double, (double)v)
CAST(i64, int64_t, f16, uint16_t, float_to_half((float)v))
CAST(i64, int64_t, i32, int32_t, (int32_t)v)
CAST(i64, int64_t, i64, int64_t, v)
CAST(i64, int64_t, u8, uint8_t, (uint8_t)v)
CAST(i64, int64_t, i8, int8_t, (int8_t)v)
CAST(i64, int64_t, i16, int16_t, (int16_t)v)
CAST(i64, int64_t, u16, uint16_t, (uint16_t)v)
CAST(i64, int64_t, u32, uint32_t, (uint32_t)v)
CAST(i64, int64_t, bool, uint8_t, (uint8_t)(v != 0))
CAST(u8, uint8_t, f32, float, (float)v)
CAST(u8, uint8_t, f64, double, (double)v)
CAST(u8, uint8_t, f16, uint16_t, float_to_half((float)v))
CAST(u8, uint8_t, i32, int32_t, (int32_t)v)
CAST(u8, uint8_t, i64, int64_t, (int64_t)v)
CAST(u8, uint8_t, u8, uint8_t, v)
CAST(u8, uint8_t, i8, int8_t, (int8_t)v)
CAST(u8, uint8_t, i16, int16_t, (int16_t)v)
CAST(u8, uint8_t, u16, uint16_t, (uint16_t)v)
CAST(u8, uint8_t, u32, uint32_t, (uint32_t)v)
CAST(u8, uint8_t, bool, uint8_t, (uint8_t)(v != 0))
CAST(i8, int8_t, f32, float, (float)v)
CAST(i8, int8_t, f64, double, (double)v)
CAST(i8, int8_t, f16, uint16_t, float_to_half((float)v))
CAST(i8, int8_t, i32, int32_t, (int32_t)v)
CAST(i8, int8_t, i64, int64_t, (int64_t)v)
CAST(i8, int8_t, u8, uint8_t, (uint8_t)v)
CAST(i8, int8_t, i8, int8_t, v)
CAST(i8, int8_t, i16, int16_t, (int16_t)v)
CAST(i8, int8_t, u16, uint16_t, (uint16_t)v)
CAST(i8, int8_t, u32, uint32_t, (uint32_t)v)
CAST(i8, int8_t, bool, uint8_t, (uint8_t)(v != 0))
CAST(i16, int16_t, f32, float, (float)v)
CAST(i16, int16_t, f64, double, (double)v)
CAST(i16, int16_t, f16, uint16_t, float_to_half((float)v))
CAST(i16, int16_t, i32, int32_t, (int32_t)v)
CAST(i16, int16_t, i64, int64_t, (int64_t)v)
CAST(i16, int16_t, u8, uint8_t, (uint8_t)v)
CAST(i16, int16_t, i8, int8_t, (int8_t)v)
CAST(i16, int16_t, i16, int16_t, v)
CAST(i16, int16_t, u16, uint16_t, (uint16_t)v)
CAST(i16, int16_t, u32, uint32_t, (uint32_t)v)
CAST(i16, int16_t, bool, uint8_t, (uint8_t)(v != 0))
CAST(u16, uint16_t, f32, float, (float)v)
CAST(u16, uint16_t, f64, double, (double)v)
CAST(u16, uint16_t, f16, uint16_t, float_to_half((float)v))
CAST(u16, uint16_t, i32, int32_t, (int32_t)v)
CAST(u16, uint16_t, i64, int64_t, (int64_t)v)
CAST(u16, uint16_t, u8, uint8_t, (uint8_t)v)
CAST(u16, uint16_t, i8, int8_t, (int8_t)v)
CAST(u16, uint16_t, i16, int16_t, (int16_t)v)
CAST(u16, uint16_t, u16, uint16_t, v)
CAST(u16, uint16_t, u32, uint32_t, (uint32_t)v)
CAST(u16, uint16_t, bool, uint8_t, (uint8_t)(v != 0))
CAST(u32, uint32_t, f32, float, (float)v)
CAST(u32, uint32_t, f64, double, (double)v)
CAST(u32, uint32_t, f16, uint16_t, float_to_half((float)v))
CAST(u32, uint32_t, i32, int32_t, (int32_t)v)
CAST(u32, uint32_t, i64, int64_t, (int64_t)v)
CAST(u32, uint32_t, u8, uint8_t, (uint8_t)v)
CAST(u32, uint32_t, i8, int8_t, (int8_t)v)
CAST(u32, uint32_t, i16, int16_t, (int16_t)v)
CAST(u32, uint32_t, u16, uint16_t, (uint16_t)v)
CAST(u32, uint32_t, u32, uint32_t, v)
CAST(u32, uint32_t, bool, uint8_t, (uint8_t)(v != 0))
