/* GATHER, GATHER_ND and ONE_HOT by element size and index type (see kernels.h). */
#include <string.h>

#include "kernels.h"

#define GATHER_KERNELS(BITS, T, IB, I)                                                          \
    int interp_x##BITS##_gather_i##IB(const T *params, const I *idx, T *out,                    \
                                      const interp_gather_params *p)                            \
    {                                                                                           \
        const int64_t total = p->batch * p->n_idx;                                              \
        for (int64_t k = 0; k < total; k++)                                                     \
            if (idx[k] < 0 || (int64_t)idx[k] >= p->axis)                                       \
                return INTERP_INDEX_OUT_OF_RANGE;                                               \
        const int64_t inner = p->inner;                                                         \
        const size_t row = (size_t)inner * sizeof(T);                                           \
        for (int64_t b = 0; b < p->batch; b++) {                                                \
            const I *ib = idx + b * p->n_idx;                                                   \
            for (int64_t o = 0; o < p->outer; o++) {                                            \
                const T *src = params + (b * p->outer + o) * p->axis * inner;                   \
                if (inner == 1) {                                                               \
                    for (int64_t i = 0; i < p->n_idx; i++)                                      \
                        out[i] = src[ib[i]];                                                    \
                } else {                                                                        \
                    for (int64_t i = 0; i < p->n_idx; i++)                                      \
                        memcpy(out + i * inner, src + (int64_t)ib[i] * inner, row);             \
                }                                                                               \
                out += p->n_idx * inner;                                                        \
            }                                                                                   \
        }                                                                                       \
        return INTERP_OK;                                                                       \
    }                                                                                           \
                                                                                                \
    int interp_x##BITS##_gather_nd_i##IB(const T *params, const I *idx, T *out,                 \
                                         const interp_gather_nd_params *p)                      \
    {                                                                                           \
        const int k = p->k;                                                                     \
        for (int64_t i = 0; i < p->n; i++)                                                      \
            for (int j = 0; j < k; j++) {                                                       \
                const I v = idx[i * k + j];                                                     \
                if (v < 0 || (int64_t)v >= p->dims[j])                                          \
                    return INTERP_INDEX_OUT_OF_RANGE;                                           \
            }                                                                                   \
        const size_t row = (size_t)p->inner * sizeof(T);                                        \
        for (int64_t i = 0; i < p->n; i++) {                                                    \
            int64_t off = 0;                                                                    \
            for (int j = 0; j < k; j++)                                                         \
                off += (int64_t)idx[i * k + j] * p->strides[j];                                 \
            memcpy(out + i * p->inner, params + off, row);                                      \
        }                                                                                       \
        return INTERP_OK;                                                                       \
    }

#define ONE_HOT_KERNEL(BITS, T, IB, I)                                                          \
    int interp_x##BITS##_one_hot_i##IB(const I *idx, const T *on, const T *off, T *out,         \
                                       const interp_one_hot_params *p)                          \
    {                                                                                           \
        const T von = *on, voff = *off;                                                         \
        const int64_t inner = p->inner;                                                         \
        for (int64_t o = 0; o < p->outer; o++) {                                                \
            const I *io = idx + o * inner;                                                      \
            for (int64_t d = 0; d < p->depth; d++, out += inner)                                \
                for (int64_t i = 0; i < inner; i++)                                             \
                    out[i] = (int64_t)io[i] == d ? von : voff;                                  \
        }                                                                                       \
        return INTERP_OK;                                                                       \
    }

GATHER_KERNELS(8, uint8_t, 16, int16_t)
GATHER_KERNELS(8, uint8_t, 32, int32_t)
GATHER_KERNELS(8, uint8_t, 64, int64_t)
GATHER_KERNELS(16, uint16_t, 16, int16_t)
GATHER_KERNELS(16, uint16_t, 32, int32_t)
GATHER_KERNELS(16, uint16_t, 64, int64_t)
GATHER_KERNELS(32, uint32_t, 16, int16_t)
GATHER_KERNELS(32, uint32_t, 32, int32_t)
GATHER_KERNELS(32, uint32_t, 64, int64_t)
GATHER_KERNELS(64, uint64_t, 16, int16_t)
GATHER_KERNELS(64, uint64_t, 32, int32_t)
GATHER_KERNELS(64, uint64_t, 64, int64_t)

ONE_HOT_KERNEL(8, uint8_t, 32, int32_t)
ONE_HOT_KERNEL(8, uint8_t, 64, int64_t)
ONE_HOT_KERNEL(32, uint32_t, 32, int32_t)
ONE_HOT_KERNEL(32, uint32_t, 64, int64_t)
ONE_HOT_KERNEL(64, uint64_t, 32, int32_t)
ONE_HOT_KERNEL(64, uint64_t, 64, int64_t)
