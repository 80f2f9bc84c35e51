/* Quantized elementwise activations (RELU family, LEAKY_RELU, HARD_SWISH, LOGISTIC/TANH tables)
 * and the 8-bit lookup-table kernel. Semantics: LiteRT's built-in kernels (activations.cc); see
 * the contracts in kernels.h section quant_activations. */
#include <math.h>

#include "kernels.h"
#include "quant.h"

/* ---- 8-bit lookup: y[i] = table[(uint8_t)x[i]] ---------------------------------------------- */
#define INTERP_LUT(P, T)                                                                      \
    int interp_##P##_lut(const T *x, T *y, int64_t n, const T *table) {                      \
        for (int64_t i = 0; i < n; ++i) y[i] = table[(uint8_t)x[i]];                          \
        return INTERP_OK;                                                                     \
    }
INTERP_LUT(i8, int8_t)
INTERP_LUT(u8, uint8_t)

/* ---- tables computed in float (LiteRT's LUTPopulate for 8-bit types) ------------------------ */
static float logistic_f(float v) { return 1.0f / (1.0f + expf(-v)); }
static float tanh_f(float v) { return tanhf(v); }

static void fill_float_lut(const interp_qlut_params *p, int32_t minval, int32_t maxval,
                           float (*f)(float), int32_t *out) {
    const float inverse_scale = 1.0f / p->out_scale;
    for (int32_t v = minval; v <= maxval; ++v) {
        const float dequantized = p->in_scale * (float)(v - p->in_zp);
        const float transformed = f(dequantized);
        const float rescaled = roundf(transformed * inverse_scale);
        const int32_t q = (int32_t)(rescaled + (float)p->out_zp);
        out[v - minval] = q < minval ? minval : (q > maxval ? maxval : q);
    }
}

#define INTERP_FLOAT_LUT(P, T, LO, OP, F)                                                       \
    int interp_##P##_##OP##_table(const interp_qlut_params *p, T *table) {                    \
        int32_t vals[256];                                                                    \
        const int32_t lo = LO;                                                                \
        fill_float_lut(p, lo, lo + 255, F, vals);                                             \
        for (int32_t v = lo; v <= lo + 255; ++v) table[(uint8_t)(T)v] = (T)vals[v - lo];      \
        return INTERP_OK;                                                                     \
    }
INTERP_FLOAT_LUT(i8, int8_t, -128, logistic, logistic_f)
INTERP_FLOAT_LUT(u8, uint8_t, 0, logistic, logistic_f)
INTERP_FLOAT_LUT(i8, int8_t, -128, tanh, tanh_f)
INTERP_FLOAT_LUT(u8, uint8_t, 0, tanh, tanh_f)

/* ---- RELU, RELU6, RELU_N1_TO_1: requantize, then clamp --------------------------------------- */
#define INTERP_QRELU(P, T)                                                                    \
    int interp_##P##_quant_relu(const T *x, T *y, int64_t n, const interp_qrelu_params *p) {  \
        for (int64_t i = 0; i < n; ++i) {                                                     \
            int32_t v = p->out_zp + interp_mbqm((int32_t)x[i] - p->in_zp, p->mult, p->shift); \
            y[i] = (T)interp_clamp_i32(v, p->lo, p->hi);                                      \
        }                                                                                     \
        return INTERP_OK;                                                                     \
    }
INTERP_QRELU(i8, int8_t)
INTERP_QRELU(u8, uint8_t)
INTERP_QRELU(i16, int16_t)

/* ---- LEAKY_RELU: identity multiplier for x >= zp, alpha multiplier below --------------------- */
#define INTERP_QLEAKY(P, T)                                                                   \
    int interp_##P##_quant_leaky_relu(const T *x, T *y, int64_t n,                            \
                                      const interp_qleaky_relu_params *p) {                   \
        for (int64_t i = 0; i < n; ++i) {                                                     \
            const int32_t v = (int32_t)x[i] - p->in_zp;                                       \
            const int32_t a = interp_mbqm(v, p->mult_identity, p->shift_identity);            \
            const int32_t b = p->alpha_sign * interp_mbqm(v, p->mult_alpha, p->shift_alpha);   \
            y[i] = (T)interp_clamp_i32(p->out_zp + (v >= 0 ? a : b), p->lo, p->hi);           \
        }                                                                                     \
        return INTERP_OK;                                                                     \
    }
