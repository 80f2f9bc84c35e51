/* Strided copy and fill by element size (see kernels.h, "strided copy"). */
#include <string.h>

#include "kernels.h"

#define TILE 32 /* side of the square tiles a transposed inner pair is copied in */

/* A transposed pair: out[i * os0 + j] = in[i + j * is1]. Whole B x B blocks go through a small
 * buffer (contiguous reads, contiguous writes; the compiler turns the fixed-size swap into
 * shuffles), walked in TILE x TILE groups so both sides stay in cache; the edges are plain loops.
 * B = 8 for bytes and 4 for wider elements measured fastest here (x86-64, AVX2). */
#define TRANSPOSE_KERNEL(BITS, T, B)                                                            \
    static void transpose_x##BITS(const T *in, T *out, int64_t rows, int64_t cols, int64_t is1, \
                                  int64_t os0)                                                  \
    {                                                                                           \
        const int64_t rb = rows - rows % B, cb = cols - cols % B;                               \
        for (int64_t i0 = 0; i0 < rb; i0 += TILE) {                                             \
            const int64_t i1 = i0 + TILE < rb ? i0 + TILE : rb;                                 \
            for (int64_t j0 = 0; j0 < cb; j0 += TILE) {                                         \
                const int64_t j1 = j0 + TILE < cb ? j0 + TILE : cb;                             \
                for (int64_t i = i0; i < i1; i += B)                                            \
                    for (int64_t j = j0; j < j1; j += B) {                                      \
                        T buf[B][B];                                                            \
                        for (int b = 0; b < B; b++)                                             \
                            for (int a = 0; a < B; a++)                                         \
                                buf[b][a] = in[(j + b) * is1 + i + a];                          \
                        for (int a = 0; a < B; a++)                                             \
                            for (int b = 0; b < B; b++)                                         \
                                out[(i + a) * os0 + j + b] = buf[b][a];                         \
                    }                                                                           \
            }                                                                                   \
        }                                                                                       \
        for (int64_t i = 0; i < rows; i++) {                                                    \
            T *o = out + i * os0;                                                               \
            for (int64_t j = (i < rb ? cb : 0); j < cols; j++)                                  \
                o[j] = in[i + j * is1];                                                         \
        }                                                                                       \
    }

#define COPY_KERNELS(BITS, T, B)                                                                \
    TRANSPOSE_KERNEL(BITS, T, B)                                                                \
    static void copy2d_x##BITS(const T *in, T *out, int64_t rows, int64_t cols, int64_t is0,   \
                               int64_t is1, int64_t os0, int64_t os1)                           \
    {                                                                                           \
        if (is1 == 1 && os1 == 1) {                                                             \
            for (int64_t i = 0; i < rows; i++)                                                  \
                memcpy(out + i * os0, in + i * is0, (size_t)cols * sizeof(T));                  \
        } else if (is1 == 0 && os1 == 1) {                                                      \
            for (int64_t i = 0; i < rows; i++) {                                                \
                const T v = in[i * is0];                                                        \
                T *o = out + i * os0;                                                           \
                for (int64_t j = 0; j < cols; j++)                                              \
                    o[j] = v;                                                                   \
            }                                                                                   \
        } else if (os1 == 1 && is0 == 1) {                                                      \
            transpose_x##BITS(in, out, rows, cols, is1, os0);                                   \
        } else {                                                                                \
            for (int64_t i = 0; i < rows; i++) {                                                \
                const T *s = in + i * is0;                                                      \
                T *o = out + i * os0;                                                           \
                for (int64_t j = 0; j < cols; j++)                                              \
                    o[j * os1] = s[j * is1];                                                    \
            }                                                                                   \
        }                                                                                       \
    }                                                                                           \
                                                                                                \
    int interp_x##BITS##_copy(const T *in, T *out, const interp_copy_params *p)                 \
    {                                                                                           \
        const int r = p->rank;                                                                  \
        for (int d = 0; d < r; d++)                                                             \
            if (p->shape[d] == 0)                                                               \
                return INTERP_OK;                                                               \
        in += p->in_offset;                                                                     \
        out += p->out_offset;                                                                   \
        if (r == 1) {                                                                           \
            copy2d_x##BITS(in, out, 1, p->shape[0], 0, p->in_stride[0], 0, p->out_stride[0]);   \
            return INTERP_OK;                                                                   \
        }                                                                                       \
        const int64_t rows = p->shape[r - 2], cols = p->shape[r - 1];                           \
        const int64_t is0 = p->in_stride[r - 2], is1 = p->in_stride[r - 1];                     \
        const int64_t os0 = p->out_stride[r - 2], os1 = p->out_stride[r - 1];                   \
        int64_t outer = 1, idx[INTERP_COPY_MAX_DIMS] = {0}, io = 0, oo = 0;                     \
        for (int d = 0; d < r - 2; d++)                                                         \
            outer *= p->shape[d];                                                               \
        for (int64_t o = 0; o < outer; o++) {                                                   \
            copy2d_x##BITS(in + io, out + oo, rows, cols, is0, is1, os0, os1);                  \
            for (int d = r - 3; d >= 0; d--) {                                                  \
                io += p->in_stride[d];                                                          \
                oo += p->out_stride[d];                                                         \
                if (++idx[d] < p->shape[d])                                                     \
                    break;                                                                      \
                io -= p->in_stride[d] * p->shape[d];                                            \
                oo -= p->out_stride[d] * p->shape[d];                                           \
                idx[d] = 0;                                                                     \
            }                                                                                   \
        }                                                                                       \
        return INTERP_OK;                                                                       \
    }                                                                                           \
                                                                                                \
    int interp_x##BITS##_fill(T *out, int64_t n, const T *value)                                \
    {                                                                                           \
        const T v = *value;                                                                     \
        for (int64_t i = 0; i < n; i++)                                                         \
            out[i] = v;                                                                         \
        return INTERP_OK;                                                                       \
    }

COPY_KERNELS(8, uint8_t, 8)
COPY_KERNELS(16, uint16_t, 4)
COPY_KERNELS(32, uint32_t, 4)
COPY_KERNELS(64, uint64_t, 4)
