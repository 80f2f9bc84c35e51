/* UNIDIRECTIONAL_SEQUENCE_LSTM, float32 (see kernels.h, interp_lstm_params). */
#include <math.h>
#include <string.h>

#include "kernels.h"
#include "fastmath.h"

#define LANES 8

enum { GATE_I, GATE_F, GATE_C, GATE_O };
enum { ACT_NONE, ACT_RELU, ACT_RELU_N1_TO_1, ACT_RELU6, ACT_TANH, ACT_SIGN_BIT };

/* a . b over n floats: LANES interleaved partial sums, combined pairwise, then the tail. */
static float dot(const float *restrict a, const float *restrict b, int64_t n)
{
    float lane[LANES] = {0};
    const int64_t body = n - n % LANES;
    for (int64_t i = 0; i < body; i += LANES)
        for (int k = 0; k < LANES; k++)
            lane[k] += a[i + k] * b[i + k];
    for (int w = LANES / 2; w > 0; w /= 2)
        for (int k = 0; k < w; k++)
            lane[k] += lane[k + w];
    float s = lane[0];
    for (int64_t i = body; i < n; i++)
        s += a[i] * b[i];
    return s;
}

/* y[r] += w[r, :] . x for r < rows (w row-major [rows, cols]). */
static void gemv_acc(const float *restrict w, const float *restrict x, float *restrict y,
                     int64_t rows, int64_t cols)
{
    for (int64_t r = 0; r < rows; r++)
        y[r] += dot(w + r * cols, x, cols);
}

/* Sigmoid and tanh in double from e^-|v| (no overflow, no cancellation for large |v|), branch-free
 * so the loops over a gate vector vectorise; each result rounds once to float. tanh of |v| < 1e-4
 * is v - v^3/3 (1 - e^-2|v| would lose digits there); NaN stays NaN. */
static inline float sigmoid1(float v)
{
    const double a = v, e = interp_exp_d(-fabs(a)), s = 1.0 / (1.0 + e);
    return (float)(a >= 0.0 ? s : e * s);
}

static void sigmoid_vec(float *v, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        v[i] = sigmoid1(v[i]);
}

static void tanh_vec(float *out, const float *v, int64_t n)
{
    for (int64_t i = 0; i < n; i++) {
        const double a = v[i], t = fabs(a), e = interp_exp_d(-2.0 * t);
        const double big = copysign((1.0 - e) / (1.0 + e), a);
        out[i] = (float)(t < 1e-4 ? a - a * a * a / 3.0 : big);
    }
}

/* The options' fused activation, applied to the cell gate and to the new cell state. */
static void activate(float *out, const float *v, int64_t n, int act)
{
    switch (act) {
    case ACT_RELU:
        for (int64_t i = 0; i < n; i++)
            out[i] = v[i] < 0.0f ? 0.0f : v[i];
        break;
    case ACT_RELU_N1_TO_1:
        for (int64_t i = 0; i < n; i++)
            out[i] = v[i] < -1.0f ? -1.0f : (v[i] > 1.0f ? 1.0f : v[i]);
        break;
    case ACT_RELU6:
        for (int64_t i = 0; i < n; i++)
            out[i] = v[i] < 0.0f ? 0.0f : (v[i] > 6.0f ? 6.0f : v[i]);
        break;
    case ACT_TANH:
        tanh_vec(out, v, n);
        break;
    case ACT_SIGN_BIT:
        for (int64_t i = 0; i < n; i++)
            out[i] = signbit(v[i]) ? 1.0f : 0.0f;
        break;
    default: /* NONE */
        if (out != v)
            memcpy(out, v, (size_t)n * sizeof(float));
        break;
    }
}

/* v = (v - mean) / sqrt(variance + 1e-8) * coeff + bias (statistics in double). */
static void layer_norm(float *restrict v, const float *restrict coeff, const float *restrict bias,
                       int64_t n)
{
    double sum = 0.0;
    for (int64_t i = 0; i < n; i++)
        sum += v[i];
    const double mean = sum / (double)n;
    double sq = 0.0;
    for (int64_t i = 0; i < n; i++)
        sq += ((double)v[i] - mean) * ((double)v[i] - mean);
    const double inv = 1.0 / sqrt(sq / (double)n + 1e-8);
    for (int64_t i = 0; i < n; i++)
        v[i] = (float)(((double)v[i] - mean) * inv) * coeff[i] + bias[i];
}