INTERP_QLEAKY(i8, int8_t)
INTERP_QLEAKY(u8, uint8_t)
INTERP_QLEAKY(i16, int16_t)

/* ---- HARD_SWISH: LiteRT's 16-bit "reluish" fixed-point scheme ------------------------------- */
static inline int16_t sat16(int64_t v) {
    return (int16_t)(v < INT16_MIN ? INT16_MIN : (v > INT16_MAX ? INT16_MAX : v));
}

/* round(a * b / 2^15), ties away from zero; (-2^15)^2 saturates */
static inline int16_t srdhm16(int16_t a, int16_t b) {
    if (a == INT16_MIN && b == INT16_MIN) return INT16_MAX;
    const int32_t ab = (int32_t)a * (int32_t)b;
    const int32_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
    return (int16_t)((ab + nudge) / (1 << 15));
}

/* a * b / 2^15 truncated toward zero; (-2^15)^2 saturates */
static inline int16_t sdhm16(int16_t a, int16_t b) {
    if (a == INT16_MIN && b == INT16_MIN) return INT16_MAX;
    return (int16_t)(((int32_t)a * (int32_t)b) / (1 << 15));
}

/* gemmlowp's RoundingDivideByPOT on int16 values: the mask is formed in int16, so for exponents
 * >= 16 it is -1 and the result is +1 for x >= 0 and -1 for x < 0 (as LiteRT computes it). */
static inline int16_t rdbpot16(int16_t x, int exponent) {
    const int16_t mask = (int16_t)((1LL << exponent) - 1);
    const int16_t remainder = (int16_t)(x & mask);
    const int16_t threshold = (int16_t)((mask >> 1) + (x < 0 ? 1 : 0));
    return (int16_t)((x >> exponent) + (remainder > threshold ? 1 : 0));
}

#define INTERP_QHARD_SWISH(P, T)                                                              \
    int interp_##P##_quant_hard_swish(const T *x, T *y, int64_t n,                            \
                                      const interp_qhard_swish_params *p) {                   \
        for (int64_t i = 0; i < n; ++i) {                                                     \
            const int16_t v = (int16_t)((int32_t)x[i] - p->in_zp);                            \
            const int16_t hires = (int16_t)(v * (1 << 7));                                    \
            const int16_t preshift = srdhm16(hires, p->out_mult16);                           \
            int16_t r = hires;                                                                \
            if (p->reluish_exp > 0) r = sat16((int64_t)r * (1 << (p->reluish_exp - 1)));      \
            r = srdhm16(r, p->reluish_mult16);                                                \
            if (p->reluish_exp > 0) r = sat16((int64_t)r * 2);                                \
            if (p->reluish_exp < 0) r = rdbpot16(r, -p->reluish_exp); \
            r = (int16_t)(((int32_t)r + (1 << 15)) >> 1);                                     \
            const int16_t pre = sdhm16(r, preshift);                                          \
            int32_t out = rdbpot16(pre, -p->out_exp) + p->out_zp;        \
            y[i] = (T)interp_clamp_i32((int16_t)out, p->lo, p->hi);                           \
        }                                                                                     \
        return INTERP_OK;                                                                     \
    }
INTERP_QHARD_SWISH(i8, int8_t)
INTERP_QHARD_SWISH(u8, uint8_t)

/* ---- SOFTMAX on 8-bit inputs: LiteRT's float table of exp(-input_scale * beta * d) ----------
 * The row sum is a float accumulated in element order and the products are rounded before the
 * final add, as LiteRT computes them (so no contraction into FMA: INTERP_NO_CONTRACT for the
 * prepare-time tables, no_fma on the run path). */
#define INTERP_NO_CONTRACT __attribute__((optimize("fp-contract=off")))

INTERP_NO_CONTRACT int interp_f32_quant_softmax_table(float input_scale, float beta, float *table) {
    const float scale = -input_scale * beta;
    for (int32_t v = 0; v <= 255; ++v) table[255 - v] = expf(scale * (float)v);
    return INTERP_OK;
}

