/* exp_nonpos(x): e^x in double for x <= 0, for the kernels of the reduce family (softmax.c,
 * lstm.c). A private helper, not an entry point: kernels.h declares those. */
#ifndef INTERP_EXP_NONPOS_H
#define INTERP_EXP_NONPOS_H

#include <stdint.h>
#include <string.h>

/* e^x for x <= 0 (or NaN) in double, branch-free so loops of it vectorise: x = n ln2 + r with
 * |r| <= ln2/2, e^r by its Taylor series to r^12 (relative error below 1e-15 there), times 2^n
 * built in the exponent bits. Inputs below -110 give e^-110, which rounds to 0 as a float. NaN
 * stays NaN. Checked against libm's exp on 2e6 points of [-110, 0]: every float rounding equal. */
static inline double exp_nonpos(double x)
{
    const double shifter = 6755399441055744.0; /* 1.5 * 2^52: adding it rounds to an integer */
    x = x < -110.0 ? -110.0 : x;
    const double kd = x * 1.4426950408889634 + shifter;
    const double n = kd - shifter;
    const double r = (x - n * 0.6931471805598903) - n * 5.497923018708371e-14; /* ln 2 hi + lo */
    double q = 1.0 / 479001600.0;
    q = q * r + 1.0 / 39916800.0;
    q = q * r + 1.0 / 3628800.0;
    q = q * r + 1.0 / 362880.0;
    q = q * r + 1.0 / 40320.0;
    q = q * r + 1.0 / 5040.0;
    q = q * r + 1.0 / 720.0;
    q = q * r + 1.0 / 120.0;
    q = q * r + 1.0 / 24.0;
    q = q * r + 1.0 / 6.0;
    q = q * r + 0.5;
    q = q * r + 1.0;
    q = q * r + 1.0;
    uint64_t kbits, sbits;
    memcpy(&kbits, &kd, sizeof kbits);
    memcpy(&sbits, &shifter, sizeof sbits);
    const uint64_t ebits = (kbits - sbits + 1023u) << 52; /* the low bits of kd hold n */
    double scale;
    memcpy(&scale, &ebits, sizeof scale);
    return q * scale;
}

#endif /* INTERP_EXP_NONPOS_H */
