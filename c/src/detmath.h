/* Deterministic maths: only + - * / and sqrt (correctly rounded by IEEE 754),
 * never libm's log, exp, pow or cbrt, whose last bits differ between platforms.
 * So every result of the library is bit-identical natively and in WebAssembly
 * (the build also forbids FMA contraction: -ffp-contract=off). */
#ifndef PS__DETMATH_H
#define PS__DETMATH_H

/* Natural log of a finite x > 0 (-1e300 for x <= 0). Error < 2 ulp. */
double ps__log(double x);
/* e^x for finite x: 0 below -745, DBL_MAX above 709. */
double ps__exp(double x);
/* The n-th root (n >= 2) of a >= 0 (0 for a <= 0), by Newton's method from above. */
double ps__nth_root(double a, int n);
/* The cube roots of a[0..3) (0 for a <= 0): ps__nth_root(a, 3) from a closer start (a few steps instead of ~8). */
void ps__cbrt3(const double a[3], double root[3]);

#endif