/* round-half-away for int8/int16 outputs; + 0.5 then truncation for uint8 (LiteRT on x86) */
#define QSOFTMAX_ROUND_NEAREST(v) round_nonneg(v)
#define QSOFTMAX_ROUND_U8(v) ((int32_t)(no_fma(v) + 0.5f))

/* roundf for v >= 0 without a library call: v - trunc(v) is exact in float */
static inline int32_t round_nonneg(float v) {
    const int32_t t = (int32_t)v;
    return t + (v - (float)t >= 0.5f);
}

/* an opaque copy of v: keeps the compiler from fusing the product that made v into a following
 * add (an FMA would round once where LiteRT rounds twice) */
static inline float no_fma(float v) {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    __asm__("" : "+x"(v));
#elif defined(__GNUC__) && defined(__aarch64__)
    __asm__("" : "+w"(v));
#endif
    return v;
}

#define INTERP_QSOFTMAX(NAME, TI, TO, IN_MIN, OUT_MIN, OUT_MAX, ROUND)                      \
    int NAME(const TI *x, TO *y, const interp_qsoftmax_params *p) {        \
        const int64_t depth = p->depth;                                                       \
        for (int64_t r = 0; r < p->rows; ++r, x += depth, y += depth) {                       \
            int32_t max_val = IN_MIN;                                                         \
            for (int64_t j = 0; j < depth; ++j) max_val = x[j] > max_val ? x[j] : max_val;    \
            const float *t = p->table + (255 - max_val);                                      \
            float sum = 0.0f;                                                                 \
            for (int64_t j = 0; j < depth; ++j) sum += t[x[j]];                               \
            const float inv = 1.0f / (sum * p->out_scale);                                    \
            for (int64_t j = 0; j < depth; ++j) {                                             \
                const float prob = t[x[j]] * inv;                                             \
                const int32_t q = ROUND(prob) + p->out_zp;                                    \
                y[j] = (TO)(q < (OUT_MIN) ? (OUT_MIN) : (q > (OUT_MAX) ? (OUT_MAX) : q));     \
            }                                                                                 \
        }                                                                                     \
        return INTERP_OK;                                                                     \
    }
INTERP_QSOFTMAX(interp_i8_quant_softmax, int8_t, int8_t, -128, -128, 127, QSOFTMAX_ROUND_NEAREST)
INTERP_QSOFTMAX(interp_u8_quant_softmax, uint8_t, uint8_t, 0, 0, 255, QSOFTMAX_ROUND_U8)
INTERP_QSOFTMAX(interp_i8_quant_softmax_i16, int8_t, int16_t, -128, -32768, 32767, QSOFTMAX_ROUND_NEAREST)
INTERP_QSOFTMAX(interp_u8_quant_softmax_i16, uint8_t, int16_t, 0, -32768, 32767, QSOFTMAX_ROUND_NEAREST)

/* ---- SOFTMAX int16: LiteRT's two 513-entry interpolated tables (exp on [-10, 0], 1 / (1 + x) on
 * [0, 1]) filled in double arithmetic as its LUTPopulate does ------------------------------- */
static double exp_d(double v) { return exp(v); }
static double one_over_one_plus_d(double v) { return 1.0 / (1.0 + v); }

static inline double clamp_d(double v, double lo, double hi) { return v < lo ? lo : (v > hi ? hi : v); }

INTERP_NO_CONTRACT static void populate_i16(double in_scale, int32_t in_zp, double out_scale,
                                            int32_t out_zp, double (*f)(double), int16_t *lut) {
    const double input_min = in_scale * (double)(-32768 - in_zp);
    const double input_max = in_scale * (double)(32767 - in_zp);
    const double output_min = out_scale * (double)(-32768 - out_zp);
    const double output_max = out_scale * (double)(32767 - out_zp);
    const int steps = 512;
    const double step = (input_max - input_min) / steps;
    const double half_step = step / 2;
    const double inv = 65536.0 / (output_max - output_min);
    for (int i = 0; i < steps; ++i) {
        const double val = f(input_min + i * step);
        const double val_mid = f(input_min + i * step + half_step);
        const double val_next = f(input_min + (i + 1) * step);
        const double sample = round(val * inv);
        const double mid_interp = round((val_next * inv + round(val * inv)) / 2);
        const double mid_val = round(val_mid * inv);
        const double bias = round((mid_interp - mid_val) / 2);
        lut[i] = (int16_t)clamp_d(sample - bias, -32768.0, 32767.0);
    }
    lut[steps] = (int16_t)clamp_d(round(f(input_max) * inv), -32768.0, 32767.0);
}

