/* sRGB <-> CIELAB (D65) against published reference values and an
 * independent libm implementation of the CIE formulas; exact round trips. */
#include <math.h>
#include <stdint.h>
#include "check.h"
#include "color.h"
#include "detmath.h"

/* Independent reference: IEC 61966-2-1 sRGB transfer, the sRGB->XYZ matrix
 * and the CIE 1976 L*a*b* formulas (CIE 15:2004 §8.2.1), written with libm's
 * pow/cbrt and D65 white (0.95047, 1, 1.08883) as in Bruce Lindbloom's
 * "Color Calculator" (http://www.brucelindbloom.com/ColorCalculator.html). */
static double ref_linear(int c)
{
    double v = c / 255.0;
    return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double ref_f(double t)
{
    const double eps = 216.0 / 24389.0, kappa = 24389.0 / 27.0;
    return t > eps ? cbrt(t) : (kappa * t + 16.0) / 116.0;
}

static void ref_lab(int r, int g, int b, double lab[3])
{
    double lr = ref_linear(r), lg = ref_linear(g), lb = ref_linear(b);
    double x = 0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb;
    double y = 0.2126729 * lr + 0.7151522 * lg + 0.0721750 * lb;
    double z = 0.0193339 * lr + 0.1191920 * lg + 0.9503041 * lb;
    double fx = ref_f(x / 0.95047), fy = ref_f(y / 1.0), fz = ref_f(z / 1.08883);
    lab[0] = 116.0 * fy - 16.0;
    lab[1] = 500.0 * (fx - fy);
    lab[2] = 200.0 * (fy - fz);
}

static void check_lab(const ps__color_lut *lut, uint8_t r, uint8_t g, uint8_t b,
                      double L, double a, double bb, double tol)
{
    double lab[3];
    ps__color_srgb8_to_lab(lut, r, g, b, lab);
    CHECK_NEAR(lab[0], L, tol);
    CHECK_NEAR(lab[1], a, tol);
    CHECK_NEAR(lab[2], bb, tol);
}

static void test_reference_values(const ps__color_lut *lut)
{
    /* Published values (Bruce Lindbloom's calculator, sRGB, D65, no adaptation;
     * the same figures appear in EasyRGB and colormine tables). */
    check_lab(lut, 255, 255, 255, 100.0, 0.0, 0.0, 1e-9); /* white: exactly L 100 */
    check_lab(lut, 0, 0, 0, 0.0, 0.0, 0.0, 1e-12);
    check_lab(lut, 255, 0, 0, 53.2408, 80.0925, 67.2032, 0.01);
    check_lab(lut, 0, 255, 0, 87.7347, -86.1827, 83.1793, 0.01);
    check_lab(lut, 0, 0, 255, 32.2970, 79.1875, -107.8602, 0.01);
    check_lab(lut, 255, 255, 0, 97.1393, -21.5537, 94.4780, 0.01);
    check_lab(lut, 0, 255, 255, 91.1132, -48.0875, -14.1312, 0.01);
    check_lab(lut, 119, 119, 119, 50.0344, 0.0, 0.0, 0.01);  /* mid grey: L ≈ 50 */
    check_lab(lut, 128, 128, 128, 53.5850, 0.0, 0.0, 0.01);
    check_lab(lut, 1, 1, 1, 0.2742, 0.0, 0.0, 0.001);        /* linear segment of both curves */

    /* Every grey has a = b = 0 (to rounding) and L rises strictly. */
    double prev = -1.0;
    int grey_ok = 1, mono_ok = 1;
    for (int c = 0; c < 256; c++) {
        double lab[3];
        ps__color_srgb8_to_lab(lut, (uint8_t)c, (uint8_t)c, (uint8_t)c, lab);
        if (fabs(lab[1]) > 1e-4 || fabs(lab[2]) > 1e-4) grey_ok = 0;
        if (!(lab[0] > prev)) mono_ok = 0;
        prev = lab[0];
    }
    CHECK(grey_ok);
    CHECK(mono_ok);
}

static void test_against_libm(const ps__color_lut *lut)
{
    /* The library avoids pow/cbrt for portability; its Newton roots must
     * agree with libm to far better than anything visible. */
    double worst = 0.0;
    for (int r = 0; r < 256; r += 3)
        for (int g = 0; g < 256; g += 3)
            for (int b = 0; b < 256; b += 3) {
                double got[3], want[3];
                ps__color_srgb8_to_lab(lut, (uint8_t)r, (uint8_t)g, (uint8_t)b, got);
                ref_lab(r, g, b, want);
                for (int i = 0; i < 3; i++) {
                    double d = fabs(got[i] - want[i]);
                    if (d > worst) worst = d;
                }
            }
    CHECK_NEAR(worst, 0.0, 1e-4);
    /* and the lookup table itself */
    int lut_ok = 1;
    for (int c = 0; c < 256; c++)
        if (fabs(lut->linear[c] - ref_linear(c)) > 1e-12) lut_ok = 0;
    CHECK(lut_ok);
}

static void test_round_trip(const ps__color_lut *lut)
{
    int bad = 0;
    uint8_t first_bad[3] = {0, 0, 0};
    for (int r = 0; r < 256; r += 5)
        for (int g = 0; g < 256; g += 5)
            for (int b = 0; b < 256; b += 5) {
                double lab[3];
                uint8_t back[3];
                ps__color_srgb8_to_lab(lut, (uint8_t)r, (uint8_t)g, (uint8_t)b, lab);
                ps__color_lab_to_srgb8(lut, lab, back);
                if (back[0] != r || back[1] != g || back[2] != b) {
                    if (!bad) { first_bad[0] = (uint8_t)r; first_bad[1] = (uint8_t)g; first_bad[2] = (uint8_t)b; }
                    bad++;
                }
            }
    /* Every code of each channel alone and every grey (the step-5 sweep misses them). */
    for (int c = 0; c < 256; c++) {
        const uint8_t cases[4][3] = {{(uint8_t)c, 0, 0}, {0, (uint8_t)c, 0}, {0, 0, (uint8_t)c}, {(uint8_t)c, (uint8_t)c, (uint8_t)c}};
        for (int i = 0; i < 4; i++) {
            double lab[3];
            uint8_t back[3];
            ps__color_srgb8_to_lab(lut, cases[i][0], cases[i][1], cases[i][2], lab);
            ps__color_lab_to_srgb8(lut, lab, back);
            if (back[0] != cases[i][0] || back[1] != cases[i][1] || back[2] != cases[i][2]) bad++;
        }
    }
    if (bad) fprintf(stderr, "round trip: %d failures, first %u,%u,%u\n", bad, first_bad[0], first_bad[1], first_bad[2]);
    CHECK_EQ_INT(bad, 0);
}

static void test_lab_to_srgb(const ps__color_lut *lut)
{
    uint8_t rgb[3];
    /* Reference Lab values back to their sRGB codes. */
    ps__color_lab_to_srgb8(lut, (const double[3]){53.2408, 80.0925, 67.2032}, rgb);
    CHECK(rgb[0] == 255 && rgb[1] == 0 && rgb[2] == 0);
    ps__color_lab_to_srgb8(lut, (const double[3]){32.2970, 79.1875, -107.8602}, rgb);
    CHECK(rgb[0] == 0 && rgb[1] == 0 && rgb[2] == 255);
    ps__color_lab_to_srgb8(lut, (const double[3]){50.0344, 0.0, 0.0}, rgb);
    CHECK(rgb[0] == 119 && rgb[1] == 119 && rgb[2] == 119);
    /* Out of gamut clamps instead of wrapping. */
    ps__color_lab_to_srgb8(lut, (const double[3]){150.0, 0.0, 0.0}, rgb);
    CHECK(rgb[0] == 255 && rgb[1] == 255 && rgb[2] == 255);
    ps__color_lab_to_srgb8(lut, (const double[3]){-20.0, 0.0, 0.0}, rgb);
    CHECK(rgb[0] == 0 && rgb[1] == 0 && rgb[2] == 0);
    ps__color_lab_to_srgb8(lut, (const double[3]){50.0, 200.0, 0.0}, rgb); /* far beyond red */
    CHECK_EQ_INT(rgb[0], 255);
    CHECK_EQ_INT(rgb[1], 0);
    ps__color_lab_to_srgb8(lut, (const double[3]){60.0, -300.0, 300.0}, rgb); /* far beyond green-yellow */
    CHECK_EQ_INT(rgb[0], 0);
    CHECK_EQ_INT(rgb[2], 0);
}

static void test_dist2(void)
{
    const double a[3] = {1.0, 2.0, 3.0}, b[3] = {4.0, 6.0, 3.0}, c[3] = {-1.5, 0.5, 10.0};
    CHECK_NEAR(ps__color_dist2(a, b), 25.0, 0.0);
    CHECK_NEAR(ps__color_dist2(b, a), 25.0, 0.0);
    CHECK_NEAR(ps__color_dist2(a, a), 0.0, 0.0);
    CHECK_NEAR(ps__color_dist2(a, c), 2.5 * 2.5 + 1.5 * 1.5 + 7.0 * 7.0, 1e-12);
    /* ΔE76 between sRGB red and blue from the reference Lab values:
     * sqrt(20.9438² + 0.905² + 175.0634²) ≈ 176.3141. */
    ps__color_lut lut;
    ps__color_lut_init(&lut);
    double red[3], blue[3];
    ps__color_srgb8_to_lab(&lut, 255, 0, 0, red);
    ps__color_srgb8_to_lab(&lut, 0, 0, 255, blue);
    CHECK_NEAR(sqrt(ps__color_dist2(red, blue)), 176.3141, 0.01);
}

static double cbrt_alone(double a)
{
    double in[3] = {a, 0.0, 0.0}, out[3];
    ps__cbrt3(in, out);
    return out[0];
}

/* The cube roots from the tangent start: within 2 ulp of libm's (on this grid), exact on cubes, and each
 * lane the root it has alone, whatever the others need (their iterations stop at different steps). */
static void test_cbrt(void)
{
    int close = 1, alone = 1;
    for (double a = 1e-4; a < 40.0; a *= 1.0137) {
        double in[3] = {a, 40.0 - a, a * 0.37}, out[3];
        ps__cbrt3(in, out);
        close &= fabs(out[0] - cbrt(a)) <= 4.5e-16 * cbrt(a);
        for (int j = 0; j < 3; j++) alone &= out[j] == cbrt_alone(in[j]);
    }
    CHECK(close);
    CHECK(alone);
    double in[3] = {0.125, 27.0, 0.0}, out[3];
    ps__cbrt3(in, out);
    CHECK_NEAR(out[0], 0.5, 0.0);
    CHECK_NEAR(out[1], 3.0, 0.0);
    CHECK_NEAR(out[2], 0.0, 0.0);
    CHECK_NEAR(cbrt_alone(-1.0), 0.0, 0.0);
}

/* The generated tables (scripts/gen-srgb-table.mjs, in JS) hold exactly what the C maths gives. */
static void test_tables_match_the_maths(void)
{
    ps__color_lut lut;
    ps__color_lut_init(&lut);
    int same = 1;
    for (int c = 0; c < 256; c++) same &= lut.linear[c] == ps__color_srgb_to_linear(c / 255.0);
    for (int c = 0; c < 255; c++) same &= lut.midpoint[c] == ps__color_srgb_to_linear((c + 0.5) / 255.0);
    CHECK(same);
}

/* Catches uninitialised reads; native vs WebAssembly identity: tests/node/palette.test.js, nb-parity.test.js. */
static void test_repeatable(void)
{
    /* Two separately built tables are identical bit for bit. */
    ps__color_lut a, b;
    ps__color_lut_init(&a);
    ps__color_lut_init(&b);
    CHECK(memcmp(&a, &b, sizeof a) == 0);
    double x[3], y[3];
    ps__color_srgb8_to_lab(&a, 12, 200, 99, x);
    ps__color_srgb8_to_lab(&b, 12, 200, 99, y);
    CHECK(memcmp(x, y, sizeof x) == 0);
}

int main(void)
{
    ps__color_lut lut;
    ps__color_lut_init(&lut);
    test_reference_values(&lut);
    test_against_libm(&lut);
    test_round_trip(&lut);
    test_lab_to_srgb(&lut);
    test_dist2();
    test_repeatable();
    test_tables_match_the_maths();
    test_cbrt();
    return check_report("test_color");
}
