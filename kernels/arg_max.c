/* ARG_MAX and ARG_MIN (see kernels.h). */
#include "kernels.h"

/* `v` beats the running best `m`. For floats a NaN never wins and any number beats a NaN best
 * (LiteRT's scalar loop); for integers the NaN terms are constant false and compile away. */
#define BEATS_MAX(v, m) ((v) > (m) || ((m) != (m) && (v) == (v)))
#define BEATS_MIN(v, m) ((v) < (m) || ((m) != (m) && (v) == (v)))

#define ARG_LOOP(NAME, T, IDX, BEATS)                                                   \
    int NAME(const T *x, IDX *out, const interp_arg_params *p)                          \
    {                                                                                   \
        const int64_t axis = p->axis, inner = p->inner;                                 \
        for (int64_t o = 0; o < p->outer; o++, x += axis * inner, out += inner) {       \
            for (int64_t j = 0; j < inner; j++) {                                       \
                T best = x[j];                                                          \
                int64_t at = 0;                                                         \
                for (int64_t k = 1; k < axis; k++) {                                    \
                    const T v = x[k * inner + j];                                       \
                    if (BEATS(v, best)) {                                               \
                        best = v;                                                       \
                        at = k;                                                         \
                    }                                                                   \
                }                                                                       \
                out[j] = (IDX)at;                                                       \
            }                                                                           \
        }                                                                               \
        return INTERP_OK;                                                               \
    }

#define ARG_BOTH(DT, T)                                                                 \
    ARG_LOOP(interp_##DT##_arg_max_i32, T, int32_t, BEATS_MAX)                          \
    ARG_LOOP(interp_##DT##_arg_max_i64, T, int64_t, BEATS_MAX)                          \
    ARG_LOOP(interp_##DT##_arg_min_i32, T, int32_t, BEATS_MIN)                          \
    ARG_LOOP(interp_##DT##_arg_min_i64, T, int64_t, BEATS_MIN)

ARG_BOTH(f32, float)
ARG_BOTH(i32, int32_t)
ARG_BOTH(i64, int64_t)
ARG_BOTH(u8, uint8_t)
ARG_BOTH(i8, int8_t)