int interp_i16_softmax_tables(int16_t *exp_lut, int16_t *recip_lut) {
    const double range = 65535.0;
    populate_i16(10.0 / range, 32767, 2.0 / range, 0, exp_d, exp_lut);
    populate_i16(1.0 / range, -32768, 2.0 / range, 0, one_over_one_plus_d, recip_lut);
    return INTERP_OK;
}

/* interpolate between lut[256 + (v >> 7)] and the next entry by the low 7 bits, rounded */
static inline int16_t lut_lookup_i16(int16_t v, const int16_t *lut) {
    const int index = 256 + (v >> 7);
    const int offset = v & 0x7f;
    const int base = lut[index];
    const int slope = lut[index + 1] - lut[index];
    return (int16_t)(base + ((slope * offset + 64) >> 7));
}

int interp_i16_quant_softmax(const int16_t *x, int16_t *y, const interp_qsoftmax16_params *p) {
    const int64_t depth = p->depth;
    for (int64_t r = 0; r < p->rows; ++r, x += depth, y += depth) {
        int32_t max_val = -32768;
        for (int64_t j = 0; j < depth; ++j) max_val = x[j] > max_val ? x[j] : max_val;
        int32_t sum = 0;
        for (int64_t j = 0; j < depth; ++j) {
            const int32_t scaled = interp_mbqm((int32_t)x[j] - max_val, p->mult, p->shift);
            const int16_t sym = (int16_t)interp_clamp_i32(scaled + 32767, -32768, 32767);
            y[j] = lut_lookup_i16(sym, p->exp_lut);
            sum += y[j];
        }
        const int headroom = sum == 0 ? 32 : __builtin_clz((uint32_t)sum);
        const int32_t shifted = (int32_t)((((int64_t)sum << (headroom - 1)) + (1 << 13)) >> 14);
        const int16_t sym = (int16_t)interp_clamp_i32(shifted - ((1 << 15) + (1 << 16)), -32768, 32767);
        const int64_t recip = lut_lookup_i16(sym, p->recip_lut);
        const int right = 31 - headroom;
        const int64_t round_ = (int64_t)(1 << (right - 1));
        for (int64_t j = 0; j < depth; ++j) {
            const int32_t v = (int32_t)(((int64_t)y[j] * recip + round_) >> right);
            y[j] = (int16_t)interp_clamp_i32(v, 0, 32767);
        }
    }
    return INTERP_OK;
}

/* ---- LOGISTIC, TANH int16 (LiteRT's general-scale path) ------------------------------------
 * sigmoid on [0, 10.7) in 256 steps of 1/24, as unsigned Q0.16: the data of LiteRT's own table
 * (its entries are tuned for linear interpolation, so no closed formula reproduces them). */
static const uint16_t sigmoid_q16[256] = {
    32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841, 39498, 40149,
    40794, 41432, 42064, 42688, 43304, 43912, 44511, 45102, 45683, 46255, 46817, 47369,
    47911, 48443, 48964, 49475, 49975, 50464, 50942, 51409, 51865, 52311, 52745, 53169,
    53581, 53983, 54374, 54755, 55125, 55485, 55834, 56174, 56503, 56823, 57133, 57433,
    57724, 58007, 58280, 58544, 58800, 59048, 59288, 59519, 59743, 59959, 60168, 60370,
    60565, 60753, 60935, 61110, 61279, 61441, 61599, 61750, 61896, 62036, 62172, 62302,
    62428, 62549, 62666, 62778, 62886, 62990, 63090, 63186, 63279, 63368, 63454, 63536,
    63615, 63691, 63765, 63835, 63903, 63968, 64030, 64090, 64148, 64204, 64257, 64308,
    64357, 64405, 64450, 64494, 64536, 64576, 64614, 64652, 64687, 64721, 64754, 64786,
    64816, 64845, 64873, 64900, 64926, 64950, 64974, 64997, 65019, 65039, 65060, 65079,
    65097, 65115, 65132, 65149, 65164, 65179, 65194, 65208, 65221, 65234, 65246, 65258,
    65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337, 65345, 65352, 65360, 65367,
    65374, 65381, 65387, 65393, 65399, 65404, 65410, 65415, 65420, 65425, 65429, 65433,
    65438, 65442, 65445, 65449, 65453, 65456, 65459, 65462, 65465, 65468, 65471, 65474,
    65476, 65479, 65481, 65483, 65485, 65488, 65489, 65491, 65493, 65495, 65497, 65498,
    65500, 65501, 65503, 65504, 65505, 65507, 65508, 65509, 65510, 65511, 65512, 65513,
    65514, 65515, 65516, 65517, 65517, 65518, 65519, 65520, 65520, 65521, 65522, 65522,
    65523, 65523, 65524, 65524, 65525, 65525, 65526, 65526, 65526, 65527, 65527, 65528,
    65528, 65528, 65529, 65529, 65529, 65529, 65530, 65530, 65530, 65530, 65531, 65531,
    65531, 65531, 65531, 65532, 65532, 65532, 65532, 65532, 65532, 65533, 65533, 65533,
    65533, 65533, 65533, 65533, 65533, 65534, 65534, 65534, 65534, 65534, 65534, 65534,
    65534, 65534, 65534, 65535,
};

