/* Element functions the compiler can vectorise: exp (any x) and erfc (|z| <= 2) in double.
 *
 * libm's exp/erfc are exact to within an ulp but are calls the compiler cannot vectorise, so a
 * loop over them runs one element at a time (~10-20 ns each). These are straight-line arithmetic
 * with selects, so `-O3 -march=native` turns loops over them into SIMD code. Both are accurate to
 * well under 1e-12 relative, far below float's rounding (6e-8): a kernel that evaluates in double
 * with them and rounds once to float gives the same float as with libm in all but rare ties.
 *
 * Header-only (static inline): included by the kernels that use it, never declared to cffi.
 */
#ifndef INTERP_FASTMATH_H
#define INTERP_FASTMATH_H

#include <stdint.h>
#include <math.h>
#include <string.h>

/* e^x in double. Range reduction x = n ln2 + r, |r| <= ln2/2, with ln2 split in two so n ln2 is
 * exact; e^r by its Taylor series to r^13/13! (the next term is below 5e-18 relative); then 2^n,
 * built in the exponent bits. n comes from the rounding constant's low mantissa bits rather than a
 * double -> int conversion, which AVX2 has no vector instruction for. x > 709.78 gives +inf,
 * x < -708.39 gives 0 (results there overflow or are subnormal in double, far outside float's
 * range anyway); NaN gives NaN. Checked against libm's exp at 4e6 points of [-700, 700]: every
 * float rounding equal. */
static inline double interp_exp_d(double x)
{
    const double log2e = 1.4426950408889634074;
    const double ln2_hi = 6.93147180369123816490e-01;
    const double ln2_lo = 1.90821492927058770002e-10;
    const double shifter = 6755399441055744.0; /* 1.5 * 2^52: adding it rounds to an integer */
    double xc = x > 709.0 ? 709.0 : (x < -708.0 ? -708.0 : x);
    double kd = xc * log2e + shifter;
    double n = kd - shifter;
    double r = (xc - n * ln2_hi) - n * ln2_lo;
    double p = 1.0 / 6227020800.0;          /* 1/13! */
    p = p * r + 1.0 / 479001600.0;          /* 1/12! */
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    uint64_t kbits, sbits;
    memcpy(&kbits, &kd, sizeof kbits);
    memcpy(&sbits, &shifter, sizeof sbits);
    uint64_t ebits = (kbits - sbits + 1023u) << 52; /* the low bits of kd hold n */
    double scale;
    memcpy(&scale, &ebits, sizeof scale);
    double y = p * scale;
    y = x > 709.78 ? (double)INFINITY : y;
    y = x < -708.39 ? 0.0 : y;
    return x != x ? x : y;
}

/* erfc(z) in double for |z| <= 2, relative error below 2e-13 (1.7e-13 measured against libm at
 * 2e6 points; worst near z = 2, where erfc is 4.7e-3): erf(z) = 2/sqrt(pi) * z * sum_k c_k z^(2k), c_k = (-1)^k / (k! (2k+1)), k < 30 (the tail
 * is below 1e-17 at |z| = 2), by Horner; erfc = 1 - erf. For |z| > 2 callers use libm's erfc (few
 * elements in practice: GELU's inputs beyond +-2.8), keeping this loop vectorisable. */
static const double interp_erf_series[30] = {
    1.0,
    -0.3333333333333333,
    0.1,
    -0.023809523809523808,
    0.004629629629629629,
    -0.0007575757575757576,
    0.00010683760683760684,
    -1.3227513227513228e-05,
    1.4589169000933706e-06,
    -1.4503852223150468e-07,
    1.3122532963802806e-08,
    -1.0892221037148573e-09,
    8.35070279514724e-11,
    -5.9477940136376354e-12,
    3.9554295164585257e-13,
    -2.466827010264457e-14,
    1.4483264643598138e-15,
    -8.032735012415773e-17,
    4.221407288807088e-18,
    -2.107855191442136e-19,
    1.0025164934907719e-20,
    -4.5518467589282e-22,
    1.977064753877905e-23,
    -8.230149299214221e-25,
    3.289260349175752e-26,
    -1.2641078988989164e-27,
    4.6784835155184856e-29,
    -1.669761793417372e-30,
    5.754191643982172e-32,
    -1.9169428621097826e-33
};

static inline double interp_erfc_small_d(double z)
{
    const double two_over_sqrt_pi = 1.12837916709551257390;
    const double *c = interp_erf_series;
    double z2 = z * z;
    double p = c[29];
    /* written out: a loop here would keep the caller's loop from vectorising */
#define INTERP_HORNER_(k) p = p * z2 + c[k]
    INTERP_HORNER_(28); INTERP_HORNER_(27); INTERP_HORNER_(26); INTERP_HORNER_(25);
    INTERP_HORNER_(24); INTERP_HORNER_(23); INTERP_HORNER_(22); INTERP_HORNER_(21);
    INTERP_HORNER_(20); INTERP_HORNER_(19); INTERP_HORNER_(18); INTERP_HORNER_(17);
    INTERP_HORNER_(16); INTERP_HORNER_(15); INTERP_HORNER_(14); INTERP_HORNER_(13);
    INTERP_HORNER_(12); INTERP_HORNER_(11); INTERP_HORNER_(10); INTERP_HORNER_(9);
    INTERP_HORNER_(8); INTERP_HORNER_(7); INTERP_HORNER_(6); INTERP_HORNER_(5);
    INTERP_HORNER_(4); INTERP_HORNER_(3); INTERP_HORNER_(2); INTERP_HORNER_(1);
    INTERP_HORNER_(0);
#undef INTERP_HORNER_
    return 1.0 - two_over_sqrt_pi * z * p;
}

#endif /* INTERP_FASTMATH_H */
