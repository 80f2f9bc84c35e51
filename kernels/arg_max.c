/* ARG_MAX (see kernels.h). */
#include "kernels.h"

/* `v` beats the running best `m`. For floats a NaN never wins and any number beats a NaN best
 * (LiteRT's scalar loop); for integers the NaN terms are constant false and compile away. */
#define BEATS(v, m) ((v) > (m) || ((m) != (m) && (v) == (v)))

#define ARG_MAX_LOOP(NAME, T, IDX)                                                      \
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

ARG_MAX_LOOP(interp_f32_arg_max_i32, float, int32_t)
ARG_MAX_LOOP(interp_f32_arg_max_i64, float, int64_t)
ARG_MAX_LOOP(interp_i32_arg_max_i32, int32_t, int32_t)
ARG_MAX_LOOP(interp_i32_arg_max_i64, int32_t, int64_t)
ARG_MAX_LOOP(interp_i64_arg_max_i32, int64_t, int32_t)
ARG_MAX_LOOP(interp_i64_arg_max_i64, int64_t, int64_t)
ARG_MAX_LOOP(interp_u8_arg_max_i32, uint8_t, int32_t)
ARG_MAX_LOOP(interp_u8_arg_max_i64, uint8_t, int64_t)
ARG_MAX_LOOP(interp_i8_arg_max_i32, int8_t, int32_t)
ARG_MAX_LOOP(interp_i8_arg_max_i64, int8_t, int64_t)