/* x * mult, rounded right shift: the input on the table's scale (3 * 4096 per unit, << shift) */
static inline int32_t lut_input(int16_t x, const interp_qsigmoid16_params *p) {
    return ((int32_t)x * p->mult + p->round) >> p->shift;
}

/* the table at |v| / 2^bits, interpolated over the low bits (scaled by 2^bits); beyond the table
 * the saturated value */
static inline uint32_t sigmoid_lookup(uint32_t a, int bits, uint32_t saturated) {
    const uint32_t h = a >> bits;
    if (h >= 255) return saturated;
    const uint32_t lo = sigmoid_q16[h], hi = sigmoid_q16[h + 1];
    return (lo << bits) + (a & ((1u << bits) - 1)) * (hi - lo);
}

int interp_i16_quant_logistic(const int16_t *x, int16_t *y, int64_t n,
                              const interp_qsigmoid16_params *p) {
    for (int64_t i = 0; i < n; ++i) {
        const int32_t v = lut_input(x[i], p);
        uint32_t r = sigmoid_lookup((uint32_t)(v < 0 ? -v : v), 9, (uint32_t)0x7FFF << 10);
        r = v >= 0 ? r + (1u << 9) : (1u << 25) - r + (1u << 9) - 1;
        y[i] = (int16_t)(r >> 10);
    }
    return INTERP_OK;
}

int interp_i16_quant_tanh(const int16_t *x, int16_t *y, int64_t n,
                          const interp_qsigmoid16_params *p) {
    for (int64_t i = 0; i < n; ++i) {
        const int32_t v = lut_input(x[i], p);
        int32_t r = (int32_t)sigmoid_lookup((uint32_t)(v < 0 ? -v : v), 8, 0xFFFFu << 8);
        r = v >= 0 ? r - (1 << 23) + (1 << 7) : -r + (1 << 23) + (1 << 7) - 1;
        y[i] = (int16_t)(r >> 8);
    }
    return INTERP_OK;
}

/* ---- LOGISTIC, TANH int16 with a power-of-two input scale: gemmlowp's 16-bit fixed-point
 * logistic / tanh as LiteRT's optimized kernels run them. A value with I integer bits is a raw
 * int16 with 15 - I fraction bits; products are rounding doubling high multiplies, sums wrap as
 * int16 arithmetic does. ------------------------------------------------------------------- */
static inline int16_t fp_add(int16_t a, int16_t b) { return (int16_t)(a + b); }
static inline int16_t fp_sub(int16_t a, int16_t b) { return (int16_t)(a - b); }
static inline int16_t fp_neg(int16_t a) { return (int16_t)(-a); }
static inline int16_t fp_sat_add(int16_t a, int16_t b) { return sat16((int32_t)a + b); }

/* saturating x * 2^e for e > 0, rounding x / 2^-e for e < 0 */
static inline int16_t fp_mul_pot(int16_t x, int e) {
    if (e > 0) {
        const int32_t threshold = (1 << (15 - e)) - 1;
        if (x > threshold) return INT16_MAX;
        if (x < -threshold) return INT16_MIN;
        return (int16_t)(x * (1 << e));
    }
    return e < 0 ? rdbpot16(x, -e) : x;
}