static void clip(float *v, int64_t n, float limit)
{
    for (int64_t i = 0; i < n; i++)
        v[i] = v[i] < -limit ? -limit : (v[i] > limit ? limit : v[i]);
}

int interp_f32_unidirectional_sequence_lstm(const float *x, float *h, float *c, float *y,
                                            float *scratch, const interp_lstm_params *p)
{
    const int64_t nb = p->n_batch, ni = p->n_input, nc = p->n_cell, no = p->n_output;
    const int cifg = p->w_x[GATE_I] == NULL;
    const int ln = p->ln[GATE_F] != NULL;
    float *gates = scratch;               /* [4][n_batch][n_cell] */
    float *hidden = scratch + 4 * nb * nc; /* [n_cell]: o * act(c) of one batch row */
    for (int64_t t = 0; t < p->n_time; t++) {
        /* Every gate's pre-activation from the input and the previous output state. */
        for (int g = 0; g < 4; g++) {
            if (g == GATE_I && cifg)
                continue;
            for (int64_t b = 0; b < nb; b++) {
                float *acc = gates + (g * nb + b) * nc;
                if (ln)
                    memset(acc, 0, (size_t)nc * sizeof(float));
                else
                    memcpy(acc, p->bias[g], (size_t)nc * sizeof(float));
                gemv_acc(p->w_x[g], x + t * p->in_time_stride + b * p->in_batch_stride, acc, nc, ni);
                gemv_acc(p->w_h[g], h + b * no, acc, nc, no);
            }
        }
        for (int64_t b = 0; b < nb; b++) {
            float *ig = gates + (GATE_I * nb + b) * nc, *fg = gates + (GATE_F * nb + b) * nc;
            float *cg = gates + (GATE_C * nb + b) * nc, *og = gates + (GATE_O * nb + b) * nc;
            float *cb = c + b * nc;
            if (!cifg) {
                if (p->peep[GATE_I])
                    for (int64_t i = 0; i < nc; i++)
                        ig[i] += p->peep[GATE_I][i] * cb[i];
                if (ln)
                    layer_norm(ig, p->ln[GATE_I], p->bias[GATE_I], nc);
                sigmoid_vec(ig, nc);
            }
            if (p->peep[GATE_F])
                for (int64_t i = 0; i < nc; i++)
                    fg[i] += p->peep[GATE_F][i] * cb[i];
            if (ln)
                layer_norm(fg, p->ln[GATE_F], p->bias[GATE_F], nc);
            sigmoid_vec(fg, nc);
            if (ln)
                layer_norm(cg, p->ln[GATE_C], p->bias[GATE_C], nc);
            activate(cg, cg, nc, p->activation);
            for (int64_t i = 0; i < nc; i++)
                cb[i] = fg[i] * cb[i] + (cifg ? 1.0f - fg[i] : ig[i]) * cg[i];
            if (p->cell_clip > 0.0f)
                clip(cb, nc, p->cell_clip);
            if (p->peep[GATE_O])
                for (int64_t i = 0; i < nc; i++)
                    og[i] += p->peep[GATE_O][i] * cb[i];
            if (ln)
                layer_norm(og, p->ln[GATE_O], p->bias[GATE_O], nc);
            /* LiteRT's NONE leaves its scratch untouched here, so m = o * g (the cell gate),
             * not o * c; interp does the same (observed, every LiteRT resolver). */
            activate(hidden, p->activation == ACT_NONE ? cg : cb, nc, p->activation);
            for (int64_t i = 0; i < nc; i++)
                hidden[i] *= sigmoid1(og[i]);
            float *yb = y + t * p->out_time_stride + b * p->out_batch_stride;
            if (p->proj_w) {
                for (int64_t r = 0; r < no; r++)
                    yb[r] = (p->proj_b ? p->proj_b[r] : 0.0f) + dot(p->proj_w + r * nc, hidden, nc);
                if (p->proj_clip > 0.0f)
                    clip(yb, no, p->proj_clip);
            } else {
                memcpy(yb, hidden, (size_t)no * sizeof(float));
            }
        }
        /* The new output state, once every batch row has read the old one. */
        for (int64_t b = 0; b < nb; b++)
            memcpy(h + b * no, y + t * p->out_time_stride + b * p->out_batch_stride,
                   (size_t)no * sizeof(float));
    }
    return INTERP_OK;
}
