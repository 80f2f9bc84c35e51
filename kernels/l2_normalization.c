/* L2_NORMALIZATION over the last axis, float32 (see kernels.h). */
#include <math.h>

#include "kernels.h"

int interp_f32_l2_normalization(const float *x, float *y, const interp_l2_norm_params *p)
{
    const int64_t depth = p->depth;
    for (int64_t r = 0; r < p->rows; r++, x += depth, y += depth) {
        double sq = 0.0;
        for (int64_t i = 0; i < depth; i++)
            sq += (double)x[i] * (double)x[i];
        double norm = sqrt(sq);
        norm = norm > p->epsilon ? norm : p->epsilon; /* a NaN norm stays NaN */
        if (sq != sq)
            norm = sq;
        for (int64_t i = 0; i < depth; i++)
            y[i] = (float)((double)x[i] / norm);
    }
    return INTERP_OK;
}