/* a 32-bit gemmlowp constant (Q0.31 raw) on the 16-bit scale */
static inline int16_t fp_const(int32_t raw32) { return (int16_t)interp_rounding_divide_by_pot(raw32, 16); }

/* exp(a) for a in [-1/4, 0), a and the result with 0 integer bits */
static int16_t fp_exp_quarter(int16_t a) {
    const int16_t c = fp_const(1895147668), third = fp_const(715827883);
    const int16_t x = fp_add(a, 1 << 12);
    const int16_t x2 = srdhm16(x, x), x3 = srdhm16(x2, x), x4 = srdhm16(x2, x2);
    const int16_t x4_4 = fp_mul_pot(x4, -2);
    const int16_t poly = fp_mul_pot(fp_add(srdhm16(fp_add(x4_4, x3), third), x2), -1);
    return fp_sat_add(c, srdhm16(c, fp_add(x, poly)));
}

/* exp(a) for a <= 0 with `ib` integer bits (ib <= 4); the result with 0 integer bits */
static int16_t fp_exp_negative(int16_t a, int ib) {
    const int frac = 15 - ib;
    const int16_t quarter = (int16_t)(1 << (frac - 2));
    const int16_t mod = fp_sub((int16_t)(a & (quarter - 1)), quarter);
    int16_t result = fp_exp_quarter(fp_mul_pot(mod, ib));
    const int16_t remainder = fp_sub(mod, a);
    static const int32_t mults[7] = {1672461947, 1302514674, 790015084, 290630308, 39332535,
                                     720401, 242};
    for (int e = -2; e <= 4; ++e) {
        if (ib > e && (remainder & (1 << (frac + e))))
            result = srdhm16(result, fp_const(mults[e + 2]));
    }
    return a == 0 ? INT16_MAX : result;
}

/* Newton-Raphson 2 / (1 + a) for a in [0, 1] (0 integer bits in), 2 integer bits out */
static int16_t fp_two_over_one_plus(int16_t a) {
    const int16_t one2 = 1 << 13;
    const int16_t half = (int16_t)(((int32_t)a + INT16_MAX + (((int32_t)a + INT16_MAX) >= 0 ? 1 : -1)) / 2);
    int16_t x = fp_add(fp_const(1515870810), srdhm16(half, fp_const(-1010580540)));
    for (int i = 0; i < 3; ++i) {
        const int16_t hx = srdhm16(half, x);
        x = fp_add(x, fp_mul_pot(srdhm16(x, fp_sub(one2, hx)), 2));
    }
    return x;
}

int interp_i16_quant_logistic_pot(const int16_t *x, int16_t *y, int64_t n,
                                  const interp_qsigmoid16_params *p) {
    (void)p;
    for (int64_t i = 0; i < n; ++i) {
        const int16_t a = x[i];
        const int16_t abs_a = a > 0 ? a : fp_neg(a);
        /* 1 / (1 + exp(-|a|)): the 2-integer-bit reciprocal read with 1 bit, rescaled to 0 */
        const int16_t pos = fp_mul_pot(fp_two_over_one_plus(fp_exp_negative(fp_neg(abs_a), 3)), 1);
        const int16_t neg = fp_sub(INT16_MAX, pos);
        y[i] = a == 0 ? (int16_t)(1 << 14) : (a > 0 ? pos : neg);
    }
    return INTERP_OK;
}

int interp_i16_quant_tanh_pot(const int16_t *x, int16_t *y, int64_t n,
                              const interp_qsigmoid16_params *p) {
    for (int64_t i = 0; i < n; ++i) {
        const int16_t a = p->shift ? fp_mul_pot(x[i], 1) : x[i];
        const int16_t neg_abs = a < 0 ? a : fp_neg(a);
        /* (1 - e) / (1 + e) with e = exp(-2|a|): -|a| read with 4 integer bits doubles it */
        const int16_t t = fp_mul_pot(fp_sub(fp_two_over_one_plus(fp_exp_negative(neg_abs, 4)),
                                            1 << 13), 2);
        y[i] = a == 0 ? 0 : (a < 0 ? fp_neg(t) : t);
    }
    return INTERP_OK;
}
