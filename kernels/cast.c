/* CAST between float32, float64, int32, int64, uint8, int8, int16 and bool (see kernels.h), as
 * LiteRT 2.3.0 does (observed for all 64 pairs): float -> int truncates toward zero and saturates
 * (NaN gives the type's max), int -> int wraps (keeps the low bits), anything -> bool is x != 0.
 * A bool source is a u8 source (0/1 bytes). */
#include "kernels.h"

#define CAST(SP, ST, DP, DT, EXPR)                                                                  \
    int interp_##SP##_cast_##DP(const ST *x, DT *y, int64_t n)                                      \
    {                                                                                               \
        for (int64_t i = 0; i < n; i++) {                                                           \
            const ST v = x[i];                                                                      \
            y[i] = (EXPR);                                                                          \
        }                                                                                           \
        return INTERP_OK;                                                                           \
    }

/* float -> integer: NaN and values >= UP (MAX + 1) give MAX, values < LO (MIN, or 0 for uint8)
 * give MIN, the rest truncate. The bounds are powers of two, exact in float and double, and the
 * comparisons run in the source type so the loops vectorise. */
#define SAT(v, MIN, MAX, UP, LO, DT)                                                                \
    ((v) != (v) || (v) >= (UP) ? (DT)(MAX) : (v) < (LO) ? (DT)(MIN) : (DT)(v))

CAST(f32, float, f32, float, (float)v)
CAST(f32, float, f64, double, (double)v)
CAST(f32, float, i32, int32_t, SAT(v, INT32_MIN, INT32_MAX, 2147483648.0f, -2147483648.0f, int32_t))
CAST(f32, float, i64, int64_t, SAT(v, INT64_MIN, INT64_MAX, 9223372036854775808.0f, -9223372036854775808.0f, int64_t))
CAST(f32, float, u8, uint8_t, SAT(v, 0, UINT8_MAX, 256.0f, 0.0f, uint8_t))
CAST(f32, float, i8, int8_t, SAT(v, INT8_MIN, INT8_MAX, 128.0f, -128.0f, int8_t))
CAST(f32, float, i16, int16_t, SAT(v, INT16_MIN, INT16_MAX, 32768.0f, -32768.0f, int16_t))
CAST(f32, float, bool, uint8_t, (uint8_t)(v != 0))
CAST(f64, double, f32, float, (float)v)
CAST(f64, double, f64, double, (double)v)
CAST(f64, double, i32, int32_t, SAT(v, INT32_MIN, INT32_MAX, 2147483648.0, -2147483648.0, int32_t))
CAST(f64, double, i64, int64_t, SAT(v, INT64_MIN, INT64_MAX, 9223372036854775808.0, -9223372036854775808.0, int64_t))
CAST(f64, double, u8, uint8_t, SAT(v, 0, UINT8_MAX, 256.0, 0.0, uint8_t))
CAST(f64, double, i8, int8_t, SAT(v, INT8_MIN, INT8_MAX, 128.0, -128.0, int8_t))
CAST(f64, double, i16, int16_t, SAT(v, INT16_MIN, INT16_MAX, 32768.0, -32768.0, int16_t))
CAST(f64, double, bool, uint8_t, (uint8_t)(v != 0))
CAST(i32, int32_t, f32, float, (float)v)
CAST(i32, int32_t, f64, double, (double)v)
CAST(i32, int32_t, i32, int32_t, (int32_t)v)
CAST(i32, int32_t, i64, int64_t, (int64_t)v)
CAST(i32, int32_t, u8, uint8_t, (uint8_t)v)
CAST(i32, int32_t, i8, int8_t, (int8_t)v)
CAST(i32, int32_t, i16, int16_t, (int16_t)v)
CAST(i32, int32_t, bool, uint8_t, (uint8_t)(v != 0))
CAST(i64, int64_t, f32, float, (float)v)
CAST(i64, int64_t, f64, double, (double)v)
CAST(i64, int64_t, i32, int32_t, (int32_t)v)
CAST(i64, int64_t, i64, int64_t, (int64_t)v)
CAST(i64, int64_t, u8, uint8_t, (uint8_t)v)
CAST(i64, int64_t, i8, int8_t, (int8_t)v)
CAST(i64, int64_t, i16, int16_t, (int16_t)v)
CAST(i64, int64_t, bool, uint8_t, (uint8_t)(v != 0))
CAST(u8, uint8_t, f32, float, (float)v)
CAST(u8, uint8_t, f64, double, (double)v)
CAST(u8, uint8_t, i32, int32_t, (int32_t)v)
CAST(u8, uint8_t, i64, int64_t, (int64_t)v)
CAST(u8, uint8_t, u8, uint8_t, (uint8_t)v)
CAST(u8, uint8_t, i8, int8_t, (int8_t)v)
CAST(u8, uint8_t, i16, int16_t, (int16_t)v)
CAST(u8, uint8_t, bool, uint8_t, (uint8_t)(v != 0))
CAST(i8, int8_t, f32, float, (float)v)
CAST(i8, int8_t, f64, double, (double)v)
CAST(i8, int8_t, i32, int32_t, (int32_t)v)
CAST(i8, int8_t, i64, int64_t, (int64_t)v)
CAST(i8, int8_t, u8, uint8_t, (uint8_t)v)
CAST(i8, int8_t, i8, int8_t, (int8_t)v)
CAST(i8, int8_t, i16, int16_t, (int16_t)v)
CAST(i8, int8_t, bool, uint8_t, (uint8_t)(v != 0))
CAST(i16, int16_t, f32, float, (float)v)
CAST(i16, int16_t, f64, double, (double)v)
CAST(i16, int16_t, i32, int32_t, (int32_t)v)
CAST(i16, int16_t, i64, int64_t, (int64_t)v)
CAST(i16, int16_t, u8, uint8_t, (uint8_t)v)
CAST(i16, int16_t, i8, int8_t, (int8_t)v)
CAST(i16, int16_t, i16, int16_t, (int16_t)v)
CAST(i16, int16_t, bool, uint8_t, (uint8_t)(v != 0))
