#include "detmath.h"
#include "cold.h"
#include <stdint.h>
#include <string.h>

static const double LN2_HI = 6.93147180369123816490e-01; /* fdlibm split of ln 2 */
static const double LN2_LO = 1.90821492927058770002e-10;
static const double INV_LN2 = 1.44269504088896338700e+00;

static double bits_to_double(uint64_t b) { double d; memcpy(&d, &b, sizeof d); return d; }
static uint64_t double_to_bits(double d) { uint64_t b; memcpy(&b, &d, sizeof b); return b; }

double ps__log(double x)
{
    if (!(x > 0)) return -1e300;
    uint64_t b = double_to_bits(x);
    int e = (int)((b >> 52) & 0x7FF);
    if (e == 0) { /* subnormal */
        x *= 18014398509481984.0; /* 2^54 */
        b = double_to_bits(x);
        e = (int)((b >> 52) & 0x7FF) - 54;
    }
    e -= 1023;
    double m = bits_to_double((b & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull); /* [1, 2) */
    if (m > 1.4142135623730951) { m *= 0.5; e++; }
    double f = (m - 1.0) / (m + 1.0); /* |f| <= 0.1716 */
    double f2 = f * f;
    double p = 1.0 / 23;
    p = p * f2 + 1.0 / 21; p = p * f2 + 1.0 / 19; p = p * f2 + 1.0 / 17; p = p * f2 + 1.0 / 15;
    p = p * f2 + 1.0 / 13; p = p * f2 + 1.0 / 11; p = p * f2 + 1.0 / 9; p = p * f2 + 1.0 / 7;
    p = p * f2 + 1.0 / 5; p = p * f2 + 1.0 / 3; p = p * f2 + 1.0;
    return (double)e * LN2_HI + (2.0 * f * p + (double)e * LN2_LO);
}

double ps__exp(double x)
{
    if (!(x > -745.0)) return 0.0;
    if (x > 709.0) return 1.7976931348623157e308;
    int k = (int)(x * INV_LN2 + (x < 0 ? -0.5 : 0.5));
    double r = (x - (double)k * LN2_HI) - (double)k * LN2_LO; /* |r| <= 0.35 */
    double p = 1.0 / 6227020800.0;                             /* 1/13! */
    p = p * r + 1.0 / 479001600.0; p = p * r + 1.0 / 39916800.0; p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0; p = p * r + 1.0 / 40320.0; p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0; p = p * r + 1.0 / 120.0; p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0; p = p * r + 0.5; p = p * r + 1.0; p = p * r + 1.0;
    if (k < -1000) { p *= bits_to_double((uint64_t)(1023 - 100) << 52); k += 100; }
    if (k > 1023) { p *= 2.0; k -= 1; }
    return p * bits_to_double((uint64_t)(k + 1023) << 52);
}

/* The iterates decrease monotonically from above, so stopping when they stop
 * decreasing is exact and portable. */
double ps__nth_root(double a, int n)
{
    if (a <= 0.0) return 0.0;
    double y = a > 1.0 ? a : 1.0;
    for (int iter = 0; iter < 200; iter++) {
        double p = 1.0;
        for (int i = 0; i < n - 1; i++) p *= y;
        double next = ((n - 1) * y + a / p) / n;
        if (!(next < y)) break;
        y = next;
    }
    return y;
}

/* Where ps__cbrt3 starts for a > 0: the tangent at c, the first of 1/8, 2/8, ... 1, 2, 4, ... whose cube
 * is at least a: cbrt is concave, so that is above the root, and close to it. */
PS_NOINLINE PS_SMALL static double cbrt_start(double a)
{
    double c = 0.125;
    while (c < 1.0 && c * c * c < a) c += 0.125;
    while (c * c * c < a) c *= 2.0;
    return c + (a - c * c * c) / (3.0 * c * c);
}

/* Each root's iterates, as ps__nth_root takes them, stepped side by side: the
 * three chains of divisions overlap instead of waiting on one another. */
void ps__cbrt3(const double a[3], double root[3])
{
    int live[3];
    for (int j = 0; j < 3; j++) {
        live[j] = !(a[j] <= 0.0);
        root[j] = live[j] ? cbrt_start(a[j]) : 0.0;
    }
    for (int iter = 0; iter < 200 && (live[0] | live[1] | live[2]); iter++) {
        double next[3]; /* for every lane, branch-free; a finished lane's is dropped */
        for (int j = 0; j < 3; j++) next[j] = (2.0 * root[j] + a[j] / (root[j] * root[j])) / 3.0;
        for (int j = 0; j < 3; j++) {
            if (live[j] && next[j] < root[j]) root[j] = next[j];
            else live[j] = 0;
        }
    }
}
